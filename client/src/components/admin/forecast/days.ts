/** How the forecast generator words days. */
import type { Translate } from '../../../i18n/index.js';

/** Days as a list (up to two) or a range with the count: "2026-12-01 – 2026-12-31 (31 days)". */
export function describeDays(t: Translate, days: readonly string[]): string {
  if (days.length <= 2) return days.join(', ') || '—';
  return t('admin.gen.dayRange', { first: days[0]!, last: days[days.length - 1]!, count: days.length });
}

/** A day with its short weekday in `lang`: "2026-11-27 Fri", "2026-11-27 周五". */
export function dayWithWeekday(day: string, lang: string): string {
  const weekday = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' }).format(Date.parse(`${day}T00:00:00Z`));
  return `${day} ${weekday}`;
}
