/**
 * The shift plan checked against the rulebook's scheduling rules (排班制度). Pure: the plan,
 * the roster, the forecast and the settings in, the findings out.
 *
 * 1. **Hours** (平均周工时不超过40小时): a person's planned hours in the month (each shift
 *    counted whole, from its start to its end: meals are not deducted) over the month's weeks
 *    (days in the month / 7). More than {@link WEEKLY_HOURS_LIMIT} is flagged.
 * 2. **Shortfall** (按各时段话务量安排相应人员): per day and time slot (`intervalMinutes`,
 *    site-local), the **planned phone staff** are the people with role `agent` whose planned
 *    shift is on at the slot's start (a shift dated the day before that wraps midnight counts);
 *    **required** is {@link requiredStaff} (Erlang C against the service-level target and the
 *    occupancy cap) for the forecast's offered calls in the slot, all queues together, at their
 *    offered-weighted AHT. Shortfall = required − planned when positive. A slot without any
 *    forecast has `required: null` and no shortfall.
 * 3. **Reserve** (节假日…保证有5-7个额外台席作为应急): on holidays and billing days (days 1–3), each
 *    slot's reserve = planned − required. Below {@link RESERVE_MINIMUM} (the rulebook's 5) is
 *    flagged `below-minimum`; from 5 up to the site's `emergencyReserve` setting (default 6)
 *    it is noted `below-target`.
 */
import type { ForecastInterval, Shift, Staff } from '../roster.js';
import type { Settings } from '../settings.js';
import { requiredStaff } from '../staffing/erlang.js';
import { addDays, dayIntervals, intervalStart, type DayInterval } from '../time.js';
import { isBillingDay, monthDays, monthOf, plannedShift, type PlanEntry, type PlannedShift } from './plan.js';

/** 员工的平均周工作长不超过40小时: hours per week, on average over the month. */
export const WEEKLY_HOURS_LIMIT = 40;
/** The rulebook keeps 5–7 extra seats on holidays: fewer than 5 spare staff is flagged. */
export const RESERVE_MINIMUM = 5;
/** AHT assumed for a slot whose forecast offers no calls (nothing to weigh the AHT by). */
const FALLBACK_AHT_SECONDS = 240;
const HOUR_MS = 3_600_000;

export interface PlanCheckInput {
  /** `YYYY-MM`. */
  month: string;
  /** The site's IANA zone: days and slots are in its wall-clock time. */
  timeZone: string;
  /** The month's entries; entries of the day before count for shifts that wrap into the month. */
  entries: readonly PlanEntry[];
  staff: readonly Pick<Staff, 'staffId' | 'role'>[];
  shifts: readonly Shift[];
  forecast: readonly ForecastInterval[];
  settings: Pick<Settings, 'intervalMinutes' | 'serviceLevelSeconds' | 'serviceLevelTarget' | 'maxOccupancy' | 'emergencyReserve'>;
  /** Holidays, `YYYY-MM-DD`. */
  holidays: readonly string[];
}

export interface HoursCheck {
  staffId: string;
  /** Shifts planned in the month. */
  shifts: number;
  plannedHours: number;
  /** plannedHours / (days in the month / 7), one decimal. */
  weeklyAverageHours: number;
  /** True when the weekly average is over {@link WEEKLY_HOURS_LIMIT}. */
  over: boolean;
}

export type ReserveFlag = 'below-minimum' | 'below-target';

export interface SlotCheck {
  /** Local wall-clock start, `HH:MM`. */
  label: string;
  startMs: number;
  /** Staff the forecast needs on the phones; null without a forecast for the slot. */
  required: number | null;
  /** Agents planned on a shift that is on at the slot's start. */
  planned: number;
  /** max(0, required − planned); 0 without a forecast. */
  shortfall: number;
  /** Holidays and billing days only: planned − required (null otherwise, or without a forecast). */
  reserve: number | null;
  reserveFlag: ReserveFlag | null;
}

export interface DayCheck {
  date: string;
  holiday: boolean;
  billing: boolean;
  /** True when any slot of the day has a forecast. */
  forecast: boolean;
  slots: SlotCheck[];
}

/** A plan entry the checks could not use. */
export interface PlanProblem extends PlanEntry {
  problem: 'unknown-shift' | 'unknown-staff';
}

export interface PlanChecks {
  month: string;
  weeklyLimitHours: number;
  /** Days in the month / 7. */
  weeks: number;
  reserve: { minimum: number; target: number };
  /** Everyone with a shift in the month: over the limit first, then by hours. */
  hours: HoursCheck[];
  days: DayCheck[];
  problems: PlanProblem[];
  summary: {
    overHours: number;
    shortfallSlots: number;
    /** Sum of the shortfalls over every slot (staff-slots missing). */
    shortfallStaffSlots: number;
    reserveFlags: number;
    daysWithoutForecast: number;
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Checks the month's plan against the rulebook.
 * @example
 * // 26 eight-hour shifts in a 30-day month: 208 h / (30 / 7) weeks = 48.5 h a week
 * planChecks({ month: '2026-04', … }).hours[0] // → { staffId: '1001', shifts: 26, plannedHours: 208, weeklyAverageHours: 48.5, over: true }
 */
export function planChecks(input: PlanCheckInput): PlanChecks {
  const { month, timeZone, settings } = input;
  const days = monthDays(month);
  const weeks = days.length / 7;
  const roles = new Map(input.staff.map((s) => [s.staffId, s.role]));
  const problems: PlanProblem[] = [];
  const planned: PlannedShift[] = [];
  const firstDay = days[0]!;
  for (const e of input.entries) {
    if (monthOf(e.date) !== month && e.date !== addDays(firstDay, -1)) continue;
    const p = plannedShift(e, input.shifts, timeZone);
    const inMonth = monthOf(e.date) === month;
    if (!p) {
      if (inMonth) problems.push({ ...e, problem: 'unknown-shift' });
      continue;
    }
    if (!roles.has(e.staffId) && inMonth) problems.push({ ...e, problem: 'unknown-staff' });
    planned.push(p);
  }

  const hoursBy = new Map<string, { shifts: number; ms: number }>();
  for (const p of planned) {
    if (monthOf(p.date) !== month) continue;
    const h = hoursBy.get(p.staffId) ?? { shifts: 0, ms: 0 };
    h.shifts++;
    h.ms += p.endMs - p.startMs;
    hoursBy.set(p.staffId, h);
  }
  const hours: HoursCheck[] = [...hoursBy].map(([staffId, h]) => {
    const plannedHours = round1(h.ms / HOUR_MS);
    const weeklyAverageHours = round1(h.ms / HOUR_MS / weeks);
    return { staffId, shifts: h.shifts, plannedHours, weeklyAverageHours, over: h.ms / HOUR_MS / weeks > WEEKLY_HOURS_LIMIT + 1e-9 };
  });
  hours.sort((a, b) => Number(b.over) - Number(a.over) || b.plannedHours - a.plannedHours || a.staffId.localeCompare(b.staffId, 'en', { numeric: true }));

  const phoneShifts = planned.filter((p) => roles.get(p.staffId) === 'agent');
  const demand = forecastBySlot(input.forecast, timeZone, settings.intervalMinutes);
  const holidays = new Set(input.holidays);
  const target = settings.emergencyReserve;
  const summary = { overHours: hours.filter((h) => h.over).length, shortfallSlots: 0, shortfallStaffSlots: 0, reserveFlags: 0, daysWithoutForecast: 0 };

  const intervals = days.map((date) => dayIntervals(date, timeZone, settings.intervalMinutes));
  const onAt = coverage(intervals.flat(), phoneShifts);

  const dayChecks: DayCheck[] = days.map((date, dayIndex) => {
    const holiday = holidays.has(date);
    const billing = isBillingDay(date);
    let anyForecast = false;
    const slots = intervals[dayIndex]!.map((iv): SlotCheck => {
      const plannedStaff = onAt.get(iv.startMs) ?? 0;
      const d = demand.get(iv.startMs);
      const required = d === undefined ? null : requiredStaff({
        offered: d.offered,
        intervalSeconds: (iv.endMs - iv.startMs) / 1000,
        ahtSeconds: d.offered > 0 ? d.weightedSeconds / d.offered : FALLBACK_AHT_SECONDS,
        targetServiceLevel: settings.serviceLevelTarget,
        targetAnswerSeconds: settings.serviceLevelSeconds,
        maxOccupancy: settings.maxOccupancy,
      }).staff;
      if (required !== null) anyForecast = true;
      const shortfall = required === null ? 0 : Math.max(0, required - plannedStaff);
      const reserve = (holiday || billing) && required !== null ? plannedStaff - required : null;
      const reserveFlag: ReserveFlag | null = reserve === null ? null : reserve < RESERVE_MINIMUM ? 'below-minimum' : reserve < target ? 'below-target' : null;
      if (shortfall > 0) {
        summary.shortfallSlots++;
        summary.shortfallStaffSlots += shortfall;
      }
      if (reserveFlag === 'below-minimum') summary.reserveFlags++;
      return { label: iv.label, startMs: iv.startMs, required, planned: plannedStaff, shortfall, reserve, reserveFlag };
    });
    if (!anyForecast) summary.daysWithoutForecast++;
    return { date, holiday, billing, forecast: anyForecast, slots };
  });

  return { month, weeklyLimitHours: WEEKLY_HOURS_LIMIT, weeks: Math.round(weeks * 100) / 100, reserve: { minimum: RESERVE_MINIMUM, target }, hours, days: dayChecks, problems, summary };
}

/** How many of `shifts` are on at each slot's start (slots in time order). */
function coverage(slots: readonly DayInterval[], shifts: readonly PlannedShift[]): Map<number, number> {
  const starts = slots.map((s) => s.startMs);
  const counts = new Array<number>(starts.length).fill(0);
  for (const p of shifts) {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < p.startMs) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < starts.length && starts[i]! < p.endMs; i++) counts[i] = counts[i]! + 1;
  }
  return new Map(starts.map((s, i) => [s, counts[i]!]));
}

/** Offered calls and offered × AHT per slot start (all queues together). */
function forecastBySlot(forecast: readonly ForecastInterval[], timeZone: string, intervalMinutes: number): Map<number, { offered: number; weightedSeconds: number }> {
  const out = new Map<number, { offered: number; weightedSeconds: number }>();
  for (const f of forecast) {
    const start = intervalStart(Date.parse(f.start), timeZone, intervalMinutes);
    const slot = out.get(start) ?? { offered: 0, weightedSeconds: 0 };
    slot.offered += f.offered;
    slot.weightedSeconds += f.offered * f.ahtSeconds;
    out.set(start, slot);
  }
  return out;
}
