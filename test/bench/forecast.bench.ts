/**
 * The forecaster on real call-arrival data (`../shared/data`, see its README): day-ahead WAPE at
 * 30-minute resolution, per interval and per day, against the 4-week same-weekday baseline of
 * `surge.bench.ts` (each native bin the mean of the same weekday's bin over the previous 4 such
 * days, summed to half-hours), in the same run.
 *
 * Rolling origin over the last 8 weeks of each dataset: for each day D, `forecast()` gets the
 * native-resolution history before D only (5-min US, 6-min Israeli, re-bucketed to 30 min by the
 * forecaster) and forecasts D. WAPE per interval = Σ |actual − forecast| / Σ actual over every
 * half-hour of the window; WAPE per day = the same over daily totals. US bank: zone 'UTC' with
 * the data's local times read as UTC, 07:00–21:00 (the 21:00 stub dropped), weekdays only (no
 * weekend intervals in the data, so none are scored). Israeli bank: every day, 24 h; its three
 * outage days are not scored (the baseline also keeps them out of its history; our forecaster
 * finds them itself as near-empty days).
 *
 * Calendar: the Israeli run gets the 1999 Israeli public holidays and their eves, as a site
 * admin would enter them (no holiday falls in the 8-week report window; they matter as history
 * to leave out). The US run gets the days the bank was closed (Memorial Day, 4 July, Labor Day:
 * absent from the data).
 *
 * Tuning: the defaults in `DEFAULT_FORECASTER_CONFIG` were chosen by a grid over the rolling-
 * origin days before the report window (day 36 of each dataset to the day before the window;
 * calendar holidays not scored), then run once on the window. Run this file with `--tune` to
 * print that comparison (defaults and one-at-a-time variations, tune window and report window).
 */
import { forecast, type ForecasterConfig, type HistoryInterval } from '../../shared/forecasting/forecaster.js';
import type { Benchmark, Figure, Size } from './harness.js';
import { dayAheadForecast, loadIsraeliBank, loadUsBank, type Dataset } from './surge.bench.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const INTERVAL_MINUTES = 30;

/** 1999 Israeli public holidays and eves (Purim, Pesach, Memorial/Independence Day, election day, Shavuot, Tisha B'Av, Rosh Hashana, Yom Kippur, Sukkot). */
export const ISRAELI_HOLIDAYS_1999 = [
  '1999-03-02', '1999-03-31', '1999-04-01', '1999-04-06', '1999-04-07', '1999-04-20', '1999-04-21', '1999-05-17', '1999-05-20', '1999-05-21',
  '1999-07-22', '1999-09-10', '1999-09-11', '1999-09-12', '1999-09-19', '1999-09-20', '1999-09-24', '1999-09-25', '1999-09-26', '1999-09-27',
  '1999-09-28', '1999-09-29', '1999-09-30', '1999-10-01', '1999-10-02',
];
/** Days the US bank's centre was closed in 2003 (absent from the data). */
export const US_CLOSED_2003 = ['2003-05-26', '2003-07-04', '2003-09-01'];

/** Every native bin of the dataset as a history interval of queue `all` (no handle times in the data). */
export function toHistory(data: Dataset): HistoryInterval[] {
  return data.days.flatMap((day) => day.counts.map((offered, bin) => ({ startMs: day.startMs + bin * day.binMinutes * MINUTE_MS, queue: 'all', offered, ahtSeconds: null })));
}

export interface WapeResult {
  days: number;
  /** WAPE per 30-minute interval and per day, as fractions. */
  ours: { interval: number; day: number };
  baseline: { interval: number; day: number };
}

/**
 * Day-ahead backtest over the days from `fromDate` to `toDate` (inclusive) that have a baseline
 * and are not outages; `maxDays` keeps the last few. `skipHolidays` leaves calendar holidays
 * out of the score (tuning is about ordinary days).
 */
export function backtestForecast(
  data: Dataset,
  opts: { fromDate: string; toDate: string; holidays: string[]; maxDays?: number; skipHolidays?: boolean; config?: Partial<ForecasterConfig>; history?: HistoryInterval[] },
): WapeResult {
  const baselines = dayAheadForecast(data);
  const history = opts.history ?? toHistory(data);
  const holidays = new Set(opts.holidays);
  let days = data.days.filter(
    (d) => d.date >= opts.fromDate && d.date <= opts.toDate && baselines.has(d.date) && !data.notHistory.has(d.date) && !(opts.skipHolidays && holidays.has(d.date)),
  );
  if (opts.maxDays !== undefined) days = days.slice(-opts.maxDays);

  const err = { ours: 0, baseline: 0, oursDay: 0, baselineDay: 0, actual: 0 };
  for (const day of days) {
    const before = history.filter((r) => r.startMs < day.startMs - (day.startMs % DAY_MS));
    const ours = new Map(forecast({ history: before, from: day.date, days: 1, timeZone: 'UTC', intervalMinutes: INTERVAL_MINUTES, holidays: opts.holidays, config: opts.config }).map((i) => [Date.parse(i.start), i.offered]));
    const base = baselines.get(day.date)!;
    const perInterval = INTERVAL_MINUTES / day.binMinutes;
    let dayActual = 0;
    let dayOurs = 0;
    let dayBase = 0;
    for (let b = 0; b + perInterval <= day.counts.length; b += perInterval) {
      let actual = 0;
      let baseline = 0;
      for (let j = b; j < b + perInterval; j++) {
        actual += day.counts[j]!;
        baseline += base[j]!;
      }
      const ourValue = ours.get(day.startMs + b * day.binMinutes * MINUTE_MS) ?? 0;
      err.ours += Math.abs(actual - ourValue);
      err.baseline += Math.abs(actual - baseline);
      err.actual += actual;
      dayActual += actual;
      dayOurs += ourValue;
      dayBase += baseline;
    }
    err.oursDay += Math.abs(dayActual - dayOurs);
    err.baselineDay += Math.abs(dayActual - dayBase);
  }
  const a = Math.max(err.actual, 1e-9);
  return { days: days.length, ours: { interval: err.ours / a, day: err.oursDay / a }, baseline: { interval: err.baseline / a, day: err.baselineDay / a } };
}

/** The report window (last `weeks` weeks of the data) and the tuning window (day 36 to the day before). */
export function windows(data: Dataset, weeks = 8): { report: { fromDate: string; toDate: string }; tune: { fromDate: string; toDate: string } } {
  const lastMs = Date.parse(data.days.at(-1)!.date);
  const reportFrom = new Date(lastMs - (weeks * 7 - 1) * DAY_MS).toISOString().slice(0, 10);
  const tuneFrom = new Date(Date.parse(data.days[0]!.date) + 35 * DAY_MS).toISOString().slice(0, 10);
  const tuneTo = new Date(Date.parse(reportFrom) - DAY_MS).toISOString().slice(0, 10);
  return { report: { fromDate: reportFrom, toDate: data.days.at(-1)!.date }, tune: { fromDate: tuneFrom, toDate: tuneTo } };
}

const BASELINE = '4-week same-weekday mean';

/** Goals are judged on the full run only: a tiny slice of 3 days is a smoke test, too small to judge. */
function figures(dataset: string, r: WapeResult, judge: boolean): Figure[] {
  const goal = judge ? '< baseline' : '< baseline (judged on the full run)';
  return [
    {
      name: `forecast WAPE per 30-min interval, day-ahead, ${dataset}, last 8 weeks (baseline = ${BASELINE})`,
      value: r.ours.interval * 100,
      unit: '%',
      goal,
      baseline: r.baseline.interval * 100,
      ratio: r.ours.interval / r.baseline.interval,
      met: judge ? r.ours.interval < r.baseline.interval : undefined,
    },
    {
      name: `forecast WAPE per day, day-ahead, ${dataset}, last 8 weeks (baseline = ${BASELINE})`,
      value: r.ours.day * 100,
      unit: '%',
      goal,
      baseline: r.baseline.day * 100,
      ratio: r.ours.day / r.baseline.day,
      met: judge ? r.ours.day < r.baseline.day : undefined,
    },
    { name: `forecast backtest days scored, ${dataset}`, value: r.days, unit: 'days' },
  ];
}

export const forecastBenchmark: Benchmark = {
  name: 'forecaster on real call data',
  async run(size: Size): Promise<Figure[]> {
    const tiny = size === 'tiny';
    const maxDays = tiny ? 3 : undefined;
    const us = loadUsBank();
    const il = loadIsraeliBank();
    const usResult = backtestForecast(us, { ...windows(us).report, holidays: US_CLOSED_2003, maxDays });
    const ilResult = backtestForecast(il, { ...windows(il).report, holidays: ISRAELI_HOLIDAYS_1999, maxDays });
    return [...figures('US bank 2003', usResult, !tiny), ...figures('Israeli bank 1999', ilResult, !tiny)];
  },
};

/** `npx tsx test/bench/forecast.bench.ts [--tiny | --tune]`: this benchmark alone, or the tuning comparison. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import('./harness.js');
  if (!process.argv.includes('--tune')) {
    process.stdout.write(`${formatTable(await forecastBenchmark.run(process.argv.includes('--tiny') ? 'tiny' : 'full'))}\n`);
  } else {
    const variants: [string, Partial<ForecasterConfig>][] = [
      ['defaults', {}],
      ['levelWeeks 4', { levelWeeks: 4 }],
      ['levelWeeks 8', { levelWeeks: 8 }],
      ['levelWeeks 26', { levelWeeks: 26 }],
      ['levelDecay 0.8', { levelDecay: 0.8 }],
      ['no recent ratio', { recentWeight: 0 }],
      ['recentWeight 1', { recentWeight: 1 }],
      ['recentDecay 0.85', { recentDecay: 0.85 }],
      ['recentDays 7', { recentDays: 7 }],
      ['shapeWeeks 8', { shapeWeeks: 8 }],
      ['shapeDecay 1', { shapeDecay: 1 }],
      ['no shape pooling', { shapePoolShare: 0 }],
      ['shapePoolShare 0.5', { shapePoolShare: 0.5 }],
      ['no billing days', { billingDaysOfMonth: [] }],
      ['billing days 1–2', { billingDaysOfMonth: [1, 2] }],
    ];
    const sets: [string, Dataset, string[]][] = [
      ['US', loadUsBank(), US_CLOSED_2003],
      ['IL', loadIsraeliBank(), ISRAELI_HOLIDAYS_1999],
    ];
    const pct = (x: number) => (x * 100).toFixed(2).padStart(6);
    process.stdout.write('variant               | ours/baseline WAPE per interval (per day): tune window → report window\n');
    for (const [label, config] of variants) {
      const cells = sets.map(([name, data, holidays]) => {
        const history = toHistory(data);
        const w = windows(data);
        const tune = backtestForecast(data, { ...w.tune, holidays, skipHolidays: true, config, history });
        const report = backtestForecast(data, { ...w.report, holidays, config, history });
        return `${name} ${pct(tune.ours.interval)}/${pct(tune.baseline.interval)} (${pct(tune.ours.day)}/${pct(tune.baseline.day)}) → ${pct(report.ours.interval)}/${pct(report.baseline.interval)} (${pct(report.ours.day)}/${pct(report.baseline.day)})`;
      });
      process.stdout.write(`${label.padEnd(22)}| ${cells.join(' | ')}\n`);
    }
  }
}
