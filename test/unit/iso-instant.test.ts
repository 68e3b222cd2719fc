import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../server/simulator/random.js';
import { parseInstant } from '../../shared/iso-instant.js';

describe('parseInstant', () => {
  it.each([
    '2026-11-26T08:15:00Z',
    '2026-11-26T08:15:00.123Z',
    '2026-11-26T08:15:00.1Z',
    '2026-11-26T08:15:00.123456789Z',
    '2026-11-26T16:15:00+08:00',
    '2026-11-26T02:30:00-05:45',
    '2026-03-29T01:59:59.999+01:00',
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '1999-12-31T23:59:59Z',
    '2026-11-26',
    '2026-11-26T08:15Z',
    'not a time',
    '2026-11-26T08:15:00',
    '2026-11-26T08:15:00.Z',
    '2026-11-26T24:00:00Z',
    '2026-11-26T08:15:00+0800',
  ])('%s as Date.parse reads it', (s) => {
    expect(parseInstant(s)).toEqual(Date.parse(s));
  });

  it('agrees with Date.parse on 20,000 random instants in every offset form (seeded)', () => {
    const next = mulberry32(7);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const wrong: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      const ms = Math.floor(next() * 4e12);
      const d = new Date(ms);
      const offset = Math.floor(next() * 27 - 13) * 60 + (next() < 0.2 ? 45 : next() < 0.3 ? 30 : 0);
      const local = new Date(ms + offset * 60_000);
      const frac = next() < 0.5 ? '' : `.${String(Math.floor(next() * 1e6)).slice(0, 1 + Math.floor(next() * 6))}`;
      const zone = next() < 0.4 ? 'Z' : `${offset >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
      const base = zone === 'Z' ? d : local;
      const s = `${pad(base.getUTCFullYear(), 4)}-${pad(base.getUTCMonth() + 1)}-${pad(base.getUTCDate())}T${pad(base.getUTCHours())}:${pad(base.getUTCMinutes())}:${pad(base.getUTCSeconds())}${frac}${zone}`;
      if (parseInstant(s) !== Date.parse(s)) wrong.push(s);
    }
    expect(wrong).toEqual([]);
  });
});
