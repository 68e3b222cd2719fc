/**
 * A forecast generated from history, as a draft the admin inspects and edits before publishing
 * it over the days it covers. The server saves nothing until publish; every other day of the
 * stored forecast is kept.
 */
import { forecastDayOf, summariseForecastDays } from '../../../../shared/forecasting/forecast-days.js';
import { MAX_GENERATE_DAYS, type GeneratedForecast, type PublishedForecast } from '../../../../shared/forecasting/generate-api.js';
import type { ForecastInterval } from '../../../../shared/roster.js';
import { addDays, localDayKey } from '../../../../shared/time.js';
import { Task, type AdminApi } from './admin.svelte.js';
import type { ForecastState } from './admin-import.svelte.js';

export type DraftField = 'offered' | 'ahtSeconds';

/** The largest value each field takes (the forecast schema's limits). */
export const FIELD_MAX: Record<DraftField, number> = { offered: 1_000_000, ahtSeconds: 86_400 };
/** Decimals each field is shown and edited to: a tenth of a call, a whole second. */
export const FIELD_DECIMALS: Record<DraftField, number> = { offered: 1, ahtSeconds: 0 };

/** A value as its cell shows it (and as an edit stores it). */
export function cellValue(field: DraftField, value: number): number {
  const scale = 10 ** FIELD_DECIMALS[field];
  return Math.round(value * scale) / scale;
}

const cellKey = (index: number, field: DraftField) => `${index}:${field}`;

export class ForecastDraftState {
  /** The first day as typed; empty means tomorrow in the site zone. */
  from = $state('');
  days = $state<number | null>(7);
  /** What the server generated, unedited. */
  generated = $state.raw<GeneratedForecast | null>(null);
  /** The draft: the generated intervals with the admin's edits. */
  intervals = $state.raw<ForecastInterval[]>([]);
  /** Cells whose typed text is not a valid value, by `index:field`: kept out of the draft. */
  invalid = $state.raw<Record<string, string>>({});
  /** The day and queue whose intervals are shown; null = the first. */
  day = $state<string | null>(null);
  queue = $state<string | null>(null);
  published = $state.raw<PublishedForecast | null>(null);
  readonly generating = new Task();
  readonly publishing = new Task();

  readonly maxDays = MAX_GENERATE_DAYS;
  /** The site-local day of each generated interval (edits never move one). */
  dayKeys = $derived(this.generated ? this.generated.intervals.map((iv) => forecastDayOf(iv, this.generated!.timeZone)) : []);
  summary = $derived(this.generated ? summariseForecastDays(this.intervals, this.generated.timeZone) : []);
  queues = $derived([...new Set(this.intervals.map((iv) => iv.queue))].sort());
  shownDay = $derived(this.day ?? this.summary[0]?.day ?? null);
  shownQueue = $derived(this.queue ?? this.queues[0] ?? null);
  /** Indexes into `intervals` of the shown day and queue, in time order. */
  shown = $derived(this.intervals.flatMap((iv, i) => (this.dayKeys[i] === this.shownDay && iv.queue === this.shownQueue ? [i] : [])));
  edited = $derived(this.generated ? this.intervals.reduce((n, iv, i) => n + (iv.offered !== this.generated!.intervals[i]!.offered ? 1 : 0) + (iv.ahtSeconds !== this.generated!.intervals[i]!.ahtSeconds ? 1 : 0), 0) : 0);
  invalidCount = $derived(Object.keys(this.invalid).length);
  /** Intervals of the stored forecast on the draft's days: what a publish replaces. */
  storedOnDays = $derived.by(() => {
    const days = new Set(this.summary.map((d) => d.day));
    const zone = this.generated?.timeZone;
    return zone ? this.forecast.intervals.filter((iv) => days.has(forecastDayOf(iv, zone))).length : 0;
  });

  constructor(
    private readonly api: AdminApi,
    /** The stored forecast: reloaded after a publish. */
    private readonly forecast: ForecastState,
  ) {}

  /** The first day to generate: as typed, else tomorrow in the site zone. */
  get fromDay(): string {
    const zone = this.forecast.timeZone;
    return this.from || (zone ? addDays(localDayKey(Date.now(), zone), 1) : '');
  }

  async generate(): Promise<void> {
    this.published = null;
    this.publishing.reset();
    await this.generating.run(async () => {
      const result = await this.api.call<GeneratedForecast>('POST', '/api/v1/forecast/generate', { from: this.fromDay, days: this.days });
      this.generated = result;
      this.intervals = result.intervals;
      this.invalid = {};
      this.day = null;
      this.queue = null;
    });
  }

  isEdited(index: number, field: DraftField): boolean {
    const before = this.generated?.intervals[index];
    return before !== undefined && this.intervals[index]?.[field] !== before[field];
  }

  invalidText(index: number, field: DraftField): string | undefined {
    return this.invalid[cellKey(index, field)];
  }

  /** Takes the typed text into the draft when it is a number from 0 to the field's limit; otherwise marks the cell. */
  edit(index: number, field: DraftField, text: string): void {
    const key = cellKey(index, field);
    const value = Number(text);
    const { [key]: _, ...others } = this.invalid;
    this.published = null;
    if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > FIELD_MAX[field]) {
      this.invalid = { ...others, [key]: text };
      return;
    }
    this.invalid = others;
    const current = this.intervals[index];
    const original = this.generated?.intervals[index];
    // Typing the generated value as shown restores it unrounded (and unedited).
    const stored = original && cellValue(field, original[field]) === cellValue(field, value) ? original[field] : cellValue(field, value);
    if (!current || current[field] === stored) return;
    const next = [...this.intervals];
    next[index] = { ...current, [field]: stored };
    this.intervals = next;
  }

  async publish(): Promise<void> {
    if (this.invalidCount > 0 || this.intervals.length === 0) return;
    this.published = null;
    const ok = await this.publishing.run(async () => {
      this.published = await this.api.call<PublishedForecast>('POST', '/api/v1/forecast/publish', { intervals: this.intervals });
    });
    if (ok) await this.forecast.load();
  }

  reset(): void {
    this.generated = null;
    this.intervals = [];
    this.invalid = {};
    this.day = null;
    this.queue = null;
    this.published = null;
    this.generating.reset();
    this.publishing.reset();
  }
}
