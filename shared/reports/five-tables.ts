/**
 * The five tables (五表) of SPEC "Forecast, capacity and the five tables", for a month M
 * ("this month") and the month before it ("last month"), per site-local day. Pure: the
 * history, the forecast, the settings and `now` come in; the tables come out.
 *
 * Terms used by every table:
 * - **staffed** (average staff on the phones) of an interval = staff-seconds on the phones in
 *   it / its elapsed seconds; of a day = the day's staff-seconds / its elapsed seconds (see
 *   {@link historyDay}). Unknown (null) for days the floor did not observe.
 * - **staff-hours** of a day = staff-seconds on the phones / 3600 = Σ over the day's hours of
 *   the average staff on the phones in that hour.
 * - **forecast offered** of a day = Σ forecast `offered` of every queue over intervals that
 *   start that day; null when the forecast has no interval that day.
 * - **actual** figures of a day are null while the day is still to come, or when nothing was
 *   observed or imported for it.
 */
import { z } from 'zod';
import type { ForecastInterval } from '../roster.js';
import { requiredStaff } from '../staffing/erlang.js';
import { dayIntervals, intervalStart, localDayKey } from '../time.js';
import type { DayStatus, HistoryDay } from './history.js';
import { monthDays } from '../calendar.js';

/** `YYYY-MM`, a calendar month. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The month before `month`.
 * @example previousMonth('2026-01') // '2025-12'
 */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${pad2(m - 1)}`;
}

export { monthDays };

/** The `HH:MM` start of each slot of an ordinary day: 48 for 30-minute intervals. */
export function daySlots(intervalMinutes: number): string[] {
  const out: string[] = [];
  for (let m = 0; m < 1440; m += intervalMinutes) out.push(`${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`);
  return out;
}

/** Targets the planned staff is computed against (the site's settings). */
export interface StaffingTargets {
  /** Service-level target, 0–1. */
  targetServiceLevel: number;
  /** T of the service level, seconds. */
  targetAnswerSeconds: number;
  /** Occupancy cap, 0–1. */
  maxOccupancy: number;
}

export interface FiveTablesInput {
  /** "This month", `YYYY-MM`; "last month" is the one before. */
  month: string;
  timeZone: string;
  /** The site interval: 15, 30 or 60 minutes. */
  intervalMinutes: number;
  /** The report's clock: days after it are still to come. */
  now: number;
  /** History of the days of both months (a day left out counts as not observed). */
  history: readonly HistoryDay[];
  forecast: readonly ForecastInterval[];
  /** 忙时每员工每小时的最高接通量: most calls one agent connects in a busy hour. */
  busyHourCallsPerAgent: number;
  staffing: StaffingTargets;
}

interface DayRow {
  day: string;
  status: DayStatus;
}

/** Table 1 row: staffed per slot and the day's average. */
export interface StaffedSeatsRow extends DayRow {
  /** Average staff on the phones per slot of {@link FiveTables.slots}; null when unknown or not begun. */
  slots: (number | null)[];
  /** The day's average staff on the phones. */
  dailyAverage: number | null;
}

/** Table 2 row: forecast volume and the volume the staffed seats could support. */
export interface ForecastSupportRow extends DayRow {
  forecastOffered: number | null;
  staffHours: number | null;
  /** staff-hours × busy-hour calls per agent. */
  supportable: number | null;
}

/** Table 3 row: actual volume and what staff answered. */
export interface ActualHandledRow extends DayRow {
  offered: number | null;
  answered: number | null;
  abandoned: number | null;
  /** answered / offered. */
  answerRate: number | null;
}

/** Table 4 row: actual against forecast volume. */
export interface ActualForecastRow extends DayRow {
  actual: number | null;
  forecast: number | null;
  /** actual − forecast, in calls (negative when fewer came than forecast). */
  difference: number | null;
  /** (actual − forecast) / forecast; null when the forecast is 0 or unknown. */
  differencePct: number | null;
}

/** Table 5 row: calls handled per staff member, actual and forecast. */
export interface PerStaffRow extends DayRow {
  answered: number | null;
  /** The day's average staff on the phones (as table 1). */
  averageStaffed: number | null;
  /** answered / averageStaffed. */
  actualPerStaff: number | null;
  forecastOffered: number | null;
  /** Mean over the day's intervals of the required staff for the forecast (Erlang C). */
  plannedStaff: number | null;
  /** forecastOffered / plannedStaff. */
  forecastPerStaff: number | null;
}

export interface FiveTables {
  month: string;
  previousMonth: string;
  timeZone: string;
  intervalMinutes: number;
  busyHourCallsPerAgent: number;
  /** Slot labels of table 1's columns. */
  slots: string[];
  /** 1 — this month: staffed seats per day per slot, and the daily average. */
  staffedSeats: { rows: StaffedSeatsRow[]; monthAverage: number | null };
  /** 2 — this month: forecast volume per day, and supportable volume. */
  forecastVsSupportable: { rows: ForecastSupportRow[]; totals: { forecastOffered: number | null; staffHours: number | null; supportable: number | null } };
  /** 3 — last month: actual volume per day, and volume handled by staff. */
  actualVsHandled: { rows: ActualHandledRow[]; totals: { offered: number | null; answered: number | null; abandoned: number | null; answerRate: number | null } };
  /** 4 — last month: actual vs forecast volume per day; totals over the days that have both. */
  actualVsForecast: {
    rows: ActualForecastRow[];
    totals: { actual: number | null; forecast: number | null; difference: number | null; differencePct: number | null; meanAbsolutePctError: number | null };
  };
  /** 5 — last month: actual handled per staff member vs forecast handled per staff member. */
  handledPerStaff: { rows: PerStaffRow[]; averages: { actualPerStaff: number | null; forecastPerStaff: number | null } };
}

/** Σ of the non-null values, or null when all are null. */
function sum(values: (number | null)[]): number | null {
  let total: number | null = null;
  for (const v of values) if (v !== null) total = (total ?? 0) + v;
  return total;
}

/** Mean of the non-null values, or null when all are null. */
function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

const ratio = (num: number | null, den: number | null): number | null => (num !== null && den !== null && den > 0 ? num / den : null);

interface ForecastCell {
  offered: number;
  /** Σ offered × AHT, for the offered-weighted AHT. */
  handleSeconds: number;
}

/** Forecast offered and offered-weighted AHT per site interval start, for the given days. */
function forecastByInterval(forecast: readonly ForecastInterval[], days: Set<string>, timeZone: string, intervalMinutes: number): Map<number, ForecastCell> {
  const out = new Map<number, ForecastCell>();
  for (const f of forecast) {
    const t = Date.parse(f.start);
    if (!days.has(localDayKey(t, timeZone))) continue;
    const key = intervalStart(t, timeZone, intervalMinutes);
    const cell = out.get(key) ?? { offered: 0, handleSeconds: 0 };
    cell.offered += f.offered;
    cell.handleSeconds += f.offered * f.ahtSeconds;
    out.set(key, cell);
  }
  return out;
}

interface ForecastDay {
  offered: number | null;
  plannedStaff: number | null;
}

/**
 * A day's forecast offered, and its planned staff: the mean over the day's intervals of
 * `requiredStaff` (Erlang C on the interval's forecast offered and offered-weighted AHT,
 * against the site's service-level target, T and occupancy cap); an interval without
 * forecast calls (or with an AHT of 0) needs nobody.
 */
function forecastDay(day: string, cells: Map<number, ForecastCell>, input: FiveTablesInput): ForecastDay {
  const intervals = dayIntervals(day, input.timeZone, input.intervalMinutes);
  let offered: number | null = null;
  let staffSum = 0;
  for (const iv of intervals) {
    const cell = cells.get(iv.startMs);
    if (!cell) continue;
    offered = (offered ?? 0) + cell.offered;
    if (cell.offered <= 0 || cell.handleSeconds <= 0) continue;
    staffSum += requiredStaff({
      offered: cell.offered,
      intervalSeconds: (iv.endMs - iv.startMs) / 1000,
      ahtSeconds: cell.handleSeconds / cell.offered,
      ...input.staffing,
    }).staff;
  }
  return { offered, plannedStaff: offered === null || intervals.length === 0 ? null : staffSum / intervals.length };
}

/** Staffed per slot label; a label that repeats (the hour a DST change repeats) averages its intervals. */
function slotValues(h: HistoryDay | undefined, slots: string[]): (number | null)[] {
  if (!h) return slots.map(() => null);
  const byLabel = new Map<string, (number | null)[]>();
  for (const iv of h.intervals) byLabel.set(iv.label, [...(byLabel.get(iv.label) ?? []), iv.staffedOnPhones]);
  return slots.map((label) => mean(byLabel.get(label) ?? []));
}

/**
 * The five tables for `input.month` (tables 1–2) and the month before (tables 3–5):
 *
 * 1. **staffed seats** — per day and slot: average staff on the phones in the interval
 *    (staff-seconds / elapsed seconds); daily average = the day's staff-seconds / its elapsed
 *    seconds; month average = mean of the known daily averages.
 * 2. **forecast vs supportable** — per day: forecast offered; supportable = Σ over the day's
 *    hours of average staff on the phones × busy-hour calls per agent = staff-hours ×
 *    `busyHourCallsPerAgent` (null while the day has no staff figures).
 * 3. **actual vs handled** — per day: offered, answered (handled by staff), abandoned;
 *    answer rate = answered / offered.
 * 4. **actual vs forecast** — per day: actual offered, forecast offered, difference = actual −
 *    forecast (calls), difference % = difference / forecast; month: the totals and the mean
 *    absolute percentage error = mean over days of |difference %|.
 * 5. **handled per staff member** — per day: actual = answered / daily average staffed;
 *    forecast = forecast offered / planned staff, where planned staff = the mean over the
 *    day's intervals of the Erlang C required staff for the forecast (so both sides divide a
 *    day's calls by an average head count on the phones); month: the mean of each.
 *
 * @example
 * // Last month's 1st: 120 answered with 10 staff on the phones on average → 12 per staff member;
 * // a forecast of 130 calls needing on average 13 staff per interval → 10 per staff member.
 */
export function fiveTables(input: FiveTablesInput): FiveTables {
  const { month, timeZone, intervalMinutes, busyHourCallsPerAgent } = input;
  const last = previousMonth(month);
  const thisDays = monthDays(month);
  const lastDays = monthDays(last);
  const byDay = new Map(input.history.map((h) => [h.day, h]));
  const cells = forecastByInterval(input.forecast, new Set([...thisDays, ...lastDays]), timeZone, intervalMinutes);
  const forecasts = new Map([...thisDays, ...lastDays].map((d) => [d, forecastDay(d, cells, input)]));
  const slots = daySlots(intervalMinutes);
  const statusOf = (day: string): DayStatus => {
    const h = byDay.get(day);
    if (h) return h.status;
    const start = dayIntervals(day, timeZone, intervalMinutes)[0]?.startMs ?? 0;
    return input.now < start ? 'future' : localDayKey(input.now, timeZone) === day ? 'today' : 'past';
  };
  const actual = (day: string): HistoryDay | undefined => {
    const h = byDay.get(day);
    return h && h.status !== 'future' && (h.observed || h.imported) ? h : undefined;
  };

  const staffedRows = thisDays.map((day): StaffedSeatsRow => {
    const h = byDay.get(day);
    return { day, status: statusOf(day), slots: slotValues(h, slots), dailyAverage: h?.totals.staffedOnPhones ?? null };
  });

  const supportRows = thisDays.map((day): ForecastSupportRow => {
    const staffHours = byDay.get(day)?.totals.staffHours ?? null;
    return { day, status: statusOf(day), forecastOffered: forecasts.get(day)?.offered ?? null, staffHours, supportable: staffHours === null ? null : staffHours * busyHourCallsPerAgent };
  });

  const handledRows = lastDays.map((day): ActualHandledRow => {
    const t = actual(day)?.totals;
    return { day, status: statusOf(day), offered: t?.offered ?? null, answered: t?.answered ?? null, abandoned: t?.abandoned ?? null, answerRate: ratio(t?.answered ?? null, t?.offered ?? null) };
  });

  const forecastRows = lastDays.map((day): ActualForecastRow => {
    const a = actual(day)?.totals.offered ?? null;
    const f = forecasts.get(day)?.offered ?? null;
    const difference = a !== null && f !== null ? a - f : null;
    return { day, status: statusOf(day), actual: a, forecast: f, difference, differencePct: ratio(difference, f) };
  });
  const compared = forecastRows.filter((r) => r.difference !== null);
  const comparedActual = sum(compared.map((r) => r.actual));
  const comparedForecast = sum(compared.map((r) => r.forecast));
  const totalDifference = comparedActual !== null && comparedForecast !== null ? comparedActual - comparedForecast : null;

  const perStaffRows = lastDays.map((day): PerStaffRow => {
    const t = actual(day)?.totals;
    const f = forecasts.get(day);
    const answered = t?.answered ?? null;
    const averageStaffed = t?.staffedOnPhones ?? null;
    const forecastOffered = f?.offered ?? null;
    const plannedStaff = f?.plannedStaff ?? null;
    return { day, status: statusOf(day), answered, averageStaffed, actualPerStaff: ratio(answered, averageStaffed), forecastOffered, plannedStaff, forecastPerStaff: ratio(forecastOffered, plannedStaff) };
  });

  return {
    month,
    previousMonth: last,
    timeZone,
    intervalMinutes,
    busyHourCallsPerAgent,
    slots,
    staffedSeats: { rows: staffedRows, monthAverage: mean(staffedRows.map((r) => r.dailyAverage)) },
    forecastVsSupportable: {
      rows: supportRows,
      totals: { forecastOffered: sum(supportRows.map((r) => r.forecastOffered)), staffHours: sum(supportRows.map((r) => r.staffHours)), supportable: sum(supportRows.map((r) => r.supportable)) },
    },
    actualVsHandled: {
      rows: handledRows,
      totals: (() => {
        const offered = sum(handledRows.map((r) => r.offered));
        const answered = sum(handledRows.map((r) => r.answered));
        return { offered, answered, abandoned: sum(handledRows.map((r) => r.abandoned)), answerRate: ratio(answered, offered) };
      })(),
    },
    actualVsForecast: {
      rows: forecastRows,
      totals: {
        actual: comparedActual,
        forecast: comparedForecast,
        difference: totalDifference,
        differencePct: ratio(totalDifference, comparedForecast),
        meanAbsolutePctError: mean(forecastRows.map((r) => (r.differencePct === null ? null : Math.abs(r.differencePct)))),
      },
    },
    handledPerStaff: {
      rows: perStaffRows,
      averages: { actualPerStaff: mean(perStaffRows.map((r) => r.actualPerStaff)), forecastPerStaff: mean(perStaffRows.map((r) => r.forecastPerStaff)) },
    },
  };
}
