/**
 * The built-in forecaster (SPEC "Forecast, capacity"): offered calls and AHT per queue and site
 * interval for whole site-local days, from interval history. Pure: the history, the calendar
 * and the range come in; nothing is read from the clock or the disk.
 *
 * For a target day of weekday w, per queue:
 *
 *   offered(interval) = level_w × recent × dayFactor × shape_w[slot] × declared(interval)
 *
 * - **level_w** — mean daily total of the same weekday over the last `levelWeeks` weeks
 *   (weights `levelDecay`^(weeks back − 1); past billing days divided by the billing factor).
 * - **recent** — 1 + `recentWeight` × (r − 1), where r is how the last `recentDays` days ran
 *   against their own same-weekday levels (each day weighted `recentDecay`^(days back − 1)).
 *   It carries a shift in volume that touches every weekday into tomorrow's forecast after a
 *   day or two, instead of after four weeks.
 * - **dayFactor** — the holiday factor on a calendar holiday (learned: mean of past holidays'
 *   totals over their normal same-weekday level; `holidayDefaultFactor` without any), else the
 *   billing factor on a billing day (learned: days `billingDaysOfMonth` over comparable
 *   same-weekday days, shrunk to 1 by `billingPriorDays` pseudo-days), else 1.
 * - **shape_w** — the intraday share of each slot: the mean of each same-weekday day's shares
 *   over `shapeWeeks` weeks (weights `shapeDecay`^(weeks back − 1)), blended `shapePoolShare`
 *   with the pooled shares of all weekdays of similar volume (within `shapePoolBand`), which
 *   cuts Poisson noise when volumes are small.
 * - **declared** — Π (1 + upliftPct × the share of the interval each declared event covers).
 *
 * Level and shape are estimated separately because a day's total is known far more precisely
 * than any one interval's count. Calendar holidays and near-empty days (total under
 * `nearEmptyShare` of the typical same-weekday total: outages, not demand) are left out of
 * level, shape and AHT. Parameters were tuned on the real data in `test/bench/forecast.bench.ts`
 * on the days before its 8-week report window.
 */
import { z } from 'zod';
import type { ForecastInterval } from '../roster.js';
import { dayIntervals, dayStart, hhmmToMinutes, isoInZone, isValidTimeZone } from '../time.js';
import { localClock } from './local-clock.js';
import { upliftFactor, type DeclaredUplift } from './reforecast.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const MINUTES_PER_DAY = 1440;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** One interval of history for one queue, at any length up to the site interval. */
export interface HistoryInterval {
  /** Start of the interval, epoch ms. */
  startMs: number;
  queue: string;
  /** Calls offered in the interval. */
  offered: number;
  /** Mean handle time of the interval's calls, seconds; null when unknown. */
  ahtSeconds: number | null;
}

/** A known event expected to raise volume over `[startMs, endsAtMs)` by `upliftPct` (0.3 = +30%). */
export interface DeclaredEvent {
  startMs: number;
  endsAtMs: number;
  upliftPct: number;
}

export const forecasterConfigSchema = z.strictObject({
  /** Weeks of same-weekday days in the day-level estimate. */
  levelWeeks: z.number().int().min(1).max(104).default(16),
  /** Weight per week back in the level (1 = plain mean). */
  levelDecay: z.number().gt(0).max(1).default(1),
  /** Days back that the recent-running ratio looks at (0 turns it off). */
  recentDays: z.number().int().min(0).max(90).default(14),
  /** Weight per day back in the recent ratio. */
  recentDecay: z.number().gt(0).max(1).default(0.7),
  /** Share of the recent ratio applied to the level (0 = ignore, 1 = full). */
  recentWeight: z.number().min(0).max(1).default(0.7),
  /** Weeks of same-weekday days in the intraday shape and the AHT profile. */
  shapeWeeks: z.number().int().min(1).max(104).default(26),
  /** Weight per week back in the shape. */
  shapeDecay: z.number().gt(0).max(1).default(0.9),
  /** Share of the shape taken from the pooled weekdays of similar volume. */
  shapePoolShare: z.number().min(0).max(1).default(0.3),
  /** Weekdays whose level is within [band, 1/band] × the target weekday's pool their shapes. */
  shapePoolBand: z.number().gt(0).max(1).default(0.7),
  /** Days of the month that are billing days (month-start uplift). Empty = none. */
  billingDaysOfMonth: z.array(z.number().int().min(1).max(31)).max(31).default([1, 2, 3]),
  /** Pseudo-days at factor 1 added to the learned billing factor (shrinkage when few are seen). */
  billingPriorDays: z.number().min(0).max(1000).default(2),
  /** Weeks either side of a billing day or holiday that give its "normal" same-weekday level. */
  referenceWeeks: z.number().int().min(1).max(26).default(4),
  /** Holiday factor when the history has no past holiday to learn from. */
  holidayDefaultFactor: z.number().min(0).max(10).default(0.5),
  /** A day under this share of the typical same-weekday total is an outage and is skipped. */
  nearEmptyShare: z.number().min(0).max(1).default(0.2),
  /** AHT when a queue has no handle times at all, seconds. */
  defaultAhtSeconds: z.number().min(0).max(86_400).default(240),
});

/** Forecaster parameters; see {@link forecasterConfigSchema} for each one's meaning. */
export type ForecasterConfig = z.infer<typeof forecasterConfigSchema>;

export const DEFAULT_FORECASTER_CONFIG: ForecasterConfig = Object.freeze(forecasterConfigSchema.parse({}));

export interface ForecastInput {
  /** Interval history; only intervals starting before the first forecast day are used. */
  history: readonly HistoryInterval[];
  /** First site-local day to forecast, `YYYY-MM-DD`. */
  from: string;
  /** Number of consecutive site-local days to forecast (1–366). */
  days: number;
  /** The site's IANA zone: days, intervals and weekdays are local to it. */
  timeZone: string;
  /** Site interval length in minutes; must divide a day (15, 30, 60 …). */
  intervalMinutes: number;
  /** Calendar holidays, `YYYY-MM-DD` (past ones are learned from, future ones forecast). */
  holidays?: readonly string[];
  /** Declared events over the forecast range. */
  declared?: readonly DeclaredEvent[];
  /** Queues to forecast even without history (forecast 0); history's queues are always included. */
  queues?: readonly string[];
  config?: Partial<ForecasterConfig>;
}

/** What was learned for one queue, for display and tests. */
export interface QueueModel {
  queue: string;
  /** Learned month-start factor (1 = no uplift) and the number of past billing days behind it. */
  billingFactor: number;
  billingDaysSeen: number;
  /** Learned holiday factor (or the default) and the number of past holidays behind it. */
  holidayFactor: number;
  holidaysSeen: number;
  /** How the last `recentDays` ran against their levels, and the factor applied (1 + w·(r − 1)). */
  recentRatio: number;
  recentFactor: number;
  /** History days left out as near-empty, `YYYY-MM-DD`. */
  nearEmptyDays: string[];
}

export interface ForecastResult {
  /** Per interval and queue, in time order; offered unrounded. */
  intervals: ForecastInterval[];
  /** Plain-language notes on fallbacks taken (no history, no same-weekday days, …). */
  notes: string[];
  queues: QueueModel[];
}

/** Bad input to the forecaster (a bad date, zone, interval or day count); the message says which. */
export class ForecastInputError extends Error {
  override name = 'ForecastInputError';
}

/** History of one queue on one site-local day, per slot of the site interval. */
interface QueueDay {
  dayNum: number;
  date: string;
  weekday: number;
  dayOfMonth: number;
  holiday: boolean;
  /** Calls per slot; NaN for a slot the day does not have (the lost hour of a DST day). */
  slots: Float64Array;
  total: number;
  /** Σ offered × AHT and Σ offered over the calls with a known AHT, per slot. */
  ahtCallSeconds: Float64Array;
  ahtCalls: Float64Array;
  /** Filled by `classify`: not a holiday and not near-empty. */
  usable: boolean;
  billing: boolean;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` → days since 1970-01-01, or NaN when it is not a real date. */
function dayNumber(date: string): number {
  if (!DATE_RE.test(date)) return NaN;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return NaN;
  return ms / DAY_MS;
}

const dateOf = (dayNum: number) => new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
/** 1970-01-01 was a Thursday (4). */
const weekdayOf = (dayNum: number) => (((dayNum + 4) % 7) + 7) % 7;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function validate(input: ForecastInput): void {
  if (Number.isNaN(dayNumber(input.from))) throw new ForecastInputError(`from must be a date YYYY-MM-DD, got "${input.from}"`);
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 366) throw new ForecastInputError(`days must be a whole number from 1 to 366, got ${input.days}`);
  if (!isValidTimeZone(input.timeZone)) throw new ForecastInputError(`timeZone must be an IANA zone name, got "${input.timeZone}"`);
  const m = input.intervalMinutes;
  if (!Number.isInteger(m) || m < 1 || m > MINUTES_PER_DAY || MINUTES_PER_DAY % m !== 0) {
    throw new ForecastInputError(`intervalMinutes must divide a day (e.g. 15, 30, 60), got ${m}`);
  }
  for (const h of input.holidays ?? []) if (Number.isNaN(dayNumber(h))) throw new ForecastInputError(`holidays must be dates YYYY-MM-DD, got "${h}"`);
}

/**
 * Length of the history's own intervals in minutes: the greatest common divisor of the gaps
 * between a queue's distinct starts, at most the site interval (one record alone: the site
 * interval). 5-minute history → 5; 15-minute history with gaps where nothing was offered → 15.
 */
function nativeMinutes(starts: number[], siteMinutes: number): number {
  const sorted = [...new Set(starts.map((s) => Math.round(s / MINUTE_MS)))].sort((a, b) => a - b);
  let g = 0;
  for (let i = 1; i < sorted.length && g !== 1; i++) g = gcd(sorted[i]! - sorted[i - 1]!, g);
  return g === 0 ? siteMinutes : Math.min(g, siteMinutes);
}

/**
 * Re-buckets history into site-local days × slots per queue. A record covering
 * [start, start + native length) is split across site intervals in proportion to the overlap
 * (all of it goes to one when the lengths line up). On a 25-hour day the repeated hour's two
 * intervals share a slot and are averaged; on a 23-hour day the lost slot is NaN.
 */
function rebucket(history: readonly HistoryInterval[], timeZone: string, siteMinutes: number, holidays: Set<string>): { byQueue: Map<string, Map<number, QueueDay>>; dayNums: number[] } {
  const slotCount = MINUTES_PER_DAY / siteMinutes;
  const byQueue = new Map<string, Map<number, QueueDay>>();
  if (history.length === 0) return { byQueue, dayNums: [] };
  let minMs = Infinity;
  let maxMs = -Infinity;
  const startsByQueue = new Map<string, number[]>();
  for (const r of history) {
    minMs = Math.min(minMs, r.startMs);
    maxMs = Math.max(maxMs, r.startMs);
    let list = startsByQueue.get(r.queue);
    if (!list) startsByQueue.set(r.queue, (list = []));
    list.push(r.startMs);
  }
  const clock = localClock(timeZone, minMs, maxMs);
  const native = new Map([...startsByQueue].map(([q, starts]) => [q, nativeMinutes(starts, siteMinutes)]));

  // Site interval (keyed by its UTC start) → sums, per queue.
  interface Bucket { localMinute: number; offered: number; ahtCallSeconds: number; ahtCalls: number }
  const buckets = new Map<string, Map<number, Bucket>>();
  for (const r of history) {
    const length = native.get(r.queue)!;
    const m0 = clock.localMinutes(r.startMs);
    let queueBuckets = buckets.get(r.queue);
    if (!queueBuckets) buckets.set(r.queue, (queueBuckets = new Map()));
    for (let a = m0; a < m0 + length - 1e-9; ) {
      const slotStart = Math.floor(a / siteMinutes + 1e-9) * siteMinutes;
      const b = Math.min(m0 + length, slotStart + siteMinutes);
      const share = (b - a) / length;
      const key = Math.round(r.startMs + (slotStart - m0) * MINUTE_MS);
      let bucket = queueBuckets.get(key);
      if (!bucket) queueBuckets.set(key, (bucket = { localMinute: slotStart, offered: 0, ahtCallSeconds: 0, ahtCalls: 0 }));
      bucket.offered += r.offered * share;
      if (r.ahtSeconds !== null && Number.isFinite(r.ahtSeconds)) {
        bucket.ahtCallSeconds += r.offered * share * r.ahtSeconds;
        bucket.ahtCalls += r.offered * share;
      }
      a = b;
    }
  }

  // Every local day with any record is a day the site was open, for every queue.
  const daySet = new Set<number>();
  for (const queueBuckets of buckets.values()) for (const b of queueBuckets.values()) daySet.add(Math.floor(b.localMinute / MINUTES_PER_DAY));
  const dayNums = [...daySet].sort((a, b) => a - b);
  const missingSlots = new Map<number, Set<number>>();
  for (const d of dayNums) {
    if (clock.offsetMinutes(d * DAY_MS - 14 * 60 * MINUTE_MS) === clock.offsetMinutes((d + 1) * DAY_MS + 14 * 60 * MINUTE_MS)) continue;
    const present = new Set(dayIntervals(dateOf(d), timeZone, siteMinutes).map((i) => Math.floor(hhmmToMinutes(i.label) / siteMinutes)));
    const missing = new Set<number>();
    for (let s = 0; s < slotCount; s++) if (!present.has(s)) missing.add(s);
    if (missing.size) missingSlots.set(d, missing);
  }

  for (const [queue, queueBuckets] of buckets) {
    const days = new Map<number, QueueDay>();
    const intervalsIn = new Map<number, Float64Array>();
    for (const d of dayNums) {
      const date = dateOf(d);
      const slots = new Float64Array(slotCount);
      for (const s of missingSlots.get(d) ?? []) slots[s] = NaN;
      days.set(d, {
        dayNum: d, date, weekday: weekdayOf(d), dayOfMonth: Number(date.slice(8, 10)), holiday: holidays.has(date),
        slots, total: 0, ahtCallSeconds: new Float64Array(slotCount), ahtCalls: new Float64Array(slotCount), usable: true, billing: false,
      });
      intervalsIn.set(d, new Float64Array(slotCount));
    }
    for (const b of queueBuckets.values()) {
      const d = Math.floor(b.localMinute / MINUTES_PER_DAY);
      const slot = Math.floor((b.localMinute - d * MINUTES_PER_DAY) / siteMinutes);
      const day = days.get(d)!;
      if (Number.isNaN(day.slots[slot])) day.slots[slot] = 0;
      day.slots[slot]! += b.offered;
      day.ahtCallSeconds[slot]! += b.ahtCallSeconds;
      day.ahtCalls[slot]! += b.ahtCalls;
      intervalsIn.get(d)![slot]! += 1;
    }
    for (const day of days.values()) {
      const n = intervalsIn.get(day.dayNum)!;
      for (let s = 0; s < slotCount; s++) {
        if (n[s]! > 1) {
          day.slots[s]! /= n[s]!;
          day.ahtCallSeconds[s]! /= n[s]!;
          day.ahtCalls[s]! /= n[s]!;
        }
        if (!Number.isNaN(day.slots[s])) day.total += day.slots[s]!;
      }
    }
    byQueue.set(queue, days);
  }
  return { byQueue, dayNums };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * One queue's model: learned factors and the level, recent and shape estimators, all from
 * days before `anchor` (the day after the last day of history).
 */
class QueueHistory {
  readonly byWeekday: QueueDay[][] = [[], [], [], [], [], [], []];
  billingFactor = 1;
  billingDaysSeen = 0;
  holidayFactor: number;
  holidaysSeen = 0;
  readonly nearEmptyDays: string[] = [];

  constructor(
    readonly days: QueueDay[],
    private readonly cfg: ForecasterConfig,
  ) {
    this.holidayFactor = cfg.holidayDefaultFactor;
    for (const d of days) this.byWeekday[d.weekday]!.push(d);
    for (const d of days) this.completeShortDay(d);
    const billing = new Set(cfg.billingDaysOfMonth);
    for (const d of days) {
      d.billing = billing.has(d.dayOfMonth);
      // Typical = median of the same weekday's non-holiday totals within ±4 weeks (this day included).
      const typical = median(this.byWeekday[d.weekday]!.filter((e) => !e.holiday && Math.abs(e.dayNum - d.dayNum) <= 28).map((e) => e.total));
      const nearEmpty = !d.holiday && d.total < cfg.nearEmptyShare * typical;
      if (nearEmpty) this.nearEmptyDays.push(d.date);
      d.usable = !d.holiday && !nearEmpty;
    }
    this.learnBilling();
    this.learnHolidays();
  }

  /**
   * A 23-hour day lacks the lost hour's slots: its total is raised to a whole day's by the share
   * those slots have on the same weekday's other days within ±4 weeks, so that it counts at
   * full weight in the level and its slot shares compare with other days'.
   */
  private completeShortDay(d: QueueDay): void {
    const missing = [...d.slots.keys()].filter((s) => Number.isNaN(d.slots[s]));
    if (missing.length === 0) return;
    let share = 0;
    let n = 0;
    for (const e of this.byWeekday[d.weekday]!) {
      if (e === d || e.total <= 0 || Math.abs(e.dayNum - d.dayNum) > 28 || e.slots.some(Number.isNaN)) continue;
      share += missing.reduce((sum, s) => sum + e.slots[s]!, 0) / e.total;
      n++;
    }
    if (n > 0 && share / n < 1) d.total /= 1 - share / n;
  }

  /** Mean total of usable non-billing same-weekday days within ±referenceWeeks of `d`, or 0. */
  private reference(d: QueueDay): number {
    const around = this.byWeekday[d.weekday]!.filter((e) => e !== d && e.usable && !e.billing && Math.abs(e.dayNum - d.dayNum) <= this.cfg.referenceWeeks * 7);
    return around.length ? around.reduce((s, e) => s + e.total, 0) / around.length : 0;
  }

  private learnBilling(): void {
    let ratios = 0;
    for (const d of this.days) {
      if (!d.usable || !d.billing) continue;
      const ref = this.reference(d);
      if (ref <= 0) continue;
      ratios += d.total / ref;
      this.billingDaysSeen++;
    }
    const prior = this.cfg.billingPriorDays;
    if (this.billingDaysSeen + prior > 0) this.billingFactor = (ratios + prior) / (this.billingDaysSeen + prior);
  }

  private learnHolidays(): void {
    let ratios = 0;
    for (const d of this.days) {
      if (!d.holiday) continue;
      const ref = this.reference(d);
      if (ref <= 0) continue;
      ratios += d.total / ref;
      this.holidaysSeen++;
    }
    if (this.holidaysSeen > 0) this.holidayFactor = ratios / this.holidaysSeen;
  }

  /** A usable day's total with the billing uplift taken out. */
  private normalTotal(d: QueueDay): number {
    return d.billing && this.billingFactor > 0 ? d.total / this.billingFactor : d.total;
  }

  /** Weighted mean normal total of usable `weekday` days in the `levelWeeks` before day `t`; n = days behind it. */
  level(weekday: number, t: number): { level: number; n: number } {
    let weights = 0;
    let sum = 0;
    let n = 0;
    for (const d of this.byWeekday[weekday]!) {
      if (!d.usable || d.dayNum >= t || t - d.dayNum > this.cfg.levelWeeks * 7) continue;
      const w = this.cfg.levelDecay ** (Math.ceil((t - d.dayNum) / 7) - 1);
      weights += w;
      sum += w * this.normalTotal(d);
      n++;
    }
    return { level: weights > 0 ? sum / weights : 0, n };
  }

  /** r = Σ wᵢ·actualᵢ / Σ wᵢ·levelᵢ over the usable days in the `recentDays` before `anchor`. */
  recentRatio(anchor: number): number {
    let actual = 0;
    let expected = 0;
    for (const d of this.days) {
      if (!d.usable || d.dayNum >= anchor || anchor - d.dayNum > this.cfg.recentDays) continue;
      const { level, n } = this.level(d.weekday, d.dayNum);
      if (n === 0 || level <= 0) continue;
      const w = this.cfg.recentDecay ** (anchor - d.dayNum - 1);
      actual += w * this.normalTotal(d);
      expected += w * level;
    }
    return expected > 0 ? actual / expected : 1;
  }

  /** Weighted mean per-slot share of the usable days of `weekdays` in the `shapeWeeks` before `anchor`. */
  private shares(weekdays: number[], anchor: number, slotCount: number): Float64Array | null {
    const num = new Float64Array(slotCount);
    const den = new Float64Array(slotCount);
    let any = false;
    for (const w of weekdays) {
      for (const d of this.byWeekday[w]!) {
        if (!d.usable || d.total <= 0 || d.dayNum >= anchor || anchor - d.dayNum > this.cfg.shapeWeeks * 7) continue;
        const weight = this.cfg.shapeDecay ** (Math.ceil((anchor - d.dayNum) / 7) - 1);
        for (let s = 0; s < slotCount; s++) {
          if (Number.isNaN(d.slots[s])) continue;
          num[s]! += (weight * d.slots[s]!) / d.total;
          den[s]! += weight;
        }
        any = true;
      }
    }
    if (!any) return null;
    return num.map((x, s) => (den[s]! > 0 ? x / den[s]! : 0));
  }

  /** The intraday shape of `weekday` (shares summing to 1), or null with no usable day. */
  shape(weekday: number, anchor: number, slotCount: number): Float64Array | null {
    const own = this.shares([weekday], anchor, slotCount);
    if (!own) return null;
    const base = this.level(weekday, anchor).level;
    const band = this.cfg.shapePoolBand;
    const similar = [0, 1, 2, 3, 4, 5, 6].filter((w) => {
      const l = this.level(w, anchor).level;
      return w === weekday || (base > 0 && l >= band * base && l <= base / band);
    });
    const pooled = similar.length > 1 ? this.shares(similar, anchor, slotCount) : null;
    const beta = pooled ? this.cfg.shapePoolShare : 0;
    const out = own.map((x, s) => (1 - beta) * x + beta * (pooled?.[s] ?? 0));
    const sum = out.reduce((a, b) => a + b, 0);
    return sum > 0 ? out.map((x) => x / sum) : out;
  }

  /** Volume-weighted AHT per slot for `weekday` over `shapeWeeks` (NaN where unknown), and the queue's overall mean (NaN if none). */
  aht(weekday: number, anchor: number, slotCount: number): { perSlot: Float64Array; overall: number } {
    const seconds = new Float64Array(slotCount);
    const calls = new Float64Array(slotCount);
    for (const d of this.byWeekday[weekday]!) {
      if (!d.usable || d.dayNum >= anchor || anchor - d.dayNum > this.cfg.shapeWeeks * 7) continue;
      const weight = this.cfg.shapeDecay ** (Math.ceil((anchor - d.dayNum) / 7) - 1);
      for (let s = 0; s < slotCount; s++) {
        seconds[s]! += weight * d.ahtCallSeconds[s]!;
        calls[s]! += weight * d.ahtCalls[s]!;
      }
    }
    let allSeconds = 0;
    let allCalls = 0;
    for (const d of this.days) {
      for (let s = 0; s < slotCount; s++) {
        allSeconds += d.ahtCallSeconds[s]!;
        allCalls += d.ahtCalls[s]!;
      }
    }
    return { perSlot: seconds.map((x, s) => (calls[s]! > 0 ? x / calls[s]! : NaN)), overall: allCalls > 0 ? allSeconds / allCalls : NaN };
  }
}

/**
 * The forecast per interval and queue for `days` site-local days from `from`, with what was
 * learned and notes on every fallback. Uses only history before `from`; when history ends
 * earlier, the windows end where it ends. Throws {@link ForecastInputError} on bad input.
 *
 * Fallbacks: a queue with no history, or a weekday with no usable day in the last `levelWeeks`
 * weeks (a site closed at weekends), is forecast 0 with a note. AHT falls back from the
 * weekday × slot mean to the queue's mean to `defaultAhtSeconds`.
 * @example
 * // Mondays of the last 16 weeks averaged 1,000 calls, the last two weeks ran 10% over their
 * // levels (r = 1.1, recent = 1 + 0.7 × 0.1 = 1.07), the past month starts ran 1.2× and
 * // 1 June is a Monday with 6% of a Monday's calls in its 10:00 slot:
 * // offered(10:00) = 1000 × 1.07 × 1.2 × 0.06 = 77.04
 * forecastWithNotes({ history, from: '2026-06-01', days: 1, timeZone: 'Asia/Shanghai', intervalMinutes: 30 })
 */
export function forecastWithNotes(input: ForecastInput): ForecastResult {
  validate(input);
  const parsed = forecasterConfigSchema.safeParse(input.config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ForecastInputError(`config.${issue.path.join('.')}: ${issue.message}`);
  }
  const cfg = parsed.data;
  const siteMinutes = input.intervalMinutes;
  const slotCount = MINUTES_PER_DAY / siteMinutes;
  const originMs = dayStart(input.from, input.timeZone);
  const originDay = dayNumber(input.from);
  const holidays = new Set(input.holidays ?? []);
  const history = input.history.filter((r) => r.startMs < originMs);
  const { byQueue, dayNums } = rebucket(history, input.timeZone, siteMinutes, holidays);
  const notes: string[] = [];

  const queueNames = [...new Set([...byQueue.keys(), ...(input.queues ?? [])])].sort();
  if (history.length === 0) {
    notes.push(
      queueNames.length
        ? `history before ${input.from} is empty: every interval is forecast as 0 calls with the default AHT of ${cfg.defaultAhtSeconds} s`
        : `history before ${input.from} is empty and no queues were named: nothing to forecast`,
    );
  }
  const anchor = dayNums.length ? Math.min(originDay, dayNums[dayNums.length - 1]! + 1) : originDay;
  if (dayNums.length && originDay - anchor >= 7) notes.push(`history ends on ${dateOf(anchor - 1)}, ${originDay - anchor + 1} days before ${input.from}: the forecast rests on the weeks up to then`);

  const declared: DeclaredUplift[] = (input.declared ?? []).map((e) => ({ startMs: e.startMs, endMs: e.endsAtMs, upliftPct: e.upliftPct }));
  const targetDays = Array.from({ length: input.days }, (_, i) => originDay + i).map((d) => ({
    dayNum: d,
    date: dateOf(d),
    weekday: weekdayOf(d),
    dayOfMonth: Number(dateOf(d).slice(8, 10)),
    intervals: dayIntervals(dateOf(d), input.timeZone, siteMinutes),
  }));
  const billingDays = new Set(cfg.billingDaysOfMonth);

  const models: QueueModel[] = [];
  const rows: { startMs: number; queue: string; row: ForecastInterval }[] = [];
  for (const queue of queueNames) {
    const days = byQueue.get(queue);
    const qh = days ? new QueueHistory([...days.values()], cfg) : null;
    const recentRatio = qh && cfg.recentDays > 0 ? qh.recentRatio(anchor) : 1;
    const recentFactor = 1 + cfg.recentWeight * (recentRatio - 1);
    models.push({
      queue,
      billingFactor: qh?.billingFactor ?? 1,
      billingDaysSeen: qh?.billingDaysSeen ?? 0,
      holidayFactor: qh?.holidayFactor ?? cfg.holidayDefaultFactor,
      holidaysSeen: qh?.holidaysSeen ?? 0,
      recentRatio,
      recentFactor,
      nearEmptyDays: qh?.nearEmptyDays ?? [],
    });
    if (history.length > 0 && !qh) notes.push(`queue ${queue}: no history: forecast 0`);
    if (qh && qh.nearEmptyDays.length) notes.push(`queue ${queue}: near-empty days left out of the history: ${qh.nearEmptyDays.join(', ')}`);
    if (qh && targetDays.some((t) => holidays.has(t.date)) && qh.holidaysSeen === 0) {
      notes.push(`queue ${queue}: no past holiday in the history: holidays are forecast at the default factor ${cfg.holidayDefaultFactor}`);
    }

    const perWeekday = new Map<number, { level: number; shape: Float64Array | null; aht: { perSlot: Float64Array; overall: number } | null }>();
    const noDays = new Set<number>();
    for (const t of targetDays) {
      let model = perWeekday.get(t.weekday);
      if (!model) {
        const { level, n } = qh ? qh.level(t.weekday, anchor) : { level: 0, n: 0 };
        model = { level: n > 0 ? level : 0, shape: qh && n > 0 ? qh.shape(t.weekday, anchor, slotCount) : null, aht: qh ? qh.aht(t.weekday, anchor, slotCount) : null };
        perWeekday.set(t.weekday, model);
        if (qh && n === 0) noDays.add(t.weekday);
      }
      const holiday = holidays.has(t.date);
      const dayFactor = holiday ? (qh?.holidayFactor ?? cfg.holidayDefaultFactor) : billingDays.has(t.dayOfMonth) ? (qh?.billingFactor ?? 1) : 1;
      const dayLevel = model.level * recentFactor * dayFactor;
      for (const i of t.intervals) {
        const slot = Math.floor(hhmmToMinutes(i.label) / siteMinutes);
        const share = model.shape?.[slot] ?? 0;
        const offered = dayLevel * share * upliftFactor(i, declared);
        const slotAht = model.aht?.perSlot[slot];
        const ahtSeconds = slotAht !== undefined && Number.isFinite(slotAht) ? slotAht : model.aht && Number.isFinite(model.aht.overall) ? model.aht.overall : cfg.defaultAhtSeconds;
        rows.push({ startMs: i.startMs, queue, row: { start: isoInZone(i.startMs, input.timeZone), queue, offered, ahtSeconds } });
      }
    }
    if (noDays.size) {
      notes.push(`queue ${queue}: no usable ${[...noDays].sort().map((w) => WEEKDAY_NAMES[w]).join(', ')} in the last ${cfg.levelWeeks} weeks of history: forecast 0 on those days`);
    }
  }
  rows.sort((a, b) => a.startMs - b.startMs || (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0));
  return { intervals: rows.map((r) => r.row), notes, queues: models };
}

/**
 * Offered calls and AHT per queue and interval for `days` site-local days from `from`: see the
 * module comment for the model and {@link forecastWithNotes} for the fallbacks.
 * @example
 * forecast({ history, from: '2026-10-01', days: 7, timeZone: 'Asia/Shanghai', intervalMinutes: 30, holidays: ['2026-10-01'] })
 * // → 7 × 48 intervals per queue: { start: '2026-10-01T00:00:00+08:00', queue: 'general', offered: 3.2, ahtSeconds: 251 }, …
 */
export function forecast(input: ForecastInput): ForecastInterval[] {
  return forecastWithNotes(input).intervals;
}
