/**
 * Wall-clock times typed by a supervisor, read in the site's zone (never the browser's).
 * Pure: every function takes the clock and the zone.
 */
import { addDays, hhmmToMinutes, isoInZone, localDayKey, localParts, zoneOffsetMinutes } from '../../../../shared/time.js';

const MINUTE_MS = 60_000;
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The instant the site's clock reads `hhmm` on site day `dayKey`. A time a DST jump skips
 * (02:30 when clocks go from 02:00 to 03:00) reads as that much later (03:30).
 * @example siteTimeOn('2026-01-01', '14:30', 'Asia/Shanghai') // Date.parse('2026-01-01T06:30:00Z')
 */
export function siteTimeOn(dayKey: string, hhmm: string, timeZone: string): number {
  const [y, m, d] = dayKey.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d) + hhmmToMinutes(hhmm) * MINUTE_MS;
  // The offset at the guess can differ from the offset at the answer across a DST change: twice.
  const first = asUtc - zoneOffsetMinutes(asUtc, timeZone) * MINUTE_MS;
  return asUtc - zoneOffsetMinutes(first, timeZone) * MINUTE_MS;
}

/**
 * The next time after `nowMs` the site's clock reads `hhmm` (today, or else tomorrow), as epoch
 * ms and as ISO 8601 with the site's offset; null for text that is not `HH:MM`.
 */
export function nextSiteTime(hhmm: string, nowMs: number, timeZone: string): { ms: number; iso: string; tomorrow: boolean } | null {
  if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(hhmm)) return null;
  const today = localDayKey(nowMs, timeZone);
  let ms = siteTimeOn(today, hhmm, timeZone);
  const tomorrow = ms <= nowMs;
  if (tomorrow) ms = siteTimeOn(addDays(today, 1), hhmm, timeZone);
  return { ms, iso: isoInZone(ms, timeZone), tomorrow };
}

/** `HH:MM` on the site's clock `hours` from now, rounded up to the half hour: a sensible default end. */
export function defaultEnd(nowMs: number, timeZone: string, hours = 2): string {
  const p = localParts(nowMs + hours * 3600_000, timeZone);
  const minutes = Math.ceil((p.hour * 60 + p.minute) / 30) * 30;
  return `${pad2(Math.floor(minutes / 60) % 24)}:${pad2(minutes % 60)}`;
}
