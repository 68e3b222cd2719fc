import { describe, expect, it } from 'vitest';
import { emptyTrackerState, evaluateSurges, readDeviation, windowTotals, type SurgeEvaluation } from '../../shared/surge/detect.js';
import {
  DEFAULT_SURGE_THRESHOLDS,
  declaredSurgeSchema,
  surgeThresholdsSchema,
  type DeclaredSurge,
  type LiveFigures,
  type MinuteFigures,
  type SurgeThresholds,
} from '../../shared/surge/types.js';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const at = (minute: number) => T0 + minute * MIN;
const T = DEFAULT_SURGE_THRESHOLDS;

/** The 15 whole minutes before `nowMs`, forecast 100 a minute, offered as `offered(minuteIndex)` (minute index from T0). */
function minutesBefore(nowMs: number, offered: (minute: number) => number = () => 100, forecast = 100): MinuteFigures[] {
  return Array.from({ length: 15 }, (_, n) => {
    const startMs = nowMs - (15 - n) * MIN;
    return { startMs, offered: offered(Math.round((startMs - T0) / MIN)), forecastOffered: forecast };
  });
}

/** A calm floor at `nowMs`: on forecast, nobody waiting, rates fine, enough staff. */
function calm(nowMs: number, over: Partial<LiveFigures> = {}): LiveFigures {
  return {
    nowMs,
    minutes: minutesBefore(nowMs),
    waiting: 0,
    longestWaitSeconds: 0,
    rolling: { offered: 100, answered: 100, answeredWithinTarget: 100 },
    requiredStaff: 40,
    onPhones: 42,
    ...over,
  };
}

/** Steps the tracker through `steps` in order, returning every step's result. */
function run(steps: LiveFigures[], declared: (nowMs: number) => DeclaredSurge[] = () => [], thresholds: SurgeThresholds = T): SurgeEvaluation[] {
  let state = emptyTrackerState();
  return steps.map((live) => {
    const r = evaluateSurges(state, live, declared(live.nowMs), thresholds);
    state = r.state;
    return r;
  });
}

/** One step a minute from T0 for `minutes` minutes, the floor given by `floor(minute)`. */
const everyMinute = (minutes: number, floor: (m: number) => Partial<LiveFigures>) => Array.from({ length: minutes }, (_, m) => calm(at(m), floor(m)));

const startedIds = (rs: SurgeEvaluation[]) => rs.flatMap((r) => r.started.map((s) => s.id));
const endedIds = (rs: SurgeEvaluation[]) => rs.flatMap((r) => r.ended.map((s) => s.id));

describe('evaluateSurges(): floor-state triggers', () => {
  it.each<[string, Partial<LiveFigures>, number, number, string]>([
    ['queue', { waiting: 12 }, 12, 10, 'calls'],
    ['longest-wait', { longestWaitSeconds: 150 }, 150, 120, 'seconds'],
    ['service-level', { rolling: { offered: 40, answered: 38, answeredWithinTarget: 28 } }, 0.7, 0.8, 'ratio'],
    ['answer-rate', { rolling: { offered: 40, answered: 34, answeredWithinTarget: 34 } }, 0.85, 0.9, 'ratio'],
    ['staffing', { requiredStaff: 45, onPhones: 42 }, 45, 42, 'staff'],
  ])('%s: starts at once, holds, and ends only after holdOffMinutes clear', (cause, bad, measured, threshold, unit) => {
    // bad from minute 0 to 19, clear from minute 20
    const rs = run(everyMinute(40, (m) => (m < 20 ? bad : {})));
    const id = `${cause}-${at(0)}`;
    expect(rs[0]!.started).toEqual([expect.objectContaining({ id, cause, measured, threshold, unit, startedAtMs: at(0), severity: 'warning', clearSinceMs: null })]);
    expect(rs.slice(1, 20).every((r) => r.active.length === 1 && r.active[0]!.id === id && r.active[0]!.clearSinceMs === null)).toBe(true);
    expect(rs[20]!.active[0]).toMatchObject({ id, clearSinceMs: at(20) });
    expect(rs[29]!.active.map((s) => s.id)).toEqual([id]);
    expect(rs[30]!.active).toEqual([]);
    expect(rs[30]!.ended).toEqual([expect.objectContaining({ id, endedAtMs: at(30) })]);
    expect(startedIds(rs)).toEqual([id]);
    expect(endedIds(rs)).toEqual([id]);
  });

  it.each<[string, Partial<LiveFigures>, 'warning' | 'critical']>([
    ['queue', { waiting: 19 }, 'warning'],
    ['queue', { waiting: 20 }, 'critical'],
    ['longest-wait', { longestWaitSeconds: 239 }, 'warning'],
    ['longest-wait', { longestWaitSeconds: 240 }, 'critical'],
    ['service-level', { rolling: { offered: 100, answered: 100, answeredWithinTarget: 61 } }, 'warning'],
    ['service-level', { rolling: { offered: 100, answered: 100, answeredWithinTarget: 59 } }, 'critical'],
    ['answer-rate', { rolling: { offered: 100, answered: 71, answeredWithinTarget: 71 } }, 'warning'],
    ['answer-rate', { rolling: { offered: 100, answered: 69, answeredWithinTarget: 69 } }, 'critical'],
    ['staffing', { requiredStaff: 43, onPhones: 42 }, 'warning'],
    ['staffing', { requiredStaff: 51, onPhones: 42 }, 'critical'],
    ['staffing', { requiredStaff: 2, onPhones: 0 }, 'critical'],
  ])('%s with %j is %s', (cause, bad, severity) => {
    const [r] = run([calm(T0, bad)]);
    expect(r!.started.find((s) => s.cause === cause)?.severity).toBe(severity);
  });

  it.each<[string, Partial<LiveFigures>]>([
    ['waiting one under Q', { waiting: 9 }],
    ['longest wait one second under W', { longestWaitSeconds: 119 }],
    ['bad rates on fewer than minCallsForRates calls', { rolling: { offered: 19, answered: 5, answeredWithinTarget: 2 } }],
    ['no calls at all', { rolling: { offered: 0, answered: 0, answeredWithinTarget: 0 } }],
    ['service level exactly on target', { rolling: { offered: 100, answered: 100, answeredWithinTarget: 80 } }],
    ['required staff unknown', { requiredStaff: null, onPhones: 0 }],
    ['required equal to on phones', { requiredStaff: 42, onPhones: 42 }],
  ])('starts nothing with %s', (_, over) => {
    expect(run([calm(T0, over)])[0]!.started).toEqual([]);
  });

  it('keeps the same surge through a brief dip and resets clearSince when the condition returns', () => {
    // bad 0–9, clear 10–14 (5 min < hold-off), bad 15–19, clear from 20
    const rs = run(everyMinute(40, (m) => (m < 10 || (m >= 15 && m < 20) ? { waiting: 15 } : {})));
    expect(rs[14]!.active[0]).toMatchObject({ id: `queue-${at(0)}`, clearSinceMs: at(10) });
    expect(rs[15]!.active[0]).toMatchObject({ id: `queue-${at(0)}`, clearSinceMs: null });
    expect(startedIds(rs)).toEqual([`queue-${at(0)}`]);
    expect(rs.findIndex((r) => r.ended.length > 0)).toBe(30);
  });

  it('does not open a second surge on a spike during hold-off: it only resets clearSince', () => {
    // bad 0–4, clear 5–11, one-minute spike at 12, clear after
    const rs = run(everyMinute(40, (m) => (m < 5 || m === 12 ? { waiting: 15 } : {})));
    expect(rs[12]!.active).toEqual([expect.objectContaining({ id: `queue-${at(0)}`, clearSinceMs: null })]);
    expect(rs[13]!.active[0]!.clearSinceMs).toBe(at(13));
    expect(startedIds(rs)).toEqual([`queue-${at(0)}`]);
    expect(rs.findIndex((r) => r.ended.length > 0)).toBe(23);
  });

  it('opens a new surge with a new id after the old one has ended', () => {
    const rs = run(everyMinute(60, (m) => (m < 5 || (m >= 30 && m < 35) ? { waiting: 15 } : {})));
    expect(startedIds(rs)).toEqual([`queue-${at(0)}`, `queue-${at(30)}`]);
  });

  it('produces at most one surge when the queue hovers around Q, flipping every minute for an hour', () => {
    const rs = run(everyMinute(60, (m) => ({ waiting: m % 2 === 0 ? 10 : 9 })));
    expect(startedIds(rs)).toEqual([`queue-${at(0)}`]);
    expect(endedIds(rs)).toEqual([]);
  });

  it('escalates to critical and stays critical when the measure improves; measured and peak follow', () => {
    const rs = run(everyMinute(6, (m) => ({ waiting: [12, 25, 14, 14, 9, 9][m]! })));
    expect(rs.map((r) => r.active[0]?.severity)).toEqual(['warning', 'critical', 'critical', 'critical', 'critical', 'critical']);
    expect(rs[3]!.active[0]).toMatchObject({ measured: 14, peak: 25 });
    expect(rs[5]!.active[0]).toMatchObject({ measured: 9, peak: 25, clearSinceMs: at(4) });
  });

  it('follows staff on the phones as the staffing threshold', () => {
    const rs = run([calm(at(0), { requiredStaff: 45, onPhones: 42 }), calm(at(1), { requiredStaff: 45, onPhones: 44 })]);
    expect(rs[1]!.active[0]).toMatchObject({ cause: 'staffing', measured: 45, threshold: 44 });
  });
});

describe('evaluateSurges(): deviation from forecast', () => {
  /** Forecast 100 a minute; offered `before` until minute `from`, then `during`. */
  const step = (from: number, during: number, before = 100) => (m: number) => (m >= from ? during : before);

  it.each<[string, number, number, boolean]>([
    // 5 min totals against forecast; defaults: +20% and z = (A − F)/√(10·F) ≥ 2.1
    ['+30% on 500, z 2.12', 500, 650, true],
    ['+28% on 500, z 1.98: the z rule fails', 500, 640, false],
    ['+15% on 20,000, z 21: the % rule fails', 20_000, 23_000, false],
    ['+20% on 20,000', 20_000, 24_000, true],
    ['+200% on 5 at night, z 1.41', 5, 15, false],
    ['no forecast', 0, 10, false],
  ])('readDeviation() %s → holds %s', (_, forecast, actual, holds) => {
    const minutes = Array.from({ length: 5 }, (__, n) => ({ startMs: at(n), offered: actual / 5, forecastOffered: forecast / 5 }));
    expect(readDeviation(minutes, at(5), T).holds).toBe(holds);
  });

  it('does not hold on a window the minutes do not fully cover', () => {
    const minutes = Array.from({ length: 4 }, (_, n) => ({ startMs: at(n + 1), offered: 300, forecastOffered: 100 }));
    expect(readDeviation(minutes, at(5), T)).toMatchObject({ holds: false, coveredMinutes: 4 });
  });

  it('compares an unfinished minute with the forecast for its elapsed part only', () => {
    const minutes = [
      { startMs: at(0), offered: 100, forecastOffered: 100 },
      { startMs: at(1), offered: 30, forecastOffered: 100 },
    ];
    expect(windowTotals(minutes, at(1.5), 1)).toEqual({ offered: 50 + 30, forecastOffered: 50 + 50, coveredMinutes: 1 });
  });

  it('starts on a sustained +60% once the 5-minute total is over the bar, and reports the ratio over forecast', () => {
    // the window total passes 648.5 (20% and z 2.1 on 500) with 3 of its 5 minutes at 160
    const rs = run(everyMinute(30, (m) => ({ minutes: minutesBefore(at(m), step(0, 160)) })));
    expect(rs.findIndex((r) => r.started.length > 0)).toBe(3);
    expect(rs[3]!.started).toEqual([expect.objectContaining({ id: `deviation-${at(3)}`, cause: 'deviation', unit: 'ratio', threshold: 0.2, severity: 'warning' })]);
    expect(rs[3]!.started[0]!.measured).toBeCloseTo(0.36, 10);
    expect(rs[10]!.active[0]!.measured).toBeCloseTo(0.6, 10);
    expect(rs[10]!.active[0]!.severity).toBe('critical');
  });

  it('does not start on a 2-minute spike that leaves the 5-minute total under the bar', () => {
    const rs = run(everyMinute(30, (m) => ({ minutes: minutesBefore(at(m), (i) => (i === 5 || i === 6 ? 160 : 100)) })));
    expect(startedIds(rs)).toEqual([]);
  });

  it('ends holdOffMinutes after volume is back on forecast', () => {
    // +60% from minute 0 to 19, on forecast after: the window clears at minute 23
    const rs = run(everyMinute(60, (m) => ({ minutes: minutesBefore(at(m), (i) => (i >= 0 && i < 20 ? 160 : 100)) })));
    const id = `deviation-${at(3)}`;
    expect(rs[23]!.active[0]).toMatchObject({ id, clearSinceMs: at(23) });
    expect(rs[33]!.ended).toEqual([expect.objectContaining({ id, endedAtMs: at(33) })]);
    expect(startedIds(rs)).toEqual([id]);
  });

  it('produces at most one surge when volume hovers around the bar, alternating above and below every minute for an hour', () => {
    // minutes alternate 150/100: the 5-minute total alternates 650 (over the bar) and 600 (under)
    const steps = everyMinute(60, (m) => ({ minutes: minutesBefore(at(m), (i) => (i >= 0 ? (i % 2 === 0 ? 150 : 100) : 100)) }));
    const holds = steps.slice(5).map((live) => readDeviation(live.minutes, live.nowMs, T).holds);
    expect(holds.filter(Boolean).length).toBe(28);
    expect(holds.filter((h) => !h).length).toBe(27);
    const rs = run(steps);
    expect(startedIds(rs)).toEqual([`deviation-${at(5)}`]);
    expect(endedIds(rs)).toEqual([]);
  });

  it('under seeded noise hovering around the bar, ends a surge only after holdOffMinutes of clear readings', () => {
    let seed = 42;
    const noise = () => ((seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647) * 2 - 1;
    const offered = Array.from({ length: 200 }, () => 130 + 25 * noise());
    const steps = everyMinute(180, (m) => ({ minutes: minutesBefore(at(m), (i) => (i >= 0 ? offered[i]! : 100)) }));
    const holds = steps.map((live) => readDeviation(live.minutes, live.nowMs, T).holds);
    const rs = run(steps);
    expect(holds.filter(Boolean).length).toBeGreaterThan(30);
    expect(holds.filter((h) => !h).length).toBeGreaterThan(30);
    rs.forEach((r, m) => {
      if (r.ended.length > 0) expect(holds.slice(m - T.holdOffMinutes, m + 1).some(Boolean)).toBe(false);
      if (r.started.length > 0) expect(rs[m - 1]?.active ?? []).toEqual([]);
    });
    expect(startedIds(rs).length).toBeLessThanOrEqual(endedIds(rs).length + 1);
  });
});

describe('evaluateSurges(): declared surges', () => {
  const promo: DeclaredSurge = { id: 'd1', cause: 'promotion', upliftPct: 0.3, startsAtMs: at(5), endsAtMs: at(20), declaredBy: '2001', note: 'spring offer' };

  it('is active from startsAtMs to endsAtMs with measured = upliftPct', () => {
    const rs = run(everyMinute(30, () => ({})), () => [promo]);
    expect(rs[4]!.active).toEqual([]);
    expect(rs[5]!.started).toEqual([
      expect.objectContaining({ id: 'declared-d1', cause: 'promotion', measured: 0.3, threshold: 0.2, unit: 'ratio', startedAtMs: at(5), severity: 'warning', declared: promo }),
    ]);
    expect(rs[19]!.active.map((s) => s.id)).toEqual(['declared-d1']);
    expect(rs[20]!.active).toEqual([]);
    expect(rs[20]!.ended).toEqual([expect.objectContaining({ id: 'declared-d1', endedAtMs: at(20) })]);
    expect(startedIds(rs)).toEqual(['declared-d1']);
  });

  it('ends early when the supervisor removes it, and takes edits while it runs', () => {
    const rs = run(everyMinute(30, () => ({})), (now) => (now < at(8) ? [promo] : now < at(12) ? [{ ...promo, upliftPct: 0.5 }] : []));
    expect(rs[8]!.active[0]).toMatchObject({ id: 'declared-d1', measured: 0.5, severity: 'critical' });
    expect(rs[12]!.ended).toEqual([expect.objectContaining({ id: 'declared-d1', endedAtMs: at(12) })]);
    expect(startedIds(rs)).toEqual(['declared-d1']);
  });

  it('reports the planned end when the step comes after it', () => {
    const rs = run([calm(at(10)), calm(at(25))], () => [promo]);
    expect(rs[1]!.ended).toEqual([expect.objectContaining({ id: 'declared-d1', endedAtMs: at(20) })]);
  });

  it.each([
    [{ ...promo, endsAtMs: promo.startsAtMs }],
    [{ ...promo, cause: 'deviation' }],
    [{ ...promo, upliftPct: -0.1 }],
    [{ ...promo, id: '' }],
  ])('the declared-surge schema rejects %j', (bad) => {
    expect(declaredSurgeSchema.safeParse(bad).success).toBe(false);
  });
});

describe('evaluateSurges(): determinism and purity', () => {
  const scenario = () =>
    everyMinute(45, (m) => ({
      minutes: minutesBefore(at(m), (i) => (i >= 10 && i < 25 ? 170 : 100)),
      waiting: m >= 12 && m < 20 ? 14 : 2,
      requiredStaff: m >= 11 && m < 22 ? 47 : 40,
    }));

  it('gives the same surges and ids for the same inputs', () => {
    const declared = () => [{ id: 'sms', cause: 'sms-campaign' as const, upliftPct: 0.2, startsAtMs: at(10), endsAtMs: at(40), declaredBy: '2001' }];
    expect(run(scenario(), declared)).toEqual(run(scenario(), declared));
    expect(startedIds(run(scenario(), declared))).toEqual(['declared-sms', `staffing-${at(11)}`, `queue-${at(12)}`, `deviation-${at(13)}`]);
  });

  it('does not modify the previous state', () => {
    let state = emptyTrackerState();
    for (const live of scenario()) {
      const frozen = structuredClone(state);
      const r = evaluateSurges(state, live, [], T);
      expect(state).toEqual(frozen);
      state = r.state;
    }
  });

  it('keeps its state as plain JSON', () => {
    let state = emptyTrackerState();
    for (const live of scenario().slice(0, 20)) state = evaluateSurges(state, live, [], T).state;
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('surgeThresholdsSchema', () => {
  it('fills every default', () => {
    expect(surgeThresholdsSchema.parse({})).toEqual(DEFAULT_SURGE_THRESHOLDS);
    expect(DEFAULT_SURGE_THRESHOLDS).toMatchObject({ deviationPct: 0.2, deviationMinutes: 5, holdOffMinutes: 10, overdispersion: 10 });
  });

  it.each<[string, Record<string, unknown>]>([
    ['a zero deviation', { deviationPct: 0 }],
    ['a negative deviation', { deviationPct: -0.2 }],
    ['fractional minutes', { deviationMinutes: 2.5 }],
    ['a service-level target over 1', { serviceLevelTarget: 1.5 }],
    ['an answer-rate target of 0', { answerRateTarget: 0 }],
    ['variance under Poisson', { overdispersion: 0.5 }],
    ['a negative hold-off', { holdOffMinutes: -1 }],
    ['a negative significance', { significance: -1 }],
    ['a string number', { waitingCalls: '10' }],
    ['an unknown field', { deviationPercent: 0.2 }],
  ])('rejects %s', (_, bad) => {
    expect(surgeThresholdsSchema.safeParse(bad).success).toBe(false);
  });
});
