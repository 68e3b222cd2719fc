/** Which shift is on now, in site-local time. */
import type { Shift } from '../roster.js';
import { addDays, dayStart, hhmmToMinutes, localDayKey, localParts } from '../time.js';

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

export interface ShiftInstance {
  /** `YYYY-MM-DD/name`, the day being the local day the shift starts on. */
  key: string;
  name: string;
  night: boolean;
  startMs: number;
  endMs: number;
}

/** Epoch ms of local `minutes` after the start of `day` (minutes may pass 1440). */
function atLocalMinute(day: string, minutes: number, timeZone: string): number {
  const whole = Math.floor(minutes / 1440);
  const d = addDays(day, whole);
  const start = dayStart(d, timeZone);
  const rest = minutes - whole * 1440;
  // Walk forward in real minutes from the day's start; across a DST jump this lands on the
  // wall-clock time or just after it.
  return start + rest * 60_000 - (localParts(start, timeZone).hour * 60 + localParts(start, timeZone).minute) * 60_000;
}

/**
 * The shift on duty at `now` as a dated instance (its log, its handover), or null.
 * @example shiftInstanceAt(DEFAULT_SHIFTS, Date.parse('2026-01-01T19:00:00Z'), 'Asia/Shanghai')?.key // '2026-01-02/night'
 */
export function shiftInstanceAt(shifts: Shift[], now: number, timeZone: string): ShiftInstance | null {
  const shift = currentShift(shifts, now, timeZone);
  if (!shift) return null;
  const p = localParts(now, timeZone);
  const minutes = p.hour * 60 + p.minute;
  const start = hhmmToMinutes(shift.start);
  const end = hhmmToMinutes(shift.end);
  const today = localDayKey(now, timeZone);
  const startDay = start <= end || minutes >= start ? today : addDays(today, -1);
  const length = start < end ? end - start : end + 1440 - start;
  return {
    key: `${startDay}/${shift.name}`,
    name: shift.name,
    night: shift.night,
    startMs: atLocalMinute(startDay, start, timeZone),
    endMs: atLocalMinute(startDay, start + length, timeZone),
  };
}
