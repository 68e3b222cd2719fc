/**
 * A binary min-heap of timed items, ordered by time and then by insertion, so items due at
 * the same instant come out in the order they were scheduled (which keeps runs deterministic).
 */
export class TimeHeap<T extends { atMs: number }> {
  private items: { item: T; seq: number }[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push({ item, seq: this.seq++ });
    this.up(this.items.length - 1);
  }

  /** The earliest item, without removing it. */
  peek(): T | undefined {
    return this.items[0]?.item;
  }

  /** Removes and returns the earliest item. */
  pop(): T | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top && last && this.items.length > 0) {
      this.items[0] = last;
      this.down(0);
    }
    return top?.item;
  }

  /** Drops every item for which `drop` returns true. */
  removeWhere(drop: (item: T) => boolean): void {
    this.items = this.items.filter((entry) => !drop(entry.item));
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  clear(): void {
    this.items = [];
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a];
    const y = this.items[b];
    if (!x || !y) return false;
    return x.item.atMs < y.item.atMs || (x.item.atMs === y.item.atMs && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const x = this.items[a];
    const y = this.items[b];
    if (!x || !y) return;
    this.items[a] = y;
    this.items[b] = x;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.items.length && this.less(left, smallest)) smallest = left;
      if (right < this.items.length && this.less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
