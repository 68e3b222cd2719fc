/** Series colours of the interval chart, shared by the canvas and its HTML legend. */
export const SERIES_COLOURS = {
  forecast: '#e6edf5',
  reforecast: '#9cc3ff',
  offered: '#4b6488',
  required: '#ffd166',
  staffed: '#6fe0ff',
} as const;

export type Series = keyof typeof SERIES_COLOURS;
