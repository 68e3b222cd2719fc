/** Event ids seen recently, so a repeated event is counted as a duplicate and changes nothing. */

/** How long ids are remembered: at least 48 hours (the floor). */
export const DEDUP_RETENTION_MS = 49 * 3600_000;

export class Dedup {
  private readonly seen: Map<string, number>;

  constructor(entries: [string, number][] = []) {
    this.seen = new Map(entries);
  }

  has(id: string): boolean {
    return this.seen.has(id);
  }

  add(id: string, receivedAtMs: number): void {
    this.seen.set(id, receivedAtMs);
  }

  delete(id: string): void {
    this.seen.delete(id);
  }

  get size(): number {
    return this.seen.size;
  }

  /** Forgets ids received before `now − retention`. Insertion order is arrival order, so stop early. */
  prune(now: number, retentionMs = DEDUP_RETENTION_MS): void {
    const cutoff = now - retentionMs;
    for (const [id, at] of this.seen) {
      if (at >= cutoff) break;
      this.seen.delete(id);
    }
  }

  entries(): [string, number][] {
    return [...this.seen];
  }
}
