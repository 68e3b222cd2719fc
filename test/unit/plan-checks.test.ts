import { describe, expect, it } from 'vitest';
import type { ForecastInterval, Shift, Staff } from '../../shared/roster.js';
import { DEFAULT_SETTINGS } from '../../shared/settings.js';
import { requiredStaff } from '../../shared/staffing/erlang.js';
import { planChecks, RESERVE_MINIMUM, WEEKLY_HOURS_LIMIT, type PlanCheckInput } from '../../shared/planning/checks.js';
import { isBillingDay, isDay, leaveMonth, monthDays, plannedShift, type PlanEntry } from '../../shared/planning/plan.js';
import { isoInZone } from '../../shared/time.js';

const TZ = 'Asia/Shanghai';
/** Epoch ms of a Shanghai wall-clock time on `day`. */
const at = (hhmm: string, day: string) => Date.parse(`${day}T${hhmm}:00+08:00`);

const SHIFTS: Shift[] = [
  { name: 'morning', start: '08:00', end: '16:00', night: false },
  { name: 'evening', start: '16:00', end: '24:00', night: false },
  { name: 'late-night', start: '22:00', end: '06:00', night: true },
  { name: 'short', start: '09:00', end: '13:00', night: false },
];
const agent = (staffId: string): Pick<Staff, 'staffId' | 'role'> => ({ staffId, role: 'agent' });
const entry = (date: string, staffId: string, shift: string): PlanEntry => ({ date, staffId, shift });
/** `staffId` on `shift` on each of the first `count` days of `month`. */
const firstDays = (month: string, staffId: string, shift: string, count: number) => monthDays(month).slice(0, count).map((d) => entry(d, staffId, shift));

function input(over: Partial<PlanCheckInput>): PlanCheckInput {
  return { month: '2026-03', timeZone: TZ, entries: [], staff: [agent('1001')], shifts: SHIFTS, forecast: [], settings: DEFAULT_SETTINGS, holidays: [], ...over };
}

/** A forecast of `offered` calls (AHT 240 s) in the 30-minute slot starting at `hhmm` on `day`. */
const demand = (day: string, hhmm: string, offered: number, queue = 'general'): ForecastInterval => ({ start: isoInZone(at(hhmm, day), TZ), queue, offered, ahtSeconds: 240 });
const required = (offered: number) =>
  requiredStaff({ offered, intervalSeconds: 1800, ahtSeconds: 240, targetServiceLevel: DEFAULT_SETTINGS.serviceLevelTarget, targetAnswerSeconds: DEFAULT_SETTINGS.serviceLevelSeconds, maxOccupancy: DEFAULT_SETTINGS.maxOccupancy }).staff;

describe('plan calendar helpers', () => {
  it.each([
    ['2026-02-28', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['2026-3-01', false],
  ])('isDay(%s) is %s', (day, ok) => expect(isDay(day)).toBe(ok));

  it.each([
    ['2026-02', 28],
    ['2026-03', 31],
    ['2026-04', 30],
    ['2028-02', 29],
  ])('monthDays(%s) has %i days', (month, n) => {
    const days = monthDays(month);
    expect(days).toHaveLength(n);
    expect(days[0]).toBe(`${month}-01`);
  });

  it.each([
    ['2026-03-01', true],
    ['2026-03-03', true],
    ['2026-03-04', false],
    ['2026-03-31', false],
  ])('isBillingDay(%s) is %s (days 1–3)', (day, billing) => expect(isBillingDay(day)).toBe(billing));

  it.each([
    ['morning', '2026-03-10', at('08:00', '2026-03-10'), at('16:00', '2026-03-10')],
    ['evening', '2026-03-10', at('16:00', '2026-03-10'), at('00:00', '2026-03-11')],
    ['late-night', '2026-03-10', at('22:00', '2026-03-10'), at('06:00', '2026-03-11')],
    ['late-night', '2026-03-31', at('22:00', '2026-03-31'), at('06:00', '2026-04-01')],
  ])('plannedShift() puts the %s shift of %s at its instants (a night shift wraps midnight)', (shift, date, startMs, endMs) => {
    expect(plannedShift(entry(date, '1001', shift), SHIFTS, TZ)).toMatchObject({ startMs, endMs });
  });

  it('plannedShift() is null for a shift the roster does not have', () => {
    expect(plannedShift(entry('2026-03-10', '1001', 'siesta'), SHIFTS, TZ)).toBeNull();
  });

  it('leaveMonth() reads the month from a leave id and refuses anything else', () => {
    expect(leaveMonth('2026-03-10~a1b2c3d4')).toBe('2026-03');
    expect(leaveMonth('w1')).toBeNull();
    expect(leaveMonth('2026-13-10~a1b2c3d4')).toBeNull();
  });
});

describe('planChecks(): hours', () => {
  it.each([
    // month, shifts, shift name, planned hours, weekly average, flagged
    ['2026-04', 26, 'morning', 208, 48.5, true],
    ['2026-03', 22, 'morning', 176, 39.7, false],
    ['2026-03', 23, 'morning', 184, 41.5, true],
    ['2026-02', 20, 'morning', 160, 40, false],
    ['2026-02', 21, 'morning', 168, 42, true],
    ['2026-02', 20, 'late-night', 160, 40, false],
    ['2026-02', 10, 'short', 40, 10, false],
  ])('in %s, %i %s shifts are %i h, %f h a week: flagged %s', (month, count, shift, plannedHours, weeklyAverageHours, over) => {
    const checks = planChecks(input({ month, entries: firstDays(month, '1001', shift, count) }));
    expect(checks.hours).toEqual([{ staffId: '1001', shifts: count, plannedHours, weeklyAverageHours, over }]);
    expect(checks.summary.overHours).toBe(over ? 1 : 0);
    expect(checks.weeklyLimitHours).toBe(WEEKLY_HOURS_LIMIT);
  });

  it('counts only the month’s own shifts, and lists the over-limit first', () => {
    const entries = [...firstDays('2026-04', '1002', 'morning', 26), ...firstDays('2026-04', '1001', 'morning', 10), entry('2026-03-31', '1001', 'morning'), entry('2026-05-01', '1001', 'morning')];
    const checks = planChecks(input({ month: '2026-04', entries, staff: [agent('1001'), agent('1002')] }));
    expect(checks.hours.map((h) => [h.staffId, h.shifts, h.over])).toEqual([
      ['1002', 26, true],
      ['1001', 10, false],
    ]);
  });
});

describe('planChecks(): shortfall per slot', () => {
  const DAY = '2026-03-10';
  const slot = (checks: ReturnType<typeof planChecks>, day: string, label: string) => checks.days.find((d) => d.date === day)!.slots.find((s) => s.label === label)!;

  it('compares the agents planned on shifts covering a slot with the staff the forecast requires', () => {
    const offered = 120;
    const staff = [agent('1001'), agent('1002'), agent('1003'), { staffId: '2001', role: 'business-supervisor' as const }];
    const entries = [entry(DAY, '1001', 'morning'), entry(DAY, '1002', 'morning'), entry(DAY, '1003', 'short'), entry(DAY, '2001', 'morning')];
    const checks = planChecks(input({ entries, staff, forecast: [demand(DAY, '10:00', offered * 0.6), demand(DAY, '10:00', offered * 0.4, 'billing'), demand(DAY, '14:00', 0)] }));
    const need = required(offered);
    expect(need).toBeGreaterThan(3);
    // Business supervisors are not phone staff; the short shift is on at 10:00 but not at 14:00.
    expect(slot(checks, DAY, '10:00')).toMatchObject({ required: need, planned: 3, shortfall: need - 3, reserve: null, reserveFlag: null });
    expect(slot(checks, DAY, '14:00')).toMatchObject({ required: 0, planned: 2, shortfall: 0 });
    expect(slot(checks, DAY, '16:00')).toMatchObject({ required: null, planned: 0, shortfall: 0 });
    expect(slot(checks, DAY, '07:30')).toMatchObject({ planned: 0 });
    expect(checks.summary).toMatchObject({ shortfallSlots: 1, shortfallStaffSlots: need - 3 });
    expect(checks.days.find((d) => d.date === DAY)!.forecast).toBe(true);
    expect(checks.summary.daysWithoutForecast).toBe(30);
  });

  it('counts a night shift across midnight on both days, including one dated the last day of the month before', () => {
    const entries = [entry(DAY, '1001', 'late-night'), entry('2026-02-28', '1002', 'late-night')];
    const checks = planChecks(input({ entries, staff: [agent('1001'), agent('1002')] }));
    expect(slot(checks, DAY, '21:30').planned).toBe(0);
    expect(slot(checks, DAY, '22:00').planned).toBe(1);
    expect(slot(checks, '2026-03-11', '05:30').planned).toBe(1);
    expect(slot(checks, '2026-03-11', '06:00').planned).toBe(0);
    expect(slot(checks, '2026-03-01', '00:00').planned).toBe(1);
    expect(slot(checks, '2026-03-01', '06:00').planned).toBe(0);
    // Hours belong to the month the shift starts in.
    expect(checks.hours.map((h) => h.staffId)).toEqual(['1001']);
  });

  it('reports entries whose shift the roster no longer has', () => {
    const checks = planChecks(input({ entries: [entry(DAY, '1001', 'siesta'), entry(DAY, '9999', 'morning')] }));
    expect(checks.problems).toEqual([
      { ...entry(DAY, '1001', 'siesta'), problem: 'unknown-shift' },
      { ...entry(DAY, '9999', 'morning'), problem: 'unknown-staff' },
    ]);
  });
});

describe('planChecks(): emergency reserve on holidays and billing days', () => {
  const offered = 60;
  /** `n` agents on the morning shift of `day`. */
  const crew = (day: string, n: number) => Array.from({ length: n }, (_, i) => entry(day, String(1001 + i), 'morning'));
  const staff = Array.from({ length: 30 }, (_, i) => agent(String(1001 + i)));

  it.each<[string, string[], number, string | null | undefined]>([
    // day, holidays, spare staff beyond the required, reserve flag
    ['2026-03-10', ['2026-03-10'], RESERVE_MINIMUM - 1, 'below-minimum'],
    ['2026-03-10', ['2026-03-10'], RESERVE_MINIMUM, 'below-target'],
    ['2026-03-10', ['2026-03-10'], 6, null],
    ['2026-03-10', ['2026-03-10'], 7, null],
    ['2026-03-02', [], 2, 'below-minimum'],
    ['2026-03-10', [], 0, undefined],
  ])('on %s (holidays %j) with %i spare, the slot is flagged %s', (day, holidays, spare, flag) => {
    const need = required(offered);
    const checks = planChecks(input({ entries: crew(day, need + spare), staff, holidays, forecast: [demand(day, '09:00', offered)] }));
    const d = checks.days.find((x) => x.date === day)!;
    const s = d.slots.find((x) => x.label === '09:00')!;
    expect(d.holiday).toBe(holidays.includes(day));
    if (flag === undefined) {
      expect(s).toMatchObject({ reserve: null, reserveFlag: null });
      return;
    }
    expect(s).toMatchObject({ required: need, planned: need + spare, reserve: spare, reserveFlag: flag });
    expect(checks.summary.reserveFlags).toBe(flag === 'below-minimum' ? 1 : 0);
    expect(checks.reserve).toEqual({ minimum: RESERVE_MINIMUM, target: 6 });
  });

  it('takes the target from the emergencyReserve setting', () => {
    const need = required(offered);
    const checks = planChecks(input({ entries: crew('2026-03-10', need + 6), staff, holidays: ['2026-03-10'], forecast: [demand('2026-03-10', '09:00', offered)], settings: { ...DEFAULT_SETTINGS, emergencyReserve: 7 } }));
    expect(checks.days[9]!.slots.find((x) => x.label === '09:00')).toMatchObject({ reserve: 6, reserveFlag: 'below-target' });
  });
});
