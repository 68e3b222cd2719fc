/**
 * Event ids seen recently, so a repeated event is counted as a duplicate and changes nothing.
 *
 * An open-addressing hash set (linear probing, backward-shift deletion) over typed arrays
 * rather than a `Map<string, number>`: at ingest rates every batch looks up every id in a set
 * of hundreds of thousands, and a Map walks its chain loading each candidate key string from
 * memory. Here each slot is two int32s side by side — the id's 32-bit hash and its place in
 * the arrival queue — so a lookup or insert touches one cache line of one typed array, and the
 * key string is only compared when the hashes match. It also holds an id in about two thirds
 * of the memory.
 */

/** How long ids are remembered: at least 48 hours (the floor). */
export const DEDUP_RETENTION_MS = 49 * 3600_000;

const EMPTY = 0;
const MIN_SLOTS = 1024;

/** FNV-1a over the UTF-16 code units; never 0 (0 marks an empty slot). */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h === EMPTY ? 1 : h;
}

/** The slot a hash starts probing at (the high bits mixed in, as FNV's low bits are weak). */
function homeOf(hash: number, mask: number): number {
  return (hash ^ (hash >>> 15)) & mask;
}

export class Dedup {
  private mask = MIN_SLOTS - 1;
  /** Slot i: `table[2i]` the hash (0 = empty), `table[2i + 1]` the id's index in `order`. */
  private table = new Int32Array(MIN_SLOTS * 2);
  private count = 0;
  /** Ids in arrival order, with the second each was received (relative to `epochS`); `head` is the oldest kept. */
  private order: string[] = [];
  private orderSeconds: number[] = [];
  private head = 0;
  private epochS = -1;

  has(id: string): boolean {
    return this.find(id, hashOf(id)) >= 0;
  }

  /** Remembers `id`; false (and nothing changes) when it was already remembered. */
  addIfNew(id: string, receivedAtMs: number): boolean {
    const hash = hashOf(id);
    if (this.find(id, hash) >= 0) return false;
    this.insert(id, hash, receivedAtMs);
    return true;
  }

  /** Forgets `id` (an append that failed: the sender will retry it). */
  delete(id: string): void {
    const slot = this.find(id, hashOf(id));
    if (slot >= 0) this.removeSlot(slot);
  }

  get size(): number {
    return this.count;
  }

  /** Forgets ids received before `now − retention`, oldest first. */
  prune(now: number, retentionMs = DEDUP_RETENTION_MS): void {
    const cutoff = (now - retentionMs) / 1000 - this.epochS;
    const { order, orderSeconds } = this;
    while (this.head < order.length && orderSeconds[this.head]! < cutoff) {
      // The id may have been deleted (and even queued again later): only this entry's slot goes.
      const slot = this.slotAt(this.head);
      if (slot >= 0) this.removeSlot(slot);
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > order.length) this.compact();
    if (this.count * 8 < this.slots && this.slots > MIN_SLOTS) this.resize(this.slots / 2);
  }

  private get slots(): number {
    return this.mask + 1;
  }

  private find(id: string, hash: number): number {
    const { table, mask, order } = this;
    for (let i = homeOf(hash, mask); ; i = (i + 1) & mask) {
      const h = table[2 * i]!;
      if (h === EMPTY) return -1;
      if (h === hash && order[table[2 * i + 1]!] === id) return i;
    }
  }

  /** The slot holding the queue entry at `pos`, or -1 when that entry was deleted. */
  private slotAt(pos: number): number {
    const { table, mask } = this;
    const hash = hashOf(this.order[pos]!);
    for (let i = homeOf(hash, mask); ; i = (i + 1) & mask) {
      const h = table[2 * i]!;
      if (h === EMPTY) return -1;
      if (h === hash && table[2 * i + 1] === pos) return i;
    }
  }

  private insert(id: string, hash: number, receivedAtMs: number): void {
    if ((this.count + 1) * 2 > this.slots) this.resize(this.slots * 2);
    const seconds = Math.ceil(receivedAtMs / 1000);
    if (this.epochS < 0) this.epochS = seconds;
    this.place(hash, this.order.length);
    this.order.push(id);
    // Rounded up, so an id is never forgotten early.
    this.orderSeconds.push(seconds - this.epochS);
    this.count++;
  }

  private place(hash: number, pos: number): void {
    const { table, mask } = this;
    let i = homeOf(hash, mask);
    while (table[2 * i] !== EMPTY) i = (i + 1) & mask;
    table[2 * i] = hash;
    table[2 * i + 1] = pos;
  }

  /** Empties `slot`, shifting later members of its probe run back so lookups still find them. */
  private removeSlot(slot: number): void {
    const { table, mask } = this;
    let hole = slot;
    for (let j = (hole + 1) & mask; table[2 * j] !== EMPTY; j = (j + 1) & mask) {
      const home = homeOf(table[2 * j]!, mask);
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      table[2 * hole] = table[2 * j]!;
      table[2 * hole + 1] = table[2 * j + 1]!;
      hole = j;
    }
    table[2 * hole] = EMPTY;
    table[2 * hole + 1] = 0;
    this.count--;
  }

  /** Drops the pruned front of the queue; positions in the table move down with it. */
  private compact(): void {
    const shift = this.head;
    this.order = this.order.slice(shift);
    this.orderSeconds = this.orderSeconds.slice(shift);
    this.head = 0;
    const { table } = this;
    for (let i = 0; i < table.length; i += 2) if (table[i] !== EMPTY) table[i + 1] = table[i + 1]! - shift;
  }

  private resize(slots: number): void {
    const old = this.table;
    this.mask = slots - 1;
    this.table = new Int32Array(slots * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== EMPTY) this.place(old[i]!, old[i + 1]!);
  }
}
