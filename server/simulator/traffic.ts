/**
 * The traffic model: how many calls arrive on each queue (Poisson around the forecast for the
 * current interval, lifted during surges) and how each caller behaves (patience, talk time,
 * wrap-up). Pure apart from the {@link Rng} it draws from.
 */
import type { ForecastInterval } from '../../shared/roster.js';
import type { Rng } from './random.js';

const SECOND_MS = 1000;
const DEFAULT_INTERVAL_MS = 30 * 60 * SECOND_MS;

/** Mean caller patience before hanging up unanswered. */
export const MEAN_PATIENCE_SECONDS = 90;
const WRAP_SECONDS = { min: 10, max: 30 } as const;
const TALK_SIGMA = 0.6;

/** A forecast interval with its end resolved. */
export interface RateInterval {
  startMs: number;
  endMs: number;
  offered: number;
  ahtSeconds: number;
}

/** A forecast indexed for rate look-ups by queue and time. */
export class ForecastIndex {
  private readonly byQueue = new Map<string, RateInterval[]>();

  constructor(intervals: readonly ForecastInterval[]) {
    const grouped = new Map<string, RateInterval[]>();
    for (const i of intervals) {
      const startMs = Date.parse(i.start);
      if (!Number.isFinite(startMs)) continue;
      const list = grouped.get(i.queue) ?? [];
      list.push({ startMs, endMs: startMs, offered: i.offered, ahtSeconds: i.ahtSeconds });
      grouped.set(i.queue, list);
    }
    for (const [queue, list] of grouped) {
      list.sort((a, b) => a.startMs - b.startMs);
      const gaps = list.slice(1).map((r, k) => r.startMs - (list[k]?.startMs ?? r.startMs)).filter((g) => g > 0);
      const typicalMs = gaps.length > 0 ? Math.min(...gaps) : DEFAULT_INTERVAL_MS;
      list.forEach((r, k) => {
        const next = list[k + 1];
        r.endMs = next && next.startMs > r.startMs && next.startMs - r.startMs <= 4 * typicalMs ? next.startMs : r.startMs + typicalMs;
      });
      this.byQueue.set(queue, list);
    }
  }

  /** The queues this forecast covers, sorted. */
  get queues(): string[] {
    return [...this.byQueue.keys()].sort();
  }

  /** The interval of `queue` covering `atMs`, if any. */
  intervalAt(queue: string, atMs: number): RateInterval | undefined {
    const list = this.byQueue.get(queue);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = list[mid];
      if (!r) break;
      if (atMs < r.startMs) hi = mid - 1;
      else if (atMs >= r.endMs) lo = mid + 1;
      else return r;
    }
    return undefined;
  }

  /**
   * Forecast calls on `queue` in [fromMs, toMs), spreading each interval's calls evenly over it.
   * @example new ForecastIndex([{ start: '2026-01-01T00:00:00Z', queue: 'q', offered: 30, ahtSeconds: 200 }])
   *   .expectedBetween('q', Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-01T00:10:00Z')) // 10
   */
  expectedBetween(queue: string, fromMs: number, toMs: number): number {
    let total = 0;
    for (const r of this.byQueue.get(queue) ?? []) {
      const overlap = Math.min(toMs, r.endMs) - Math.max(fromMs, r.startMs);
      if (overlap > 0) total += (r.offered * overlap) / (r.endMs - r.startMs);
    }
    return total;
  }
}

/** One simulated call, everything about it drawn when it arrives. */
export interface CallSpec {
  callId: string;
  queue: string;
  offeredMs: number;
  /** How long the caller waits in queue before hanging up. */
  patienceMs: number;
  /** Ringing time between the ACD picking an agent and the agent answering. */
  ringMs: number;
  talkMs: number;
  wrapSeconds: number;
}

/**
 * The calls arriving on `queue` in [fromMs, toMs): a Poisson count with mean `expected`,
 * at uniform times, each with exponential patience (mean {@link MEAN_PATIENCE_SECONDS}),
 * 2–5 s of ringing, a lognormal talk time that with 10–30 s of wrap-up averages
 * `ahtSeconds`. Sorted by arrival; ids come from `nextCallId` in that order.
 */
export function drawCalls(
  rng: Rng,
  window: { queue: string; fromMs: number; toMs: number; expected: number; ahtSeconds: number },
  nextCallId: () => string,
): CallSpec[] {
  const count = rng.poisson(window.expected);
  const meanWrap = (WRAP_SECONDS.min + WRAP_SECONDS.max) / 2;
  const meanTalkSeconds = Math.max(30, window.ahtSeconds - meanWrap);
  const drawn: Omit<CallSpec, 'callId'>[] = [];
  for (let i = 0; i < count; i++) {
    const talkSeconds = Math.min(2400, Math.max(15, rng.lognormal(meanTalkSeconds, TALK_SIGMA)));
    drawn.push({
      queue: window.queue,
      offeredMs: Math.floor(rng.uniform(window.fromMs, window.toMs)),
      patienceMs: Math.round(rng.exponential(MEAN_PATIENCE_SECONDS) * SECOND_MS),
      ringMs: Math.round(rng.uniform(2, 5) * SECOND_MS),
      talkMs: Math.round(talkSeconds * SECOND_MS),
      wrapSeconds: rng.int(WRAP_SECONDS.min, WRAP_SECONDS.max),
    });
  }
  drawn.sort((a, b) => a.offeredMs - b.offeredMs);
  return drawn.map((d) => ({ callId: nextCallId(), ...d }));
}
