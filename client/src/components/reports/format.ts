/** Number and day formatting for the reports view. Pure. */
import type { Lang } from '../../i18n/index.js';

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, decimals: number, fixed: boolean): Intl.NumberFormat {
  const key = `${lang}|${decimals}|${fixed}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(lang, { maximumFractionDigits: decimals, minimumFractionDigits: fixed ? decimals : 0 })));
  return f;
}

/**
 * A figure for a table cell: grouped, at most `decimals` places (exactly, when `fixed`);
 * '–' for null.
 * @example fmtNumber(1234.56, 'en') // '1,234.6'
 * @example fmtNumber(22, 'en', 1, true) // '22.0'
 */
export function fmtNumber(value: number | null | undefined, lang: Lang, decimals = 1, fixed = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const text = numberFormat(lang, decimals, fixed).format(value);
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/** Calls per day: whole calls (imported rows spread over buckets may leave fractions). */
export function fmtCalls(value: number | null | undefined, lang: Lang): string {
  return fmtNumber(value, lang, 0);
}

/** Staff and per-staff figures: always one decimal, so a column lines up. */
export function fmtStaff(value: number | null | undefined, lang: Lang): string {
  return fmtNumber(value, lang, 1, true);
}

/**
 * A ratio as a percentage with one decimal; `signed` adds + to positive values.
 * @example fmtPct(-0.125, 'en', true) // '−12.5%'
 */
export function fmtPct(ratio: number | null | undefined, lang: Lang, signed = false): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  const text = `${fmtNumber(Math.abs(ratio * 100), lang, 1, true)}%`;
  if (Math.abs(ratio) < 0.0005) return text;
  if (ratio < 0) return `−${text}`;
  return signed ? `+${text}` : text;
}

/** A signed whole count: +12 / −7 / 0. */
export function fmtSigned(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const text = fmtCalls(Math.abs(value), lang);
  return text === '0' ? '0' : value > 0 ? `+${text}` : `−${text}`;
}

/**
 * A month for people: `November 2026`, `2026年11月`.
 * @example monthName('2026-11', 'zh-CN') // '2026年11月'
 */
export function monthName(month: string, lang: Lang): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

const WEEKDAYS: Record<Lang, string[]> = {
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  'zh-CN': ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
};

/** The weekday of a calendar date `YYYY-MM-DD` (a date, so no zone is involved). */
export function weekday(day: string, lang: Lang): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[lang][new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? '';
}

/** The day of the month without a leading zero: the x labels of the charts. */
export function dayOfMonth(day: string): string {
  return String(Number(day.slice(8, 10)));
}
