/**
 * The five tables as CSV for Excel: a byte-order mark (so Excel reads UTF-8 and the Chinese
 * headers), CRLF line ends, one row per day and a closing total or average row. Numbers are
 * plain (no thousands separators); percentages are in percent. Pure.
 */
import type { FiveTables } from './five-tables.js';

export const TABLE_NUMBERS = [1, 2, 3, 4, 5] as const;
export type TableNumber = (typeof TABLE_NUMBERS)[number];
export type CsvLang = 'en' | 'zh-CN';

const HEADERS: Record<CsvLang, Record<string, string>> = {
  en: {
    day: 'Day',
    dailyAverage: 'Daily average',
    monthAverage: 'Month average',
    total: 'Total',
    average: 'Average',
    forecastOffered: 'Forecast offered',
    staffHours: 'Staff-hours on phones',
    supportable: 'Supportable volume',
    offered: 'Offered',
    answered: 'Answered by staff',
    abandoned: 'Abandoned',
    answerRate: 'Answer rate (%)',
    actual: 'Actual offered',
    difference: 'Difference',
    differencePct: 'Difference (%)',
    mape: 'Mean absolute error (%)',
    averageStaffed: 'Average staff on phones',
    actualPerStaff: 'Actual answered per staff',
    plannedStaff: 'Planned staff',
    forecastPerStaff: 'Forecast per staff',
  },
  'zh-CN': {
    day: '日期',
    dailyAverage: '日均',
    monthAverage: '月平均',
    total: '合计',
    average: '平均',
    forecastOffered: '预测话务量',
    staffHours: '在线人时',
    supportable: '可承受话务量',
    offered: '实际话务量',
    answered: '人工接通量',
    abandoned: '放弃量',
    answerRate: '接通率(%)',
    actual: '实际话务量',
    difference: '偏差',
    differencePct: '偏差率(%)',
    mape: '平均绝对偏差率(%)',
    averageStaffed: '平均在线人数',
    actualPerStaff: '实际人均接通量',
    plannedStaff: '计划人数',
    forecastPerStaff: '预测人均话务量',
  },
};

/**
 * A number rounded to `decimals` places without trailing zeros, or '' for null.
 * @example num(12.345, 1) // '12.3'
 * @example num(5, 1) // '5'
 */
export function num(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const r = Number(value.toFixed(decimals));
  return String(Object.is(r, -0) ? 0 : r);
}

const pct = (ratio: number | null | undefined) => num(ratio === null || ratio === undefined ? null : ratio * 100, 1);

function cell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header row then data rows, as text arrays. */
export function tableRows(report: FiveTables, table: TableNumber, lang: CsvLang): string[][] {
  const h = HEADERS[lang];
  const h_ = (key: string) => h[key] ?? key;
  switch (table) {
    case 1: {
      const { rows, monthAverage } = report.staffedSeats;
      const slotMeans = report.slots.map((_, i) => {
        const known = rows.map((r) => r.slots[i] ?? null).filter((v): v is number => v !== null);
        return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
      });
      return [
        [h_('day'), ...report.slots, h_('dailyAverage')],
        ...rows.map((r) => [r.day, ...r.slots.map((v) => num(v)), num(r.dailyAverage)]),
        [h_('monthAverage'), ...slotMeans.map((v) => num(v)), num(monthAverage)],
      ];
    }
    case 2: {
      const { rows, totals } = report.forecastVsSupportable;
      return [
        [h_('day'), h_('forecastOffered'), h_('staffHours'), h_('supportable')],
        ...rows.map((r) => [r.day, num(r.forecastOffered), num(r.staffHours), num(r.supportable)]),
        [h_('total'), num(totals.forecastOffered), num(totals.staffHours), num(totals.supportable)],
      ];
    }
    case 3: {
      const { rows, totals } = report.actualVsHandled;
      return [
        [h_('day'), h_('offered'), h_('answered'), h_('abandoned'), h_('answerRate')],
        ...rows.map((r) => [r.day, num(r.offered), num(r.answered), num(r.abandoned), pct(r.answerRate)]),
        [h_('total'), num(totals.offered), num(totals.answered), num(totals.abandoned), pct(totals.answerRate)],
      ];
    }
    case 4: {
      const { rows, totals } = report.actualVsForecast;
      return [
        [h_('day'), h_('actual'), h_('forecastOffered'), h_('difference'), h_('differencePct')],
        ...rows.map((r) => [r.day, num(r.actual), num(r.forecast), num(r.difference), pct(r.differencePct)]),
        [h_('total'), num(totals.actual), num(totals.forecast), num(totals.difference), pct(totals.differencePct)],
        [h_('mape'), '', '', '', pct(totals.meanAbsolutePctError)],
      ];
    }
    case 5: {
      const { rows, averages } = report.handledPerStaff;
      return [
        [h_('day'), h_('answered'), h_('averageStaffed'), h_('actualPerStaff'), h_('forecastOffered'), h_('plannedStaff'), h_('forecastPerStaff')],
        ...rows.map((r) => [r.day, num(r.answered), num(r.averageStaffed), num(r.actualPerStaff), num(r.forecastOffered), num(r.plannedStaff), num(r.forecastPerStaff)]),
        [h_('average'), '', '', num(averages.actualPerStaff), '', '', num(averages.forecastPerStaff)],
      ];
    }
  }
}

/**
 * Table `table` of the report as CSV text for Excel, starting with a BOM.
 * @example fiveTablesCsv(report, 3, 'en').split('\r\n')[0] // '\uFEFFDay,Offered,Answered by staff,Abandoned,Answer rate (%)'
 */
export function fiveTablesCsv(report: FiveTables, table: TableNumber, lang: CsvLang = 'en'): string {
  return `\uFEFF${tableRows(report, table, lang)
    .map((r) => r.map(cell).join(','))
    .join('\r\n')}\r\n`;
}

/** The file name a download of table `table` gets. */
export function csvFileName(month: string, table: TableNumber): string {
  return `floorboard-five-tables-${month}-table${table}.csv`;
}
