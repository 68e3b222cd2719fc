import { describe, expect, it } from 'vitest';
import { forecast, forecastWithNotes, ForecastInputError, type ForecastInput, type HistoryInterval } from '../../shared/forecasting/forecaster.js';
import { addDays, dayIntervals, hhmmToMinutes } from '../../shared/time.js';

const WEEKDAY = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/**
 * History for `count` days from `from`: each of the day's site-local intervals of `minutes`
 * gets `calls(date, weekday, minuteOfDay)` offered calls (null = no record).
 */
function history(
  from: string,
  count: number,
  calls: (date: string, weekday: number, minuteOfDay: number) => number | null,
  opts: { timeZone?: string; minutes?: number; queue?: string; aht?: (minuteOfDay: number) => number | null } = {},
): HistoryInterval[] {
  const out: HistoryInterval[] = [];
  for (let d = 0; d < count; d++) {
    const date = addDays(from, d);
    for (const i of dayIntervals(date, opts.timeZone ?? 'UTC', opts.minutes ?? 30)) {
      const minuteOfDay = hhmmToMinutes(i.label);
      const offered = calls(date, WEEKDAY(date), minuteOfDay);
      if (offered !== null) out.push({ startMs: i.startMs, queue: opts.queue ?? 'general', offered, ahtSeconds: opts.aht?.(minuteOfDay) ?? null });
    }
  }
  return out;
}

/** Offered per local `HH:MM` for one forecast day. */
function byLabel(rows: { start: string; offered: number }[], date: string): Map<string, number> {
  return new Map(rows.filter((r) => r.start.startsWith(date)).map((r) => [r.start.slice(11, 16), r.offered]));
}

const dayTotal = (rows: { start: string; offered: number }[], date: string) => rows.filter((r) => r.start.startsWith(date)).reduce((s, r) => s + r.offered, 0);

const base: Omit<ForecastInput, 'history' | 'from' | 'days'> = { timeZone: 'UTC', intervalMinutes: 30 };

// Shape A: a morning peak; shape B: an afternoon peak. Each sums to 1 over the 48 half-hours.
const bump = (centre: number) => (minute: number) => Math.exp(-(((minute - centre) / 120) ** 2));
const normalise = (f: (m: number) => number) => {
  const total = Array.from({ length: 48 }, (_, s) => f(s * 30)).reduce((a, b) => a + b, 0);
  return (m: number) => f(m) / total;
};
const shapeA = normalise(bump(10 * 60));
const shapeB = normalise(bump(15 * 60));

describe('forecast(): the weekly pattern', () => {
  // 8 weeks from Monday 2026-04-06 (no month-start effect: billing days look like any other day).
  const weekly = history('2026-04-06', 56, (_, w, m) => (w === 1 ? 100 * 48 * shapeA(m) : w === 2 ? 50 * 48 * shapeB(m) : null));

  it.each([
    ['Monday', '2026-06-08', (m: number) => 100 * 48 * shapeA(m)],
    ['Tuesday', '2026-06-09', (m: number) => 50 * 48 * shapeB(m)],
  ])('reproduces a pure weekly pattern exactly on a %s', (_, date, expected) => {
    const rows = forecast({ ...base, history: weekly, from: '2026-06-01', days: 14 });
    const got = byLabel(rows, date);
    expect(got.size).toBe(48);
    for (const [label, offered] of got) expect(offered).toBeCloseTo(expected(hhmmToMinutes(label)), 9);
  });

  it('forecasts 0 on a weekday with no history and says so', () => {
    const result = forecastWithNotes({ ...base, history: weekly, from: '2026-06-03', days: 1 });
    expect(result.intervals).toHaveLength(48);
    expect(result.intervals.every((i) => i.offered === 0)).toBe(true);
    expect(result.notes.join('\n')).toMatch(/no usable Wednesday .*forecast 0/);
  });

  it('leaves a near-empty day (an outage) out of level and shape', () => {
    const withOutage = weekly.map((r) => (new Date(r.startMs).toISOString().startsWith('2026-05-25') ? { ...r, offered: r.offered * 0.05 } : r));
    const result = forecastWithNotes({ ...base, history: withOutage, from: '2026-06-01', days: 1 });
    expect(result.queues[0]!.nearEmptyDays).toEqual(['2026-05-25']);
    expect(dayTotal(result.intervals, '2026-06-01')).toBeCloseTo(100 * 48, 9);
  });

  it('uses only history before the first forecast day', () => {
    const later = history('2026-06-01', 7, () => 1_000);
    const rows = forecast({ ...base, history: [...weekly, ...later], from: '2026-06-01', days: 1 });
    expect(dayTotal(rows, '2026-06-01')).toBeCloseTo(100 * 48, 9);
  });
});

describe('forecast(): month-start billing days', () => {
  // 13 weeks, 480 calls a day spread flat, days 1–3 of each month 30% higher.
  const flat = history('2026-03-02', 91, (date) => (Number(date.slice(8)) <= 3 ? 13 : 10));

  it.each([
    // billingPriorDays, learned factor: (8 billing days × 1.3 + prior × 1) / (8 + prior)
    [0, 1.3],
    [2, (8 * 1.3 + 2) / 10],
  ])('with %i prior days learns the factor %f and applies it on a billing day', (billingPriorDays, factor) => {
    const result = forecastWithNotes({ ...base, history: flat, from: '2026-06-01', days: 9, config: { billingPriorDays } });
    expect(result.queues[0]).toMatchObject({ billingDaysSeen: 8 });
    expect(result.queues[0]!.billingFactor).toBeCloseTo(factor, 9);
    // Tuesday 2 June (billing) against Tuesday 9 June (ordinary), forecast from the same history.
    expect(dayTotal(result.intervals, '2026-06-02') / dayTotal(result.intervals, '2026-06-09')).toBeCloseTo(factor, 9);
  });

  it('forecasts an ordinary day at the ordinary level: billing days are taken out of the level', () => {
    const rows = forecast({ ...base, history: flat, from: '2026-06-01', days: 9, config: { billingPriorDays: 0 } });
    expect(dayTotal(rows, '2026-06-09')).toBeCloseTo(480, 9);
  });

  it('applies no uplift when billingDaysOfMonth is empty', () => {
    const result = forecastWithNotes({ ...base, history: flat, from: '2026-06-01', days: 2, config: { billingDaysOfMonth: [] } });
    expect(result.queues[0]!.billingFactor).toBe(1);
  });
});

describe('forecast(): holidays', () => {
  // 8 weeks of 480 calls a day; Monday 4 May a holiday at 40% of a normal Monday.
  const calls = (date: string) => (date === '2026-05-04' ? 4 : 10);
  const hist = history('2026-04-06', 56, calls);

  it.each([
    ['borrows the ratio of past holidays in the history', ['2026-05-04', '2026-06-08'], 0.4, 1],
    ['uses the default factor without a past holiday', ['2026-06-08'], 0.5, 0],
  ])('%s', (_, holidays, factor, seen) => {
    const data = seen ? hist : history('2026-04-06', 56, () => 10);
    const result = forecastWithNotes({ ...base, history: data, from: '2026-06-08', days: 2, holidays });
    expect(result.queues[0]).toMatchObject({ holidaysSeen: seen });
    expect(result.queues[0]!.holidayFactor).toBeCloseTo(factor, 9);
    expect(dayTotal(result.intervals, '2026-06-08')).toBeCloseTo(480 * factor, 9);
    expect(dayTotal(result.intervals, '2026-06-09')).toBeCloseTo(480, 9);
    if (!seen) expect(result.notes.join('\n')).toMatch(/no past holiday .* default factor 0.5/);
  });

  it('leaves a past holiday out of the normal level', () => {
    const rows = forecast({ ...base, history: hist, from: '2026-06-08', days: 1, holidays: ['2026-05-04'] });
    expect(dayTotal(rows, '2026-06-08')).toBeCloseTo(480, 9);
  });
});

describe('forecast(): re-bucketing history to the site interval', () => {
  // Calls per minute by time of day: 0.2 at night, 1 from 08:00 to 20:00.
  const perMinute = (m: number) => (m >= 480 && m < 1200 ? 1 : 0.2);

  it.each([
    // history minutes, site minutes
    [15, 30],
    [5, 30],
    [6, 30],
    [10, 60],
    [20, 30], // 20-minute records straddle half-hours and are split in proportion
    [30, 30],
  ])('%i-minute history into %i-minute intervals keeps every call in its interval', (historyMinutes, siteMinutes) => {
    const hist = history('2026-04-06', 28, (_, __, m) => perMinute(m) * historyMinutes, { minutes: historyMinutes });
    const rows = forecast({ ...base, intervalMinutes: siteMinutes, history: hist, from: '2026-05-04', days: 1 });
    expect(rows).toHaveLength(1440 / siteMinutes);
    for (const r of rows) expect(r.offered).toBeCloseTo(perMinute(hhmmToMinutes(r.start.slice(11, 16))) * siteMinutes, 9);
  });

  it('re-buckets in the site zone: UTC records land in Shanghai-local slots', () => {
    const hist = history('2026-04-06', 28, (_, __, m) => (m === 9 * 60 ? 70 : 0), { timeZone: 'Asia/Shanghai' });
    const rows = forecast({ ...base, timeZone: 'Asia/Shanghai', history: hist, from: '2026-05-04', days: 1 });
    expect(rows[0]!.start).toBe('2026-05-04T00:00:00+08:00');
    expect(byLabel(rows, '2026-05-04').get('09:00')).toBeCloseTo(70, 9);
  });
});

describe('forecast(): daylight saving time (Europe/Berlin)', () => {
  // 8 weeks either side of both 2026 changes, in local time: 10 calls per half-hour, 30 at 09:00.
  const calls = (_: string, __: number, m: number) => (m === 9 * 60 ? 30 : 10);
  const opts = { timeZone: 'Europe/Berlin' };

  it.each([
    ['2026-03-29', '2026-02-01', 46],
    ['2026-10-25', '2026-08-30', 50],
    ['2026-11-01', '2026-09-06', 48],
  ])('forecasts %s with %s history as %i half-hours', (date, from, count) => {
    const hist = history(from, 56, calls, opts);
    const rows = forecast({ ...base, ...opts, history: hist, from: date, days: 1 });
    expect(rows).toHaveLength(count);
    for (const r of rows) expect(r.offered).toBeCloseTo(r.start.slice(11, 16) === '09:00' ? 30 : 10, 9);
  });

  it('learns the local-time pattern across a change: 09:00 local stays the peak', () => {
    const hist = history('2026-03-01', 56, calls, opts);
    const rows = forecast({ ...base, ...opts, history: hist, from: '2026-04-26', days: 1 });
    expect(byLabel(rows, '2026-04-26').get('09:00')).toBeCloseTo(30, 9);
    expect(byLabel(rows, '2026-04-26').get('08:30')).toBeCloseTo(10, 9);
  });
});

describe('forecast(): declared events', () => {
  const hist = history('2026-04-06', 28, () => 10);
  const at = (hhmm: string) => Date.parse(`2026-05-04T${hhmm}:00Z`);

  it.each([
    // interval, event start, event end, uplift, expected offered
    ['10:00', '10:00', '11:00', 0.5, 15],
    ['10:30', '10:00', '11:00', 0.5, 15],
    ['11:00', '10:00', '11:00', 0.5, 10],
    ['09:30', '09:45', '11:00', 0.5, 12.5],
    ['12:00', '12:00', '12:30', 1, 20],
  ])('the %s interval with an event %s–%s at +%f is %f', (label, start, end, upliftPct, expected) => {
    const rows = forecast({ ...base, history: hist, from: '2026-05-04', days: 1, declared: [{ startMs: at(start), endsAtMs: at(end), upliftPct }] });
    expect(byLabel(rows, '2026-05-04').get(label)).toBeCloseTo(expected, 9);
  });
});

describe('forecast(): AHT', () => {
  it('is the volume-weighted same-weekday × interval mean, else the queue mean, else 240 s', () => {
    // Mondays: 10 calls at 200 s and, in week 2, 30 calls at 300 s in the 10:00 slot; no AHT at night.
    const hist = history('2026-04-06', 14, (date, w, m) => (w !== 1 ? 10 : m === 600 && date === '2026-04-13' ? 30 : 10), {
      aht: (m) => (m < 480 ? null : 200),
    }).map((r) => (new Date(r.startMs).toISOString() === '2026-04-13T10:00:00.000Z' ? { ...r, ahtSeconds: 300 } : r));
    const rows = forecast({ ...base, history: hist, from: '2026-04-20', days: 1, config: { shapeDecay: 1 } });
    const aht = new Map(rows.map((r) => [r.start.slice(11, 16), r.ahtSeconds]));
    expect(aht.get('10:00')).toBeCloseTo((10 * 200 + 30 * 300) / 40, 9);
    expect(aht.get('12:00')).toBeCloseTo(200, 9);
    // Night slots have no handle times: the queue's overall volume-weighted mean.
    const allSeconds = hist.reduce((s, r) => s + (r.ahtSeconds === null ? 0 : r.offered * r.ahtSeconds), 0);
    const allCalls = hist.reduce((s, r) => s + (r.ahtSeconds === null ? 0 : r.offered), 0);
    expect(aht.get('03:00')).toBeCloseTo(allSeconds / allCalls, 9);
    const noAht = forecast({ ...base, history: history('2026-04-06', 14, () => 10), from: '2026-04-20', days: 1 });
    expect(noAht.every((r) => r.ahtSeconds === 240)).toBe(true);
  });
});

describe('forecast(): recent running ratio', () => {
  it('carries a rise that touches every weekday into the next days, part way', () => {
    // 12 weeks at 10 per half-hour, then the last 7 days 20% higher.
    const hist = history('2026-02-09', 91, (date) => (date >= '2026-05-04' ? 12 : 10));
    const result = forecastWithNotes({ ...base, history: hist, from: '2026-05-11', days: 1, config: { billingDaysOfMonth: [] } });
    const { recentRatio, recentFactor } = result.queues[0]!;
    expect(recentRatio).toBeGreaterThan(1.1);
    expect(recentRatio).toBeLessThan(1.2);
    expect(recentFactor).toBeCloseTo(1 + 0.7 * (recentRatio - 1), 12);
    const total = dayTotal(result.intervals, '2026-05-11');
    expect(total).toBeGreaterThan(480 * 1.05);
    expect(total).toBeLessThan(480 * 1.2);
  });

  it('is off with recentWeight 0', () => {
    const hist = history('2026-02-09', 91, (date) => (date >= '2026-05-04' ? 12 : 10));
    const rows = forecast({ ...base, history: hist, from: '2026-05-11', days: 1, config: { recentWeight: 0, billingDaysOfMonth: [] } });
    // Only the level moves: one of the 13 Mondays in the 16-week window ran at 12.
    expect(dayTotal(rows, '2026-05-11')).toBeCloseTo((480 * 12 + 576) / 13, 9);
  });
});

describe('forecast(): several queues and empty history', () => {
  it('forecasts each queue from its own history, in time order', () => {
    const hist = [...history('2026-04-06', 28, () => 10, { queue: 'cards' }), ...history('2026-04-06', 28, () => 4, { queue: 'loans' })];
    const rows = forecast({ ...base, history: hist, from: '2026-05-04', days: 1 });
    expect(rows).toHaveLength(96);
    expect(rows.slice(0, 2).map((r) => [r.queue, r.offered])).toEqual([
      ['cards', expect.closeTo(10, 9)],
      ['loans', expect.closeTo(4, 9)],
    ]);
  });

  it.each([
    ['no queues named', undefined, 0, /nothing to forecast/],
    ['a queue named', ['general'], 48 * 2, /empty: every interval is forecast as 0 calls with the default AHT of 240 s/],
  ])('returns zeros with a note for empty history and %s', (_, queues, count, note) => {
    const result = forecastWithNotes({ ...base, history: [], from: '2026-05-04', days: 2, queues });
    expect(result.intervals).toHaveLength(count);
    expect(result.intervals.every((i) => i.offered === 0 && i.ahtSeconds === 240)).toBe(true);
    expect(result.notes.join('\n')).toMatch(note);
  });
});

describe('forecast(): bad input', () => {
  it.each([
    [{ from: '2026-13-01' }, /from must be a date/],
    [{ from: '1 May' }, /from must be a date/],
    [{ days: 0 }, /days must be a whole number/],
    [{ days: 1.5 }, /days must be a whole number/],
    [{ timeZone: 'Mars/Olympus' }, /timeZone must be an IANA zone/],
    [{ intervalMinutes: 7 }, /intervalMinutes must divide a day/],
    [{ holidays: ['2026-02-30'] }, /holidays must be dates/],
    [{ config: { levelWeeks: 0 } }, /config\.levelWeeks/],
  ])('rejects %o', (patch, message) => {
    const input: ForecastInput = { ...base, history: [], from: '2026-05-04', days: 1, ...patch };
    expect(() => forecast(input)).toThrow(ForecastInputError);
    expect(() => forecast(input)).toThrow(message);
  });
});

describe('forecast(): speed', () => {
  it('forecasts a week from a year of 5-minute history in under 2 s', () => {
    const hist = history('2025-05-04', 364, (_, w, m) => (w === 0 ? 1 : m / 100), { minutes: 5, timeZone: 'Asia/Shanghai' });
    const t0 = performance.now();
    const rows = forecast({ ...base, timeZone: 'Asia/Shanghai', history: hist, from: '2026-05-03', days: 7 });
    expect(rows).toHaveLength(7 * 48);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
