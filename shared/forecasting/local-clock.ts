/**
 * A fast site-local clock for bulk work (re-bucketing a year of history): the zone's UTC
 * offsets over a range are found once with a few hundred `Intl` calls, then every lookup is a
 * binary search. `shared/time.ts` asks `Intl` on every call, which is right for a handful of
 * timestamps and far too slow for 100,000 of them. Pure.
 */
import { zoneOffsetMinutes } from '../time.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export interface LocalClock {
  /** Offset of the zone from UTC at `epochMs`, in minutes (local − UTC). */
  offsetMinutes(epochMs: number): number;
  /**
   * Local wall-clock minutes since 1970-01-01 00:00 local at `epochMs` (fractional minutes
   * kept). `Math.floor(m / 1440)` is the local day number.
   * @example localClock('Asia/Shanghai', 0, 1).localMinutes(0) // 480
   */
  localMinutes(epochMs: number): number;
}

/**
 * A clock for `timeZone`, exact within `[fromMs, toMs]` (and correct outside it too, just slow).
 * Offsets are sampled every 12 hours and each change is pinned to the minute by bisection, so
 * two changes less than 12 hours apart would be missed: no zone has ever had them.
 */
export function localClock(timeZone: string, fromMs: number, toMs: number): LocalClock {
  const lo = Math.floor(fromMs / HOUR_MS) * HOUR_MS - DAY_MS;
  const hi = Math.ceil(toMs / HOUR_MS) * HOUR_MS + DAY_MS;
  const changesAt: number[] = [lo];
  const offsets: number[] = [zoneOffsetMinutes(lo, timeZone)];
  const step = 12 * HOUR_MS;
  for (let t = lo; t < hi; t += step) {
    const next = Math.min(hi, t + step);
    const before = offsets[offsets.length - 1]!;
    const after = zoneOffsetMinutes(next, timeZone);
    if (after === before) continue;
    // The change lies in (t, next]: find the first minute with the new offset.
    let a = t;
    let b = next;
    while (b - a > MINUTE_MS) {
      const mid = a + Math.floor((b - a) / 2 / MINUTE_MS) * MINUTE_MS;
      if (zoneOffsetMinutes(mid, timeZone) === before) a = mid;
      else b = mid;
    }
    changesAt.push(b);
    offsets.push(after);
  }
  const offsetMinutes = (epochMs: number): number => {
    if (epochMs < lo || epochMs > hi) return zoneOffsetMinutes(epochMs, timeZone);
    let a = 0;
    let b = changesAt.length - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (changesAt[mid]! <= epochMs) a = mid;
      else b = mid - 1;
    }
    return offsets[a]!;
  };
  return { offsetMinutes, localMinutes: (epochMs) => epochMs / MINUTE_MS + offsetMinutes(epochMs) };
}
