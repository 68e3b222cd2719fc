import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REFORECAST_CONFIG,
  reforecast,
  reforecastConfigSchema,
  runningRatio,
  upliftFactor,
  type ReforecastInterval,
} from '../../shared/forecasting/reforecast.js';

const MIN = 60_000;
const DAY = Date.parse('2026-03-02T00:00:00Z');
const at = (hhmm: string) => DAY + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * MIN;

/** A 24-hour day of 48 half-hours, forecast `forecast` each; intervals before `nowMs` ran at `ratio` × forecast. */
function day(nowMs: number, ratio: number, forecast = 100): ReforecastInterval[] {
  return Array.from({ length: 48 }, (_, n) => {
    const startMs = DAY + n * 30 * MIN;
    const endMs = startMs + 30 * MIN;
    const elapsed = Math.min(1, Math.max(0, (nowMs - startMs) / (endMs - startMs)));
    return { startMs, endMs, forecastOffered: forecast, actualOffered: elapsed > 0 ? forecast * ratio * elapsed : null };
  });
}

describe('reforecast()', () => {
  it('returns the forecast when no calls have been seen yet', () => {
    const intervals = day(at('00:00'), 1);
    expect(reforecast({ intervals, nowMs: at('00:00') }).map((p) => p.reforecastOffered)).toEqual(intervals.map((i) => i.forecastOffered));
    expect(runningRatio({ intervals, nowMs: at('00:00') })).toMatchObject({ observedRatio: 1, weight: 0, appliedRatio: 1 });
  });

  it.each([
    // now, ratio so far, fraction of day elapsed p, weight p/(p+0.1), applied ratio
    ['00:30', 2, 1 / 48, 0.1724, 1.1724],
    ['03:00', 1.5, 6 / 48, 0.5556, 1.2778],
    ['12:00', 1.2, 24 / 48, 0.8333, 1.1667],
    ['22:00', 1.2, 44 / 48, 0.9016, 1.1803],
    ['22:00', 0.8, 44 / 48, 0.9016, 0.8197],
  ])('at %s, running %f× forecast, shrinks the ratio by w = p/(p + k)', (now, ratio, p, weight, applied) => {
    const r = runningRatio({ intervals: day(at(now), ratio), nowMs: at(now) });
    expect(r.observedRatio).toBeCloseTo(ratio, 10);
    expect(r.forecastSoFar / r.forecastDay).toBeCloseTo(p, 10);
    expect(r.weight).toBeCloseTo(weight, 4);
    expect(r.appliedRatio).toBeCloseTo(applied, 4);
  });

  it('shrinks strongly toward 1 early in the day and nears the observed ratio late', () => {
    const early = runningRatio({ intervals: day(at('00:30'), 2), nowMs: at('00:30') });
    const late = runningRatio({ intervals: day(at('23:00'), 2), nowMs: at('23:00') });
    expect(early.appliedRatio - 1).toBeLessThan(0.2 * (2 - 1));
    expect(late.appliedRatio - 1).toBeGreaterThan(0.9 * (2 - 1));
  });

  it('keeps actuals for past intervals and adds the reforecast rest to the current one (the TSDoc example)', () => {
    const intervals: ReforecastInterval[] = [
      { startMs: at('09:30'), endMs: at('10:00'), forecastOffered: 100, actualOffered: 120 },
      { startMs: at('10:00'), endMs: at('10:30'), forecastOffered: 100, actualOffered: 60 },
      { startMs: at('10:30'), endMs: at('11:00'), forecastOffered: 100, actualOffered: null },
      { startMs: at('11:00'), endMs: at('11:30'), forecastOffered: 100, actualOffered: null },
    ];
    const applied = 1 + (0.375 / 0.475) * 0.2;
    const out = reforecast({ intervals, nowMs: at('10:15') });
    expect(out.map((p) => p.startMs)).toEqual(intervals.map((i) => i.startMs));
    expect(out[0]!.reforecastOffered).toBe(120);
    expect(out[1]!.reforecastOffered).toBeCloseTo(60 + 50 * applied, 10);
    expect(out[2]!.reforecastOffered).toBeCloseTo(100 * applied, 10);
    expect(out[3]!.reforecastOffered).toBeCloseTo(115.79, 2);
  });

  it('leaves intervals without data out of the ratio and reforecasts them like future ones', () => {
    const intervals = day(at('12:00'), 1.2);
    intervals[10] = { ...intervals[10]!, actualOffered: null };
    const r = runningRatio({ intervals, nowMs: at('12:00') });
    expect(r.observedRatio).toBeCloseTo(1.2, 10);
    expect(r.forecastSoFar).toBe(2300);
    expect(reforecast({ intervals, nowMs: at('12:00') })[10]!.reforecastOffered).toBeCloseTo(100 * r.appliedRatio, 10);
  });

  it.each([
    ['covers the whole interval', at('10:00'), at('11:00'), 0.3, 1.3],
    ['covers the last 10 of 30 minutes', at('10:20'), at('11:00'), 0.3, 1.1],
    ['ends before the interval', at('09:00'), at('10:00'), 0.3, 1],
  ])('upliftFactor() when the event %s', (_, startMs, endMs, upliftPct, factor) => {
    expect(upliftFactor({ startMs: at('10:00'), endMs: at('10:30') }, [{ startMs, endMs, upliftPct }])).toBeCloseTo(factor, 10);
  });

  it('multiplies intervals overlapping a declared event by (1 + upliftPct)', () => {
    const nowMs = at('00:00');
    const intervals = day(nowMs, 1);
    const out = reforecast({ intervals, nowMs, declaredUplifts: [{ startMs: at('14:00'), endMs: at('15:00'), upliftPct: 0.5 }] });
    expect(out.map((p) => p.reforecastOffered).filter((v) => v !== 100)).toEqual([150, 150]);
    expect(out[28]!.reforecastOffered).toBe(150);
  });

  it('does not count a declared uplift twice: volume that met the uplifted forecast reads as on forecast', () => {
    const nowMs = at('12:00');
    const intervals = day(nowMs, 1).map((i) => (i.startMs >= at('09:00') && i.startMs < at('12:00') ? { ...i, actualOffered: 140 } : i));
    const declaredUplifts = [{ startMs: at('09:00'), endMs: at('13:00'), upliftPct: 0.4 }];
    expect(runningRatio({ intervals, nowMs, declaredUplifts }).appliedRatio).toBeCloseTo(1, 10);
    const out = reforecast({ intervals, nowMs, declaredUplifts });
    expect(out[24]!.reforecastOffered).toBeCloseTo(140, 10);
    expect(out[26]!.reforecastOffered).toBeCloseTo(100, 10);
  });

  it('takes k from the config: a larger k trusts the running ratio less', () => {
    const input = { intervals: day(at('12:00'), 1.2), nowMs: at('12:00') };
    expect(runningRatio({ ...input, config: { halfWeightFraction: 0.5 } }).weight).toBeCloseTo(0.5, 10);
    expect(runningRatio(input).weight).toBeGreaterThan(runningRatio({ ...input, config: { halfWeightFraction: 0.5 } }).weight);
  });

  it.each([[{ halfWeightFraction: 0 }], [{ halfWeightFraction: -1 }], [{ halfWeightFraction: '0.1' }], [{ halfWeight: 0.1 }]])(
    'the config schema rejects %j',
    (bad) => {
      expect(reforecastConfigSchema.safeParse(bad).success).toBe(false);
    },
  );

  it('the config schema fills in the default', () => {
    expect(reforecastConfigSchema.parse({})).toEqual(DEFAULT_REFORECAST_CONFIG);
  });
});
