/**
 * Reforecast on real call-arrival data: WAPE of the rest-of-day forecast at 09:00, 12:00 and
 * 15:00, reforecast against no update (the day-ahead forecast as it was), in the same run.
 *
 * Intervals are 30 minutes (the floor's default), built from the native 5-/6-minute bins. The
 * forecast is the day-ahead baseline of `surge.bench.ts` (same weekday's interval, mean of the
 * previous 4 weeks). WAPE = Σ |forecast − actual| / Σ actual over the intervals that start at
 * or after `now`. US bank: every day of the last 8 weeks of the data; Israeli bank (information
 * only): every day with a forecast except the outage days, at 12:00.
 */
import { reforecast, type ReforecastConfig, type ReforecastInterval } from '../../shared/forecasting/reforecast.js';
import type { Benchmark, Figure, Size } from './harness.js';
import { dayAheadForecast, loadIsraeliBank, loadUsBank, type Dataset } from './surge.bench.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const INTERVAL_MINUTES = 30;

export interface WapeAt {
  hour: number;
  days: number;
  noUpdate: number;
  reforecast: number;
}

/** Rest-of-day WAPE at each hour for the chosen days (`lastWeeks` null = all with a forecast). */
export function backtestReforecast(data: Dataset, opts: { hours: number[]; lastWeeks: number | null; maxDays?: number; config?: Partial<ReforecastConfig> }): WapeAt[] {
  const forecasts = dayAheadForecast(data);
  const lastMs = Date.parse(data.days.at(-1)!.date);
  let days = data.days.filter(
    (d) => forecasts.has(d.date) && !data.notHistory.has(d.date) && (opts.lastWeeks === null || lastMs - Date.parse(d.date) < opts.lastWeeks * 7 * DAY_MS),
  );
  if (opts.maxDays !== undefined) days = days.slice(-opts.maxDays);

  return opts.hours.map((hour) => {
    let noUpdateError = 0;
    let reforecastError = 0;
    let actualTotal = 0;
    for (const day of days) {
      const forecast = forecasts.get(day.date)!;
      const perInterval = INTERVAL_MINUTES / day.binMinutes;
      const intervals: ReforecastInterval[] = [];
      for (let b = 0; b + perInterval <= day.counts.length; b += perInterval) {
        const startMs = day.startMs + b * day.binMinutes * MINUTE_MS;
        let actual = 0;
        let expected = 0;
        for (let j = b; j < b + perInterval; j++) {
          actual += day.counts[j]!;
          expected += forecast[j]!;
        }
        intervals.push({ startMs, endMs: startMs + INTERVAL_MINUTES * MINUTE_MS, forecastOffered: expected, actualOffered: actual });
      }
      const nowMs = Date.parse(`${day.date}T00:00:00Z`) + hour * 60 * MINUTE_MS;
      const seen = intervals.map((i) => ({ ...i, actualOffered: i.startMs < nowMs ? i.actualOffered : null }));
      const updated = reforecast({ intervals: seen, nowMs, config: opts.config });
      intervals.forEach((i, n) => {
        if (i.startMs < nowMs) return;
        noUpdateError += Math.abs(i.forecastOffered - i.actualOffered!);
        reforecastError += Math.abs(updated[n]!.reforecastOffered - i.actualOffered!);
        actualTotal += i.actualOffered!;
      });
    }
    return { hour, days: days.length, noUpdate: noUpdateError / actualTotal, reforecast: reforecastError / actualTotal };
  });
}

/** Goals are judged on the full run only: a tiny slice of a few days is a smoke test, too small to judge. */
function figure(dataset: string, w: WapeAt, goal: string, judge: boolean): Figure {
  return {
    name: `reforecast rest-of-day WAPE at ${String(w.hour).padStart(2, '0')}:00, ${dataset} (${w.days} days; baseline = no update)`,
    value: w.reforecast * 100,
    unit: '%',
    goal,
    baseline: w.noUpdate * 100,
    ratio: w.reforecast / w.noUpdate,
    met: judge ? w.reforecast < w.noUpdate : undefined,
  };
}

export const reforecastBenchmark: Benchmark = {
  name: 'reforecast on real call data',
  async run(size: Size): Promise<Figure[]> {
    const tiny = size === 'tiny';
    const us = backtestReforecast(loadUsBank(), { hours: [9, 12, 15], lastWeeks: 8, maxDays: tiny ? 10 : undefined });
    const il = backtestReforecast(loadIsraeliBank(), { hours: [12], lastWeeks: null, maxDays: tiny ? 20 : undefined });
    return [
      ...us.map((w) => figure('US bank 2003', w, tiny ? '< no-update WAPE (judged on the full run)' : '< no-update WAPE', !tiny)),
      ...il.map((w) => figure('Israeli bank 1999', w, 'information', false)),
    ];
  },
};
