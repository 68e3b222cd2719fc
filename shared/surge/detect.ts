/**
 * Surge detection (SPEC "Surges (突发)") as a pure step function: the previous tracker state,
 * the live figures, the declared surges and the thresholds in; the new state and the active,
 * started and ended surges out. No clock: `live.nowMs` is the only time.
 *
 * A measured trigger's surge starts when its condition holds and ends only after the
 * condition has stayed clear for `holdOffMinutes` (hysteresis). A spike while a surge is in
 * hold-off only resets its `clearSinceMs`; it never opens a second surge. Persistence before a
 * start:
 *
 * | trigger | condition | starts | critical when |
 * |---|---|---|---|
 * | deviation | over the trailing `deviationMinutes`: actual ≥ (1 + deviationPct) × forecast and z ≥ significance | when the window condition holds | over by ≥ 2 × deviationPct |
 * | queue | waiting ≥ waitingCalls | at once | waiting ≥ 2 × waitingCalls |
 * | longest-wait | longest wait ≥ longestWaitSeconds | at once | ≥ 2 × longestWaitSeconds |
 * | service-level | rolling SL < serviceLevelTarget, on ≥ minCallsForRates offered | at once | SL < target − 0.2 |
 * | answer-rate | rolling answer rate < answerRateTarget, on ≥ minCallsForRates offered | at once | rate < target − 0.2 |
 * | staffing | required staff > staff on the phones | at once | required ≥ on phones + max(2, 20% of on phones) |
 * | declared | startsAtMs ≤ now < endsAtMs, while listed | at startsAtMs | upliftPct ≥ 2 × deviationPct |
 *
 * The deviation window is itself `deviationMinutes` long, so "running ≥ 20% over forecast for
 * 5 minutes" is judged on the 5 minutes' total, which is far steadier than asking each noisy
 * minute to be over on its own. The other triggers are already states of the floor (a queue,
 * a wait) rather than noisy counts, so they start at once; the hold-off keeps them from flapping.
 */
import {
  MEASURED_CAUSES,
  type ActiveSurge,
  type DeclaredSurge,
  type LiveFigures,
  type MeasuredCause,
  type MinuteFigures,
  type SurgeThresholds,
  type SurgeTrackerState,
  type TriggerState,
} from './types.js';

const MINUTE_MS = 60_000;
/** How far below a rate target counts as critical (SL 80% target → critical under 60%). */
const CRITICAL_RATE_MARGIN = 0.2;

/** A tracker that has seen nothing: no condition holding, no surge open. */
export function emptyTrackerState(): SurgeTrackerState {
  const triggers = {} as Record<MeasuredCause, TriggerState>;
  for (const cause of MEASURED_CAUSES) triggers[cause] = { holdingSinceMs: null, active: null };
  return { triggers, declared: {} };
}

/** Arrivals and forecast summed over a trailing window. */
export interface WindowTotals {
  /** Calls offered in the window. */
  offered: number;
  /** Calls the forecast expected in the window. */
  forecastOffered: number;
  /** How many minutes of the window the supplied minutes cover. */
  coveredMinutes: number;
}

/**
 * Sums `minutes` over `[nowMs − windowMinutes, nowMs)`. A minute that straddles an edge counts
 * in proportion: its forecast by the share of the whole minute inside the window, its offered
 * calls by the share of its observed part (up to `nowMs`) inside the window, so the current,
 * unfinished minute is compared with only the forecast for the part that has elapsed.
 * @example
 * // now 10:05:30, window 5 min → 10:00:30–10:05:30; the 10:05 minute has run 30 s
 * windowTotals([{ startMs: t('10:05'), offered: 6, forecastOffered: 10 }, …], t('10:05:30'), 5)
 * // that minute adds offered 6 and forecast 5
 */
export function windowTotals(minutes: readonly MinuteFigures[], nowMs: number, windowMinutes: number): WindowTotals {
  const fromMs = nowMs - windowMinutes * MINUTE_MS;
  let offered = 0;
  let forecastOffered = 0;
  let coveredMs = 0;
  for (const m of minutes) {
    const endMs = m.startMs + MINUTE_MS;
    const observedEndMs = Math.min(endMs, nowMs);
    const overlapMs = observedEndMs - Math.max(m.startMs, fromMs);
    if (overlapMs <= 0) continue;
    coveredMs += overlapMs;
    forecastOffered += (m.forecastOffered * overlapMs) / MINUTE_MS;
    offered += (m.offered * overlapMs) / (observedEndMs - m.startMs);
  }
  return { offered, forecastOffered, coveredMinutes: coveredMs / MINUTE_MS };
}

/** The deviation trigger's reading of the trailing window. */
export interface DeviationReading extends WindowTotals {
  /** Fraction over forecast: offered / forecast − 1 (0.32 = +32%); null without a forecast. */
  overRatio: number | null;
  /** (offered − forecast) / √(overdispersion × forecast); null without a forecast. */
  z: number | null;
  /** Both rules met over a fully covered window. */
  holds: boolean;
}

/**
 * The deviation rule over the trailing `deviationMinutes`, with A = offered and F = forecast:
 * holds when A ≥ (1 + deviationPct)·F **and** z = (A − F) / √(overdispersion·F) ≥ significance.
 * The z-score allows for real forecast error, whose variance runs about `overdispersion` times
 * the Poisson variance F; the % rule alone fires on noise at low volume, the z rule alone on
 * tiny relative excesses at high volume. A window the minutes do not fully cover never holds.
 * @example
 * // defaults (20%, overdispersion 10, significance 2.1), 5 minutes with forecast 400:
 * // actual 480: +20% but z = 80 / √(10 × 400) = 1.26 < 2.1 → does not hold
 * // actual 540: +35%, z = 140 / 63.2 = 2.21 ≥ 2.1 → holds
 * // at night, forecast 5 and actual 15: +200% but z = 10 / √50 = 1.41 → does not hold
 */
export function readDeviation(minutes: readonly MinuteFigures[], nowMs: number, t: SurgeThresholds): DeviationReading {
  const w = windowTotals(minutes, nowMs, t.deviationMinutes);
  if (w.forecastOffered <= 0) return { ...w, overRatio: null, z: null, holds: false };
  const overRatio = w.offered / w.forecastOffered - 1;
  const z = (w.offered - w.forecastOffered) / Math.sqrt(t.overdispersion * w.forecastOffered);
  const covered = w.coveredMinutes >= t.deviationMinutes - 1e-6;
  // Compared by products with a relative tolerance, so exactly +20% counts as +20% despite float rounding.
  const overPct = w.offered >= (1 + t.deviationPct) * w.forecastOffered * (1 - 1e-12);
  const significant = w.offered - w.forecastOffered >= t.significance * Math.sqrt(t.overdispersion * w.forecastOffered) * (1 - 1e-12);
  return { ...w, overRatio, z, holds: covered && overPct && significant };
}

/** One trigger's reading now. `measured` null when it cannot be measured (then it is clear). */
interface Reading {
  holds: boolean;
  measured: number | null;
  threshold: number;
  critical: boolean;
  unit: ActiveSurge['unit'];
  /** Whether larger measured values are worse (false for the rates). */
  higherIsWorse: boolean;
}

function read(cause: MeasuredCause, live: LiveFigures, t: SurgeThresholds): Reading {
  switch (cause) {
    case 'deviation': {
      const d = readDeviation(live.minutes, live.nowMs, t);
      return { holds: d.holds, measured: d.overRatio, threshold: t.deviationPct, critical: (d.overRatio ?? 0) >= 2 * t.deviationPct, unit: 'ratio', higherIsWorse: true };
    }
    case 'queue':
      return { holds: live.waiting >= t.waitingCalls, measured: live.waiting, threshold: t.waitingCalls, critical: live.waiting >= 2 * t.waitingCalls, unit: 'calls', higherIsWorse: true };
    case 'longest-wait':
      return {
        holds: live.longestWaitSeconds >= t.longestWaitSeconds,
        measured: live.longestWaitSeconds,
        threshold: t.longestWaitSeconds,
        critical: live.longestWaitSeconds >= 2 * t.longestWaitSeconds,
        unit: 'seconds',
        higherIsWorse: true,
      };
    case 'service-level':
    case 'answer-rate': {
      const target = cause === 'service-level' ? t.serviceLevelTarget : t.answerRateTarget;
      const { offered } = live.rolling;
      const done = cause === 'service-level' ? live.rolling.answeredWithinTarget : live.rolling.answered;
      const rate = offered > 0 && offered >= t.minCallsForRates ? done / offered : null;
      return { holds: rate !== null && rate < target, measured: rate, threshold: target, critical: rate !== null && rate < target - CRITICAL_RATE_MARGIN, unit: 'ratio', higherIsWorse: false };
    }
    case 'staffing': {
      const required = live.requiredStaff;
      const gap = required === null ? 0 : required - live.onPhones;
      return {
        holds: gap > 0,
        measured: required,
        threshold: live.onPhones,
        critical: gap >= Math.max(2, 0.2 * live.onPhones),
        unit: 'staff',
        higherIsWorse: true,
      };
    }
  }
}

export interface SurgeEvaluation {
  state: SurgeTrackerState;
  /** Every surge on now (including those in hold-off), by start time then id. */
  active: ActiveSurge[];
  /** Surges that started in this step. */
  started: ActiveSurge[];
  /** Surges that ended in this step, with `endedAtMs`. */
  ended: ActiveSurge[];
}

/**
 * One step of the surge tracker. Call it whenever the live figures change or on a steady tick
 * (every few seconds); "continuously" means at every call. Pure: `prev` is not modified.
 * @example
 * let state = emptyTrackerState();
 * const r = evaluateSurges(state, { nowMs, waiting: 12, … }, [], DEFAULT_SURGE_THRESHOLDS);
 * // r.started → [{ id: `queue-${nowMs}`, cause: 'queue', measured: 12, threshold: 10, unit: 'calls', … }]
 * state = r.state;
 */
export function evaluateSurges(prev: SurgeTrackerState, live: LiveFigures, declared: readonly DeclaredSurge[], thresholds: SurgeThresholds): SurgeEvaluation {
  const now = live.nowMs;
  const holdOffMs = thresholds.holdOffMinutes * MINUTE_MS;
  const state = emptyTrackerState();
  const active: ActiveSurge[] = [];
  const started: ActiveSurge[] = [];
  const ended: ActiveSurge[] = [];

  for (const cause of MEASURED_CAUSES) {
    const before = prev.triggers[cause] ?? { holdingSinceMs: null, active: null };
    const r = read(cause, live, thresholds);
    const holdingSinceMs = r.holds ? (before.holdingSinceMs ?? now) : null;
    let surge: ActiveSurge | null = before.active ? { ...before.active } : null;

    if (surge) {
      if (r.measured !== null) {
        surge.measured = r.measured;
        surge.peak = r.higherIsWorse ? Math.max(surge.peak, r.measured) : Math.min(surge.peak, r.measured);
      }
      surge.threshold = r.threshold;
      if (r.holds) {
        surge.clearSinceMs = null;
        if (r.critical) surge.severity = 'critical';
      } else {
        surge.clearSinceMs ??= now;
        if (now - surge.clearSinceMs >= holdOffMs) {
          ended.push({ ...surge, endedAtMs: now });
          surge = null;
        }
      }
    } else if (holdingSinceMs !== null && r.measured !== null) {
      surge = {
        id: `${cause}-${holdingSinceMs}`,
        cause,
        severity: r.critical ? 'critical' : 'warning',
        startedAtMs: holdingSinceMs,
        measured: r.measured,
        threshold: r.threshold,
        peak: r.measured,
        unit: r.unit,
        clearSinceMs: null,
      };
      started.push(surge);
    }
    state.triggers[cause] = { holdingSinceMs, active: surge };
    if (surge) active.push(surge);
  }

  const listed = new Map(declared.map((d) => [d.id, d]));
  for (const [id, surge] of Object.entries(prev.declared ?? {})) {
    const d = listed.get(id);
    if (!d || now < d.startsAtMs || now >= d.endsAtMs) {
      const endsAtMs = (d ?? surge.declared)?.endsAtMs ?? now;
      ended.push({ ...surge, endedAtMs: Math.min(now, endsAtMs) });
    }
  }
  for (const d of declared) {
    if (now < d.startsAtMs || now >= d.endsAtMs) continue;
    const before = prev.declared?.[d.id];
    const surge: ActiveSurge = {
      id: `declared-${d.id}`,
      cause: d.cause,
      severity: before?.severity === 'critical' || d.upliftPct >= 2 * thresholds.deviationPct ? 'critical' : 'warning',
      startedAtMs: d.startsAtMs,
      measured: d.upliftPct,
      threshold: thresholds.deviationPct,
      peak: Math.max(before?.peak ?? d.upliftPct, d.upliftPct),
      unit: 'ratio',
      declared: d,
      clearSinceMs: null,
    };
    state.declared[d.id] = surge;
    active.push(surge);
    if (!before) started.push(surge);
  }

  const byStart = (a: ActiveSurge, b: ActiveSurge) => a.startedAtMs - b.startedAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { state, active: active.sort(byStart), started: started.sort(byStart), ended: ended.sort(byStart) };
}
