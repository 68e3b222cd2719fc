/**
 * Event ids seen recently, so a repeated event is counted as a duplicate and changes nothing.
 *
 * An open-addressing hash set (linear probing, backward-shift deletion) over typed arrays
 * rather than a `Map<string, number>`: at ingest rates every batch looks up every id in a set
 * of hundreds of thousands, and a Map walks its chain loading each candidate key string from
 * memory. Here each slot is two int32s side by side — the id's 32-bit hash and its place in
 * the arrival queue — so a lookup or insert touches one cache line, and the id itself is only
 * compared when the hashes match.
 *
 * The ids themselves are not kept as JavaScript strings but copied into one growing byte array
 * (`bytes`), in arrival order: one byte a character when every character is below U+0100, as
 * ids nearly always are, else two (UTF-16, little end first). Ids are kept for two days, so
 * every id a batch brings would otherwise outlive two young-generation collections, be copied
 * by both, and be promoted: at a thousand events a second that copying was most of the main
 * thread's garbage-collection time. Nothing the set holds is a heap object the collector has
 * to trace, and a 20-character id takes 20 bytes rather than a string's 40.
 */

/** How long ids are remembered: at least 48 hours (the floor). */
export const DEDUP_RETENTION_MS = 49 * 3600_000;

const EMPTY = 0;
const MIN_SLOTS = 1024;
const MIN_QUEUE = 1024;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A hash that is never 0 (0 marks an empty slot). */
function nonZero(h: number): number {
  return h === EMPTY ? 1 : h;
}

/** FNV-1a over the UTF-16 code units; never 0. */
function hashOf(id: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), FNV_PRIME);
  return nonZero(h);
}

/** The slot a hash starts probing at (the high bits mixed in, as FNV's low bits are weak). */
function homeOf(hash: number, mask: number): number {
  return (hash ^ (hash >>> 15)) & mask;
}

export class Dedup {
  private mask = MIN_SLOTS - 1;
  /** Slot i: `table[2i]` the hash (0 = empty), `table[2i + 1]` the id's place in the queue. */
  private table = new Int32Array(MIN_SLOTS * 2);
  private count = 0;

  // The arrival queue: entries `head` (the oldest kept) to `tail` (exclusive). Entry p's id is
  // `bytes[starts[p] .. starts[p + 1])`, two bytes a character when `wide[p]` is 1; its hash and
  // the second it was received (relative to `epochS`) are `hashes[p]` and `seconds[p]`.
  // `starts[tail]` is where the next id goes.
  private head = 0;
  private tail = 0;
  private starts = new Int32Array(MIN_QUEUE + 1);
  private hashes = new Int32Array(MIN_QUEUE);
  private seconds = new Int32Array(MIN_QUEUE);
  private wide = new Uint8Array(MIN_QUEUE);
  private bytes = new Uint8Array(MIN_QUEUE * 16);
  private epochS = -1;

  has(id: string): boolean {
    return this.find(id, hashOf(id)) >= 0;
  }

  /** Remembers `id`; false (and nothing changes) when it was already remembered. */
  addIfNew(id: string, receivedAtMs: number): boolean {
    // One pass both hashes the id and copies it, a byte a character, to where it will be kept
    // if it is new; a character from U+0100 up sends it the two-byte way instead.
    this.reserve(2 * id.length);
    const { bytes } = this;
    const at = this.starts[this.tail]!;
    let h = FNV_OFFSET;
    let narrow = true;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c > 0xff) {
        narrow = false;
        break;
      }
      bytes[at + i] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    // The same hash as hashOf(id), which a two-byte id falls back to.
    const hash = narrow ? nonZero(h) : hashOf(id);
    if (this.find(id, hash) >= 0) return false;
    if (!narrow) {
      for (let i = 0; i < id.length; i++) {
        const c = id.charCodeAt(i);
        bytes[at + 2 * i] = c & 0xff;
        bytes[at + 2 * i + 1] = c >>> 8;
      }
    }
    this.push(hash, narrow ? id.length : 2 * id.length, narrow ? 0 : 1, receivedAtMs);
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
    while (this.head < this.tail && this.seconds[this.head]! < cutoff) {
      // The id may have been deleted (and even queued again later): only this entry's slot goes.
      const slot = this.slotAt(this.head);
      if (slot >= 0) this.removeSlot(slot);
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.tail) this.compact();
    if (this.count * 8 < this.slots && this.slots > MIN_SLOTS) this.resize(this.slots / 2);
  }

  private get slots(): number {
    return this.mask + 1;
  }

  private find(id: string, hash: number): number {
    const { table, mask } = this;
    for (let i = homeOf(hash, mask); ; i = (i + 1) & mask) {
      const h = table[2 * i]!;
      if (h === EMPTY) return -1;
      if (h === hash && this.idEquals(table[2 * i + 1]!, id)) return i;
    }
  }

  /** Whether queue entry `pos` holds `id`. */
  private idEquals(pos: number, id: string): boolean {
    const start = this.starts[pos]!;
    const length = this.starts[pos + 1]! - start;
    const { bytes } = this;
    if (this.wide[pos] === 0) {
      if (length !== id.length) return false;
      for (let i = 0; i < id.length; i++) if (bytes[start + i] !== id.charCodeAt(i)) return false;
    } else {
      if (length !== 2 * id.length) return false;
      for (let i = 0; i < id.length; i++) if ((bytes[start + 2 * i]! | (bytes[start + 2 * i + 1]! << 8)) !== id.charCodeAt(i)) return false;
    }
    return true;
  }

  /** The slot holding the queue entry at `pos`, or -1 when that entry was deleted. */
  private slotAt(pos: number): number {
    const { table, mask } = this;
    const hash = this.hashes[pos]!;
    for (let i = homeOf(hash, mask); ; i = (i + 1) & mask) {
      const h = table[2 * i]!;
      if (h === EMPTY) return -1;
      if (h === hash && table[2 * i + 1] === pos) return i;
    }
  }

  /** Makes room for one more queue entry of up to `length` bytes. */
  private reserve(length: number): void {
    if (this.tail + 1 >= this.hashes.length) this.growQueue();
    const need = this.starts[this.tail]! + length;
    if (need > this.bytes.length) {
      const bytes = new Uint8Array(Math.max(need, this.bytes.length * 2));
      bytes.set(this.bytes.subarray(0, this.starts[this.tail]!));
      this.bytes = bytes;
    }
  }

  /** Queues the id already copied to `starts[tail]` and enters it in the table. */
  private push(hash: number, length: number, wide: number, receivedAtMs: number): void {
    if ((this.count + 1) * 2 > this.slots) this.resize(this.slots * 2);
    const seconds = Math.ceil(receivedAtMs / 1000);
    if (this.epochS < 0) this.epochS = seconds;
    const pos = this.tail++;
    this.place(hash, pos);
    this.hashes[pos] = hash;
    this.wide[pos] = wide;
    // Rounded up, so an id is never forgotten early.
    this.seconds[pos] = seconds - this.epochS;
    this.starts[pos + 1] = this.starts[pos]! + length;
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

  private growQueue(): void {
    const capacity = this.hashes.length * 2;
    const grow = <T extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: T, length: number): T => {
      const b = new (a.constructor as new (length: number) => T)(length);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts, capacity + 1);
    this.hashes = grow(this.hashes, capacity);
    this.seconds = grow(this.seconds, capacity);
    this.wide = grow(this.wide, capacity);
  }

  /** Drops the pruned front of the queue; positions in the table move down with it. */
  private compact(): void {
    const shift = this.head;
    const kept = this.tail - shift;
    const bytesFrom = this.starts[shift]!;
    const bytesTo = this.starts[this.tail]!;
    // Shrink a queue that has become mostly empty, else move the kept part to the front.
    const capacity = Math.max(MIN_QUEUE, this.hashes.length > 4 * kept ? this.hashes.length / 2 : this.hashes.length);
    const move = <T extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: T, from: number, to: number, length: number): T => {
      if (length === a.length) return a.copyWithin(0, from, to) as T;
      const b = new (a.constructor as new (length: number) => T)(length);
      b.set(a.subarray(from, to));
      return b;
    };
    this.starts = move(this.starts, shift, this.tail + 1, capacity + 1);
    for (let p = 0; p <= kept; p++) this.starts[p] = this.starts[p]! - bytesFrom;
    this.hashes = move(this.hashes, shift, this.tail, capacity);
    this.seconds = move(this.seconds, shift, this.tail, capacity);
    this.wide = move(this.wide, shift, this.tail, capacity);
    const used = bytesTo - bytesFrom;
    const shrink = this.bytes.length > 4 * used && this.bytes.length > MIN_QUEUE * 16;
    this.bytes = move(this.bytes, bytesFrom, bytesTo, shrink ? this.bytes.length / 2 : this.bytes.length);
    this.head = 0;
    this.tail = kept;
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
