/**
 * A forecast seen by site-local day: the per-day summary an admin checks before publishing a
 * generated forecast, and the replacement of just the days a publish covers. Pure.
 */
import type { ForecastInterval } from '../roster.js';
import { localDayKey } from '../time.js';

/** The site-local day (`YYYY-MM-DD`) an interval starts on. */
export function forecastDayOf(interval: Pick<ForecastInterval, 'start'>, timeZone: string): string {
  return localDayKey(Date.parse(interval.start), timeZone);
}

/** `forecastDayOf` remembering each start it has seen: the queues of an interval share one. */
function dayOfCached(timeZone: string): (interval: Pick<ForecastInterval, 'start'>) => string {
  const seen = new Map<string, string>();
  return ({ start }) => {
    let day = seen.get(start);
    if (day === undefined) seen.set(start, (day = forecastDayOf({ start }, timeZone)));
    return day;
  };
}

/** Calls and mean AHT of one queue (or all queues) over a day. */
export interface DayFigures {
  offered: number;
  /**
   * Mean AHT in seconds, weighted by offered calls (Σ offered × AHT / Σ offered); the plain
   * mean of the intervals' AHT when nothing is offered; null with no intervals.
   */
  ahtSeconds: number | null;
}

export interface ForecastDaySummary {
  /** Site-local `YYYY-MM-DD`. */
  day: string;
  /** Per queue, only the queues with intervals that day. */
  queues: Record<string, DayFigures>;
  /** All queues together. */
  total: DayFigures;
  /** Intervals that day, all queues. */
  intervals: number;
}

interface Sums {
  offered: number;
  ahtCallSeconds: number;
  ahtSum: number;
  count: number;
}

const emptySums = (): Sums => ({ offered: 0, ahtCallSeconds: 0, ahtSum: 0, count: 0 });

function add(s: Sums, iv: ForecastInterval): void {
  s.offered += iv.offered;
  s.ahtCallSeconds += iv.offered * iv.ahtSeconds;
  s.ahtSum += iv.ahtSeconds;
  s.count += 1;
}

function figures(s: Sums): DayFigures {
  const ahtSeconds = s.count === 0 ? null : s.offered > 0 ? s.ahtCallSeconds / s.offered : s.ahtSum / s.count;
  return { offered: s.offered, ahtSeconds };
}

/**
 * Offered calls per queue and in total, with the offered-weighted mean AHT, per site-local
 * day, oldest first.
 * @example
 * // 10:00 general 10 calls at 200 s, 10:30 general 30 calls at 100 s, 10:00 billing 0 calls at 300 s:
 * summariseForecastDays(intervals, 'Asia/Shanghai')
 * // [{ day: '2026-11-27', queues: { general: { offered: 40, ahtSeconds: 125 }, billing: { offered: 0, ahtSeconds: 300 } },
 * //    total: { offered: 40, ahtSeconds: 125 }, intervals: 3 }]
 */
export function summariseForecastDays(intervals: readonly ForecastInterval[], timeZone: string): ForecastDaySummary[] {
  const dayOf = dayOfCached(timeZone);
  const days = new Map<string, { total: Sums; queues: Map<string, Sums> }>();
  for (const iv of intervals) {
    const day = dayOf(iv);
    let entry = days.get(day);
    if (!entry) days.set(day, (entry = { total: emptySums(), queues: new Map() }));
    let queue = entry.queues.get(iv.queue);
    if (!queue) entry.queues.set(iv.queue, (queue = emptySums()));
    add(queue, iv);
    add(entry.total, iv);
  }
  return [...days]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, e]) => ({
      day,
      queues: Object.fromEntries([...e.queues].sort(([a], [b]) => (a < b ? -1 : 1)).map(([q, s]) => [q, figures(s)])),
      total: figures(e.total),
      intervals: e.total.count,
    }));
}

export interface ReplacedDays {
  /** The stored forecast afterwards, in time order (queue order within an interval). */
  intervals: ForecastInterval[];
  /** Site-local days the published intervals cover, sorted. */
  days: string[];
  /** Stored intervals on those days that were dropped. */
  replaced: number;
  /** Stored intervals on other days, kept as they were. */
  kept: number;
}

/**
 * Publishes `published` over `stored` day by day: every stored interval on a site-local day
 * the published ones cover is dropped, every other day is kept as it was.
 * @example
 * // stored: 26–29 Nov, 48 intervals a day; published: 27–28 Nov
 * replaceForecastDays(stored, published, 'Asia/Shanghai')
 * // { days: ['2026-11-27', '2026-11-28'], replaced: 96, kept: 96, intervals: 26th, 27th–28th as published, 29th }
 */
export function replaceForecastDays(stored: readonly ForecastInterval[], published: readonly ForecastInterval[], timeZone: string): ReplacedDays {
  const dayOf = dayOfCached(timeZone);
  const days = new Set(published.map(dayOf));
  const keep = stored.filter((iv) => !days.has(dayOf(iv)));
  const intervals = [...keep, ...published]
    .map((iv) => ({ iv, ms: Date.parse(iv.start) }))
    .sort((a, b) => a.ms - b.ms || (a.iv.queue < b.iv.queue ? -1 : a.iv.queue > b.iv.queue ? 1 : 0))
    .map((x) => x.iv);
  return { intervals, days: [...days].sort(), replaced: stored.length - keep.length, kept: keep.length };
}
