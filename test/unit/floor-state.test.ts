import { describe, expect, it } from 'vitest';
import type { FloorEvent } from '../../shared/events.js';
import type { Roster } from '../../shared/roster.js';
import { DEFAULT_SHIFTS } from '../../shared/roster.js';
import { rates } from '../../shared/floor/metrics.js';
import { applyEvent, emptyFloorState, type FloorState } from '../../shared/floor/state.js';
import { buildSnapshot, type SiteConfig } from '../../shared/floor/view.js';
import { shiftInstanceAt } from '../../shared/floor/shifts.js';

const CFG = { serviceLevelSeconds: 20 };
let n = 0;
type WithoutId<E> = E extends FloorEvent ? Omit<E, 'id'> : never;
const e = (x: WithoutId<FloorEvent>): FloorEvent => ({ id: `e${++n}`, ...x }) as FloorEvent;
const roster: Roster = {
  seats: [
    { seatId: 'IN-1', label: 'IN-1', kind: 'inbound', zone: 'A', row: 1, col: 1 },
    { seatId: 'IN-2', label: 'IN-2', kind: 'inbound', zone: 'A', row: 1, col: 2 },
    { seatId: 'NP-1', label: 'NP-1', kind: 'non-phone', zone: 'D', row: 1, col: 1 },
  ],
  staff: [
    { staffId: '1001', name: 'A', role: 'agent', skills: ['general'] },
    { staffId: '1002', name: 'B', role: 'agent', skills: ['general'] },
  ],
  shifts: DEFAULT_SHIFTS,
};

function reduce(events: FloorEvent[]): FloorState {
  const s = emptyFloorState();
  for (const ev of events) applyEvent(s, ev, CFG);
  return s;
}

function snap(state: FloorState, nowIso: string, site: Partial<SiteConfig> = {}) {
  return buildSnapshot({
    state,
    roster,
    forecast: [],
    config: { timeZone: 'Asia/Shanghai', intervalMinutes: 30, serviceLevelSeconds: 20, serviceLevelTarget: 0.8, ...site },
    now: Date.parse(nowIso),
    simulator: false,
  });
}

/** A call offered at `offered`, answered `waitS` later, talking `talkS`, wrapping `wrapS`. */
function call(id: string, offered: string, waitS: number, talkS: number, wrapS: number, staffId = '1001'): FloorEvent[] {
  const t = Date.parse(offered);
  return [
    e({ type: 'call.offered', at: offered, callId: id, queue: 'general' }),
    e({ type: 'call.answered', at: new Date(t + waitS * 1000).toISOString(), callId: id, staffId }),
    e({ type: 'call.ended', at: new Date(t + (waitS + talkS) * 1000).toISOString(), callId: id, wrapSeconds: wrapS }),
  ];
}

describe('the floor reducer', () => {
  it('signs staff in at seats with time in state, and counts who is on the phones', () => {
    const s = reduce([
      e({ type: 'agent.signed_in', at: '2026-11-26T01:00:00Z', staffId: '1001', seatId: 'IN-1' }),
      e({ type: 'agent.signed_in', at: '2026-11-26T01:00:00Z', staffId: '1002', seatId: 'NP-1' }),
      e({ type: 'agent.activity', at: '2026-11-26T01:05:00Z', staffId: '1002', activity: 'non-phone' }),
      e({ type: 'agent.activity', at: '2026-11-26T01:10:00Z', staffId: '1001', activity: 'on-call' }),
    ]);
    const v = snap(s, '2026-11-26T01:20:00Z');
    expect(v.now).toMatchObject({ signedIn: 2, onPhones: 1, onCall: 1, nonPhone: 1, available: 0 });
    expect(v.seats.find((x) => x.seatId === 'IN-1')).toMatchObject({ staffId: '1001', activity: 'on-call', since: '2026-11-26T09:10:00+08:00' });
    expect(v.seats.find((x) => x.seatId === 'IN-2')).toMatchObject({ staffId: null, activity: 'signed-out' });
  });

  it('keeps the newest state when agent events arrive out of order', () => {
    const s = reduce([
      e({ type: 'agent.signed_out', at: '2026-11-26T02:00:00Z', staffId: '1001', reason: 'meal' }),
      e({ type: 'agent.signed_in', at: '2026-11-26T01:00:00Z', staffId: '1001', seatId: 'IN-1' }),
      e({ type: 'agent.activity', at: '2026-11-26T01:30:00Z', staffId: '1001', activity: 'break' }),
    ]);
    expect(snap(s, '2026-11-26T02:10:00Z').now.signedIn).toBe(0);
    expect(s.staff['1001']).toMatchObject({ signedIn: false, signOutReason: 'meal' });
  });

  it('voids an activity from before the latest sign-in', () => {
    const s = reduce([
      e({ type: 'agent.activity', at: '2026-11-26T01:00:00Z', staffId: '1001', activity: 'break' }),
      e({ type: 'agent.signed_in', at: '2026-11-26T01:30:00Z', staffId: '1001', seatId: 'IN-1' }),
    ]);
    expect(snap(s, '2026-11-26T01:40:00Z').seats.find((x) => x.seatId === 'IN-1')?.activity).toBe('available');
  });

  it('counts waiting calls and the longest wait at a fixed clock', () => {
    const s = reduce([
      e({ type: 'call.offered', at: '2026-11-26T01:00:00Z', callId: 'a', queue: 'general' }),
      e({ type: 'call.offered', at: '2026-11-26T01:01:00Z', callId: 'b', queue: 'billing' }),
      e({ type: 'call.offered', at: '2026-11-26T01:01:30Z', callId: 'c', queue: 'general' }),
      e({ type: 'call.abandoned', at: '2026-11-26T01:02:00Z', callId: 'c' }),
    ]);
    expect(snap(s, '2026-11-26T01:02:41Z').now).toMatchObject({ waiting: 2, longestWaitSeconds: 161 });
  });

  it('computes SL, answer rate, ASA, AHT and occupancy per interval', () => {
    const s = reduce([
      e({ type: 'agent.signed_in', at: '2026-11-26T01:00:00Z', staffId: '1001', seatId: 'IN-1' }),
      ...call('a', '2026-11-26T01:05:00Z', 10, 200, 20),
      ...call('b', '2026-11-26T01:10:00Z', 30, 100, 10),
      e({ type: 'call.offered', at: '2026-11-26T01:20:00Z', callId: 'c', queue: 'general' }),
      e({ type: 'call.abandoned', at: '2026-11-26T01:21:00Z', callId: 'c' }),
      ...call('d', '2026-11-26T01:25:00Z', 5, 60, 0),
    ]);
    const v = snap(s, '2026-11-26T01:30:00Z');
    const iv = v.intervals.find((i) => i.start === '2026-11-26T09:00:00+08:00')!;
    expect(iv).toMatchObject({ offered: 4, answered: 3, abandoned: 1, serviceLevel: 0.5, answerRate: 0.75 });
    expect(iv.asaSeconds).toBeCloseTo(15, 6);
    expect(iv.ahtSeconds).toBeCloseTo((220 + 110 + 60) / 3, 6);
    expect(iv.occupancy).toBeCloseTo(390 / 1800, 6);
    expect(iv.staffedOnPhones).toBe(1);
    expect(v.today).toMatchObject({ offered: 4, answered: 3, abandoned: 1 });
  });

  it('attributes a call to the interval it was offered in, whatever order its events arrive', () => {
    const events = call('x', '2026-11-26T01:29:50Z', 15, 100, 5);
    const s = reduce([events[2]!, events[1]!, events[0]!]);
    const v = snap(s, '2026-11-26T02:00:00Z');
    expect(v.intervals.find((i) => i.label === '09:00')).toMatchObject({ offered: 1, answered: 1, serviceLevel: 1 });
    expect(v.intervals.find((i) => i.label === '09:30')).toMatchObject({ offered: 0, serviceLevel: null });
    expect(Object.keys(s.calls)).toHaveLength(0);
  });

  it('rolls over at site-local midnight, not UTC midnight', () => {
    const s = reduce([...call('late', '2026-11-26T15:50:00Z', 5, 60, 0), ...call('early', '2026-11-26T16:05:00Z', 5, 60, 0)]);
    const before = snap(s, '2026-11-26T15:59:00Z');
    expect(before.site.day).toBe('2026-11-26');
    expect(before.today.offered).toBe(1);
    expect(before.intervals.at(-1)).toMatchObject({ label: '23:30', offered: 1 });
    const after = snap(s, '2026-11-26T16:10:00Z');
    expect(after.site.day).toBe('2026-11-27');
    expect(after.today.offered).toBe(1);
    expect(after.intervals[0]).toMatchObject({ label: '00:00', offered: 1 });
    expect(after.site.shift).toEqual({ name: 'night', night: true });
  });

  it.each([
    ['Europe/Berlin spring (23 h)', '2026-03-29', 'Europe/Berlin', 46, '2026-03-29T01:10:00Z', '03:00'],
    ['Europe/Berlin autumn (25 h)', '2026-10-25', 'Europe/Berlin', 50, '2026-10-25T01:10:00Z', '02:00'],
    ['Asia/Shanghai', '2026-11-26', 'Asia/Shanghai', 48, '2026-11-25T19:10:00Z', '03:00'],
  ])('%s: the day has %i intervals and a call lands in the right one', (_name, day, zone, count, offeredIso, label) => {
    const s = reduce(call('dst', offeredIso, 5, 60, 0));
    const v = snap(s, `${day}T11:00:00Z`, { timeZone: zone });
    expect(v.intervals).toHaveLength(count);
    const hits = v.intervals.filter((i) => i.offered > 0);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.label).toBe(label);
    expect(v.today.offered).toBe(1);
  });

  it.each([15, 30, 60])('rolls buckets up to %i-minute intervals', (minutes) => {
    const s = reduce([...call('a', '2026-11-26T01:05:00Z', 5, 60, 0), ...call('b', '2026-11-26T01:20:00Z', 25, 60, 0)]);
    const v = snap(s, '2026-11-26T02:00:00Z', { intervalMinutes: minutes });
    expect(v.intervals).toHaveLength((24 * 60) / minutes);
    expect(v.intervals.reduce((a, i) => a + i.offered, 0)).toBe(2);
    const busy = v.intervals.filter((i) => i.offered > 0);
    expect(busy).toHaveLength(minutes === 15 ? 2 : 1);
  });

  it('counts the version up with every applied event', () => {
    const s = reduce(call('a', '2026-11-26T01:05:00Z', 5, 60, 0));
    expect(s.version).toBe(3);
  });
});

describe('rates()', () => {
  it.each([
    [{ offered: 0, answered: 0, answeredWithinTarget: 0, abandoned: 0, answerWaitSeconds: 0, handled: 0, talkSeconds: 0, wrapSeconds: 0 }, 0, { serviceLevel: null, answerRate: null, asaSeconds: null, ahtSeconds: null, occupancy: null }],
    [{ offered: 10, answered: 9, answeredWithinTarget: 8, abandoned: 1, answerWaitSeconds: 90, handled: 9, talkSeconds: 1800, wrapSeconds: 180 }, 3960, { serviceLevel: 0.8, answerRate: 0.9, asaSeconds: 10, ahtSeconds: 220, occupancy: 0.5 }],
  ])('derives rates from summed figures', (bucket, staffSeconds, expected) => {
    expect(rates(bucket, staffSeconds)).toEqual(expected);
  });
});

describe('staff on the phones per interval', () => {
  it('averages over the part of the interval observed, not before the first staff event', () => {
    const s = reduce([
      e({ type: 'agent.signed_in', at: '2026-11-26T01:20:00Z', staffId: '1001', seatId: 'IN-1' }),
      e({ type: 'agent.signed_in', at: '2026-11-26T01:20:00Z', staffId: '1002', seatId: 'IN-2' }),
      e({ type: 'agent.activity', at: '2026-11-26T01:25:00Z', staffId: '1002', activity: 'break' }),
    ]);
    const iv = snap(s, '2026-11-26T01:30:00Z').intervals.find((i) => i.label === '09:00')!;
    // 10 observed minutes: two on the phones for 5, one for 5.
    expect(iv.staffedOnPhones).toBe(1.5);
  });
});

describe('shiftInstanceAt()', () => {
  it.each([
    ['2026-11-26T01:00:00Z', 'Asia/Shanghai', '2026-11-26/morning', '2026-11-26T00:00:00.000Z', '2026-11-26T08:00:00.000Z'],
    ['2026-11-26T15:59:00Z', 'Asia/Shanghai', '2026-11-26/evening', '2026-11-26T08:00:00.000Z', '2026-11-26T16:00:00.000Z'],
    ['2026-11-26T16:00:00Z', 'Asia/Shanghai', '2026-11-27/night', '2026-11-26T16:00:00.000Z', '2026-11-27T00:00:00.000Z'],
  ])('at %s in %s is %s', (iso, zone, key, start, end) => {
    const s = shiftInstanceAt(DEFAULT_SHIFTS, Date.parse(iso), zone)!;
    expect(s.key).toBe(key);
    expect(new Date(s.startMs).toISOString()).toBe(start);
    expect(new Date(s.endMs).toISOString()).toBe(end);
  });

  it('dates a shift that wraps midnight by the day it started', () => {
    const shifts = [{ name: 'late', start: '22:00', end: '06:00', night: true }, { name: 'day', start: '06:00', end: '22:00', night: false }];
    const s = shiftInstanceAt(shifts, Date.parse('2026-11-26T19:00:00Z'), 'Asia/Shanghai')!;
    expect(s.key).toBe('2026-11-26/late');
    expect(new Date(s.startMs).toISOString()).toBe('2026-11-26T14:00:00.000Z');
    expect(new Date(s.endMs).toISOString()).toBe('2026-11-26T22:00:00.000Z');
  });
});

describe('the presence log', () => {
  it('keeps every sign-in and sign-out in arrival order, marking manual ones, and hands old ones over for archiving', async () => {
    const { takePresenceBefore } = await import('../../shared/floor/state.js');
    const s = reduce([
      e({ type: 'agent.signed_in', at: '2026-11-26T01:00:00Z', staffId: '1001', seatId: 'IN-1' }),
      { ...e({ type: 'agent.signed_out', at: '2026-11-26T05:00:00Z', staffId: '1001', reason: 'meal' }), source: 'manual' } as FloorEvent,
      e({ type: 'agent.activity', at: '2026-11-26T05:30:00Z', staffId: '1001', activity: 'break' }),
      e({ type: 'agent.signed_in', at: '2026-11-26T05:40:00Z', staffId: '1001', seatId: 'IN-2' }),
    ]);
    expect(s.presenceLog.map((m) => [m.kind, m.seatId, m.reason, m.manual])).toEqual([
      ['in', 'IN-1', null, false],
      ['out', null, 'meal', true],
      ['in', 'IN-2', null, false],
    ]);
    const old = takePresenceBefore(s, Date.parse('2026-11-26T05:30:00Z'));
    expect(old).toHaveLength(2);
    expect(s.presenceLog).toHaveLength(1);
  });

  it('ignores marks older than the live window', () => {
    const st = emptyFloorState();
    applyEvent(st, e({ type: 'agent.signed_in', at: '2026-11-20T01:00:00Z', staffId: '1001', seatId: 'IN-1' }), { serviceLevelSeconds: 20, oldestBucketMs: Date.parse('2026-11-24T00:00:00Z') });
    expect(st.presenceLog).toEqual([]);
    expect(st.staff['1001']?.signedIn).toBe(true);
  });
});
