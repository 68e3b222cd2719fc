/**
 * CSV imports (a roster part or the forecast) and the forecast's summary. The server applies a
 * file whole or not at all; on rejection it names every bad line and field.
 */
import type { ForecastInterval } from '../../../../shared/roster.js';
import type { FloorSnapshot } from '../../../../shared/snapshot.js';
import { allOf, csvIssue, Task, type AdminApi, type CsvIssue } from './admin.svelte.js';
import type { RosterPart } from './admin-roster.svelte.js';

export type ImportTarget = RosterPart | 'forecast';
export const IMPORT_TARGETS = allOf<ImportTarget>()(['seats', 'staff', 'shifts', 'forecast']);

/** The columns each file must have (the JSON field names); the optional ones may be left out. */
export const CSV_COLUMNS: Record<ImportTarget, { required: string[]; optional: string[] }> = {
  seats: { required: ['seatId', 'label', 'kind', 'zone', 'row', 'col'], optional: ['work'] },
  staff: { required: ['staffId', 'name', 'role'], optional: ['skills', 'shift'] },
  shifts: { required: ['name', 'start', 'end'], optional: ['night'] },
  forecast: { required: ['start', 'queue', 'offered', 'ahtSeconds'], optional: [] },
};

/** A small file of each kind, to copy from. */
export const CSV_EXAMPLES: Record<ImportTarget, string> = {
  seats: 'seatId,label,kind,zone,row,col,work\nIN-01,A1-01,inbound,A,0,0,\nNP-01,B1-01,non-phone,B,0,0,training\nEM-01,E-01,emergency,E,0,0,',
  staff: 'staffId,name,role,skills,shift\n1001,Wang Fang,agent,general;billing,morning\n2001,Li Na,business-supervisor,general,night',
  shifts: 'name,start,end,night\nmorning,08:00,16:00,false\nevening,16:00,24:00,false\nnight,00:00,08:00,true',
  forecast: 'start,queue,offered,ahtSeconds\n2026-03-10T08:00:00+08:00,general,120,240\n2026-03-10T08:30:00+08:00,general,135.5,240',
};

const cell = (v: unknown): string => {
  const text = Array.isArray(v) ? v.join(';') : v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Rows as CSV with the import's columns, so an export can be edited and imported again. */
export function toCsv(target: ImportTarget, rows: readonly object[]): string {
  const { required, optional } = CSV_COLUMNS[target];
  const columns = [...required, ...optional];
  const lines = rows.map((row) => columns.map((c) => cell((row as Record<string, unknown>)[c])).join(','));
  return `${[columns.join(','), ...lines].join('\n')}\n`;
}

/**
 * A file's text: UTF-8 (with or without a BOM), else GB 18030 — what Excel on a Chinese
 * Windows saves as "CSV" — so names are not garbled.
 */
export function decodeCsv(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Data rows in CSV text: non-blank lines after the header (a close count for the preview). */
export function dataRows(text: string): number {
  return Math.max(0, text.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1);
}

export class CsvImportState {
  target = $state<ImportTarget>('seats');
  text = $state('');
  fileName = $state<string | null>(null);
  readonly task = new Task();
  /** What the last successful import replaced, and with how many rows. */
  imported = $state.raw<{ target: ImportTarget; count: number } | null>(null);
  rows = $derived(dataRows(this.text));
  /** Every problem the server named, in file order. */
  problems = $derived<CsvIssue[]>(this.task.issues.map(csvIssue).sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));

  constructor(
    private readonly api: AdminApi,
    /** Called after a file was applied, to reload what it replaced. */
    private readonly onImported: (target: ImportTarget) => Promise<void>,
    target: ImportTarget = 'seats',
  ) {
    this.target = target;
  }

  async readFile(file: File): Promise<void> {
    this.text = decodeCsv(await file.arrayBuffer());
    this.fileName = file.name;
    this.clearResult();
  }

  setText(text: string): void {
    this.text = text;
    this.fileName = null;
    this.clearResult();
  }

  clearResult(): void {
    this.task.reset();
    this.imported = null;
  }

  async run(): Promise<void> {
    this.imported = null;
    if (this.rows === 0) {
      this.task.fail('empty');
      return;
    }
    const target = this.target;
    const path = target === 'forecast' ? '/api/v1/forecast' : `/api/v1/roster?part=${target}`;
    const ok = await this.task.run(async () => {
      const counts = await this.api.call<Record<string, number>>('PUT', path, this.text, 'text/csv');
      this.imported = { target, count: counts[target === 'forecast' ? 'intervals' : target] ?? 0 };
    });
    if (ok) await this.onImported(target);
  }
}

export interface ForecastDay {
  /** Site-local day, YYYY-MM-DD. */
  day: string;
  intervals: number;
  offered: number;
}

/** Intervals per site-local day (`timeZone`; the UTC day when it is unknown), oldest first. */
export function forecastDays(intervals: readonly ForecastInterval[], timeZone: string | null): ForecastDay[] {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: timeZone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
  const days = new Map<string, ForecastDay>();
  for (const iv of intervals) {
    const day = format.format(new Date(iv.start));
    const entry = days.get(day) ?? { day, intervals: 0, offered: 0 };
    entry.intervals += 1;
    entry.offered += iv.offered;
    days.set(day, entry);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

export class ForecastState {
  intervals = $state.raw<ForecastInterval[]>([]);
  /** The site's time zone, from the live snapshot. */
  timeZone = $state<string | null>(null);
  readonly loading = new Task();
  days = $derived(forecastDays(this.intervals, this.timeZone));
  queues = $derived([...new Set(this.intervals.map((iv) => iv.queue))].sort());

  constructor(private readonly api: AdminApi) {}

  async load(): Promise<void> {
    await this.loading.run(async () => {
      const [forecast, floor] = await Promise.all([
        this.api.call<{ intervals: ForecastInterval[] }>('GET', '/api/v1/forecast'),
        this.timeZone ? Promise.resolve(null) : this.api.call<FloorSnapshot>('GET', '/api/v1/floor'),
      ]);
      if (floor) this.timeZone = floor.site.timeZone;
      this.intervals = forecast.intervals;
    });
  }

  reset(): void {
    this.intervals = [];
    this.loading.reset();
  }
}
