import { describe, expect, it } from 'vitest';
import { ACTIVITIES, SIGN_OUT_REASONS, type FloorEvent } from '../../shared/events.js';
import { decodeEvents, encodeEvents } from '../../server/services/event-columns.js';
import { mulberry32 } from '../../server/simulator/random.js';

/** Random valid events of every type, with and without each optional field, odd characters included. */
function randomEvents(seed: number, n: number): FloorEvent[] {
  const next = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const str = () => pick(['a', 'IN-12', '王芳', 'x'.repeat(128), 'line\nbreak', 'tab\there', '"quoted"', 'é€😀', '']).concat(String(Math.floor(next() * 1000)));
  const at = () => new Date(1.7e12 + Math.floor(next() * 1e10)).toISOString();
  const out: FloorEvent[] = [];
  for (let i = 0; i < n; i++) {
    const base = { id: `e${i}-${str()}`, at: at(), ...(next() < 0.3 ? { source: next() < 0.2 ? '' : str() } : {}) };
    const kind = Math.floor(next() * 7);
    out.push(
      kind === 0
        ? { ...base, type: 'agent.signed_in', staffId: str(), seatId: str() }
        : kind === 1
          ? { ...base, type: 'agent.signed_out', staffId: str(), ...(next() < 0.5 ? { reason: pick(SIGN_OUT_REASONS) } : {}) }
          : kind === 2
            ? { ...base, type: 'agent.activity', staffId: str(), activity: pick(ACTIVITIES) }
            : kind === 3
              ? { ...base, type: 'call.offered', callId: str(), queue: str() }
              : kind === 4
                ? { ...base, type: 'call.answered', callId: str(), staffId: str() }
                : kind === 5
                  ? { ...base, type: 'call.abandoned', callId: str() }
                  : { ...base, type: 'call.ended', callId: str(), ...(next() < 0.5 ? { wrapSeconds: next() < 0.2 ? 0 : next() * 300 } : {}) },
    );
  }
  return out;
}

describe('event columns (validator thread → main thread)', () => {
  it('decode(encode(events)) equals the events, for every type and optional field (seeded)', () => {
    for (const seed of [1, 2, 3, 4]) {
      const events = randomEvents(seed, 2000);
      const columns = encodeEvents(events);
      expect(columns).not.toBeNull();
      expect(decodeEvents(columns!)).toEqual(events);
    }
  });

  it('keeps an absent optional field absent and an empty source empty', () => {
    const events: FloorEvent[] = [
      { id: 'a', type: 'call.ended', at: '2026-11-26T08:00:00Z', callId: 'c' },
      { id: 'b', type: 'call.ended', at: '2026-11-26T08:00:00Z', callId: 'c', wrapSeconds: 0, source: '' },
      { id: 'c', type: 'agent.signed_out', at: '2026-11-26T08:00:00Z', staffId: 's' },
    ];
    const back = decodeEvents(encodeEvents(events)!);
    expect(back).toEqual(events);
    expect('wrapSeconds' in back[0]!).toBe(false);
    expect('reason' in back[2]!).toBe(false);
  });

  it('declines a batch whose strings hold the separator, so the main thread parses it itself', () => {
    expect(encodeEvents([{ id: 'a\u0000b', type: 'call.abandoned', at: '2026-11-26T08:00:00Z', callId: 'c' }])).toBeNull();
    expect(encodeEvents([{ id: 'a', type: 'call.abandoned', at: '2026-11-26T08:00:00Z', callId: 'c\u0000' }])).toBeNull();
  });
});

describe('event columns from the JSON text', () => {
  it('skips the search when the text has no \\u0000 escape, and declines when it has', () => {
    const text = JSON.stringify([{ id: 'a', type: 'call.abandoned', at: '2026-11-26T08:00:00Z', callId: 'c' }]);
    const events = JSON.parse(text) as FloorEvent[];
    expect(decodeEvents(encodeEvents(events, text)!)).toEqual(events);
    const withNul = JSON.stringify([{ id: 'a\u0000b', type: 'call.abandoned', at: '2026-11-26T08:00:00Z', callId: 'c' }]);
    expect(withNul).toContain('\\u0000');
    expect(encodeEvents(JSON.parse(withNul) as FloorEvent[], withNul)).toBeNull();
  });
});
