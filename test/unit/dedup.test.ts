import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../server/simulator/random.js';
import { Dedup, DEDUP_RETENTION_MS } from '../../server/services/dedup.js';

describe('Dedup', () => {
  it('remembers ids and answers repeats', () => {
    const d = new Dedup();
    expect(d.addIfNew('a', 1000)).toBe(true);
    expect(d.addIfNew('a', 2000)).toBe(false);
    expect(d.has('a')).toBe(true);
    expect(d.has('b')).toBe(false);
    expect(d.size).toBe(1);
  });

  it('forgets an id whose append failed, and takes it again', () => {
    const d = new Dedup();
    d.addIfNew('x', 0);
    d.delete('x');
    expect(d.has('x')).toBe(false);
    expect(d.addIfNew('x', 0)).toBe(true);
  });

  it('keeps ids for the retention time and forgets them after', () => {
    const d = new Dedup();
    const t0 = Date.UTC(2026, 10, 1);
    d.addIfNew('old', t0);
    d.addIfNew('new', t0 + 3600_000);
    d.prune(t0 + DEDUP_RETENTION_MS - 1);
    expect(d.has('old')).toBe(true);
    d.prune(t0 + DEDUP_RETENTION_MS + 1000);
    expect(d.has('old')).toBe(false);
    expect(d.has('new')).toBe(true);
    expect(d.size).toBe(1);
  });

  it('an id removed and added again later is kept for its later time', () => {
    const d = new Dedup();
    d.addIfNew('a', 0);
    d.addIfNew('b', 0);
    d.delete('a');
    d.addIfNew('a', 10_000);
    d.prune(5_000, 1_000);
    expect(d.has('a')).toBe(true);
    expect(d.has('b')).toBe(false);
    d.prune(20_000, 1_000);
    expect(d.has('a')).toBe(false);
    expect(d.has('b')).toBe(false);
    expect(d.size).toBe(0);
  });

  it('agrees with a Map under random adds, deletes and prunes across resizes (seeded)', () => {
    for (const seed of [1, 2, 3]) {
      const next = mulberry32(seed);
      const d = new Dedup();
      const model = new Map<string, number>();
      let now = 1_000_000;
      const retention = 50_000;
      for (let step = 0; step < 40_000; step++) {
        now += Math.floor(next() * 20);
        const r = next();
        // A small id space so repeats, collisions of probe runs and deletions all happen.
        const id = `ev-${Math.floor(next() * 6000)}`;
        if (r < 0.7) {
          const fresh = !model.has(id);
          expect(d.addIfNew(id, now)).toBe(fresh);
          if (fresh) model.set(id, now);
        } else if (r < 0.8) {
          d.delete(id);
          model.delete(id);
        } else if (r < 0.805) {
          d.prune(now, retention);
          // The model forgets exactly what Dedup may forget: ids older than the cutoff that
          // are not behind a newer one in arrival order. Check the safe direction: nothing
          // within retention is forgotten, and the set never claims an id it never had.
          const lost = [...model].filter(([k, at]) => at >= now - retention && !d.has(k));
          expect(lost).toEqual([]);
          for (const [k] of model) if (!d.has(k)) model.delete(k);
        }
        if (step % 997 === 0) {
          expect([...model.keys()].filter((k) => !d.has(k))).toEqual([]);
          expect(d.size).toBe(model.size);
        }
      }
      expect(d.size).toBe(model.size);
      const disagree = Array.from({ length: 6000 }, (_, i) => `ev-${i}`).filter((k) => d.has(k) !== model.has(k));
      expect(disagree).toEqual([]);
    }
  });

  it('holds a million ids', () => {
    const d = new Dedup();
    for (let i = 0; i < 1_000_000; i++) d.addIfNew(`bench-${i}`, i * 1000);
    expect(d.size).toBe(1_000_000);
    expect(d.has('bench-999999')).toBe(true);
    expect(d.has('bench-1000000')).toBe(false);
    d.prune(500_000 * 1000 + DEDUP_RETENTION_MS);
    expect(d.size).toBe(500_000);
    expect(d.has('bench-500000')).toBe(true);
    expect(d.has('bench-499000')).toBe(false);
  });

  it('tells apart ids of any characters and length, through many compactions', () => {
    const d = new Dedup();
    const t0 = Date.UTC(2026, 10, 1);
    const ids = (round: number) => [`工号-${round}`, `😀${round}`, `x`.repeat(128 - String(round).length) + round, `${round}`, `ab\u0000${round}`, `ą${round}`];
    // 60 rounds of 1,000 ids a second, each kept for 5 s: the queue is compacted and shrunk many times.
    for (let round = 0; round < 60; round++) {
      const now = t0 + round * 1000;
      for (const id of ids(round)) expect(d.addIfNew(id, now)).toBe(true);
      for (let i = 0; i < 1000; i++) expect(d.addIfNew(`r${round}-${i}`, now)).toBe(true);
      for (const id of ids(round)) expect(d.addIfNew(id, now)).toBe(false);
      d.prune(now, 5_000);
      // Forgotten once received before now − 5 s, and not a moment earlier.
      for (const id of ids(round - 6)) expect(d.has(id)).toBe(false);
      for (const id of ids(round - 5)) expect(d.has(id)).toBe(round >= 5);
      expect(d.has(`r${round - 3}-999`)).toBe(round >= 3);
      expect(d.has(`r${round}-1000`)).toBe(false);
    }
    expect(d.size).toBe(6 * (1000 + 6));
  });

  it('keeps ids stored one byte a character apart from ids stored two, even with the same bytes', () => {
    const d = new Dedup();
    // 'Ā' is U+0100, kept as the bytes 00 01; '\u0000\u0001' is kept as the same two bytes.
    expect(d.addIfNew('\u0000\u0001', 0)).toBe(true);
    expect(d.has('Ā')).toBe(false);
    expect(d.addIfNew('Ā', 0)).toBe(true);
    expect(d.addIfNew('é', 0)).toBe(true);
    expect(d.has('\u00e9')).toBe(true);
    expect(d.has('\u0000\u0001')).toBe(true);
    expect(d.has('Ā')).toBe(true);
    expect(d.size).toBe(3);
  });
});
