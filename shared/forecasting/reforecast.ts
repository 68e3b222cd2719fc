/**
 * Reforecast (SPEC "Forecast, capacity"): during the day, the intervals still to come are
 * rescaled by how actual volume is running against forecast, so the chart can show forecast,
 * actual and reforecast. Pure: the clock comes in as `nowMs`.
 */
import { z } from 'zod';

/** One interval of today: its forecast and, once it has started, the calls offered so far. */
export interface ReforecastInterval {
  startMs: number;
  endMs: number;
  /** Forecast offered calls for the whole interval. */
  forecastOffered: number;
  /** Calls offered in the interval so far (the elapsed part of the current one); null = no data. */
  actualOffered: number | null;
}

/** A known event expected to raise volume (declared surge, campaign …) over `[startMs, endMs)`. */
export interface DeclaredUplift {
  startMs: number;
  endMs: number;
  /** Expected extra volume as a fraction of forecast (0.3 = +30%). */
  upliftPct: number;
}

export interface ReforecastConfig {
  /**
   * k in the shrinkage weight w = p / (p + k), where p is the fraction of the day's forecast
   * volume that has elapsed: the running ratio gets half weight when p = k. Default 0.1, tuned
   * on the US bank data (`test/bench/reforecast.bench.ts`): 0.05–0.3 all do about as well;
   * no shrinkage (w = 1) makes the 09:00 reforecast worse than no update at all.
   */
  halfWeightFraction: number;
}

export const reforecastConfigSchema = z.strictObject({
  halfWeightFraction: z.number().gt(0).max(100).default(0.1),
});

export const DEFAULT_REFORECAST_CONFIG: ReforecastConfig = Object.freeze(reforecastConfigSchema.parse({}));

export interface ReforecastInput {
  /** Today's intervals (the whole day: the day's forecast total sets how far the day has run). */
  intervals: readonly ReforecastInterval[];
  nowMs: number;
  declaredUplifts?: readonly DeclaredUplift[];
  config?: Partial<ReforecastConfig>;
}

export interface ReforecastPoint {
  startMs: number;
  /** Past: the actual count. Current: actual so far + the reforecast rest. Future: the reforecast. */
  reforecastOffered: number;
}

/** How actual volume is running against forecast so far today, and how much of that is applied. */
export interface RunningRatio {
  /** Calls offered so far today (intervals with data, the current one up to now). */
  actualSoFar: number;
  /** Forecast (with uplifts) for the same stretch; the current interval prorated by elapsed time. */
  forecastSoFar: number;
  /** Forecast (with uplifts) for the whole day. */
  forecastDay: number;
  /** actualSoFar / forecastSoFar, or 1 with no forecast so far. */
  observedRatio: number;
  /** p / (p + k), with p = forecastSoFar / forecastDay. */
  weight: number;
  /** 1 + weight × (observedRatio − 1): the factor applied to what remains. */
  appliedRatio: number;
}

/**
 * Multiplier of a declared-uplift set on one interval: Π (1 + upliftPct × overlap share), where
 * the overlap share is the part of the interval the event covers (an event covering the whole
 * interval adds its full uplift; one covering the last 10 of 30 minutes adds a third of it).
 * @example upliftFactor({ startMs: 0, endMs: 30 }, [{ startMs: 20, endMs: 90, upliftPct: 0.3 }]) // 1.1
 */
export function upliftFactor(interval: { startMs: number; endMs: number }, uplifts: readonly DeclaredUplift[]): number {
  const lengthMs = interval.endMs - interval.startMs;
  let factor = 1;
  for (const u of uplifts) {
    const overlapMs = Math.min(interval.endMs, u.endMs) - Math.max(interval.startMs, u.startMs);
    if (lengthMs > 0 && overlapMs > 0) factor *= 1 + u.upliftPct * (overlapMs / lengthMs);
  }
  return factor;
}

/** Share of the interval elapsed at `nowMs`, 0–1. */
function elapsedShare(i: { startMs: number; endMs: number }, nowMs: number): number {
  if (i.endMs <= i.startMs) return nowMs >= i.startMs ? 1 : 0;
  return Math.min(1, Math.max(0, (nowMs - i.startMs) / (i.endMs - i.startMs)));
}

/**
 * The running ratio of actual to forecast today and the shrunk ratio applied to the rest of it.
 *
 * With A = calls so far, F = forecast so far (uplifted; the current interval prorated by the
 * share elapsed; intervals without data left out of both) and D = the day's whole forecast:
 *
 *   r = A / F,   p = F / D,   w = p / (p + k),   r̂ = 1 + w · (r − 1)
 *
 * Early in the day the ratio rests on little volume and on the hours least like the rest of the
 * day, so it is shrunk hard towards 1; as the day runs it is trusted more.
 * @example
 * // k = 0.1. At 09:00 a bank has had 10% of its forecast day (3,000 of 30,000) and 3,600 calls:
 * // r = 1.2, p = 0.1, w = 0.5, r̂ = 1.1 → the rest of the day is raised 10%, not 20%.
 * // At 15:00, with 60% of the day gone and still running 1.2: w = 0.857, r̂ = 1.171.
 */
export function runningRatio(input: ReforecastInput): RunningRatio {
  const k = input.config?.halfWeightFraction ?? DEFAULT_REFORECAST_CONFIG.halfWeightFraction;
  const uplifts = input.declaredUplifts ?? [];
  let actualSoFar = 0;
  let forecastSoFar = 0;
  let forecastDay = 0;
  for (const i of input.intervals) {
    const forecast = i.forecastOffered * upliftFactor(i, uplifts);
    forecastDay += forecast;
    const elapsed = elapsedShare(i, input.nowMs);
    if (elapsed > 0 && i.actualOffered !== null) {
      actualSoFar += i.actualOffered;
      forecastSoFar += forecast * elapsed;
    }
  }
  const observedRatio = forecastSoFar > 0 ? actualSoFar / forecastSoFar : 1;
  const p = forecastDay > 0 ? forecastSoFar / forecastDay : 0;
  const weight = p / (p + k);
  return { actualSoFar, forecastSoFar, forecastDay, observedRatio, weight, appliedRatio: 1 + weight * (observedRatio - 1) };
}

/**
 * Today's reforecast per interval, in input order. Past intervals keep their actual count; the
 * current one is its actual so far plus the reforecast of its remaining share; the rest are
 * forecast × uplift factor × r̂ (see {@link runningRatio} for r̂ and {@link upliftFactor}). An
 * interval without data (actual null) is reforecast as if it had not happened yet.
 * @example
 * // 30-min intervals, forecast 100 each, now 10:15, k = 0.1, day of 4 intervals (400 forecast):
 * // 09:30 actual 120 (ended), 10:00 actual 60 so far (half elapsed), 10:30 and 11:00 to come.
 * // F = 100 + 50 = 150, A = 180, r = 1.2, p = 0.375, w = 0.789, r̂ = 1.158
 * reforecast({ intervals, nowMs: t('10:15') })
 * // → 09:30: 120, 10:00: 60 + 50 × 1.158 = 117.9, 10:30: 115.8, 11:00: 115.8
 */
export function reforecast(input: ReforecastInput): ReforecastPoint[] {
  const { appliedRatio } = runningRatio(input);
  const uplifts = input.declaredUplifts ?? [];
  return input.intervals.map((i) => {
    const forecast = i.forecastOffered * upliftFactor(i, uplifts);
    const elapsed = elapsedShare(i, input.nowMs);
    if (i.actualOffered === null || elapsed === 0) return { startMs: i.startMs, reforecastOffered: forecast * appliedRatio };
    return { startMs: i.startMs, reforecastOffered: i.actualOffered + forecast * (1 - elapsed) * appliedRatio };
  });
}
