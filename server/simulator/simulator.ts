/**
 * The built-in traffic simulator: with no ACD configured, the server runs it through the same
 * ingest path a real ACD uses, so a new install shows a living floor, surges included, at once.
 * Nothing happens at import time; {@link Simulator.start} sets the only timer.
 */
import { randomInt } from 'node:crypto';
import { MAX_BATCH_EVENTS, type FloorEvent } from '../../shared/events.js';
import type { ForecastInterval, Roster } from '../../shared/roster.js';
import { demoForecast } from './demo.js';
import { TrafficEngine } from './engine.js';
import { mulberry32 } from './random.js';
import type { SurgeWindow } from './surges.js';

/** The most simulated time one step works through; a longer gap is skipped (with a warning). */
export const MAX_STEP_MS = 10 * 60_000;
const DEFAULT_TICK_MS = 1000;
const DEMO_INTERVAL_MINUTES = 30;

/** What the simulator needs from the server. */
export interface SimulatorDeps {
  /** The real ingest path (validates, journals, applies); may reject. */
  ingest(events: FloorEvent[]): Promise<unknown>;
  /** The server's clock in epoch ms (simulated time when sped up). */
  now(): number;
  /** The site's IANA time zone. */
  timeZone: string;
  /** The day's forecast the server holds (empty: the demo forecast is used). */
  forecast(dayKey: string): ForecastInterval[];
  roster(): Roster;
  logger: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** Seedable source of uniform numbers in [0, 1); default a PRNG with a random seed. */
  random?: () => number;
  /** Real ms between ticks, default 1000. */
  tickMs?: number;
}

/**
 * Simulated call-centre traffic: staff sign in before their shifts, take breaks and meals and
 * sign out at shift end; calls arrive per queue following the forecast (lifted by 2–4 surges
 * a day), are answered by free skilled agents or wait and are abandoned; every change is an
 * ingest event.
 */
export class Simulator {
  private readonly seed: number;
  private readonly runSalt: string;
  private engine: TrafficEngine | null = null;
  private rosterSeen: { roster: Roster; json: string } | null = null;
  private readonly demoForecasts = new Map<string, ForecastInterval[]>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticking = false;

  constructor(private readonly deps: SimulatorDeps) {
    const random = deps.random ?? mulberry32(randomInt(2 ** 32));
    this.seed = Math.floor(random() * 2 ** 32) >>> 0;
    this.runSalt = Math.floor(random() * 36 ** 4)
      .toString(36)
      .padStart(4, '0');
  }

  /** Starts ticking every `tickMs` real ms; each tick steps to `now()` and ingests the events. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.deps.tickMs ?? DEFAULT_TICK_MS);
    this.timer.unref?.();
    this.deps.logger.info({ timeZone: this.deps.timeZone, seed: this.seed }, 'traffic simulator started');
  }

  /** Stops ticking. A batch already being ingested finishes. */
  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.deps.logger.info({}, 'traffic simulator stopped');
  }

  /**
   * Advances simulated time to `toMs` and returns the events produced, in time order. The
   * first call brings the floor to life at `toMs` (whoever is on shift signs in). A step
   * never works through more than {@link MAX_STEP_MS}: beyond that it skips ahead, ending
   * calls in progress and re-seating the floor as the plans say. A `toMs` in the past does
   * nothing.
   */
  step(toMs: number): FloorEvent[] {
    const roster = this.deps.roster();
    if (!this.engine) {
      this.engine = new TrafficEngine({
        timeZone: this.deps.timeZone,
        seed: this.seed,
        runId: `${Math.floor(toMs).toString(36)}${this.runSalt}`,
        forecast: (dayKey) => this.forecastFor(dayKey),
        logger: this.deps.logger,
      });
      this.rosterChanged(roster);
      return this.engine.reset(toMs, roster);
    }
    const events: FloorEvent[] = [];
    if (this.rosterChanged(roster)) events.push(...this.engine.changeRoster(roster));
    const gapMs = toMs - this.engine.clockMs;
    if (gapMs > MAX_STEP_MS) {
      this.deps.logger.warn({ skippedMinutes: Math.round((gapMs - MAX_STEP_MS) / 60_000) }, 'simulator fell behind; skipping ahead');
      events.push(...this.engine.reset(toMs - MAX_STEP_MS, roster));
    }
    if (toMs > this.engine.clockMs) events.push(...this.engine.advance(toMs));
    return events;
  }

  /** The surges this run has planned for the site-local day `dayKey`. */
  plannedSurges(dayKey: string): SurgeWindow[] {
    return this.engine?.surgesOn(dayKey) ?? [];
  }

  private async tick(): Promise<void> {
    // A slow ingest must not let ticks overlap: events would arrive out of order.
    if (this.ticking) return;
    this.ticking = true;
    try {
      let events: FloorEvent[];
      try {
        events = this.step(this.deps.now());
      } catch (err) {
        this.deps.logger.warn({ err }, 'simulator step failed');
        return;
      }
      for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) {
        const batch = events.slice(i, i + MAX_BATCH_EVENTS);
        try {
          await this.deps.ingest(batch);
        } catch (err) {
          this.deps.logger.warn({ err, events: batch.length, firstId: batch[0]?.id }, 'simulated events were not ingested');
        }
      }
    } finally {
      this.ticking = false;
    }
  }

  /** True when `roster` differs from the last one seen (by identity, then by content). */
  private rosterChanged(roster: Roster): boolean {
    const seen = this.rosterSeen;
    if (seen?.roster === roster) return false;
    const json = JSON.stringify(roster);
    this.rosterSeen = { roster, json };
    return seen !== null && seen.json !== json;
  }

  private forecastFor(dayKey: string): readonly ForecastInterval[] {
    const held = this.deps.forecast(dayKey);
    if (held.length > 0) return held;
    let demo = this.demoForecasts.get(dayKey);
    if (!demo) {
      demo = demoForecast(dayKey, this.deps.timeZone, DEMO_INTERVAL_MINUTES);
      this.demoForecasts.set(dayKey, demo);
      if (this.demoForecasts.size > 4) this.demoForecasts.delete(this.demoForecasts.keys().next().value ?? dayKey);
    }
    return demo;
  }
}
