/**
 * Interval history and the five tables: reads what the floor observed (the day archives and
 * the live buckets) and what an admin imported, and imports past volume from CSV or JSON.
 *
 * Imported history lives apart from the observed archives, one file per site-local day
 * (`history/YYYY-MM-DD.json` in the data dir), so an import never touches what the floor
 * counted and an archive checkpoint never touches what was imported. An import replaces the
 * imported figures of each 15-minute bucket and queue its rows cover and nothing else, so the
 * same file imported twice leaves the same figures, and days not in the file are not written.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ValidationIssue } from '../../shared/errors.js';
import { fiveTables, monthDays, previousMonth, type FiveTables } from '../../shared/reports/five-tables.js';
import {
  historyDay,
  historyImportSchema,
  historyRowSchema,
  mergeObserved,
  overlappingRows,
  queueBuckets,
  rebucketRows,
  replaceBuckets,
  rowLengths,
  type BucketMap,
  type HistoryDay,
  type HistoryRow,
  type ObservedFigures,
  type QueueBucketFigures,
} from '../../shared/reports/history.js';
import { addDays, dayStart, isoInZone, localDayKey } from '../../shared/time.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { readJsonIfExists, writeFileDurable } from '../store/durable-file.js';
import type { Store } from '../store/store.js';
import { parseCsv, toNumber } from './csv.js';
import { AppError, validationError } from './errors.js';
import type { FloorService } from './floor-service.js';

/** Where imported history is kept: one small file per day, so an import writes only its days. */
export interface ImportedHistoryStore {
  read(day: string): Promise<BucketMap | undefined>;
  /** Replaces the day's imported buckets, durably. */
  write(day: string, buckets: BucketMap): Promise<void>;
}

interface ImportedDayFile {
  format: 1;
  day: string;
  updatedAt: string;
  buckets: BucketMap;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Imported history as `YYYY-MM-DD.json` files in `dir`, each replaced atomically. */
export class ImportedHistoryFiles implements ImportedHistoryStore {
  constructor(private readonly dir: string) {}

  private file(day: string): string {
    if (!DAY_RE.test(day)) throw new Error(`bad day key ${day}`);
    return path.join(this.dir, `${day}.json`);
  }

  async read(day: string): Promise<BucketMap | undefined> {
    return (await readJsonIfExists<ImportedDayFile>(this.file(day)))?.buckets;
  }

  async write(day: string, buckets: BucketMap): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const data: ImportedDayFile = { format: 1, day, updatedAt: new Date().toISOString(), buckets };
    await writeFileDurable(this.file(day), JSON.stringify(data));
  }
}

export interface HistoryServiceDeps {
  store: Store;
  floor: FloorService;
  imported: ImportedHistoryStore;
  clock: Clock;
  timeZone: string;
  logger: Logger;
}

/** What an import did. */
export interface ImportSummary {
  rows: number;
  /** Site-local days the rows cover. */
  days: string[];
  /** Those of them whose imported figures changed (none when the same rows are imported again). */
  written: string[];
  queues: string[];
  /** 15-minute buckets (per queue) written. */
  buckets: number;
}

/** The longest span one history request may cover. */
export const MAX_HISTORY_DAYS = 92;

const CSV_NUMBERS = { offered: toNumber, answered: toNumber, abandoned: toNumber, ahtSeconds: toNumber, minutes: toNumber };

export class HistoryService {
  /** Imports run one at a time: each reads a day's file, merges and writes it back. */
  private importing: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: HistoryServiceDeps) {}

  get timeZone(): string {
    return this.deps.timeZone;
  }

  /** Per day from `from` to `to` (inclusive, site-local), per site interval. */
  async days(from: string, to: string): Promise<HistoryDay[]> {
    const { store, timeZone, clock } = this.deps;
    const intervalMinutes = store.settings().intervalMinutes;
    const now = clock.now();
    const out: HistoryDay[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const [archive, imported] = await Promise.all([store.readDay(day), this.deps.imported.read(day)]);
      const observed = mergeObserved(this.liveDay(day), archive ? { buckets: archive.buckets, phoneStaffSeconds: archive.phoneStaffSeconds } : undefined);
      out.push(historyDay({ day, timeZone, intervalMinutes, now, observed, imported }));
    }
    return out;
  }

  /**
   * Offered calls and AHT per queue and 15-minute bucket from `from` to `to` (inclusive,
   * site-local), oldest first: what the forecaster learns from. Imported figures win over
   * observed ones per bucket and queue; see {@link queueBuckets} for the rows listed.
   */
  async queueHistory(from: string, to: string): Promise<QueueBucketFigures[]> {
    const { store, timeZone } = this.deps;
    const out: QueueBucketFigures[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const [archive, imported] = await Promise.all([store.readDay(day), this.deps.imported.read(day)]);
      const observed = mergeObserved(this.liveDay(day), archive ? { buckets: archive.buckets, phoneStaffSeconds: archive.phoneStaffSeconds } : undefined);
      out.push(...queueBuckets({ day, timeZone, observed: observed?.buckets, imported }));
    }
    return out;
  }

  /** The live buckets of one day, or undefined when the live state holds none of it. */
  private liveDay(day: string): ObservedFigures | undefined {
    const startMs = dayStart(day, this.deps.timeZone);
    const endMs = dayStart(addDays(day, 1), this.deps.timeZone);
    const inDay = (key: string) => Number(key) >= startMs && Number(key) < endMs;
    const live = this.deps.floor.liveFigures();
    const buckets = Object.fromEntries(Object.entries(live.buckets).filter(([k]) => inDay(k)));
    const phoneStaffSeconds = Object.fromEntries(Object.entries(live.phoneStaffSeconds).filter(([k]) => inDay(k)));
    return Object.keys(buckets).length || Object.keys(phoneStaffSeconds).length ? { buckets, phoneStaffSeconds } : undefined;
  }

  /** The five tables for `month` (this month) and the month before. */
  async fiveTables(month: string): Promise<FiveTables> {
    const { store, timeZone, clock } = this.deps;
    const days = [...monthDays(previousMonth(month)), ...monthDays(month)];
    const history = await this.days(days[0]!, days[days.length - 1]!);
    const settings = store.settings();
    return fiveTables({
      month,
      timeZone,
      intervalMinutes: settings.intervalMinutes,
      now: clock.now(),
      history,
      forecast: store.forecast(),
      busyHourCallsPerAgent: settings.busyHourCallsPerAgent,
      staffing: { targetServiceLevel: settings.serviceLevelTarget, targetAnswerSeconds: settings.serviceLevelSeconds, maxOccupancy: settings.maxOccupancy },
    });
  }

  /** The site-local month now, `YYYY-MM`. */
  currentMonth(): string {
    return localDayKey(this.deps.clock.now(), this.deps.timeZone).slice(0, 7);
  }

  /** The report clock as ISO in the site zone. */
  nowIso(): string {
    return isoInZone(this.deps.clock.now(), this.deps.timeZone);
  }

  /**
   * Imports a CSV of `start,queue,offered,answered,abandoned,ahtSeconds` (optional
   * `minutes`). Every bad row is reported by line and field and nothing is imported.
   */
  importCsv(text: string): Promise<ImportSummary> {
    const rows = parseCsv(text, historyRowSchema, CSV_NUMBERS, 'history');
    if (rows.length === 0) throw new AppError('validation', 'history CSV has no data rows');
    // parseCsv accepted every record, so a second pass only recovers each record's line.
    const lines = (parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true }) as { info: { lines: number } }[]).map((r) => r.info.lines);
    return this.importRows(rows, 'history CSV', (i) => `line ${lines[i] ?? '?'}`);
  }

  /** Imports `{ intervals: [...] }` with the CSV's fields. */
  importJson(body: unknown): Promise<ImportSummary> {
    const r = historyImportSchema.safeParse(body);
    if (!r.success) throw validationError(r.error, 'history');
    return this.importRows(r.data.intervals, 'history', (i) => `intervals.${i}`);
  }

  private importRows(rows: HistoryRow[], what: string, where: (index: number) => string): Promise<ImportSummary> {
    const { timeZone, store } = this.deps;
    const lengths = rowLengths(rows, store.settings().intervalMinutes);
    const overlaps = overlappingRows(rows, lengths);
    if (overlaps.length) {
      const issues: ValidationIssue[] = overlaps.slice(0, 200).map((o) => ({
        path: [where(o.index), 'start'],
        message: `overlaps ${where(o.otherIndex)} (queue ${rows[o.index]!.queue}, ${lengths[o.otherIndex]} min from ${rows[o.otherIndex]!.start}): the same calls would count twice`,
      }));
      const first = issues[0]!;
      throw new AppError('validation', `${what} rejected, nothing imported: ${overlaps.length} problem(s); first: ${first.path[0]}, field start: ${first.message}`, issues);
    }
    const byDay = rebucketRows(rows, lengths, timeZone);
    const written: string[] = [];
    const run = this.importing.then(async () => {
      try {
        for (const [day, incoming] of [...byDay].sort(([a], [b]) => (a < b ? -1 : 1))) {
          const existing = (await this.deps.imported.read(day)) ?? {};
          const next = replaceBuckets(existing, incoming);
          // The same rows again give the same buckets in the same order: leave the file alone.
          if (JSON.stringify(next) === JSON.stringify(existing)) continue;
          await this.deps.imported.write(day, next);
          written.push(day);
        }
      } catch (err) {
        this.deps.logger.error({ err }, 'history import could not be stored');
        // Each day is written whole or not at all, and an import replaces rather than adds,
        // so running the same import again completes it.
        throw new AppError('unavailable', 'the history could not be stored; import the same file again');
      }
    });
    this.importing = run.catch(() => undefined);
    return run.then(() => ({
      rows: rows.length,
      days: [...byDay.keys()].sort(),
      written,
      queues: [...new Set(rows.map((r) => r.queue))].sort(),
      buckets: [...byDay.values()].reduce((n, buckets) => n + Object.values(buckets).reduce((m, q) => m + Object.keys(q).length, 0), 0),
    }));
  }
}
