/**
 * Generating a forecast from history and publishing it (admin): generate runs the built-in
 * forecaster on the site's own history and saves nothing; publish replaces the stored forecast
 * for the site-local days it covers and keeps every other day. Authorisation is the router's.
 */
import { z } from 'zod';
import { forecastWithNotes, ForecastInputError } from '../../shared/forecasting/forecaster.js';
import { replaceForecastDays } from '../../shared/forecasting/forecast-days.js';
import { HISTORY_WEEKS, MAX_GENERATE_DAYS, type GeneratedForecast, type PublishedForecast } from '../../shared/forecasting/generate-api.js';
import { dayKeySchema } from '../../shared/reports/history.js';
import { forecastIntervalSchema } from '../../shared/roster.js';
import { addDays, intervalStart, localDayKey } from '../../shared/time.js';
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { AppError, validationError } from './errors.js';
import type { FloorService } from './floor-service.js';
import type { HistoryService } from './history-service.js';

/** The most intervals one publish may carry (as many as a whole stored forecast may). */
const MAX_PUBLISH_INTERVALS = 100_000;

export interface ForecastGenDeps {
  history: Pick<HistoryService, 'queueHistory'>;
  /** The admin's holiday calendar, `YYYY-MM-DD`. */
  holidays: () => string[];
  store: Pick<Store, 'settings' | 'forecast'>;
  floor: Pick<FloorService, 'setForecast'>;
  clock: Clock;
  timeZone: string;
}

const generateSchema = z.strictObject({
  from: dayKeySchema,
  days: z.number().int().min(1).max(MAX_GENERATE_DAYS),
});

/** 0.001 of a call and 0.1 s of AHT are finer than any plan needs, and keep the JSON small. */
const roundTo = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

export class ForecastGenService {
  constructor(private readonly deps: ForecastGenDeps) {}

  /**
   * `{ from, days }` → the forecast for `days` site-local days from `from`, learned from the
   * last {@link HISTORY_WEEKS} weeks of history before `from` that are over (today, still
   * under way, would read as a quiet day), with the holiday calendar, for the queues in that
   * history and in the stored forecast. Saves nothing.
   */
  async generate(body: unknown): Promise<GeneratedForecast> {
    const r = generateSchema.safeParse(body);
    if (!r.success) throw validationError(r.error, 'forecast request');
    const { from, days } = r.data;
    const { timeZone, store, clock } = this.deps;
    const intervalMinutes = store.settings().intervalMinutes;
    const yesterday = addDays(localDayKey(clock.now(), timeZone), -1);
    const historyFrom = addDays(from, -HISTORY_WEEKS * 7);
    const dayBefore = addDays(from, -1);
    const historyTo = dayBefore < yesterday ? dayBefore : yesterday;
    const history = historyFrom <= historyTo ? await this.deps.history.queueHistory(historyFrom, historyTo) : [];
    try {
      const result = forecastWithNotes({
        history,
        from,
        days,
        timeZone,
        intervalMinutes,
        holidays: this.deps.holidays(),
        queues: [...new Set(store.forecast().map((iv) => iv.queue))],
      });
      const intervals = result.intervals.map((iv) => ({ ...iv, offered: roundTo(iv.offered, 3), ahtSeconds: roundTo(iv.ahtSeconds, 1) }));
      return { from, days, timeZone, intervalMinutes, historyFrom, historyTo, intervals, notes: result.notes };
    } catch (err) {
      if (err instanceof ForecastInputError) throw new AppError('validation', `the forecast could not be generated: ${err.message}`);
      throw err;
    }
  }

  /**
   * `{ intervals }` → replaces the stored forecast on the site-local days the intervals cover
   * and keeps all other days. Each interval must start on a site interval boundary, once per
   * queue; anything wrong is named and nothing is changed.
   */
  async publish(body: unknown): Promise<PublishedForecast> {
    const { timeZone, store } = this.deps;
    const intervalMinutes = store.settings().intervalMinutes;
    const schema = z.strictObject({
      intervals: z
        .array(forecastIntervalSchema)
        .min(1, 'nothing to publish: give at least one interval')
        .max(MAX_PUBLISH_INTERVALS)
        .superRefine((intervals, ctx) => {
          const first = new Map<string, number>();
          intervals.forEach((iv, i) => {
            const ms = Date.parse(iv.start);
            if (intervalStart(ms, timeZone, intervalMinutes) !== ms) {
              ctx.addIssue({ code: 'custom', path: [i, 'start'], message: `must start a ${intervalMinutes}-minute site interval (${timeZone})` });
              return;
            }
            const key = `${ms}|${iv.queue}`;
            const at = first.get(key);
            if (at === undefined) first.set(key, i);
            else ctx.addIssue({ code: 'custom', path: [i, 'start'], message: `queue ${iv.queue} already has this interval (intervals.${at})` });
          });
        }),
    });
    const r = schema.safeParse(body);
    if (!r.success) throw validationError(r.error, 'forecast');
    // Read and merge with no await before the store takes the new list, so two publishes cannot interleave.
    const next = replaceForecastDays(store.forecast(), r.data.intervals, timeZone);
    await this.deps.floor.setForecast(next.intervals);
    return { days: next.days, intervals: r.data.intervals.length, replaced: next.replaced, kept: next.kept };
  }
}
