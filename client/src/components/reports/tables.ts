/**
 * What each of the five tables shows: its columns, closing rows, chart series and axes, from
 * the report. Pure; the components render whatever spec they are given.
 */
import type { DayStatus } from '../../../../shared/reports/history.js';
import type { FiveTables } from '../../../../shared/reports/five-tables.js';
import type { Lang, Translate } from '../../i18n/index.js';
import type { AxisSpec, FiveTablesSeries } from '../charts/FiveTablesChart.svelte';
import { dayOfMonth, fmtCalls, fmtNumber, fmtPct, fmtSigned, fmtStaff } from './format.js';

/** The report as the server sends it. */
export type FiveTablesReport = FiveTables & { at: string };
export type TableNumber = 1 | 2 | 3 | 4 | 5;
export const TABLES: readonly TableNumber[] = [1, 2, 3, 4, 5];

/**
 * Series colours, after the wall's meanings: forecast white, offered slate, staff cyan (bars in
 * a deeper shade than the wall's line, so thirty of them do not glare), answered light blue.
 */
export const REPORT_COLOURS = {
  forecast: '#e6edf5',
  offered: '#4b6488',
  staffed: '#2f8fa8',
  answered: '#8fb8f0',
  difference: '#ffd166',
} as const;

export interface Column {
  label: string;
  /** Text of the cell for row `i`. */
  cell: (i: number) => string;
}

export interface ChartSpec {
  labels: string[];
  titles: string[];
  series: FiveTablesSeries[];
  left: AxisSpec;
  right?: AxisSpec;
}

export interface TableSpec {
  /** Why a column is empty, when it is (no staff figures for the month). */
  note: string | null;
  days: string[];
  statuses: DayStatus[];
  columns: Column[];
  /** Closing rows (total, average): the first cell is the row's name. */
  footer: string[][];
  chart: ChartSpec;
}

/** The chart's tick and tooltip text. */
export function chartFormat(lang: Lang): (value: number, percent: boolean) => string {
  return (value, percent) => (percent ? fmtPct(value, lang) : fmtNumber(value, lang));
}

/** Table 1's note: why every slot is empty, when it is. */
export function staffedNote(report: FiveTablesReport, t: Translate): string | null {
  return report.staffedSeats.rows.every((r) => r.dailyAverage === null) ? t('reports.noStaff') : null;
}

/** Table 1's chart: the daily average staff on the phones. */
export function staffedChart(report: FiveTablesReport, t: Translate): ChartSpec {
  const rows = report.staffedSeats.rows;
  return {
    ...dayAxis(rows),
    series: [{ label: t('reports.col.dailyAverage'), kind: 'bar', colour: REPORT_COLOURS.staffed, data: rows.map((r) => r.dailyAverage) }],
    left: { title: t('reports.axis.staff') },
  };
}

/** The chart's x axis: day of month under each bar, the whole date in the tooltip. */
function dayAxis(rows: { day: string }[]): Pick<ChartSpec, 'labels' | 'titles'> {
  return { labels: rows.map((r) => dayOfMonth(r.day)), titles: rows.map((r) => r.day) };
}

/** A day table's spec from its rows and what it shows. */
function daySpec(
  rows: { day: string; status: DayStatus }[],
  parts: { note?: string | null; columns: Column[]; footer: string[][] } & Omit<ChartSpec, 'labels' | 'titles'>,
): TableSpec {
  const { note = null, columns, footer, ...chart } = parts;
  return { note, days: rows.map((r) => r.day), statuses: rows.map((r) => r.status), columns, footer, chart: { ...dayAxis(rows), ...chart } };
}

/** Tables 2–5: one row per day, a few columns, and a chart of the same figures. */
export function dayTable(report: FiveTablesReport, n: Exclude<TableNumber, 1>, t: Translate, lang: Lang): TableSpec {
  const calls = (v: number | null | undefined) => fmtCalls(v, lang);
  const staff = (v: number | null | undefined) => fmtStaff(v, lang);
  const pct = (v: number | null | undefined) => fmtPct(v, lang);
  const noStaff = (values: (number | null)[], alongside: (number | null)[]) =>
    values.every((v) => v === null) && alongside.some((v) => v !== null) ? t('reports.noStaff') : null;
  const col = (label: string, values: string[]): Column => ({ label, cell: (i) => values[i] ?? '–' });

  if (n === 2) {
    const { rows, totals } = report.forecastVsSupportable;
    return daySpec(rows, {
      note: noStaff(rows.map((r) => r.staffHours), rows.map((r) => r.forecastOffered)),
      columns: [
        col(t('reports.col.forecastOffered'), rows.map((r) => calls(r.forecastOffered))),
        col(t('reports.col.staffHours'), rows.map((r) => staff(r.staffHours))),
        col(t('reports.col.supportable'), rows.map((r) => calls(r.supportable))),
      ],
      footer: [[t('reports.row.total'), calls(totals.forecastOffered), staff(totals.staffHours), calls(totals.supportable)]],
      series: [
        { label: t('reports.col.supportable'), kind: 'bar', colour: REPORT_COLOURS.staffed, data: rows.map((r) => r.supportable) },
        { label: t('reports.col.forecastOffered'), kind: 'line', colour: REPORT_COLOURS.forecast, data: rows.map((r) => r.forecastOffered) },
      ],
      left: { title: t('reports.axis.calls') },
    });
  }
  if (n === 3) {
    const { rows, totals } = report.actualVsHandled;
    return daySpec(rows, {
      columns: [
        col(t('reports.col.offered'), rows.map((r) => calls(r.offered))),
        col(t('reports.col.answered'), rows.map((r) => calls(r.answered))),
        col(t('reports.col.abandoned'), rows.map((r) => calls(r.abandoned))),
        col(t('reports.col.answerRate'), rows.map((r) => pct(r.answerRate))),
      ],
      footer: [[t('reports.row.total'), calls(totals.offered), calls(totals.answered), calls(totals.abandoned), pct(totals.answerRate)]],
      series: [
        { label: t('reports.col.offered'), kind: 'bar', colour: REPORT_COLOURS.offered, data: rows.map((r) => r.offered) },
        { label: t('reports.col.answered'), kind: 'bar', colour: REPORT_COLOURS.answered, data: rows.map((r) => r.answered) },
      ],
      left: { title: t('reports.axis.calls') },
    });
  }
  if (n === 4) {
    const { rows, totals } = report.actualVsForecast;
    return daySpec(rows, {
      columns: [
        col(t('reports.col.actual'), rows.map((r) => calls(r.actual))),
        col(t('reports.col.forecastOffered'), rows.map((r) => calls(r.forecast))),
        col(t('reports.col.difference'), rows.map((r) => fmtSigned(r.difference, lang))),
        col(t('reports.col.differencePct'), rows.map((r) => fmtPct(r.differencePct, lang, true))),
      ],
      footer: [
        [t('reports.row.total'), calls(totals.actual), calls(totals.forecast), fmtSigned(totals.difference, lang), fmtPct(totals.differencePct, lang, true)],
        [t('reports.row.mape'), '', '', '', pct(totals.meanAbsolutePctError)],
      ],
      series: [
        { label: t('reports.col.actual'), kind: 'bar', colour: REPORT_COLOURS.offered, data: rows.map((r) => r.actual) },
        { label: t('reports.col.forecastOffered'), kind: 'line', colour: REPORT_COLOURS.forecast, data: rows.map((r) => r.forecast) },
        { label: t('reports.col.differencePct'), kind: 'line', colour: REPORT_COLOURS.difference, data: rows.map((r) => r.differencePct), axis: 'right', dashed: true },
      ],
      left: { title: t('reports.axis.calls') },
      right: { title: t('reports.axis.pct'), percent: true },
    });
  }
  const { rows, averages } = report.handledPerStaff;
  return daySpec(rows, {
    note: noStaff(rows.map((r) => r.averageStaffed), rows.map((r) => r.answered)),
    columns: [
      col(t('reports.col.answered'), rows.map((r) => calls(r.answered))),
      col(t('reports.col.averageStaffed'), rows.map((r) => staff(r.averageStaffed))),
      col(t('reports.col.actualPerStaff'), rows.map((r) => staff(r.actualPerStaff))),
      col(t('reports.col.forecastOffered'), rows.map((r) => calls(r.forecastOffered))),
      col(t('reports.col.plannedStaff'), rows.map((r) => staff(r.plannedStaff))),
      col(t('reports.col.forecastPerStaff'), rows.map((r) => staff(r.forecastPerStaff))),
    ],
    footer: [[t('reports.row.average'), '', '', staff(averages.actualPerStaff), '', '', staff(averages.forecastPerStaff)]],
    series: [
      { label: t('reports.col.actualPerStaff'), kind: 'bar', colour: REPORT_COLOURS.staffed, data: rows.map((r) => r.actualPerStaff) },
      { label: t('reports.col.forecastPerStaff'), kind: 'line', colour: REPORT_COLOURS.forecast, data: rows.map((r) => r.forecastPerStaff) },
    ],
    left: { title: t('reports.axis.perStaff') },
  });
}
