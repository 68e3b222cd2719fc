import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDelta, diffSnapshots, sameJson, shiftIso, type FloorDelta, type FloorSnapshot, type SeatView } from '../../shared/snapshot.js';

/** What a message carries: the value after a JSON round trip. */
const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** `applyDelta` as the client runs it: both the snapshot it holds and the delta came as JSON. */
function applyWire(held: FloorSnapshot, next: FloorSnapshot): FloorSnapshot | null {
  return applyDelta(wire(held), wire(diffSnapshots(held, next)));
}

const AT = '2026-11-26T16:49:47+08:00';

function seat(i: number, over: Partial<SeatView> = {}): SeatView {
  return { seatId: `S-${String(i).padStart(3, '0')}`, label: `A-${i}`, kind: 'inbound', zone: 'A', row: Math.floor(i / 10), col: i % 10, staffId: `A${i}`, activity: 'available', since: '2026-11-26T16:40:00+08:00', onRoster: true, ...over };
}

function interval(i: number, over: Record<string, unknown> = {}): FloorSnapshot['intervals'][number] {
  const hh = String(Math.floor(i / 2)).padStart(2, '0');
  const mm = i % 2 ? '30' : '00';
  return { start: `2026-11-26T${hh}:${mm}:00+08:00`, label: `${hh}:${mm}`, forecastOffered: 100 + 7 * i, reforecastOffered: 100 + 7 * i, offered: 0, answered: 0, abandoned: 0, serviceLevel: null, answerRate: null, asaSeconds: null, ahtSeconds: null, occupancy: null, requiredStaff: null, staffedOnPhones: null, ...over };
}

function base(seats = 20): FloorSnapshot {
  return {
    version: 10,
    at: AT,
    site: { timeZone: 'Asia/Shanghai', intervalMinutes: 30, serviceLevelSeconds: 20, serviceLevelTarget: 0.8, day: '2026-11-26', shift: { name: 'evening', night: false }, simulator: false, lastEventAt: AT },
    now: { waiting: 3, longestWaitSeconds: 12, onPhones: 15, available: 5, onCall: 8, wrapUp: 2, nonPhone: 1, training: 1, onBreak: 1, signedIn: 18, requiredStaff: 12 },
    seats: Array.from({ length: seats }, (_, i) => seat(i)),
    intervals: Array.from({ length: 48 }, (_, i) => interval(i)),
    today: { offered: 100, answered: 95, abandoned: 5, serviceLevel: 0.9811320754716981, answerRate: 0.95, asaSeconds: 4.1, ahtSeconds: 200.5, occupancy: 0.8 },
    surges: [],
    recommendation: null,
    staff: Array.from({ length: seats }, (_, i) => ({ staffId: `A${i}`, name: `Agent ${i}`, role: 'agent' as const })),
  };
}

describe('shiftIso()', () => {
  it.each([
    ['2026-11-26T16:49:47+08:00', 0, '2026-11-26T16:49:47+08:00'],
    ['2026-11-26T16:49:47+08:00', -48, '2026-11-26T16:48:59+08:00'],
    ['2026-12-31T23:59:59-05:00', 1, '2027-01-01T00:00:00-05:00'],
    ['2028-03-01T00:00:00+00:00', -86400, '2028-02-29T00:00:00+00:00'],
  ])('moves %s by %i s to %s, keeping the offset', (iso, seconds, expected) => {
    expect(shiftIso(iso, seconds)).toBe(expected);
  });

  it('refuses a time with milliseconds, a Z, or a fractional shift', () => {
    expect(shiftIso('2026-11-26T16:49:47.120+08:00', 1)).toBeNull();
    expect(shiftIso('2026-11-26T16:49:47Z', 1)).toBeNull();
    expect(shiftIso(AT, 0.5)).toBeNull();
  });
});

describe('diffSnapshots() and applyDelta()', () => {
  it('sends a changed seat as its activity code and position, without its static fields', () => {
    const a = base();
    const b = { ...base(), version: 11, seats: a.seats.map((s, i) => (i === 3 ? { ...s, activity: 'on-call' as const, since: AT } : i === 7 ? { ...s, activity: 'break' as const, since: '2026-11-26T16:49:46+08:00' } : s)) };
    const delta = diffSnapshots(a, b);
    expect(delta).toEqual({ f: 10, v: 11, act: { c: [3], b1: [7] } });
    expect(applyWire(a, b)).toEqual(wire(b));
  });

  it('sends a new occupant as [position, staffId] (and onRoster when it changed) and a sign-out as activity o_', () => {
    const a = base();
    const b = { ...base(), version: 12, seats: a.seats.map((s, i) => (i === 0 ? { ...s, staffId: 'MK1', onRoster: false, since: AT } : i === 1 ? { ...s, staffId: null, activity: 'signed-out' as const, since: null } : s)) };
    const delta = diffSnapshots(a, b);
    expect(delta.who).toEqual([
      [0, 'MK1', false],
      [1, null],
    ]);
    expect(delta.act).toEqual({ a: [0], o_: [1] });
    expect(applyWire(a, b)).toEqual(wire(b));
  });

  it('sends changed figures as [field index, value] pairs and the new second as +1', () => {
    const a = base();
    const b = { ...base(), version: 13, at: '2026-11-26T16:49:48+08:00', now: { ...a.now, waiting: 4 }, today: { ...a.today, offered: 101, serviceLevel: 0.98 } };
    b.intervals = a.intervals.map((iv, i) => (i === 33 ? { ...iv, offered: 7 } : iv));
    expect(diffSnapshots(a, b)).toEqual({ f: 10, v: 13, t: 1, now: [0, 4], today: [0, 101, 3, 0.98], iv: [[33, [4, 7]]] });
    expect(applyWire(a, b)).toEqual(wire(b));
  });

  it("sends the day's reforecast as one ratio of the forecast, and the current interval as a patch", () => {
    const a = base();
    const ratio = 1.0731;
    const b = { ...base(), version: 20, intervals: a.intervals.map((iv, i) => (i === 33 ? { ...iv, offered: 40, reforecastOffered: 40 + (iv.forecastOffered! * ratio) / 3 } : { ...iv, reforecastOffered: iv.forecastOffered! * ratio })) };
    const delta = diffSnapshots(a, b);
    expect(delta.rf).toEqual([ratio, [0, 32, 34, 47]]);
    expect(delta.iv).toEqual([[33, [3, b.intervals[33]!.reforecastOffered, 4, 40]]]);
    expect(JSON.stringify(delta).length).toBeLessThan(120);
    expect(applyWire(a, b)).toEqual(wire(b));
  });

  it('sends a rate over the calls offered as its count, and several seats as steps between positions', () => {
    const a = base();
    const b = { ...base(), version: 21, today: { ...a.today, offered: 1650, answered: 1620, serviceLevel: 1611 / 1650, answerRate: 1620 / 1650 } };
    b.seats = a.seats.map((s, i) => (i === 4 || i === 9 || i === 17 ? { ...s, activity: 'on-call' as const, since: AT } : s));
    const delta = diffSnapshots(a, b);
    expect(delta.today).toEqual([0, 1650, 1, 1620, -4, 1611, -5, 1620]);
    expect(delta.act).toEqual({ c: [4, 5, 8] });
    expect(applyWire(a, b)).toEqual(wire(b));
  });

  it('sends a part whole when one of its fields went away', () => {
    const a = base();
    const { requiredStaff: _gone, ...now } = a.now;
    const b = { ...base(), version: 14, now };
    expect(diffSnapshots(a, b).now).toEqual(now);
    expect(applyWire(a, b)).toEqual(wire(b));
  });

  it('keeps the objects of unchanged seats and intervals', () => {
    const a = wire(base());
    const b = { ...base(), version: 15, seats: a.seats.map((s, i) => (i === 2 ? { ...s, activity: 'wrap-up' as const, since: AT } : s)) };
    const next = applyDelta(a, wire(diffSnapshots(a, b)))!;
    expect(next.seats[1]).toBe(a.seats[1]);
    expect(next.seats[2]).not.toBe(a.seats[2]);
    expect(next.intervals).toBe(a.intervals);
  });

  it('refuses a delta that does not follow on from the version held', () => {
    const a = base();
    const delta = diffSnapshots(a, { ...a, version: 11 });
    expect(applyDelta({ ...a, version: 9 }, delta)).toBeNull();
  });

  it('refuses a delta whose seat positions do not fit the snapshot', () => {
    const a = base();
    const delta: FloorDelta = { f: 10, v: 11, act: { c: [500] } };
    expect(applyDelta(a, delta)).toBeNull();
  });

  it('sends the new order and the new seats when the seat list changes', () => {
    const a = base(5);
    const b = { ...base(5), version: 16, seats: [seat(9), ...a.seats.slice(0, 2), ...a.seats.slice(3)] };
    const delta = diffSnapshots(a, b);
    expect(delta.seatOrder).toEqual(b.seats.map((s) => s.seatId));
    expect(delta.seats).toEqual([seat(9)]);
    expect(applyWire(a, b)).toEqual(wire(b));
  });

  it('keeps a 500-seat update with 15 seat changes and moving figures under 500 bytes of JSON', () => {
    const a = base(500);
    const b = { ...base(500), version: 310, at: '2026-11-26T16:49:48+08:00' };
    const acts = ['on-call', 'wrap-up', 'available', 'break', 'training'] as const;
    b.seats = a.seats.map((s, i) => (i % 33 === 0 ? { ...s, activity: acts[i % 5]!, since: i % 2 ? b.at : AT } : s));
    b.now = { ...a.now, waiting: 31, available: 334, onCall: 34, wrapUp: 33, nonPhone: 33 };
    b.today = { ...a.today, offered: 1643, answered: 1612, serviceLevel: 0.9811320754716982, answerRate: 0.9811320754716981, asaSeconds: 0.0999999999999996 };
    b.intervals = a.intervals.map((iv, i) => (i === 33 ? { ...iv, offered: 1643, answered: 1612, serviceLevel: 0.9811320754716982, answerRate: 0.9811320754716981, asaSeconds: 0.0999999999999996, staffedOnPhones: 452.4 } : iv));
    const json = JSON.stringify(diffSnapshots(a, b));
    expect(json.length).toBeLessThan(500);
    expect(json).not.toMatch(/label|zone|kind/);
  });
});

// ------------------------------------------------------------------ random sequences

const ACTIVITIES = ['available', 'on-call', 'wrap-up', 'non-phone', 'training', 'break', 'signed-out'] as const;
const OFFSETS = ['+08:00', '+00:00', '-05:00', '+05:30'];

/** One random change to a snapshot (the arbitrary picks which, and its values). */
type Change = (s: FloorSnapshot, r: Rand) => void;
type Rand = { int(n: number): number; pick<T>(xs: readonly T[]): T; float(): number };

function isoNear(at: string, r: Rand): string | null {
  switch (r.int(6)) {
    case 0:
      return null;
    case 1:
      return at;
    case 2:
      // Another zone offset: only the long form fits.
      return at.slice(0, 19) + r.pick(OFFSETS);
    case 3:
      return `${at.slice(0, 19)}.${r.int(1000)}${at.slice(19)}`;
    default:
      return shiftIso(at, -r.int(4000) + 100);
  }
}

const CHANGES: Change[] = [
  // Seat activity (most updates are these).
  (s, r) => {
    if (!s.seats.length) return;
    const i = r.int(s.seats.length);
    s.seats[i] = { ...s.seats[i]!, activity: r.pick(ACTIVITIES), since: isoNear(s.at, r) };
  },
  (s, r) => {
    if (!s.seats.length) return;
    const i = r.int(s.seats.length);
    s.seats[i] = { ...s.seats[i]!, staffId: r.int(3) ? `P${r.int(50)}` : null, onRoster: r.int(2) === 0 };
  },
  // A static field, an unknown activity, an unexpected field.
  (s, r) => {
    if (!s.seats.length) return;
    const i = r.int(s.seats.length);
    const k = r.int(4);
    s.seats[i] = k === 0 ? { ...s.seats[i]!, label: `L${r.int(9)}` } : k === 1 ? { ...s.seats[i]!, activity: 'lunch' as never } : k === 2 ? { ...s.seats[i]!, col: r.int(30) } : ({ ...s.seats[i]!, extra: r.int(3) } as SeatView);
  },
  // The seat list itself.
  (s, r) => s.seats.push(seat(100 + r.int(200), { staffId: null, activity: 'signed-out', since: null })),
  (s, r) => {
    if (s.seats.length) s.seats.splice(r.int(s.seats.length), 1);
  },
  (s, r) => {
    if (s.seats.length > 1) s.seats.push(s.seats.splice(r.int(s.seats.length), 1)[0]!);
  },
  // Figures.
  (s, r) => {
    const k = r.pick(['waiting', 'onPhones', 'available', 'onCall', 'signedIn', 'requiredStaff'] as const);
    s.now = { ...s.now, [k]: k === 'requiredStaff' && r.int(3) === 0 ? null : r.int(600) };
  },
  (s) => {
    const { requiredStaff: _r, ...rest } = s.now;
    s.now = rest;
  },
  (s, r) => {
    const offered = s.today.offered + r.int(50);
    s.today = { ...s.today, offered, serviceLevel: r.int(4) ? r.float() : null, answerRate: r.int(2) ? r.int(offered + 1) / offered : r.float(), asaSeconds: r.float() * 30 };
  },
  (s, r) => {
    const i = r.int(s.intervals.length || 1);
    const offered = r.int(2000);
    if (s.intervals[i]) s.intervals[i] = { ...s.intervals[i]!, offered, serviceLevel: r.int(2) ? r.int(offered + 1) / offered : r.float(), staffedOnPhones: r.int(5) ? r.float() * 400 : null };
  },
  // The reforecast moves (most of) the day by one ratio; some forecasts are missing or zero.
  (s, r) => {
    const ratio = r.float() * 2;
    const skip = r.int(7);
    const none = r.int(9);
    s.intervals = s.intervals.map((iv, i) => {
      if (i % 7 === skip) return { ...iv, reforecastOffered: r.int(3) ? iv.reforecastOffered : null };
      const forecastOffered = i % 9 === none ? r.pick([null, 0, iv.forecastOffered]) : iv.forecastOffered;
      return { ...iv, forecastOffered, reforecastOffered: typeof forecastOffered === 'number' ? forecastOffered * ratio : null };
    });
  },
  // A new day, or another interval length.
  (s, r) => (s.intervals = Array.from({ length: r.pick([24, 48, 96]) }, (_, i) => interval(i % 48, { offered: r.int(9) }))),
  // Surges come, change and go.
  (s, r) => (s.surges = [...s.surges, { id: `sg-${r.int(1000)}`, cause: 'queue', severity: 'warning', startedAt: s.at, measured: r.int(40), threshold: 10, unit: 'calls', clearSince: null }]),
  (s, r) => {
    if (s.surges.length) s.surges = s.surges.map((g, i) => (i === 0 ? { ...g, measured: r.float(), clearSince: r.int(2) ? s.at : null, severity: 'critical' } : g));
  },
  (s, r) => {
    if (s.surges.length) s.surges = s.surges.filter((_, i) => i !== r.int(s.surges.length));
  },
  (s, r) => {
    if (s.surges.length) s.surges = s.surges.map((g) => ({ ...g, declared: r.int(2) ? { upliftPct: r.int(50), endsAt: s.at, declaredBy: 'sup1' } : undefined }));
  },
  // Whole parts.
  (s, r) => (s.recommendation = r.int(2) ? null : { id: `rec-${r.int(9)}`, pull: [{ staffId: 'A1', fromSeatId: null, toSeatId: 'S-001' }], callInEmergency: r.int(3), expectedServiceLevel: r.float() }),
  (s, r) => {
    if (r.int(2)) delete s.moves;
    else s.moves = [{ id: `m${r.int(9)}`, staffId: 'A2', fromSeatId: 'S-002', toSeatId: 'S-003', requestedAt: s.at, reason: 'manual', status: 'pending' }];
  },
  (s, r) => {
    if (r.int(4) === 0) delete s.staff;
    else s.staff = (s.staff ?? []).map((p, i) => (i === 0 ? { ...p, name: `Name ${r.int(99)}` } : p));
  },
  (s, r) => (s.site = { ...s.site, lastEventAt: isoNear(s.at, r), shift: r.int(2) ? null : { name: 'night', night: true } }),
  // Another top-level field, and one going away.
  (s, r) => ((s as unknown as Record<string, unknown>).extra = r.int(2) ? { n: r.int(9) } : undefined),
  // Time moves on: the next second, a jump, a new zone offset, a time in another form.
  (s, r) => {
    const k = r.int(5);
    s.at = k === 0 ? `${s.at.slice(0, 19)}${r.pick(OFFSETS)}` : k === 1 ? '2026-11-26T08:49:47.123Z' : (shiftIso(s.at.slice(0, 19) + '+08:00', 1 + r.int(k === 2 ? 90_000 : 2))! as string);
  },
];

/** A sequence of snapshots, each from the one before by a few random changes. */
const sequences = fc
  .record({
    seats: fc.integer({ min: 0, max: 40 }),
    steps: fc.array(fc.array(fc.tuple(fc.nat(CHANGES.length - 1), fc.array(fc.nat(1_000_000), { minLength: 6, maxLength: 6 })), { maxLength: 12 }), { minLength: 1, maxLength: 15 }),
  })
  .map(({ seats, steps }) => {
    let current = base(seats);
    const out = [current];
    for (const step of steps) {
      const next: FloorSnapshot = { ...current, seats: current.seats.slice(), intervals: current.intervals.slice(), surges: current.surges.slice(), version: current.version + 1 + step.length };
      for (const [which, numbers] of step) {
        let k = 0;
        const r: Rand = { int: (n) => numbers[k++ % numbers.length]! % Math.max(1, n), pick: (xs) => xs[numbers[k++ % numbers.length]! % xs.length]!, float: () => numbers[k++ % numbers.length]! / 999_983 };
        CHANGES[which]!(next, r);
      }
      out.push(next);
      current = next;
    }
    return out;
  });

describe('random sequences of snapshots', () => {
  it('apply(diff(a, b), a) deep-equals b, step after step, as JSON carries them', () => {
    fc.assert(
      fc.property(sequences, (snaps) => {
        let held = wire(snaps[0]!);
        for (let i = 1; i < snaps.length; i++) {
          const delta = wire(diffSnapshots(snaps[i - 1]!, snaps[i]!));
          const next = applyDelta(held, delta);
          expect(next).not.toBeNull();
          expect(wire(next)).toEqual(wire(snaps[i]!));
          expect(sameJson(next, snaps[i])).toBe(true);
          held = next!;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a delta from any snapshot to any other applies, whatever lies between them', () => {
    fc.assert(
      fc.property(sequences, (snaps) => {
        const a = snaps[0]!;
        const b = snaps[snaps.length - 1]!;
        expect(wire(applyWire(a, b))).toEqual(wire(b));
        // And nothing to say between equal snapshots but the versions.
        expect(diffSnapshots(b, { ...b })).toEqual({ f: b.version, v: b.version });
      }),
      { numRuns: 200 },
    );
  });
});
