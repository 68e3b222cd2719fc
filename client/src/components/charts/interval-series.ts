/**
 * The interval chart's canvas, shared by the wall's day chart and the supervisor's trend:
 * forecast, reforecast and offered calls on the left axis, required and staffed on the right.
 * Each chart adds its own sizes and window; the series, axes and colours are the same.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, type Plugin } from 'chart.js';
import type { IntervalView } from '../../../../shared/snapshot.js';
import type { Translate } from '../../i18n/index.js';
import { SERIES_COLOURS } from './colours.js';

export type IntervalChart = Chart<'bar' | 'line', (number | null)[], string>;

const GRID = 'rgba(147, 161, 179, 0.18)';
export const TICK = '#93a1b3';

export interface IntervalChartLook {
  pointRadius: number;
  dash: [number, number];
  barPercentage: number;
  categoryPercentage: number;
  /** Label every interval the axis has room for (true), or leave it to the chart's own tick callback. */
  autoSkip: boolean;
  font?: { size: number };
  plugins?: Plugin<'bar' | 'line'>[];
}

/** A chart with the five series and two axes, empty; `fillIntervals` gives it data. */
export function createIntervalChart(canvas: HTMLCanvasElement, look: IntervalChartLook): IntervalChart {
  // Only what this chart draws; `chart.js/auto` would pull in every chart type.
  Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale);
  const font = look.font ? { font: look.font } : {};
  const line = { type: 'line' as const, pointRadius: look.pointRadius, borderWidth: 3, spanGaps: false, data: [] as (number | null)[] };
  const axis = (position: 'left' | 'right', grid: object) => ({
    type: 'linear' as const,
    position,
    beginAtZero: true,
    grid,
    ticks: { color: TICK, ...font, precision: 0 },
    title: { display: true, color: TICK, ...font },
  });
  return new Chart<'bar' | 'line', (number | null)[], string>(canvas, {
    type: 'bar',
    data: {
      labels: [],
      datasets: [
        { ...line, yAxisID: 'calls', borderColor: SERIES_COLOURS.forecast, order: 1 },
        { ...line, yAxisID: 'calls', borderColor: SERIES_COLOURS.reforecast, borderDash: look.dash, order: 2 },
        { type: 'bar', yAxisID: 'calls', backgroundColor: SERIES_COLOURS.offered, data: [], order: 5, barPercentage: look.barPercentage, categoryPercentage: look.categoryPercentage },
        { ...line, yAxisID: 'staff', borderColor: SERIES_COLOURS.required, stepped: 'middle', order: 3 },
        { ...line, yAxisID: 'staff', borderColor: SERIES_COLOURS.staffed, stepped: 'middle', order: 4 },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      scales: {
        x: { grid: { display: false }, ticks: { color: TICK, ...font, maxRotation: 0, autoSkip: look.autoSkip } },
        calls: axis('left', { color: GRID }),
        staff: axis('right', { display: false }),
      },
    },
    plugins: look.plugins ?? [],
  });
}

/**
 * Puts `shown` into the chart: forecast, reforecast and required for every interval, offered
 * and staffed only up to `upTo` (later intervals have no actuals yet).
 */
export function fillIntervals(c: IntervalChart, shown: IntervalView[], upTo: number): void {
  c.data.labels = shown.map((iv) => iv.label);
  const [forecast, reforecast, offered, required, staffed] = c.data.datasets;
  if (!forecast || !reforecast || !offered || !required || !staffed) return;
  forecast.data = shown.map((iv) => iv.forecastOffered);
  reforecast.data = shown.map((iv) => iv.reforecastOffered);
  offered.data = shown.map((iv, i) => (i <= upTo ? iv.offered : null));
  required.data = shown.map((iv) => iv.requiredStaff);
  staffed.data = shown.map((iv, i) => (i <= upTo ? iv.staffedOnPhones : null));
}

/** The axis titles in the current language (and a font size, when the chart scales with the screen). */
export function setAxisTitles(c: IntervalChart, t: Translate, font?: { size: number }): void {
  const scales = c.options.scales ?? {};
  for (const [id, text] of [['calls', t('chart.calls')], ['staff', t('chart.staff')]] as const) {
    const scale = scales[id];
    if (scale && 'title' in scale && scale.title) scale.title = { ...scale.title, text, ...(font ? { font } : {}) };
  }
}
