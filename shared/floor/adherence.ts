/**
 * Attendance against the shift plan (SPEC "Shift handover log": late, early leave, off post,
 * absent), plus overlong breaks and meals, for the team lead's board. Pure: takes the roster,
 * what the floor knows of each person and `now`; no clock, no I/O.
 *
 * Only staff whose home shift (`Staff.shift`) is on at `now` are judged, against that shift's
 * dated instance in the site's zone (a shift may wrap midnight). Rules, with grace `g`, shift
 * start `S` and end `E`:
 * - **present this shift**: signed in now, or signed out at or after `S` (they were here);
 * - **absent**: not present, and `now` is past `S + g`;
 * - **late**: present, and the first sign-in of the current stint (`firstInAtMs`) is after
 *   `S + g` (a stint carried over from before the shift counts as on time);
 * - **early sign-out**: signed out with reason `shift-end` during the shift, before `E − g`;
 * - **off post**: signed out during the shift with reason `other` or none;
 * - **break over**: activity `break`, or signed out with reason `break`, for longer than the
 *   break allowance;
 * - **meal over**: signed out with reason `meal` for longer than the meal allowance.
 * A person can carry more than one flag (late, and now on an overlong break).
 */
import type { Roster, Shift } from '../roster.js';
import { shiftInstanceAt, type ShiftInstance } from './shifts.js';
import { currentActivity, type StaffPresence } from './state.js';

/** Flag kinds, most pressing first (the order flags are returned in). */
export const ADHERENCE_KINDS = ['absent', 'late', 'off-post', 'meal-over', 'break-over', 'early-sign-out'] as const;
export type AdherenceKind = (typeof ADHERENCE_KINDS)[number];

/** How much slack the rules allow, in minutes. */
export interface Allowances {
  /** Signing in up to this long after the shift starts is on time; also the early-leave slack. */
  lateGraceMinutes: number;
  /** Longest break (activity `break`, or signed out for a break). */
  breakMinutes: number;
  /** Longest meal (signed out for a meal). */
  mealMinutes: number;
}

/** The defaults the server uses until they become settings: 5 min grace, 15 min breaks, 45 min meals. */
export const DEFAULT_ALLOWANCES: Allowances = { lateGraceMinutes: 5, breakMinutes: 15, mealMinutes: 45 };

export interface AdherenceFlag {
  staffId: string;
  kind: AdherenceKind;
  /** The home shift the person is judged against. */
  shift: string;
  /**
   * The instant the flag is about (epoch ms): late → the sign-in; absent → the shift start;
   * early sign-out and off post → the sign-out; break and meal over → when the break or meal began.
   */
  sinceMs: number;
  /**
   * Whole minutes: late → after the shift start; absent → since the shift start; early sign-out →
   * before the shift end; off post, break and meal over → away (or on break) so far.
   */
  minutes: number;
}

export interface AdherenceInput {
  /** Epoch ms. */
  now: number;
  /** The site's IANA zone: shifts are in its wall-clock time. */
  timeZone: string;
  roster: Pick<Roster, 'staff' | 'shifts'>;
  /** What the floor holds per person (`FloorService.presences()`); people never seen are absent. */
  presences: StaffPresence[];
  allowances?: Allowances;
  /**
   * When the floor began hearing events (epoch ms). Someone already signed in when it began
   * may have arrived on time: lateness is only judged from what was seen.
   */
  observedSinceMs?: number;
}

const MINUTE_MS = 60_000;
const wholeMinutes = (ms: number) => Math.max(0, Math.floor(ms / MINUTE_MS));

/**
 * The instance of `shift` (alone, whatever else the roster has) that `now` falls in, or null
 * when it is not on.
 * @example homeShiftAt({ name: 'night', start: '22:00', end: '06:00', night: true }, Date.parse('2026-03-10T19:00:00Z'), 'Asia/Shanghai')?.key // '2026-03-10/night' (03:00 local on the 11th)
 */
export function homeShiftAt(shift: Shift, now: number, timeZone: string): ShiftInstance | null {
  return shiftInstanceAt([shift], now, timeZone);
}

/**
 * Attendance flags at `now` for every rostered person whose home shift is on.
 * @example
 * // Morning shift 08:00–16:00 Shanghai; 1001 first signed in at 08:12 local, grace 5 min:
 * adherenceFlags({ now, timeZone: 'Asia/Shanghai', roster, presences })
 * // → [{ staffId: '1001', kind: 'late', shift: 'morning', sinceMs: <08:12>, minutes: 12 }]
 */
export function adherenceFlags(input: AdherenceInput): AdherenceFlag[] {
  const { now, timeZone, roster, presences } = input;
  const allow = input.allowances ?? DEFAULT_ALLOWANCES;
  const graceMs = allow.lateGraceMinutes * MINUTE_MS;
  const shifts = new Map(roster.shifts.map((s) => [s.name, s]));
  const byId = new Map(presences.map((p) => [p.staffId, p]));
  const instances = new Map<string, ShiftInstance | null>();
  const flags: AdherenceFlag[] = [];

  for (const person of roster.staff) {
    const shift = person.shift === undefined ? undefined : shifts.get(person.shift);
    if (!shift) continue;
    if (!instances.has(shift.name)) instances.set(shift.name, homeShiftAt(shift, now, timeZone));
    const instance = instances.get(shift.name);
    if (!instance) continue;
    const flag = (kind: AdherenceKind, sinceMs: number, minutes: number) => flags.push({ staffId: person.staffId, kind, shift: shift.name, sinceMs, minutes });
    const p = byId.get(person.staffId);
    if (!p || !(p.signedIn || p.presenceAtMs >= instance.startMs)) {
      if (now > instance.startMs + graceMs) flag('absent', instance.startMs, wholeMinutes(now - instance.startMs));
      continue;
    }
    const seenArriving = input.observedSinceMs === undefined || p.firstInAtMs > input.observedSinceMs + graceMs || input.observedSinceMs <= instance.startMs + graceMs;
    if (p.firstInAtMs > instance.startMs + graceMs && seenArriving) flag('late', p.firstInAtMs, wholeMinutes(p.firstInAtMs - instance.startMs));

    if (p.signedIn) {
      const { activity, sinceMs } = currentActivity(p);
      if (activity === 'break' && now - sinceMs > allow.breakMinutes * MINUTE_MS) flag('break-over', sinceMs, wholeMinutes(now - sinceMs));
      continue;
    }
    const awayMs = now - p.presenceAtMs;
    switch (p.signOutReason) {
      case 'shift-end':
        if (p.presenceAtMs < instance.endMs - graceMs) flag('early-sign-out', p.presenceAtMs, wholeMinutes(instance.endMs - p.presenceAtMs));
        break;
      case 'break':
        if (awayMs > allow.breakMinutes * MINUTE_MS) flag('break-over', p.presenceAtMs, wholeMinutes(awayMs));
        break;
      case 'meal':
        if (awayMs > allow.mealMinutes * MINUTE_MS) flag('meal-over', p.presenceAtMs, wholeMinutes(awayMs));
        break;
      default:
        flag('off-post', p.presenceAtMs, wholeMinutes(awayMs));
    }
  }

  const rank = (k: AdherenceKind) => ADHERENCE_KINDS.indexOf(k);
  return flags.sort((a, b) => rank(a.kind) - rank(b.kind) || b.minutes - a.minutes || a.staffId.localeCompare(b.staffId, 'en', { numeric: true }));
}
