/**
 * Interval history (SPEC "Forecast, capacity and the five tables"): what each site interval
 * of a past day actually saw, from two sources kept apart —
 *
 * - **observed**: the 15-minute buckets the live floor counted from ACD events, with the
 *   staff-seconds on the phones (the day archives and, for the last days, the live state);
 * - **imported**: past volume an admin imported from CSV, re-bucketed into the same
 *   15-minute buckets (no staff figures: a CSV of volume says nothing about who was on).
 *
 * Where both hold figures for the same bucket and queue the imported ones are used, so
 * importing a period the floor also saw never counts it twice. Pure: no clock, no I/O.
 */
import { z } from 'zod';
import { addBucket, rates } from '../floor/metrics.js';
import { BUCKET_MS, emptyBucket, type Bucket } from '../floor/state.js';
import { addDays, dayIntervals, dayStart, isoInZone, localDayKey } from '../time.js';

const MINUTE_MS = 60_000;

/** Longest interval one history row may cover: a day's total is the coarsest history kept. */
export const MAX_ROW_MINUTES = 1440;

/** Tolerance for "answered + abandoned ≤ offered" on fractional figures. */
const COUNT_SLACK = 1e-9;

/**
 * One row of imported history: calls offered, answered and abandoned in the interval that
 * starts at `start`, and their average handle time. The interval is `minutes` long when
 * given, otherwise the step between consecutive rows of the same queue (see
 * {@link rowLengths}).
 */
export const historyRowSchema = z
  .strictObject({
    start: z.iso.datetime({ offset: true, message: 'must be ISO 8601 with an offset or Z' }),
    queue: z.string().min(1).max(128),
    offered: z.number().finite().min(0).max(1_000_000),
    answered: z.number().finite().min(0).max(1_000_000),
    abandoned: z.number().finite().min(0).max(1_000_000),
    /** Average handle time (talk + wrap) of the answered calls, seconds; may be left out when none were answered. */
    ahtSeconds: z.number().finite().min(0).max(86_400).optional(),
    /** Length of the row's interval in minutes, when it is not the step between rows. */
    minutes: z.number().int().min(1).max(MAX_ROW_MINUTES).optional(),
  })
  .superRefine((row, ctx) => {
    if (row.answered + row.abandoned > row.offered + COUNT_SLACK) {
      ctx.addIssue({ code: 'custom', path: ['answered'], message: `answered (${row.answered}) + abandoned (${row.abandoned}) is more than offered (${row.offered})` });
    }
    if (row.answered > 0 && row.ahtSeconds === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ahtSeconds'], message: 'is required when calls were answered' });
    }
  });
export type HistoryRow = z.infer<typeof historyRowSchema>;

/** A JSON import: the same rows as the CSV. */
export const historyImportSchema = z.strictObject({ intervals: z.array(historyRowSchema).min(1).max(100_000) });

/**
 * The length in minutes of every row: its own `minutes`, else the smallest step between two
 * consecutive distinct starts of its queue in the file (capped at {@link MAX_ROW_MINUTES}),
 * else — a queue with a single row — `fallbackMinutes` (the site interval).
 * @example rowLengths([{ start: '2026-10-01T10:00:00+08:00', queue: 'q', … }, { start: '2026-10-01T11:00:00+08:00', queue: 'q', … }], 30) // [60, 60]
 */
export function rowLengths(rows: readonly HistoryRow[], fallbackMinutes: number): number[] {
  const startsByQueue = new Map<string, number[]>();
  for (const r of rows) {
    const list = startsByQueue.get(r.queue) ?? [];
    list.push(Date.parse(r.start));
    startsByQueue.set(r.queue, list);
  }
  const stepByQueue = new Map<string, number>();
  for (const [queue, starts] of startsByQueue) {
    const sorted = [...new Set(starts)].sort((a, b) => a - b);
    let step = Infinity;
    for (let i = 1; i < sorted.length; i++) step = Math.min(step, (sorted[i]! - sorted[i - 1]!) / MINUTE_MS);
    stepByQueue.set(queue, Number.isFinite(step) ? Math.min(step, MAX_ROW_MINUTES) : fallbackMinutes);
  }
  return rows.map((r) => r.minutes ?? stepByQueue.get(r.queue) ?? fallbackMinutes);
}

/** A row that covers time another row of the same queue already covers. */
export interface RowOverlap {
  /** Index of the later row (the one reported). */
  index: number;
  /** Index of the row it overlaps. */
  otherIndex: number;
}

/**
 * Rows of one queue whose intervals overlap (a repeated start is the usual case): each would
 * count the same calls twice, so the import reports them instead.
 */
export function overlappingRows(rows: readonly HistoryRow[], lengthsMinutes: readonly number[]): RowOverlap[] {
  const order = rows.map((r, index) => ({ index, queue: r.queue, startMs: Date.parse(r.start), endMs: Date.parse(r.start) + lengthsMinutes[index]! * MINUTE_MS }));
  order.sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : a.startMs - b.startMs || a.index - b.index));
  const out: RowOverlap[] = [];
  let last: (typeof order)[number] | undefined;
  for (const r of order) {
    if (last && last.queue === r.queue && r.startMs < last.endMs) {
      const [earlier, later] = last.index < r.index ? [last, r] : [r, last];
      out.push({ index: later.index, otherIndex: earlier.index });
    }
    if (!last || last.queue !== r.queue || r.endMs > last.endMs) last = r;
  }
  return out.sort((a, b) => a.index - b.index);
}

/** bucket start (epoch ms, as a string key) → queue → figures: the shape of day archives. */
export type BucketMap = Record<string, Record<string, Bucket>>;

/**
 * Re-buckets rows into 15-minute buckets, grouped by site-local day. A row is spread over
 * the buckets it covers in proportion to the time it shares with each (evenly, for a row
 * aligned to the quarter-hours), so a 60-minute row of 10 offered puts 2.5 in each of four
 * buckets. Answered calls become handled calls of `ahtSeconds` each (talk seconds), so the
 * AHT read back is the row's; answered-within-target and wait seconds are not known and stay 0.
 * Rows of the same bucket and queue add up (they cover different parts of it).
 * @example rebucketRows([{ start: '2026-10-01T10:00:00+08:00', queue: 'q', offered: 10, answered: 8, abandoned: 2, ahtSeconds: 200 }], [60], 'Asia/Shanghai')
 * // Map { '2026-10-01' => { '1790820000000': { q: { offered: 2.5, answered: 2, abandoned: 0.5, handled: 2, talkSeconds: 400, … } }, … 3 more buckets } }
 */
export function rebucketRows(rows: readonly HistoryRow[], lengthsMinutes: readonly number[], timeZone: string): Map<string, BucketMap> {
  const days = new Map<string, BucketMap>();
  rows.forEach((row, i) => {
    const startMs = Date.parse(row.start);
    const endMs = startMs + lengthsMinutes[i]! * MINUTE_MS;
    const aht = row.ahtSeconds ?? 0;
    for (let b = Math.floor(startMs / BUCKET_MS) * BUCKET_MS; b < endMs; b += BUCKET_MS) {
      const share = (Math.min(endMs, b + BUCKET_MS) - Math.max(startMs, b)) / (endMs - startMs);
      const day = localDayKey(b, timeZone);
      let buckets = days.get(day);
      if (!buckets) days.set(day, (buckets = {}));
      const byQueue = (buckets[String(b)] ??= {});
      const into = (byQueue[row.queue] ??= emptyBucket());
      into.offered += row.offered * share;
      into.answered += row.answered * share;
      into.abandoned += row.abandoned * share;
      into.handled += row.answered * share;
      into.talkSeconds += row.answered * share * aht;
    }
  });
  return days;
}

/**
 * Writes `incoming` over `existing` bucket by bucket and queue: what the import covers is
 * replaced, everything else is kept. Importing the same rows again therefore changes nothing.
 */
export function replaceBuckets(existing: BucketMap, incoming: BucketMap): BucketMap {
  const out: BucketMap = {};
  for (const [key, byQueue] of Object.entries(existing)) out[key] = { ...byQueue };
  for (const [key, byQueue] of Object.entries(incoming)) out[key] = { ...out[key], ...byQueue };
  return out;
}

/** What the floor counted for a span: buckets per queue and staff-seconds on the phones per bucket. */
export interface ObservedFigures {
  buckets: BucketMap;
  phoneStaffSeconds: Record<string, number>;
}

/** Where an interval's call figures come from. */
export type HistorySource = 'observed' | 'imported' | 'mixed' | 'none';

/** One site interval of history. Counts may be fractional where an imported row was spread. */
export interface HistoryInterval {
  /** ISO start with the site's offset. */
  start: string;
  /** Local `HH:MM`. */
  label: string;
  offered: number;
  answered: number;
  abandoned: number;
  /** (talk + wrap seconds) / handled calls; null with none handled. */
  ahtSeconds: number | null;
  /**
   * Average staff on the phones: staff-seconds on the phones / the interval's elapsed
   * seconds. Null when the day has no staff figures (imported only) or the interval has not begun.
   */
  staffedOnPhones: number | null;
  /** answered / staffedOnPhones; null when staffing is unknown or 0. */
  handledPerStaff: number | null;
  source: HistorySource;
}

/** A day's figures summed over its intervals. */
export interface HistoryTotals {
  offered: number;
  answered: number;
  abandoned: number;
  ahtSeconds: number | null;
  /** Staff-seconds on the phones over the day / its elapsed seconds (the daily average); null when unknown. */
  staffedOnPhones: number | null;
  /** Staff-hours on the phones (staff-seconds / 3600); null when unknown. */
  staffHours: number | null;
  /** answered / staffedOnPhones for the day. */
  handledPerStaff: number | null;
}

/** Whether a day is over, under way, or still to come at the time of the report. */
export type DayStatus = 'past' | 'today' | 'future';

export interface HistoryDay {
  /** Site-local `YYYY-MM-DD`. */
  day: string;
  status: DayStatus;
  /** True when the floor counted anything that day (calls or staff on the phones). */
  observed: boolean;
  /** True when any of the day's call figures were imported. */
  imported: boolean;
  intervals: HistoryInterval[];
  totals: HistoryTotals;
}

export interface HistoryDayInput {
  day: string;
  timeZone: string;
  intervalMinutes: number;
  now: number;
  /** What the floor counted (archive and live merged); undefined when it saw nothing that day. */
  observed?: ObservedFigures;
  /** Imported buckets of the day, if any. */
  imported?: BucketMap;
}

/** Merges two observed spans, `first` winning per bucket key (the live state over the day archive). */
export function mergeObserved(first: ObservedFigures | undefined, second: ObservedFigures | undefined): ObservedFigures | undefined {
  if (!first) return second;
  if (!second) return first;
  return { buckets: { ...second.buckets, ...first.buckets }, phoneStaffSeconds: { ...second.phoneStaffSeconds, ...first.phoneStaffSeconds } };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The day's history per site interval. Call figures per bucket and queue are the imported
 * ones where there are any, else the observed ones. Staff on the phones comes from the
 * observed staff-seconds only and is unknown (null) for a day without any.
 *
 * - staffedOnPhones(interval) = Σ staff-seconds in its buckets / elapsed seconds of it
 *   (the whole interval once over; up to `now` while under way);
 * - totals.staffedOnPhones = Σ staff-seconds of the day / elapsed seconds of the day;
 * - handledPerStaff = answered / staffedOnPhones.
 * @example
 * // 30-minute intervals; bucket 10:00 with 6 answered and 3600 staff-seconds, 10:15 with 4 and 5400:
 * // interval 10:00 → answered 10, staffedOnPhones (3600 + 5400) / 1800 = 5, handledPerStaff 2
 */
export function historyDay(input: HistoryDayInput): HistoryDay {
  const { day, timeZone, intervalMinutes, now, observed, imported } = input;
  const intervals = dayIntervals(day, timeZone, intervalMinutes);
  const dayStartMs = intervals[0]?.startMs ?? 0;
  const dayEndMs = intervals[intervals.length - 1]?.endMs ?? 0;
  const staffKnown = observed !== undefined && Object.keys(observed.phoneStaffSeconds).some((k) => Number(k) >= dayStartMs && Number(k) < dayEndMs);
  const status: DayStatus = now >= dayEndMs ? 'past' : now >= dayStartMs ? 'today' : 'future';
  const dayFigures = emptyBucket();
  let dayStaffSeconds = 0;
  let dayElapsedSeconds = 0;
  let anyImported = false;
  let anyObserved = staffKnown;
  const out = intervals.map((iv): HistoryInterval => {
    const figures = emptyBucket();
    let staffSeconds = 0;
    let fromImported = false;
    let fromObserved = false;
    for (let b = iv.startMs; b < iv.endMs; b += BUCKET_MS) {
      const key = String(b);
      const imp = imported?.[key] ?? {};
      for (const bucket of Object.values(imp)) addBucket(figures, bucket);
      for (const [queue, bucket] of Object.entries(observed?.buckets[key] ?? {})) {
        if (queue in imp) continue;
        addBucket(figures, bucket);
        fromObserved = true;
      }
      if (Object.keys(imp).length) fromImported = true;
      staffSeconds += observed?.phoneStaffSeconds[key] ?? 0;
    }
    const elapsedSeconds = Math.max(0, (Math.min(iv.endMs, now) - iv.startMs) / 1000);
    const staffed = staffKnown && elapsedSeconds > 0 ? staffSeconds / elapsedSeconds : null;
    if (staffed !== null) {
      dayStaffSeconds += staffSeconds;
      dayElapsedSeconds += elapsedSeconds;
    }
    addBucket(dayFigures, figures);
    anyImported ||= fromImported;
    anyObserved ||= fromObserved;
    return {
      start: isoInZone(iv.startMs, timeZone),
      label: iv.label,
      offered: round(figures.offered),
      answered: round(figures.answered),
      abandoned: round(figures.abandoned),
      ahtSeconds: rates(figures, 0).ahtSeconds,
      staffedOnPhones: staffed,
      handledPerStaff: staffed ? figures.answered / staffed : null,
      source: fromImported && fromObserved ? 'mixed' : fromImported ? 'imported' : fromObserved ? 'observed' : 'none',
    };
  });
  const staffedDay = staffKnown && dayElapsedSeconds > 0 ? dayStaffSeconds / dayElapsedSeconds : null;
  return {
    day,
    status,
    observed: anyObserved,
    imported: anyImported,
    intervals: out,
    totals: {
      offered: round(dayFigures.offered),
      answered: round(dayFigures.answered),
      abandoned: round(dayFigures.abandoned),
      ahtSeconds: rates(dayFigures, 0).ahtSeconds,
      staffedOnPhones: staffedDay,
      staffHours: staffedDay === null ? null : dayStaffSeconds / 3600,
      handledPerStaff: staffedDay ? dayFigures.answered / staffedDay : null,
    },
  };
}

/** One queue's calls in one 15-minute bucket: the forecaster's history row. */
export interface QueueBucketFigures {
  /** Bucket start, epoch ms. */
  startMs: number;
  queue: string;
  offered: number;
  /** (talk + wrap seconds) / handled calls; null with none handled. */
  ahtSeconds: number | null;
}

/**
 * A day's history per queue and 15-minute bucket, the imported figures winning over the
 * observed ones per bucket and queue (as in {@link historyDay}). Every bucket of the day is
 * listed for each queue with any figures that day, 0 offered and a null AHT where it has
 * none, so that a reader inferring the length of the rows from the gaps between them (the
 * forecaster) sees 15 minutes even for a queue with a call every half hour.
 * @example
 * // Imported general at 10:00 (10 offered, 8 handled, 1,600 s) and observed general (3) and billing (2, 2 handled, 500 s) at 10:00:
 * queueBuckets({ day: '2026-10-30', timeZone: 'Asia/Shanghai', observed, imported })
 * // 96 rows per queue; at 10:00: { queue: 'billing', offered: 2, ahtSeconds: 250 }, { queue: 'general', offered: 10, ahtSeconds: 200 }
 */
export function queueBuckets(input: { day: string; timeZone: string; observed?: BucketMap; imported?: BucketMap }): QueueBucketFigures[] {
  const { day, timeZone, observed, imported } = input;
  const startMs = dayStart(day, timeZone);
  const endMs = dayStart(addDays(day, 1), timeZone);
  const inDay = (key: string) => Number(key) >= startMs && Number(key) < endMs;
  const merged = new Map<string, Map<number, Bucket>>();
  const put = (map: BucketMap | undefined, overwrite: boolean) => {
    for (const [key, byQueue] of Object.entries(map ?? {})) {
      if (!inDay(key)) continue;
      for (const [queue, bucket] of Object.entries(byQueue)) {
        let buckets = merged.get(queue);
        if (!buckets) merged.set(queue, (buckets = new Map()));
        if (overwrite || !buckets.has(Number(key))) buckets.set(Number(key), bucket);
      }
    }
  };
  put(imported, true);
  put(observed, false);
  const queues = [...merged.keys()].sort();
  const out: QueueBucketFigures[] = [];
  for (let b = startMs; b < endMs; b += BUCKET_MS) {
    for (const queue of queues) {
      const bucket = merged.get(queue)!.get(b);
      out.push({ startMs: b, queue, offered: bucket ? round(bucket.offered) : 0, ahtSeconds: bucket ? rates(bucket, 0).ahtSeconds : null });
    }
  }
  return out;
}

/** `YYYY-MM-DD` that is a real calendar date. */
export const dayKeySchema = z.string().refine((s) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}, 'must be a date YYYY-MM-DD');
