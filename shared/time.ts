/**
 * Site-time-zone arithmetic. Intervals and days are in the site's zone (SPEC "Floor model"),
 * never the server's accidental `TZ`. Pure: uses only `Intl`, available in Node and browsers.
 */

const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall-clock reading in `timeZone` at `epochMs`. */
export function localParts(epochMs: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  };
}

/**
 * Offset of `timeZone` from UTC at `epochMs`, in minutes (local − UTC).
 * @example zoneOffsetMinutes(Date.parse('2026-01-01T00:00:00Z'), 'Asia/Shanghai') // 480
 */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / MINUTE_MS);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The site-local calendar day containing `epochMs`, as `YYYY-MM-DD`.
 * @example localDayKey(Date.parse('2026-01-01T17:00:00Z'), 'Asia/Shanghai') // '2026-01-02'
 */
export function localDayKey(epochMs: number, timeZone: string): string {
  const p = localParts(epochMs, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** `YYYY-MM-DD` shifted by `days` calendar days. */
export function addDays(dayKey: string, days: number): string {
  const [y, m, d] = dayKey.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The first instant of the site-local day `dayKey` (usually local midnight). */
export function dayStart(dayKey: string, timeZone: string): number {
  const [y, m, d] = dayKey.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - zoneOffsetMinutes(guess, timeZone) * MINUTE_MS;
  t = guess - zoneOffsetMinutes(t, timeZone) * MINUTE_MS;
  if (localDayKey(t, timeZone) === dayKey && localDayKey(t - 1, timeZone) !== dayKey) return t;
  // Midnight itself does not exist (a DST jump at 00:00): find the day's first quarter-hour.
  for (let probe = t - 3 * 60 * MINUTE_MS; probe <= t + 3 * 60 * MINUTE_MS; probe += 15 * MINUTE_MS) {
    if (localDayKey(probe, timeZone) === dayKey) return probe;
  }
  return t;
}

/**
 * Start of the site-local interval of `intervalMinutes` (15, 30 or 60) containing `epochMs`.
 * Works across DST changes because it subtracts the local time elapsed in the interval.
 */
export function intervalStart(epochMs: number, timeZone: string, intervalMinutes: number): number {
  const p = localParts(epochMs, timeZone);
  const msIntoSecond = ((epochMs % 1000) + 1000) % 1000;
  const minutesInto = (p.hour * 60 + p.minute) % intervalMinutes;
  return epochMs - minutesInto * MINUTE_MS - p.second * 1000 - msIntoSecond;
}

export interface DayInterval {
  startMs: number;
  endMs: number;
  /** Local wall-clock start, `HH:MM` (repeats once on a 25-hour day). */
  label: string;
}

/**
 * The intervals of a site-local day: 48 of 30 minutes on an ordinary day, 46 on a 23-hour
 * day and 50 on a 25-hour day.
 */
export function dayIntervals(dayKey: string, timeZone: string, intervalMinutes: number): DayInterval[] {
  const start = dayStart(dayKey, timeZone);
  const end = dayStart(addDays(dayKey, 1), timeZone);
  const out: DayInterval[] = [];
  let t = start;
  while (t < end) {
    const next = Math.min(end, intervalStart(t + intervalMinutes * MINUTE_MS, timeZone, intervalMinutes));
    const p = localParts(t, timeZone);
    out.push({ startMs: t, endMs: next > t ? next : t + intervalMinutes * MINUTE_MS, label: `${pad(p.hour)}:${pad(p.minute)}` });
    t = next > t ? next : t + intervalMinutes * MINUTE_MS;
  }
  return out;
}

/**
 * ISO 8601 in the site's zone with its offset.
 * @example isoInZone(Date.parse('2026-03-29T01:00:00Z'), 'Europe/Berlin') // '2026-03-29T03:00:00+02:00'
 */
export function isoInZone(epochMs: number, timeZone: string): string {
  const p = localParts(epochMs, timeZone);
  const off = zoneOffsetMinutes(epochMs, timeZone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Minutes since local midnight for an `HH:MM` string (`24:00` is 1440). */
export function hhmmToMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
