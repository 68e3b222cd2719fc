/**
 * The durable append-only event journal. Ingested batches are written here, and fdatasync'ed,
 * before they are acknowledged; state on start is the last checkpoint plus a replay of the
 * journal records after it.
 *
 * On disk: segment files `journal-<12-digit first seq>.log`, one record per line:
 * `<crc32 of the json, 8 hex chars> <json>\n`.
 *
 * Failure policy: an error from opening, writing or syncing a segment rejects every pending
 * append and leaves the journal failed for good (later appends and barriers reject with the
 * same cause). Retrying is not safe: after a failed fsync the kernel may already have dropped
 * the dirty pages, so a second fsync could report success for data that is gone. Restarting
 * the process reopens the journal, which drops any torn tail.
 */
import { mkdir, open, readdir, readFile, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { crc32 } from 'node:zlib';
import type { FloorEvent } from '../../shared/events.js';
import { fsyncDir } from './durable-file.js';

/** One journal entry: an accepted ingest batch. */
export interface JournalRecord {
  /** Journal sequence number: 1, 2, 3, … with no gaps within one process run. */
  seq: number;
  /** Server clock when the batch was received, epoch milliseconds. */
  receivedAtMs: number;
  events: FloorEvent[];
}

/** The subset of a pino logger the journal uses. */
export interface JournalLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** What {@link Journal.open} returns. */
export interface OpenedJournal {
  journal: Journal;
  /** Every intact record with `seq > afterSeq`, in seq order. */
  records: JournalRecord[];
}

/** Counters for benchmarks and metrics. */
export interface JournalStats {
  /** fdatasync calls that completed. */
  flushes: number;
  /** Records written and synced. */
  records: number;
  /** Bytes written and synced. */
  bytes: number;
  /** Duration of the last write + fdatasync, milliseconds. */
  lastFlushMs: number;
}

const SEGMENT_NAME = /^journal-(\d{12})\.log$/;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const CRC_HEX = /^[0-9a-f]{8}$/;

/** The segment file name for a segment whose first record is `firstSeq`. */
export function segmentFileName(firstSeq: number): string {
  return `journal-${String(firstSeq).padStart(12, '0')}.log`;
}

/**
 * Encodes a record as one journal line, straight into a buffer. `eventsJson`, when given, is
 * the JSON text of `record.events` exactly as received, written into place to save
 * serialising it again; JSON whitespace may hold line breaks, which would split the line, so
 * they become spaces (a string in JSON cannot hold a raw line break, so nothing else changes).
 */
function encodeRecord(record: JournalRecord, eventsJson?: string): Buffer {
  const [head, body, tail] =
    eventsJson === undefined
      ? ['', JSON.stringify(record), '']
      : [`{"seq":${record.seq},"receivedAtMs":${record.receivedAtMs},"events":`, eventsJson.includes('\n') || eventsJson.includes('\r') ? eventsJson.replace(/[\r\n]/g, ' ') : eventsJson, '}'];
  const line = Buffer.allocUnsafe(9 + head.length + Buffer.byteLength(body) + tail.length + 1);
  let at = 9 + line.write(head, 9, 'latin1');
  at += line.write(body, at, 'utf8');
  at += line.write(tail, at, 'latin1');
  line[at] = NEWLINE;
  line.write(crc32(line.subarray(9, at)).toString(16).padStart(8, '0'), 0, 'latin1');
  line[8] = SPACE;
  return line;
}

interface Segment {
  firstSeq: number;
  path: string;
  /** Highest seq assigned to this segment; `firstSeq - 1` while it holds none. */
  lastSeq: number;
  handle?: FileHandle;
}

interface PendingAppend {
  segment: Segment;
  line: Buffer;
  record: JournalRecord;
  resolve(record: JournalRecord): void;
  reject(error: Error): void;
}

const noop = (): void => {};

/** Durable append-only journal with group commit. See the module comment for the format. */
export class Journal {
  readonly #dir: string;
  readonly #logger: JournalLogger;
  readonly #segments: Segment[];
  #lastSeq: number;
  /** Highest seq written and synced. */
  #durableSeq: number;
  #queue: PendingAppend[] = [];
  #draining = false;
  /** Settles once everything appended so far is durable (or has failed). */
  #tail: Promise<void> = Promise.resolve();
  #failure: Error | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  readonly #stats: JournalStats = { flushes: 0, records: 0, bytes: 0, lastFlushMs: 0 };
  /** Told after each group-commit flush: how long write + fdatasync took (ms) and how many records. */
  onFlush: ((ms: number, records: number) => void) | null = null;

  private constructor(dir: string, logger: JournalLogger, segments: Segment[], lastSeq: number) {
    this.#dir = dir;
    this.#logger = logger;
    this.#segments = segments;
    this.#lastSeq = lastSeq;
    this.#durableSeq = lastSeq;
  }

  /**
   * Opens (creating) the journal in `dir` and reads every segment. A torn or corrupt tail of
   * the last segment is dropped with a warning and the file truncated to the last good byte,
   * so later appends start on a clean line; a corrupt record followed by intact ones is
   * skipped and logged as an error. Bad content never throws; I/O errors do.
   * The next seq is the highest intact seq + 1, or `afterSeq + 1` if that is larger.
   * `onRecord` sees every intact record, including those at or before `afterSeq`.
   */
  static async open(
    dir: string,
    opts: { afterSeq: number; logger: JournalLogger; onRecord?: (record: JournalRecord) => void },
  ): Promise<OpenedJournal> {
    const { afterSeq, logger, onRecord } = opts;
    await makeDirDurable(dir);

    const segments = (await readdir(dir))
      .map((name) => ({ name, match: SEGMENT_NAME.exec(name) }))
      .flatMap(({ name, match }) => (match?.[1] === undefined ? [] : [{ firstSeq: Number(match[1]), path: join(dir, name) }]))
      .sort((a, b) => a.firstSeq - b.firstSeq)
      .map((s): Segment => ({ ...s, lastSeq: s.firstSeq - 1 }));

    const records: JournalRecord[] = [];
    let highestSeq = 0;
    for (const [index, segment] of segments.entries()) {
      const isLast = index === segments.length - 1;
      const bytes = await readFile(segment.path);
      const parsed = parseSegment(bytes);
      for (const problem of parsed.problems) {
        if (isLast && problem.offset >= parsed.goodBytes) continue;
        logger.error({ file: segment.path, offset: problem.offset, reason: problem.reason }, 'journal: skipped a corrupt record');
      }
      if (isLast && parsed.goodBytes < bytes.length) {
        const reason = parsed.problems.find((p) => p.offset >= parsed.goodBytes)?.reason;
        logger.warn(
          { file: segment.path, offset: parsed.goodBytes, droppedBytes: bytes.length - parsed.goodBytes, reason },
          'journal: dropped a torn last record',
        );
        await truncate(segment.path, parsed.goodBytes);
      }
      for (const record of parsed.records) {
        if (record.seq <= highestSeq) {
          logger.error({ file: segment.path, seq: record.seq, after: highestSeq }, 'journal: skipped an out-of-order record');
          continue;
        }
        highestSeq = record.seq;
        segment.lastSeq = record.seq;
        onRecord?.(record);
        if (record.seq > afterSeq) records.push(record);
      }
    }

    const lastSeq = Math.max(highestSeq, afterSeq);
    if (segments.length === 0) segments.push(newSegment(dir, lastSeq + 1));
    logger.info({ dir, segments: segments.length, replay: records.length, lastSeq }, 'journal: opened');
    return { journal: new Journal(dir, logger, segments, lastSeq), records };
  }

  /** Highest seq assigned so far. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /**
   * Queues a record and resolves with it once it is written and fdatasync'ed. Appends made
   * while a flush is in flight share the next single write + fdatasync (group commit).
   * The seq is assigned synchronously, so call order is seq order; promises resolve in seq order.
   * `eventsJson` may carry the events' JSON text as received (it must parse to `events`).
   */
  append(events: FloorEvent[], receivedAtMs: number, eventsJson?: string): Promise<JournalRecord> {
    if (this.#closed) return Promise.reject(new Error('journal is closed'));
    if (this.#failure) return Promise.reject(this.#failedError());

    const record: JournalRecord = { seq: this.#lastSeq + 1, receivedAtMs, events };
    let line: Buffer;
    try {
      line = encodeRecord(record, eventsJson);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.#lastSeq = record.seq;
    const segment = this.#currentSegment();
    segment.lastSeq = record.seq;

    const promise = new Promise<JournalRecord>((resolve, reject) => {
      this.#queue.push({ segment, line, record, resolve, reject });
    });
    this.#tail = promise.then(noop);
    // Marks the tail handled; barrier() callers still see its rejection.
    this.#tail.catch(noop);
    this.#startDrain();
    return promise;
  }

  /** Resolves once everything appended before this call is durable; rejects if that failed. */
  barrier(): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failedError());
    return this.#tail;
  }

  /**
   * Starts a new segment file for subsequent appends and returns the last seq held by the
   * older segments. A no-op when the current segment holds no records yet.
   */
  rotate(): number {
    if (this.#closed) throw new Error('journal is closed');
    const current = this.#currentSegment();
    if (current.lastSeq >= current.firstSeq) this.#segments.push(newSegment(this.#dir, this.#lastSeq + 1));
    return this.#lastSeq;
  }

  /**
   * Deletes the segment files whose records all have `seq <=` the given seq, never the current
   * segment. Waits for pending appends first so that no deleted segment is written again.
   */
  async pruneThrough(seq: number): Promise<void> {
    await this.#tail.catch(noop);
    const current = this.#currentSegment();
    // Segments rotated away while we waited may still have records in flight.
    const throughSeq = Math.min(seq, this.#durableSeq);
    const doomed = this.#segments.filter((s) => s !== current && s.lastSeq <= throughSeq);
    if (doomed.length === 0) return;
    for (const segment of doomed) this.#segments.splice(this.#segments.indexOf(segment), 1);
    for (const segment of doomed) {
      await closeHandle(segment);
      await unlink(segment.path).catch((error: unknown) => {
        this.#logger.warn({ file: segment.path, err: error }, 'journal: could not delete a pruned segment');
      });
    }
    await fsyncDir(this.#dir);
    this.#logger.info({ throughSeq: seq, deleted: doomed.length }, 'journal: pruned segments');
  }

  /** Flushes pending appends and closes the files. Later appends reject. Idempotent. */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= (async () => {
      await this.#tail.catch(noop);
      await Promise.all(this.#segments.map(closeHandle));
    })();
    return this.#closing;
  }

  /** Counters for benchmarks and metrics. */
  stats(): JournalStats {
    return { ...this.#stats };
  }

  #currentSegment(): Segment {
    const segment = this.#segments.at(-1);
    if (segment === undefined) throw new Error('journal has no segment');
    return segment;
  }

  #failedError(): Error {
    return new Error('journal failed; restart to recover', { cause: this.#failure });
  }

  #startDrain(): void {
    if (this.#draining) return;
    this.#draining = true;
    // Start writing at once, not after the tick: the write and fdatasync run on libuv's
    // threads while this thread validates and applies the batches that arrive meanwhile,
    // and those share the next flush. (Deferring the first write to a microtask made every
    // caller's CPU work and every flush take turns instead of overlapping.)
    void this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue;
        this.#queue = [];
        try {
          await this.#writeBatch(batch);
        } catch (error) {
          this.#fail(error instanceof Error ? error : new Error(String(error)), batch);
          return;
        }
        this.#durableSeq = batch.at(-1)?.record.seq ?? this.#durableSeq;
        await this.#closeRetiredHandles();
        for (const pending of batch) pending.resolve(pending.record);
      }
    } finally {
      // Reset synchronously after the last queue check so that an append from a resolved
      // caller's continuation always starts a new drain.
      this.#draining = false;
    }
  }

  async #writeBatch(batch: PendingAppend[]): Promise<void> {
    const startedMs = performance.now();
    for (const group of groupBySegment(batch)) {
      const bytes = group.lines.length === 1 ? group.lines[0]! : Buffer.concat(group.lines);
      // No await when the file is open, so the write is issued before this call returns.
      const handle = group.segment.handle ?? (await this.#handleFor(group.segment));
      await writeAll(handle, bytes);
      await handle.datasync();
      this.#stats.flushes += 1;
      this.#stats.bytes += bytes.length;
    }
    this.#stats.records += batch.length;
    this.#stats.lastFlushMs = performance.now() - startedMs;
    this.onFlush?.(this.#stats.lastFlushMs, batch.length);
  }

  /** Closes the files of rotated-away segments once all their records are durable. */
  async #closeRetiredHandles(): Promise<void> {
    const current = this.#currentSegment();
    const retired = this.#segments.filter((s) => s !== current && s.handle !== undefined && s.lastSeq <= this.#durableSeq);
    for (const segment of retired) {
      await closeHandle(segment).catch((error: unknown) => {
        this.#logger.warn({ file: segment.path, err: error }, 'journal: could not close a retired segment');
      });
    }
  }

  async #handleFor(segment: Segment): Promise<FileHandle> {
    if (segment.handle) return segment.handle;
    segment.handle = await open(segment.path, 'a');
    // The file may be new; its name must be durable before any record in it is acknowledged.
    await fsyncDir(this.#dir);
    return segment.handle;
  }

  #fail(error: Error, batch: PendingAppend[]): void {
    this.#failure = error;
    this.#logger.error({ err: error, dir: this.#dir }, 'journal: write failed; the journal is now unusable');
    const rejected = [...batch, ...this.#queue];
    this.#queue = [];
    const reason = this.#failedError();
    for (const pending of rejected) pending.reject(reason);
  }
}

interface Problem {
  /** Byte offset of the bad line in the segment file. */
  offset: number;
  reason: string;
}

interface ParsedSegment {
  records: JournalRecord[];
  problems: Problem[];
  /** Byte offset just past the last intact record (0 when there is none). */
  goodBytes: number;
}

function parseSegment(bytes: Buffer): ParsedSegment {
  const records: JournalRecord[] = [];
  const problems: Problem[] = [];
  let goodBytes = 0;
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end === -1) {
      problems.push({ offset: start, reason: 'no trailing newline' });
      break;
    }
    const decoded = decodeLine(bytes.subarray(start, end));
    if (typeof decoded === 'string') {
      problems.push({ offset: start, reason: decoded });
    } else {
      records.push(decoded);
      goodBytes = end + 1;
    }
    start = end + 1;
  }
  return { records, problems, goodBytes };
}

/** Decodes one line (without its newline) into a record, or says why it is corrupt. */
function decodeLine(line: Buffer): JournalRecord | string {
  if (line.length < 10 || line[8] !== SPACE) return 'malformed line';
  const crcHex = line.toString('latin1', 0, 8);
  if (!CRC_HEX.test(crcHex)) return 'malformed checksum';
  const body = line.subarray(9);
  if (crc32(body) !== Number.parseInt(crcHex, 16)) return 'checksum mismatch';
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return 'invalid json';
  }
  return isJournalRecord(value) ? value : 'not a journal record';
}

// Only the envelope is checked: the events were validated before they were journaled, and the
// checksum vouches that they are unchanged since.
function isJournalRecord(value: unknown): value is JournalRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { seq, receivedAtMs, events } = value as Record<string, unknown>;
  return Number.isSafeInteger(seq) && Number(seq) > 0 && typeof receivedAtMs === 'number' && Array.isArray(events);
}

/** Creates `dir` (and missing parents) and makes each new directory entry durable. */
async function makeDirDurable(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (created === undefined) return;
  const top = resolve(created);
  for (let path = resolve(dir); path !== dirname(path); path = dirname(path)) {
    await fsyncDir(dirname(path));
    if (path === top) return;
  }
}

function newSegment(dir: string, firstSeq: number): Segment {
  return { firstSeq, path: join(dir, segmentFileName(firstSeq)), lastSeq: firstSeq - 1 };
}

function groupBySegment(batch: PendingAppend[]): Array<{ segment: Segment; lines: Buffer[] }> {
  const groups: Array<{ segment: Segment; lines: Buffer[] }> = [];
  for (const pending of batch) {
    const last = groups.at(-1);
    if (last?.segment === pending.segment) last.lines.push(pending.line);
    else groups.push({ segment: pending.segment, lines: [pending.line] });
  }
  return groups;
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

async function closeHandle(segment: Segment): Promise<void> {
  const handle = segment.handle;
  if (handle === undefined) return;
  segment.handle = undefined;
  await handle.close();
}
