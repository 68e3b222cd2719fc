/** How the plan page words shifts, days, minutes and failed requests. */
import type { Shift } from '../../../../shared/roster.js';
import { translateOr, type MessageKey, type Translate } from '../../i18n/index.js';
import type { Failure } from './plan-state.svelte.js';

/** A shift's name as people say it (`shift.morning` → 早班), or the roster's own name. */
export function shiftLabel(t: Translate, name: string): string {
  return translateOr(t, `shift.${name}`, name);
}

/**
 * One- or two-character codes for the grid's cells (早 / 中 / 夜, or M / E / N), lengthened
 * until every shift's code is different.
 */
export function shiftCodes(t: Translate, shifts: readonly Shift[]): Map<string, string> {
  const labels = shifts.map((s) => [...shiftLabel(t, s.name)]);
  for (let width = 1; width <= 4; width++) {
    const codes = labels.map((chars) => chars.slice(0, width).join('').toUpperCase());
    if (new Set(codes).size === codes.length) return new Map(shifts.map((s, i) => [s.name, codes[i]!]));
  }
  return new Map(shifts.map((s) => [s.name, s.name]));
}

const weekdayFormats = new Map<string, Intl.DateTimeFormat>();

/** The narrow weekday of a calendar day (一 / M), the same in every zone. */
export function weekdayOf(day: string, lang: string): string {
  let f = weekdayFormats.get(lang);
  if (!f) weekdayFormats.set(lang, (f = new Intl.DateTimeFormat(lang, { weekday: 'narrow', timeZone: 'UTC' })));
  return f.format(new Date(`${day}T12:00:00Z`));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayIndex(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

/**
 * Whole minutes in words: `m min` under an hour, `h h` or `h h mm` from an hour up.
 * @example duration(t, 75) // '1 h 15' (en), '1 小时 15 分' (zh-CN)
 */
export function duration(t: Translate, minutes: number): string {
  if (minutes < 60) return t('plan.minutes', { n: minutes });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? t('plan.hours', { h }) : t('plan.hoursMinutes', { h, m: String(m).padStart(2, '0') });
}

const CODES = ['validation', 'conflict', 'forbidden', 'not_found', 'unauthorized', 'network'] as const;

/** A translated summary of a failed request, with the server's message when there are no issues to list. */
export function failureText(t: Translate, f: Failure): string {
  const summary = (CODES as readonly string[]).includes(f.code) ? t(`plan.error.${f.code}` as MessageKey) : t('plan.error.other');
  return f.issues.length === 0 && f.message ? `${summary} (${f.message})` : summary;
}
