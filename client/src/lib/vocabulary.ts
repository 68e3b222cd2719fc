/**
 * Word lists and day helpers the consoles need at run time. The originals live in `shared/`
 * next to their zod schemas, and importing a value from those modules pulls all of zod
 * (about 25 KB gzip) into the console chunks. These copies are checked against the shared
 * types: a cause, reason or leave kind added in `shared/` and missing here is a type error.
 */
import type { Activity, SignOutReason } from '../../../shared/events.js';
import type { AttendanceKind } from '../../../shared/planning/attendance.js';
import type { LeaveKind } from '../../../shared/planning/plan.js';
import type { DeclaredCause } from '../../../shared/surge/types.js';

/** Every member of `T` is in the list (the list's own type already keeps it inside `T`). */
type Covers<T, L extends readonly T[]> = [Exclude<T, L[number]>] extends [never] ? L : never;

/** As `DECLARED_CAUSES` in shared/surge/types.ts. */
export const DECLARED_CAUSES: Covers<DeclaredCause, readonly ['system-fault', 'promotion', 'sms-campaign', 'billing-day', 'holiday']> = [
  'system-fault',
  'promotion',
  'sms-campaign',
  'billing-day',
  'holiday',
];

/** As `SIGN_OUT_REASONS` in shared/events.ts. */
export const SIGN_OUT_REASONS: Covers<SignOutReason, readonly ['meal', 'break', 'shift-end', 'other']> = ['meal', 'break', 'shift-end', 'other'];

/** As `PHONE_ACTIVITIES` in shared/events.ts: the activities that count as "on the phones". */
export const PHONE_ACTIVITIES: readonly Activity[] = ['available', 'on-call', 'wrap-up'];

/** As `LEAVE_KINDS` in shared/planning/plan.ts. */
export const LEAVE_KINDS: Covers<LeaveKind, readonly ['sick', 'personal']> = ['sick', 'personal'];

/** As `ATTENDANCE_KINDS` in shared/planning/attendance.ts, in the same (column) order. */
export const ATTENDANCE_KINDS: Covers<AttendanceKind, readonly ['late', 'earlyLeave', 'offPost', 'absent', 'overtime', 'sick', 'personal']> = [
  'late',
  'earlyLeave',
  'offPost',
  'absent',
  'overtime',
  'sick',
  'personal',
];

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Every calendar day of `month` (`YYYY-MM`), as `YYYY-MM-DD`; as `monthDays` in shared/planning/plan.ts.
 * @example monthDays('2026-02').length // 28
 */
export function monthDays(month: string): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${pad2(i + 1)}`);
}

/**
 * Billing days (出账日): days 1–3 of every month; as `isBillingDay` in shared/planning/plan.ts.
 * @example isBillingDay('2026-03-02') // true
 */
export function isBillingDay(day: string): boolean {
  return Number(day.slice(8, 10)) <= 3;
}
