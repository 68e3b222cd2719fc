/** Number and time formatting for the wall. Pure; every function takes its clock as input. */

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Seconds as `m:ss` (minutes grow past 59).
 * @example minSec(161) // '2:41'
 */
export function minSec(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  return `${Math.floor(s / 60)}:${pad2(s % 60)}`;
}

/**
 * Time in a state: `m:ss` under an hour, `h` + `mm` after (`1h05`), so an hour is never
 * mistaken for a minute.
 * @example timeInState(65) // '1:05'
 * @example timeInState(3900) // '1h05'
 */
export function timeInState(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 3600) return minSec(s);
  return `${Math.floor(s / 3600)}h${pad2(Math.floor((s % 3600) / 60))}`;
}

/**
 * A ratio as a whole percentage, or an em dash for null.
 * @example percent(0.8149) // '81%'
 */
export function percent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${Math.round(ratio * 100)}%`;
}

const clockFormatters = new Map<string, Intl.DateTimeFormat>();

/** `HH:MM:SS` (or `HH:MM`) of `epochMs` in the site's zone, never the browser's. */
export function siteClock(epochMs: number, timeZone: string, withSeconds = true): string {
  const key = `${timeZone}|${withSeconds}`;
  let f = clockFormatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hourCycle: 'h23',
        hour: '2-digit',
        minute: '2-digit',
        ...(withSeconds ? { second: '2-digit' } : {}),
      });
    } catch {
      f = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
    }
    clockFormatters.set(key, f);
  }
  return f.format(new Date(epochMs));
}

/** Whole seconds from an ISO instant to `nowMs` (0 if in the future or unparsable). */
export function secondsSince(iso: string | null, nowMs: number): number {
  if (!iso) return 0;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? Math.max(0, Math.floor((nowMs - t) / 1000)) : 0;
}

/**
 * How old something is, for people: `12 s` (or `12 秒`) under a minute, then `m:ss`, then `1h05`.
 * `secondsText` renders the under-a-minute case in the viewer's language.
 */
export function ageText(ms: number, secondsText: (n: number) => string): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? secondsText(s) : timeInState(s);
}
