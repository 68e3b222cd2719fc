import { describe, expect, it } from 'vitest';
import { DEFAULT_SHIFTS, type Shift } from '../../shared/roster.js';
import { dayStart } from '../../shared/time.js';
import { apportion, assignCrews } from '../../server/simulator/crews.js';
import { demoRoster } from '../../server/simulator/demo.js';
import { chineseNames } from '../../server/simulator/names.js';
import { localMinuteToEpoch, planShift, plannedStateAt, shiftInstance } from '../../server/simulator/plans.js';
import { Rng, mulberry32 } from '../../server/simulator/random.js';
import { planSurges, surgeMultiplier } from '../../server/simulator/surges.js';
import { drawCalls, ForecastIndex } from '../../server/simulator/traffic.js';

const TZ = 'Asia/Shanghai';
const MINUTE = 60_000;

describe('apportion()', () => {
  it.each([
    [10, [2, 1, 1], [4, 3, 3]],
    [6, [1, 1, 1], [2, 2, 2]],
    [4, [1, 1, 1], [2, 1, 1]],
    [2, [1, 1, 1], [1, 1, 0]],
    [0, [5, 3], [0, 0]],
    [7, [0, 0], [4, 3]],
  ])('apportion(%i, %j) is %j', (count, weights, expected) => {
    expect(apportion(count, weights)).toEqual(expected);
  });
});

describe('assignCrews()', () => {
  const crews = assignCrews(demoRoster());
  const crew = (name: string) => crews.find((c) => c.shift.name === name)?.members ?? [];

  it('puts every staff member on exactly one shift', () => {
    const ids = crews.flatMap((c) => c.members.map((m) => m.staff.staffId));
    expect(ids.length).toBe(demoRoster().staff.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('staffs the day shift for the peak and the night shift lightly, with a supervisor on each', () => {
    const phones = (name: string) => crew(name).filter((m) => m.duty === 'phone').length;
    expect(phones('morning')).toBeGreaterThanOrEqual(45);
    expect(phones('evening')).toBeGreaterThan(phones('night'));
    expect(phones('night')).toBeGreaterThanOrEqual(8);
    expect(phones('night')).toBeLessThanOrEqual(12);
    for (const c of crews) {
      expect(c.members.filter((m) => m.staff.role === 'site-supervisor')).toHaveLength(1);
      expect(c.members.filter((m) => m.staff.role === 'business-supervisor')).toHaveLength(2);
      expect(c.members.some((m) => m.staff.role === 'agent' && m.duty !== 'phone')).toBe(true);
    }
  });

  it('uses the default shifts when the roster has none', () => {
    expect(assignCrews({ ...demoRoster(), shifts: [] }).map((c) => c.shift.name)).toEqual(DEFAULT_SHIFTS.map((s) => s.name));
  });
});

describe('shift plans', () => {
  const morning = DEFAULT_SHIFTS[0] as Shift;
  const instance = shiftInstance('2026-03-10', morning, TZ);
  const members = assignCrews(demoRoster()).find((c) => c.shift.name === 'morning')?.members ?? [];

  it('places the morning shift at 08:00–16:00 site time', () => {
    expect(new Date(instance.startMs).toISOString()).toBe('2026-03-10T00:00:00.000Z');
    expect(new Date(instance.endMs).toISOString()).toBe('2026-03-10T08:00:00.000Z');
  });

  it('runs a shift ending at or before its start into the next day', () => {
    const late = shiftInstance('2026-03-10', { name: 'late', start: '22:00', end: '06:00', night: true }, TZ);
    expect((late.endMs - late.startMs) / MINUTE).toBe(480);
  });

  it('keeps wall-clock times across a daylight-saving change', () => {
    const t = localMinuteToEpoch('2026-03-29', 16 * 60, 'Europe/Berlin');
    expect(new Date(t).toISOString()).toBe('2026-03-29T14:00:00.000Z');
    expect(localMinuteToEpoch('2026-03-29', 0, 'Europe/Berlin')).toBe(dayStart('2026-03-29', 'Europe/Berlin'));
  });

  it('has people arrive 10–15 min early (or a little late), break, eat and leave within the shift', () => {
    let late = 0;
    for (const member of members) {
      const plan = planShift(member, instance, 99);
      const earlyMinutes = (instance.startMs - plan.arriveMs) / MINUTE;
      if (earlyMinutes < 0) late++;
      else expect(earlyMinutes).toBeGreaterThanOrEqual(10);
      expect(earlyMinutes).toBeLessThanOrEqual(15);
      expect(earlyMinutes).toBeGreaterThanOrEqual(-20);
      expect(plan.leaveMs).toBe(instance.endMs);
      expect(plan.meal?.durationMs).toBeGreaterThanOrEqual(30 * MINUTE);
      expect(plan.meal?.durationMs).toBeLessThanOrEqual(45 * MINUTE);
      for (const pause of [...plan.breaks, ...(plan.meal ? [plan.meal] : [])]) {
        expect(pause.startMs).toBeGreaterThan(plan.arriveMs);
        expect(pause.startMs + pause.durationMs).toBeLessThanOrEqual(instance.endMs);
      }
      for (const b of plan.breaks) expect(b.durationMs).toBeGreaterThanOrEqual(10 * MINUTE);
    }
    expect(late).toBeLessThan(members.length * 0.2);
  });

  it('staggers meals so the floor is never emptied', () => {
    const plans = members.map((m) => planShift(m, instance, 99));
    for (let t = instance.startMs; t < instance.endMs; t += 5 * MINUTE) {
      const away = plans.filter((p) => plannedStateAt(p, t).state !== 'in').length;
      expect(away).toBeLessThan(members.length * 0.45);
    }
  });

  it('says where a plan puts its person', () => {
    const plan = planShift(members[0] ?? expect.fail('no members'), instance, 1);
    expect(plannedStateAt(plan, plan.arriveMs - 1).state).toBe('off');
    expect(plannedStateAt(plan, plan.arriveMs).state).toBe('in');
    if (plan.meal) expect(plannedStateAt(plan, plan.meal.startMs)).toEqual({ state: 'meal', untilMs: plan.meal.startMs + plan.meal.durationMs });
    expect(plannedStateAt(plan, plan.leaveMs).state).toBe('off');
  });
});

describe('planSurges()', () => {
  it('plans 2–4 separate surges of 20–60 min lifting arrivals 30–80%', () => {
    for (let day = 1; day <= 28; day++) {
      const dayKey = `2026-02-${String(day).padStart(2, '0')}`;
      const windows = planSurges(dayKey, TZ, 5);
      expect(windows.length).toBeGreaterThanOrEqual(2);
      expect(windows.length).toBeLessThanOrEqual(4);
      windows.forEach((w, i) => {
        expect((w.endMs - w.startMs) / MINUTE).toBeGreaterThanOrEqual(20);
        expect((w.endMs - w.startMs) / MINUTE).toBeLessThanOrEqual(60);
        expect(w.uplift).toBeGreaterThanOrEqual(0.3);
        expect(w.uplift).toBeLessThanOrEqual(0.8);
        expect(['system-fault', 'sms-campaign']).toContain(w.cause);
        const next = windows[i + 1];
        if (next) expect(next.startMs).toBeGreaterThanOrEqual(w.endMs);
      });
    }
  });

  it('is the same for the same seed and day', () => {
    expect(planSurges('2026-02-03', TZ, 5)).toEqual(planSurges('2026-02-03', TZ, 5));
    expect(planSurges('2026-02-03', TZ, 5)).not.toEqual(planSurges('2026-02-03', TZ, 6));
  });

  it.each([
    [5, 1.5],
    [10, 1],
    [-1, 1],
  ])('surgeMultiplier at %i is %f for a +50% window over [0, 10)', (atMs, expected) => {
    expect(surgeMultiplier([{ cause: 'sms-campaign', startMs: 0, endMs: 10, uplift: 0.5 }], atMs)).toBe(expected);
  });
});

describe('traffic model', () => {
  it('ForecastIndex spreads an interval evenly and infers interval length from the spacing', () => {
    const index = new ForecastIndex([
      { start: '2026-01-01T00:00:00Z', queue: 'q', offered: 30, ahtSeconds: 200 },
      { start: '2026-01-01T00:15:00Z', queue: 'q', offered: 60, ahtSeconds: 300 },
    ]);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    expect(index.expectedBetween('q', t0, t0 + 5 * MINUTE)).toBeCloseTo(10);
    expect(index.expectedBetween('q', t0 + 10 * MINUTE, t0 + 20 * MINUTE)).toBeCloseTo(10 + 20);
    expect(index.expectedBetween('q', t0 + 30 * MINUTE, t0 + 40 * MINUTE)).toBe(0);
    expect(index.intervalAt('q', t0 + 20 * MINUTE)?.ahtSeconds).toBe(300);
    expect(index.intervalAt('other', t0)).toBeUndefined();
  });

  it('drawCalls gives Poisson counts around the mean, handle times around the AHT and patience around 90 s', () => {
    const rng = new Rng(mulberry32(3));
    let n = 0;
    const calls = [];
    for (let i = 0; i < 400; i++) {
      calls.push(...drawCalls(rng, { queue: 'q', fromMs: i * MINUTE, toMs: (i + 1) * MINUTE, expected: 5, ahtSeconds: 240 }, () => `c${++n}`));
    }
    expect(calls.length / 400).toBeGreaterThan(4.7);
    expect(calls.length / 400).toBeLessThan(5.3);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(calls.map((c) => c.talkMs / 1000 + c.wrapSeconds))).toBeGreaterThan(220);
    expect(mean(calls.map((c) => c.talkMs / 1000 + c.wrapSeconds))).toBeLessThan(260);
    expect(mean(calls.map((c) => c.patienceMs / 1000))).toBeGreaterThan(80);
    expect(mean(calls.map((c) => c.patienceMs / 1000))).toBeLessThan(100);
    expect(new Set(calls.map((c) => c.callId)).size).toBe(calls.length);
  });

  it('Rng.poisson handles large means', () => {
    const rng = new Rng(mulberry32(9));
    const draws = Array.from({ length: 2000 }, () => rng.poisson(100));
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(100, 0);
    expect(rng.poisson(0)).toBe(0);
  });
});

describe('chineseNames()', () => {
  it('gives distinct two- or three-character names, the same every time', () => {
    const names = chineseNames(150);
    expect(new Set(names).size).toBe(150);
    expect(names.every((n) => /^[\u4e00-\u9fff]{2,3}$/.test(n))).toBe(true);
    expect(chineseNames(150)).toEqual(names);
  });
});
