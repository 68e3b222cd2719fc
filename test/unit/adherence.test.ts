import { describe, expect, it } from 'vitest';
import type { FloorEvent, SignOutReason, Activity } from '../../shared/events.js';
import type { Roster, Staff } from '../../shared/roster.js';
import { adherenceFlags, DEFAULT_ALLOWANCES, homeShiftAt, type AdherenceFlag } from '../../shared/floor/adherence.js';
import { applyEvent, emptyFloorState, type StaffPresence } from '../../shared/floor/state.js';

const TZ = 'Asia/Shanghai';
const DAY = '2026-03-10';
const NEXT = '2026-03-11';
const PREV = '2026-03-09';
/** Epoch ms of a Shanghai wall-clock time (`HH:MM` or `HH:MM:SS`) on `day`. */
const at = (hhmm: string, day = DAY) => Date.parse(`${day}T${hhmm.length === 5 ? `${hhmm}:00` : hhmm}+08:00`);

const SHIFTS: Roster['shifts'] = [
  { name: 'morning', start: '08:00', end: '16:00', night: false },
  { name: 'evening', start: '16:00', end: '24:00', night: false },
  { name: 'late-night', start: '22:00', end: '06:00', night: true },
];
const staff = (staffId: string, shift?: string): Staff => ({ staffId, name: `员工${staffId}`, role: 'agent', skills: [], ...(shift ? { shift } : {}) });

interface P {
  in?: boolean;
  /** Last sign-in or sign-out. */
  presence: number;
  reason?: SignOutReason;
  activity?: Activity;
  activityAt?: number;
  /** First sign-in of the stint; defaults to `presence`. */
  firstIn?: number;
}
const presence = (staffId: string, p: P): StaffPresence => ({
  staffId,
  signedIn: p.in ?? true,
  seatId: 'IN-1',
  presenceAtMs: p.presence,
  signOutReason: p.in === false ? (p.reason ?? null) : null,
  activity: p.activity ?? 'available',
  activityAtMs: p.activityAt ?? p.presence,
  firstInAtMs: p.firstIn ?? p.presence,
});

/** Flags for one person on `shift` at `now` with presence `p` (undefined: never seen). */
function flagsFor(shift: string, now: number, p: P | undefined): Omit<AdherenceFlag, 'staffId' | 'shift'>[] {
  const flags = adherenceFlags({ now, timeZone: TZ, roster: { staff: [staff('1001', shift)], shifts: SHIFTS }, presences: p ? [presence('1001', p)] : [], allowances: DEFAULT_ALLOWANCES });
  return flags.map(({ kind, sinceMs, minutes }) => ({ kind, sinceMs, minutes }));
}

describe('homeShiftAt()', () => {
  it.each([
    ['morning', at('10:00'), `${DAY}/morning`],
    ['morning', at('16:00'), null],
    ['evening', at('23:59'), `${DAY}/evening`],
    ['late-night', at('23:00'), `${DAY}/late-night`],
    ['late-night', at('01:00', NEXT), `${DAY}/late-night`],
    ['late-night', at('06:00', NEXT), null],
  ])('finds the dated instance of the %s shift at a fixed clock', (name, now, key) => {
    const shift = SHIFTS.find((s) => s.name === name)!;
    expect(homeShiftAt(shift, now, TZ)?.key ?? null).toBe(key);
  });

  it('ends a shift that wraps midnight on the next day', () => {
    const instance = homeShiftAt(SHIFTS[2]!, at('01:00', NEXT), TZ)!;
    expect([instance.startMs, instance.endMs]).toEqual([at('22:00'), at('06:00', NEXT)]);
  });
});

describe('adherenceFlags() on the morning shift (08:00–16:00, grace 5 min)', () => {
  it.each<[string, number, P | undefined, Omit<AdherenceFlag, 'staffId' | 'shift'>[]]>([
    ['signed in 12 min early: nothing', at('10:00'), { presence: at('07:48') }, []],
    ['signed in at the end of the grace: nothing', at('10:00'), { presence: at('08:05') }, []],
    ['signed in at 08:12: late 12 min', at('10:00'), { presence: at('08:12') }, [{ kind: 'late', sinceMs: at('08:12'), minutes: 12 }]],
    ['back from a meal, stint began 07:50: not late', at('13:00'), { presence: at('12:40'), firstIn: at('07:50') }, []],
    ['a stint carried over from the night: not late', at('10:00'), { presence: at('00:01'), firstIn: at('00:01') }, []],
    ['never seen, 08:05: not yet absent', at('08:05'), undefined, []],
    ['never seen, 08:06: absent 6 min', at('08:06'), undefined, [{ kind: 'absent', sinceMs: at('08:00'), minutes: 6 }]],
    ['signed out at yesterday\'s shift end: absent', at('09:00'), { in: false, presence: at('16:02', PREV), reason: 'shift-end', firstIn: at('07:50', PREV) }, [{ kind: 'absent', sinceMs: at('08:00'), minutes: 60 }]],
    ['signed out for a meal before the shift began: absent', at('09:00'), { in: false, presence: at('07:55'), reason: 'meal', firstIn: at('07:50') }, [{ kind: 'absent', sinceMs: at('08:00'), minutes: 60 }]],
    ['shift-end sign-out at 15:30: early by 30 min', at('15:40'), { in: false, presence: at('15:30'), reason: 'shift-end', firstIn: at('07:50') }, [{ kind: 'early-sign-out', sinceMs: at('15:30'), minutes: 30 }]],
    ['shift-end sign-out at 15:56: within the grace', at('15:58'), { in: false, presence: at('15:56'), reason: 'shift-end', firstIn: at('07:50') }, []],
    ['signed out with no reason at 09:40: off post 20 min', at('10:00'), { in: false, presence: at('09:40'), firstIn: at('07:50') }, [{ kind: 'off-post', sinceMs: at('09:40'), minutes: 20 }]],
    ['signed out for "other" at 09:59: off post at once', at('10:00'), { in: false, presence: at('09:59'), reason: 'other', firstIn: at('07:50') }, [{ kind: 'off-post', sinceMs: at('09:59'), minutes: 1 }]],
    ['on a break for exactly 15 min: nothing', at('10:15'), { presence: at('07:50'), activity: 'break', activityAt: at('10:00') }, []],
    ['on a break for 16 min: break over', at('10:16'), { presence: at('07:50'), activity: 'break', activityAt: at('10:00') }, [{ kind: 'break-over', sinceMs: at('10:00'), minutes: 16 }]],
    ['a break from before the sign-in no longer holds', at('10:30'), { presence: at('07:50'), activity: 'break', activityAt: at('07:00') }, []],
    ['signed out for a break 20 min ago: break over', at('10:20'), { in: false, presence: at('10:00'), reason: 'break', firstIn: at('07:50') }, [{ kind: 'break-over', sinceMs: at('10:00'), minutes: 20 }]],
    ['signed out for a meal 40 min ago: nothing', at('12:40'), { in: false, presence: at('12:00'), reason: 'meal', firstIn: at('07:50') }, []],
    ['signed out for a meal 50 min ago: meal over', at('12:50'), { in: false, presence: at('12:00'), reason: 'meal', firstIn: at('07:50') }, [{ kind: 'meal-over', sinceMs: at('12:00'), minutes: 50 }]],
    [
      'late, and now on an overlong break: both, late first',
      at('11:00'),
      { presence: at('08:30'), activity: 'break', activityAt: at('10:30') },
      [
        { kind: 'late', sinceMs: at('08:30'), minutes: 30 },
        { kind: 'break-over', sinceMs: at('10:30'), minutes: 30 },
      ],
    ],
    ['off shift (17:00): nothing, even never seen', at('17:00'), undefined, []],
  ])('%s', (_name, now, p, expected) => {
    expect(flagsFor('morning', now, p)).toEqual(expected);
  });
});

describe('adherenceFlags() on a night shift across midnight (22:00–06:00)', () => {
  it.each<[string, number, P | undefined, Omit<AdherenceFlag, 'staffId' | 'shift'>[]]>([
    ['signed in at 21:50 the evening before: nothing at 01:00', at('01:00', NEXT), { presence: at('21:50') }, []],
    ['signed in at 22:20: late 20 min, still so after midnight', at('01:00', NEXT), { presence: at('22:20') }, [{ kind: 'late', sinceMs: at('22:20'), minutes: 20 }]],
    ['never seen: absent since 22:00, 3 h at 01:00', at('01:00', NEXT), undefined, [{ kind: 'absent', sinceMs: at('22:00'), minutes: 180 }]],
    ['left at 06:00 yesterday morning: absent tonight', at('23:00'), { in: false, presence: at('06:00'), reason: 'shift-end', firstIn: at('21:50', PREV) }, [{ kind: 'absent', sinceMs: at('22:00'), minutes: 60 }]],
    ['shift-end sign-out at 05:30: early by 30 min', at('05:45', NEXT), { in: false, presence: at('05:30', NEXT), reason: 'shift-end', firstIn: at('21:50') }, [{ kind: 'early-sign-out', sinceMs: at('05:30', NEXT), minutes: 30 }]],
    ['meal from 02:00 to past 02:45: meal over', at('02:50', NEXT), { in: false, presence: at('02:00', NEXT), reason: 'meal', firstIn: at('21:50') }, [{ kind: 'meal-over', sinceMs: at('02:00', NEXT), minutes: 50 }]],
    ['06:00: the shift is over, nothing', at('06:00', NEXT), undefined, []],
  ])('%s', (_name, now, p, expected) => {
    expect(flagsFor('late-night', now, p)).toEqual(expected);
  });
});

describe('adherenceFlags() across the roster', () => {
  it('judges only staff with a known home shift that is on now, most pressing first', () => {
    const roster = {
      staff: [staff('1001', 'morning'), staff('1002', 'morning'), staff('1003', 'evening'), staff('1004'), staff('1005', 'no-such-shift'), staff('1006', 'morning')],
      shifts: SHIFTS,
    };
    const presences = [presence('1002', { presence: at('08:40') }), presence('1006', { in: false, presence: at('09:30'), firstIn: at('07:50') })];
    const flags = adherenceFlags({ now: at('10:00'), timeZone: TZ, roster, presences });
    expect(flags.map((f) => [f.staffId, f.kind, f.shift, f.minutes])).toEqual([
      ['1001', 'absent', 'morning', 120],
      ['1002', 'late', 'morning', 40],
      ['1006', 'off-post', 'morning', 30],
    ]);
  });

  it('reads shifts in the site\'s zone, not the server\'s', () => {
    const roster = { staff: [staff('1001', 'morning')], shifts: SHIFTS };
    const now = Date.parse('2026-03-10T01:00:00Z');
    expect(adherenceFlags({ now, timeZone: 'Asia/Shanghai', roster, presences: [] }).map((f) => f.kind)).toEqual(['absent']);
    expect(adherenceFlags({ now, timeZone: 'Europe/Berlin', roster, presences: [] })).toEqual([]);
  });

  const events: FloorEvent[] = [
    { id: 'a', type: 'agent.signed_in', at: new Date(at('07:50')).toISOString(), staffId: '1001', seatId: 'IN-1' },
    { id: 'b', type: 'agent.signed_out', at: new Date(at('12:00')).toISOString(), staffId: '1001', reason: 'meal' },
    { id: 'c', type: 'agent.signed_in', at: new Date(at('12:40')).toISOString(), staffId: '1001', seatId: 'IN-2' },
    { id: 'd', type: 'agent.signed_out', at: new Date(at('13:00')).toISOString(), staffId: '1001', reason: 'shift-end' },
    { id: 'e', type: 'agent.signed_in', at: new Date(at('13:10')).toISOString(), staffId: '1001', seatId: 'IN-2' },
  ];
  /** Flags at `now` after the first `count` events went through the real floor reducer. */
  const flagsAfter = (count: number, now: number) => {
    const s = emptyFloorState();
    for (const e of events.slice(0, count)) applyEvent(s, e, { serviceLevelSeconds: 20 });
    return adherenceFlags({ now, timeZone: TZ, roster: { staff: [staff('1001', 'morning')], shifts: SHIFTS }, presences: Object.values(s.staff) }).map((f) => [f.kind, f.minutes]);
  };

  it('follows the floor reducer: an overlong meal, then back at a new seat in the same stint (not late), then an early shift-end sign-out', () => {
    expect(flagsAfter(2, at('12:50'))).toEqual([['meal-over', 50]]);
    expect(flagsAfter(3, at('12:50'))).toEqual([]);
    expect(flagsAfter(4, at('13:05'))).toEqual([['early-sign-out', 180]]);
  });

  it('starts a new stint on signing in after a shift-end sign-out, so that stint began late', () => {
    expect(flagsAfter(5, at('13:15'))).toEqual([['late', 310]]);
  });
});

describe('adherenceFlags() when the floor began listening mid-shift', () => {
  const late = (firstIn: number, observedSinceMs: number) =>
    adherenceFlags({
      now: at('11:00'),
      timeZone: TZ,
      roster: { staff: [staff('1001', 'morning')], shifts: SHIFTS },
      presences: [{ staffId: '1001', signedIn: true, seatId: 'IN-1', presenceAtMs: firstIn, signOutReason: null, activity: 'available', activityAtMs: firstIn, firstInAtMs: firstIn }],
      observedSinceMs,
    }).map((f) => f.kind);

  it.each([
    ['already in when the floor started at 10:30: not judged late', at('10:30'), at('10:30'), []],
    ['arrived 10:45, after the floor started at 10:30: late', at('10:45'), at('10:30'), ['late']],
    ['floor listening since 07:00, arrived 08:20: late', at('08:20'), at('07:00'), ['late']],
  ])('%s', (_name, firstIn, observed, expected) => {
    expect(late(firstIn, observed)).toEqual(expected);
  });
});
