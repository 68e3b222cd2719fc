import { describe, expect, it } from 'vitest';
import { emptyBucket, type Bucket } from '../../shared/floor/state.js';
import type { ForecastInterval } from '../../shared/roster.js';
import { fiveTablesCsv } from '../../shared/reports/five-tables-csv.js';
import { daySlots, fiveTables, monthDays, previousMonth, type FiveTablesInput } from '../../shared/reports/five-tables.js';
import { historyDay, historyRowSchema, overlappingRows, rebucketRows, replaceBuckets, rowLengths, type BucketMap, type HistoryRow, type ObservedFigures } from '../../shared/reports/history.js';

const TZ = 'Asia/Shanghai';
/** The report's fixed clock: 06:00 on 3 November, site time. */
const NOW = Date.parse('2026-11-03T06:00:00+08:00');
const STAFFING = { targetServiceLevel: 0.8, targetAnswerSeconds: 20, maxOccupancy: 0.85 };

const ms = (localIso: string) => Date.parse(`${localIso}+08:00`);
const key = (localIso: string) => String(ms(localIso));
const bucket = (b: Partial<Bucket>): Bucket => ({ ...emptyBucket(), ...b });
const row = (r: Partial<HistoryRow> & Pick<HistoryRow, 'start'>): HistoryRow => ({ queue: 'general', offered: 0, answered: 0, abandoned: 0, ...r });
const fc = (localIso: string, offered: number, ahtSeconds: number, queue = 'general'): ForecastInterval => ({ start: `${localIso}+08:00`, queue, offered, ahtSeconds });

/**
 * A seeded two-month slice, small enough to add up by hand (30-minute site intervals):
 * - 1 Nov: 10 staff on the phones 09:00–09:30 and 6 staff 09:30–10:00 (28,800 staff-seconds);
 * - 2 Nov: 4 staff 10:00–10:30 (7,200 staff-seconds);
 * - 30 Oct (observed): 40 offered, 36 answered, 4 abandoned at 14:00, 8 staff 14:00–14:30;
 * - 31 Oct: an imported 60-minute row at 10:00 (60 / 54 / 6, AHT 240 s) that takes the place of
 *   the 7 calls the floor counted in the same bucket, plus 5 observed billing calls at 10:15
 *   that the import does not cover.
 */
function seeded(): FiveTablesInput {
  const observed: Record<string, ObservedFigures> = {
    '2026-11-01': {
      buckets: {},
      phoneStaffSeconds: { [key('2026-11-01T09:00')]: 9000, [key('2026-11-01T09:15')]: 9000, [key('2026-11-01T09:30')]: 5400, [key('2026-11-01T09:45')]: 5400 },
    },
    '2026-11-02': { buckets: {}, phoneStaffSeconds: { [key('2026-11-02T10:00')]: 3600, [key('2026-11-02T10:15')]: 3600 } },
    '2026-10-30': {
      buckets: { [key('2026-10-30T14:00')]: { general: bucket({ offered: 40, answered: 36, abandoned: 4, handled: 36, talkSeconds: 36 * 200 }) } },
      phoneStaffSeconds: { [key('2026-10-30T14:00')]: 7200, [key('2026-10-30T14:15')]: 7200 },
    },
    '2026-10-31': {
      buckets: {
        [key('2026-10-31T10:00')]: { general: bucket({ offered: 7, answered: 7, handled: 7, talkSeconds: 700 }) },
        [key('2026-10-31T10:15')]: { billing: bucket({ offered: 5, answered: 5, handled: 5, talkSeconds: 500 }) },
      },
      phoneStaffSeconds: {},
    },
  };
  const rows = [row({ start: '2026-10-31T10:00:00+08:00', offered: 60, answered: 54, abandoned: 6, ahtSeconds: 240, minutes: 60 })];
  const imported = rebucketRows(rows, rowLengths(rows, 30), TZ);
  const history = ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02'].map((day) =>
    historyDay({ day, timeZone: TZ, intervalMinutes: 30, now: NOW, observed: observed[day], imported: imported.get(day) }),
  );
  const forecast = [
    fc('2026-10-30T14:00', 50, 200),
    fc('2026-10-31T10:00', 48, 240),
    fc('2026-11-01T09:00', 100, 180),
    fc('2026-11-01T09:30', 50, 180),
    fc('2026-11-02T10:00', 80, 180),
    // Lands in the 10:00 site interval with the general queue's 80.
    fc('2026-11-02T10:15', 20, 180, 'billing'),
    fc('2026-11-03T09:00', 70, 180),
  ];
  return { month: '2026-11', timeZone: TZ, intervalMinutes: 30, now: NOW, history, forecast, busyHourCallsPerAgent: 12, staffing: STAFFING };
}

const rowOf = <T extends { day: string }>(rows: T[], day: string): T => {
  const r = rows.find((x) => x.day === day);
  if (!r) throw new Error(`no row for ${day}`);
  return r;
};

describe('months', () => {
  it.each([
    ['2026-01', '2025-12'],
    ['2026-11', '2026-10'],
  ])('previousMonth(%s) is %s', (month, before) => expect(previousMonth(month)).toBe(before));

  it('monthDays() lists every calendar day, leap years included', () => {
    expect(monthDays('2028-02')).toHaveLength(29);
    expect(monthDays('2026-11')[29]).toBe('2026-11-30');
  });
});

describe('the five tables for a seeded month (Asia/Shanghai, clock fixed at 3 Nov 06:00)', () => {
  const report = fiveTables(seeded());

  it('covers this month (November) in tables 1–2 and last month (October) in tables 3–5', () => {
    expect(report.previousMonth).toBe('2026-10');
    expect(report.staffedSeats.rows.map((r) => r.day)).toEqual(monthDays('2026-11'));
    expect(report.actualVsForecast.rows.map((r) => r.day)).toEqual(monthDays('2026-10'));
    expect(report.slots).toEqual(daySlots(30));
    expect(rowOf(report.staffedSeats.rows, '2026-11-03').status).toBe('today');
    expect(rowOf(report.staffedSeats.rows, '2026-11-04').status).toBe('future');
  });

  it('1: staffed seats per slot are staff-seconds / 1800 s, and the daily average is staff-seconds / 86,400 s', () => {
    const nov1 = rowOf(report.staffedSeats.rows, '2026-11-01');
    expect(nov1.slots[report.slots.indexOf('09:00')]).toBe(10);
    expect(nov1.slots[report.slots.indexOf('09:30')]).toBe(6);
    expect(nov1.slots[report.slots.indexOf('10:00')]).toBe(0);
    expect(nov1.dailyAverage).toBeCloseTo(28_800 / 86_400, 10);
    expect(rowOf(report.staffedSeats.rows, '2026-11-02').dailyAverage).toBeCloseTo(7200 / 86_400, 10);
    expect(rowOf(report.staffedSeats.rows, '2026-11-05').slots.every((v) => v === null)).toBe(true);
    // Mean of the two known days: (1/3 + 1/12) / 2.
    expect(report.staffedSeats.monthAverage).toBeCloseTo(5 / 24, 10);
  });

  it('2: forecast volume per day, and supportable = staff-hours × 12 calls per agent-hour', () => {
    const t = report.forecastVsSupportable;
    expect(rowOf(t.rows, '2026-11-01')).toMatchObject({ forecastOffered: 150, staffHours: 8, supportable: 96 });
    expect(rowOf(t.rows, '2026-11-02')).toMatchObject({ forecastOffered: 100, staffHours: 2, supportable: 24 });
    expect(rowOf(t.rows, '2026-11-03')).toMatchObject({ forecastOffered: 70, supportable: null });
    expect(rowOf(t.rows, '2026-11-04')).toMatchObject({ forecastOffered: null, supportable: null });
    expect(t.totals).toEqual({ forecastOffered: 320, staffHours: 10, supportable: 120 });
  });

  it('3: actual volume and calls answered by staff per day; the import replaces only the bucket and queue it covers', () => {
    const t = report.actualVsHandled;
    expect(rowOf(t.rows, '2026-10-30')).toMatchObject({ offered: 40, answered: 36, abandoned: 4, answerRate: 0.9 });
    // 60 imported (not the 7 observed in the same bucket) + 5 observed billing calls.
    expect(rowOf(t.rows, '2026-10-31')).toMatchObject({ offered: 65, answered: 59, abandoned: 6 });
    expect(rowOf(t.rows, '2026-10-29')).toMatchObject({ offered: null, answered: null });
    expect(t.totals.offered).toBe(105);
    expect(t.totals.answered).toBe(95);
    expect(t.totals.answerRate).toBeCloseTo(95 / 105, 10);
  });

  it('4: actual vs forecast per day, with the difference in calls and in percent, and the mean absolute % error', () => {
    const t = report.actualVsForecast;
    expect(rowOf(t.rows, '2026-10-30')).toMatchObject({ actual: 40, forecast: 50, difference: -10, differencePct: -0.2 });
    const oct31 = rowOf(t.rows, '2026-10-31');
    expect(oct31).toMatchObject({ actual: 65, forecast: 48, difference: 17 });
    expect(oct31.differencePct).toBeCloseTo(17 / 48, 10);
    expect(t.totals).toMatchObject({ actual: 105, forecast: 98, difference: 7 });
    expect(t.totals.meanAbsolutePctError).toBeCloseTo((0.2 + 17 / 48) / 2, 10);
  });

  it('5: answered per average staff on the phones vs forecast offered per planned (Erlang C) staff', () => {
    const t = report.handledPerStaff;
    // 36 answered / (14,400 staff-seconds / 86,400 s) = 216. Planned: 50 calls of 200 s in 30 min
    // need 9 staff (SL 79.5% with 8, 90.3% with 9), averaged over the 48 intervals: 9/48.
    const oct30 = rowOf(t.rows, '2026-10-30');
    expect(oct30.averageStaffed).toBeCloseTo(1 / 6, 10);
    expect(oct30.actualPerStaff).toBeCloseTo(216, 10);
    expect(oct30.plannedStaff).toBeCloseTo(9 / 48, 10);
    expect(oct30.forecastPerStaff).toBeCloseTo((50 * 48) / 9, 10);
    // 31 Oct's figures are imported: nobody knows who was on the phones. 48 calls of 240 s need 10 staff.
    const oct31 = rowOf(t.rows, '2026-10-31');
    expect(oct31).toMatchObject({ answered: 59, averageStaffed: null, actualPerStaff: null });
    expect(oct31.forecastPerStaff).toBeCloseTo((48 * 48) / 10, 10);
    expect(t.averages.actualPerStaff).toBeCloseTo(216, 10);
    expect(t.averages.forecastPerStaff).toBeCloseTo(((50 * 48) / 9 + (48 * 48) / 10) / 2, 10);
  });

  it('exports a table as CSV for Excel: BOM, header row, a row per day and a total row', () => {
    const lines = fiveTablesCsv(report, 3, 'en').split('\r\n');
    expect(lines[0]).toBe('\uFEFFDay,Offered,Answered by staff,Abandoned,Answer rate (%)');
    expect(lines).toContain('2026-10-30,40,36,4,90');
    expect(lines[32]).toBe('Total,105,95,10,90.5');
    expect(fiveTablesCsv(report, 2, 'zh-CN').split('\r\n')[0]).toBe('\uFEFF日期,预测话务量,在线人时,可承受话务量');
    expect(fiveTablesCsv(report, 1, 'en').split('\r\n')[1]).toMatch(/^2026-11-01,(0,){18}10,6,0,/);
  });
});

describe('interval history', () => {
  it('spreads a 60-minute row evenly over its four 15-minute buckets, and AHT reads back as imported', () => {
    const rows = [row({ start: '2026-10-31T10:00:00+08:00', offered: 10, answered: 8, abandoned: 2, ahtSeconds: 300 })];
    const days = rebucketRows(rows, [60], TZ);
    const buckets = days.get('2026-10-31')!;
    expect(Object.keys(buckets)).toEqual(['10:00', '10:15', '10:30', '10:45'].map((t) => key(`2026-10-31T${t}`)));
    expect(buckets[key('2026-10-31T10:30')]!.general).toMatchObject({ offered: 2.5, answered: 2, abandoned: 0.5, handled: 2, talkSeconds: 600 });
    const day = historyDay({ day: '2026-10-31', timeZone: TZ, intervalMinutes: 30, now: NOW, imported: buckets });
    const at = (label: string) => day.intervals.find((iv) => iv.label === label)!;
    expect(at('10:00')).toMatchObject({ offered: 5, answered: 4, abandoned: 1, ahtSeconds: 300, staffedOnPhones: null, source: 'imported' });
    expect(at('10:30')).toMatchObject({ offered: 5, answered: 4, abandoned: 1, ahtSeconds: 300 });
    expect(day.totals).toMatchObject({ offered: 10, answered: 8, abandoned: 2, staffedOnPhones: null });
  });

  it('takes a row\'s length from the step between rows of its queue, its own minutes, or the site interval', () => {
    const rows = [
      row({ start: '2026-10-31T10:00:00+08:00' }),
      row({ start: '2026-10-31T11:00:00+08:00' }),
      row({ start: '2026-10-31T13:00:00+08:00' }),
      row({ start: '2026-10-31T10:00:00+08:00', queue: 'billing' }),
      row({ start: '2026-10-31T10:00:00+08:00', queue: 'vip', minutes: 15 }),
    ];
    expect(rowLengths(rows, 30)).toEqual([60, 60, 60, 30, 15]);
  });

  it('spreads a row across midnight into both site-local days', () => {
    const rows = [row({ start: '2026-10-31T23:30:00+08:00', offered: 4, minutes: 60 })];
    const days = rebucketRows(rows, [60], TZ);
    expect([...days.keys()]).toEqual(['2026-10-31', '2026-11-01']);
    expect(Object.values(days.get('2026-11-01')!).reduce((n, q) => n + q.general!.offered, 0)).toBe(2);
  });

  it('finds rows of one queue that cover the same time, and reports the later one', () => {
    const rows = [
      row({ start: '2026-10-31T10:00:00+08:00', minutes: 60 }),
      row({ start: '2026-10-31T10:30:00+08:00', minutes: 30 }),
      row({ start: '2026-10-31T10:30:00+08:00', queue: 'billing', minutes: 30 }),
    ];
    expect(overlappingRows(rows, [60, 30, 30])).toEqual([{ index: 1, otherIndex: 0 }]);
  });

  it('replaces imported buckets per bucket and queue, so the same import twice gives the same figures', () => {
    const rows = [row({ start: '2026-10-31T10:00:00+08:00', offered: 6, answered: 6, ahtSeconds: 100, minutes: 30 })];
    const incoming = rebucketRows(rows, [30], TZ).get('2026-10-31')!;
    const other: BucketMap = { [key('2026-10-31T10:00')]: { billing: bucket({ offered: 1 }) }, [key('2026-10-31T12:00')]: { general: bucket({ offered: 9 }) } };
    const once = replaceBuckets(other, incoming);
    expect(replaceBuckets(once, incoming)).toEqual(once);
    expect(once[key('2026-10-31T10:00')]).toEqual({ billing: bucket({ offered: 1 }), general: bucket({ offered: 3, answered: 3, handled: 3, talkSeconds: 300 }) });
    expect(once[key('2026-10-31T12:00')]).toEqual(other[key('2026-10-31T12:00')]);
  });

  it('averages staff on the phones over the elapsed part of the interval under way, and leaves later ones unknown', () => {
    const day = historyDay({
      day: '2026-11-03',
      timeZone: TZ,
      intervalMinutes: 30,
      now: NOW + 10 * 60_000, // 06:10
      observed: { buckets: {}, phoneStaffSeconds: { [key('2026-11-03T06:00')]: 3000 } },
    });
    expect(day.status).toBe('today');
    expect(day.intervals.find((iv) => iv.label === '06:00')!.staffedOnPhones).toBe(5);
    expect(day.intervals.find((iv) => iv.label === '06:30')!.staffedOnPhones).toBeNull();
    expect(day.totals.staffedOnPhones).toBeCloseTo(3000 / (6 * 3600 + 600), 10);
  });

  it.each([
    [{ answered: 9, abandoned: 2, offered: 10, ahtSeconds: 200 }, 'answered'],
    [{ answered: 5, abandoned: 0, offered: 10 }, 'ahtSeconds'],
  ])('rejects a row whose figures do not add up (%o names %s)', (figures, field) => {
    const r = historyRowSchema.safeParse({ start: '2026-10-31T10:00:00+08:00', queue: 'general', ...figures });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual([field]);
  });
});
