/**
 * Simulated surges: two to four per site-local day, at random times, each a system fault or
 * an SMS campaign that lifts arrivals on every queue by 30–80% for 20–60 minutes. The floor
 * is not told; the server has to notice them the way it would notice a real one.
 */
import { addDays, dayStart } from '../../shared/time.js';
import { Rng } from './random.js';

const MINUTE_MS = 60_000;

/** What set a simulated surge off (named like the causes a supervisor can declare). */
export type SurgeCause = 'system-fault' | 'sms-campaign';

/** One planned surge. */
export interface SurgeWindow {
  cause: SurgeCause;
  startMs: number;
  endMs: number;
  /** Fractional lift on arrivals: 0.5 means +50%. */
  uplift: number;
}

/**
 * The surges of the site-local day `dayKey` for a run seeded with `rootSeed`: 2–4 windows
 * that do not overlap, sorted by start. Pure.
 */
export function planSurges(dayKey: string, timeZone: string, rootSeed: number): SurgeWindow[] {
  const rng = Rng.stream(rootSeed, `surges:${dayKey}`);
  const fromMs = dayStart(dayKey, timeZone);
  const dayMs = dayStart(addDays(dayKey, 1), timeZone) - fromMs;
  const count = rng.int(2, 4);
  const windows: SurgeWindow[] = [];
  for (let tries = 0; windows.length < count && tries < 100; tries++) {
    const durationMs = Math.round(rng.uniform(20, 60)) * MINUTE_MS;
    const startMs = fromMs + Math.floor(rng.uniform(0, dayMs - durationMs) / MINUTE_MS) * MINUTE_MS;
    const candidate: SurgeWindow = {
      cause: rng.chance(0.5) ? 'system-fault' : 'sms-campaign',
      startMs,
      endMs: startMs + durationMs,
      uplift: Math.round(rng.uniform(0.3, 0.8) * 100) / 100,
    };
    // Keep at least half an hour between surges, so each one can be seen on its own.
    const clashes = windows.some((w) => candidate.startMs < w.endMs + 30 * MINUTE_MS && w.startMs < candidate.endMs + 30 * MINUTE_MS);
    if (!clashes) windows.push(candidate);
  }
  return windows.sort((a, b) => a.startMs - b.startMs);
}

/**
 * Multiplier on arrivals at `atMs` given the `windows` that may cover it.
 * @example surgeMultiplier([{ cause: 'sms-campaign', startMs: 0, endMs: 10, uplift: 0.5 }], 5) // 1.5
 */
export function surgeMultiplier(windows: readonly SurgeWindow[], atMs: number): number {
  let multiplier = 1;
  for (const w of windows) if (atMs >= w.startMs && atMs < w.endMs) multiplier += w.uplift;
  return multiplier;
}
