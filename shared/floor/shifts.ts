/** Which shift is on now, in site-local time. */
import type { Shift } from '../roster.js';
import { hhmmToMinutes, localParts } from '../time.js';

/** True when local minute-of-day `minutes` falls in the shift (shifts may wrap midnight). */
export function shiftCovers(shift: Shift, minutes: number): boolean {
  const start = hhmmToMinutes(shift.start);
  const end = hhmmToMinutes(shift.end);
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * The shift on duty at `now` in `timeZone`, or null when none covers it.
 * @example currentShift(DEFAULT_SHIFTS, Date.parse('2026-01-01T19:00:00Z'), 'Asia/Shanghai')?.name // 'night' (03:00 local)
 */
export function currentShift(shifts: Shift[], now: number, timeZone: string): Shift | null {
  const p = localParts(now, timeZone);
  const minutes = p.hour * 60 + p.minute;
  return shifts.find((s) => shiftCovers(s, minutes)) ?? null;
}
