/**
 * The shift plan (排班): who works which shift on which day, and the leave a team lead enters
 * (病事假). Types, zod schemas and the calendar arithmetic the checks and attendance share.
 * Pure: no I/O, no clock.
 *
 * A plan entry's `date` is the site-local day the shift **starts** on, so a 22:00–06:00 shift
 * dated 2026-03-10 runs from the 10th 22:00 to the 11th 06:00 (the same convention as the
 * shift log's `YYYY-MM-DD/name` keys). A person has at most one shift a day; a day without an
 * entry is a day off.
 */
import { z } from 'zod';
import type { Shift, Staff } from '../roster.js';
import { addDays, dayStart, hhmmToMinutes, zoneOffsetMinutes } from '../time.js';
import { LEAVE_KINDS } from '../vocabulary.js';
import { isBillingDay, monthDays, monthOf } from '../calendar.js';

const MINUTE_MS = 60_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * True for a real calendar day written `YYYY-MM-DD`.
 * @example isDay('2026-02-29') // false (2026 is not a leap year)
 */
export function isDay(text: string): boolean {
  if (!DATE_RE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** True for a month written `YYYY-MM`. */
export function isMonth(text: string): boolean {
  return MONTH_RE.test(text);
}

export const daySchema = z.string().refine(isDay, 'must be a calendar day YYYY-MM-DD');
export const monthSchema = z.string().refine(isMonth, 'must be a month YYYY-MM');

export { isBillingDay, monthDays, monthOf };


/** One cell of the plan: `staffId` works `shift` (a roster shift name) starting on `date`. */
export interface PlanEntry {
  date: string;
  staffId: string;
  shift: string;
}

/**
 * A plan entry checked against the roster: the person must be on it and the shift one of its
 * shifts; with `month`, the date must fall in that month.
 */
export function planEntrySchema(roster: { staffIds: ReadonlySet<string>; shiftNames: readonly string[] }, month?: string) {
  const names = roster.shiftNames.join(', ') || 'none';
  return z.strictObject({
    date: month === undefined ? daySchema : daySchema.refine((d) => monthOf(d) === month, `must be in ${month}`),
    staffId: z
      .string()
      .min(1)
      .max(128)
      .refine((id) => roster.staffIds.has(id), 'not on the roster'),
    shift: z
      .string()
      .min(1)
      .max(64)
      .refine((name) => roster.shiftNames.includes(name), `no such shift; the roster has ${names}`),
  });
}

export { LEAVE_KINDS };
export type LeaveKind = (typeof LEAVE_KINDS)[number];

/** Sick or personal leave (病假 / 事假) for one person on one day: that day's planned shift is excused. */
export interface Leave {
  /** `<date>~<random>`: the month can be read from it. */
  id: string;
  date: string;
  staffId: string;
  kind: LeaveKind;
  note: string | null;
  /** Username of the team lead (or above) who entered it. */
  createdBy: string;
  /** ISO 8601. */
  createdAt: string;
}

export const leaveInputSchema = z.strictObject({
  date: daySchema,
  staffId: z.string().min(1).max(128),
  kind: z.enum(LEAVE_KINDS),
  note: z.string().max(500).optional(),
});
export type LeaveInput = z.infer<typeof leaveInputSchema>;

/** The month a leave id belongs to, or null when the id is not one of ours. */
export function leaveMonth(id: string): string | null {
  const m = /^(\d{4}-\d{2})-\d{2}~[\w-]{4,40}$/.exec(id);
  return m && isMonth(m[1]!) ? m[1]! : null;
}

/** The plan of one month as stored and served. */
export interface PlanMonth {
  month: string;
  entries: PlanEntry[];
  leaves: Leave[];
}

/** What `GET /api/v1/plan` answers: the month's entries and what the grid needs around them. */
export interface PlanView {
  month: string;
  timeZone: string;
  days: string[];
  holidays: string[];
  entries: PlanEntry[];
  staff: Pick<Staff, 'staffId' | 'name' | 'role' | 'shift'>[];
  shifts: Shift[];
}

/**
 * Epoch ms of the local wall-clock time `minutes` after midnight of `day` in `timeZone`
 * (`minutes` may pass 1440: the next day). Across a DST change it lands on the wall-clock time.
 * @example localTimeMs('2026-03-10', 8 * 60, 'Asia/Shanghai') // Date.parse('2026-03-10T08:00:00+08:00')
 */
export function localTimeMs(day: string, minutes: number, timeZone: string): number {
  const whole = Math.floor(minutes / 1440);
  const start = dayStart(addDays(day, whole), timeZone);
  const guess = start + (minutes - whole * 1440) * MINUTE_MS;
  return guess + (zoneOffsetMinutes(start, timeZone) - zoneOffsetMinutes(guess, timeZone)) * MINUTE_MS;
}

/** A planned shift on a date, as instants. */
export interface PlannedShift extends PlanEntry {
  startMs: number;
  endMs: number;
  night: boolean;
}

/**
 * The instants of a plan entry's shift. A shift whose end is not after its start wraps midnight
 * (`22:00`–`06:00`); `24:00` is the next midnight; equal start and end is a 24-hour shift.
 * Null when the roster has no such shift.
 * @example plannedShift({ date: '2026-03-10', staffId: '1001', shift: 'night' }, [{ name: 'night', start: '22:00', end: '06:00', night: true }], 'Asia/Shanghai')
 * // → { …, startMs: <03-10 22:00 +08:00>, endMs: <03-11 06:00 +08:00>, night: true }
 */
export function plannedShift(entry: PlanEntry, shifts: readonly Shift[], timeZone: string): PlannedShift | null {
  const shift = shifts.find((s) => s.name === entry.shift);
  if (!shift) return null;
  const start = hhmmToMinutes(shift.start);
  let end = hhmmToMinutes(shift.end);
  if (end <= start) end += 1440;
  return { ...entry, startMs: localTimeMs(entry.date, start, timeZone), endMs: localTimeMs(entry.date, end, timeZone), night: shift.night };
}

/** Sorts entries by date, then staff ID (numeric-aware), for stable files and answers. */
export function sortEntries<T extends { date: string; staffId: string }>(entries: T[]): T[] {
  return entries.sort((a, b) => a.date.localeCompare(b.date) || a.staffId.localeCompare(b.staffId, 'en', { numeric: true }));
}
