/**
 * Reads and checks ingest batches, large ones on a second core. The schema check and the JSON
 * parse of a large batch — most of ingest's CPU — run on a worker thread, which hands back
 * the checked events in columns (event-columns.ts) that the main thread turns into events in
 * a fraction of the time a parse takes; meanwhile the main thread journals and applies other
 * batches. Small bodies (a single live event) are read here: the hop would only add latency.
 *
 * The worker runs the very same `parseEventBatch` (same schema, same messages). If it cannot
 * start or dies, reading falls back to this thread, so ingest never stops.
 */
import { Worker } from 'node:worker_threads';
import type { ErrorCode, ValidationIssue } from '../../shared/errors.js';
import type { FloorEvent } from '../../shared/events.js';
import type { Logger } from '../logger.js';
import { AppError } from './errors.js';
import { decodeEvents, type EventColumns } from './event-columns.js';
import { parseEventBatch } from './ingest-validation.js';

/** Bodies at least this long (about 60 events) are read on the worker. */
export const WORKER_MIN_CHARS = 8192;

export const NOT_JSON = 'the body is not valid JSON';

/** The worker's answer: the events in columns (null: parse the text here), or the error. */
export type Verdict = { ok: true; columns: EventColumns | null } | { ok: false; code: ErrorCode; message: string; issues?: ValidationIssue[] };

interface Pending {
  resolve: (verdict: Verdict) => void;
  reject: (error: Error) => void;
}

/** The worker's code is TypeScript, so it registers tsx itself whatever started this process. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then(({ register }) => { register(); return import(workerData.entry); })
  .catch((err) => { console.error('batch validator failed to start', err); process.exit(1); });
`;

/** Parses a batch's JSON text and checks it, on this thread. */
export function readBatchHere(text: string | undefined): FloorEvent[] {
  if (text === undefined) return parseEventBatch(undefined);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', NOT_JSON);
  }
  return parseEventBatch(body);
}

export class BatchValidator {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private constructor(private readonly logger: Logger) {}

  /** Starts the worker thread; resolves once it is ready (or has failed and reading is inline). */
  static async start(logger: Logger): Promise<BatchValidator> {
    const validator = new BatchValidator(logger);
    await validator.spawn();
    return validator;
  }

  /** Reads without a worker: the same code on this thread. */
  static inline(logger: Logger): BatchValidator {
    return new BatchValidator(logger);
  }

  get onWorker(): boolean {
    return this.worker !== null;
  }

  /**
   * The batch in `text` (a request body; undefined when there was none) as events, or an
   * AppError: `bad_request` (not JSON), `payload_too_large` (over 1,000 events) or
   * `validation`, naming the event and field.
   */
  async read(text: string | undefined): Promise<FloorEvent[]> {
    if (!this.worker || text === undefined || text.length < WORKER_MIN_CHARS) return readBatchHere(text);
    let verdict: Verdict;
    try {
      verdict = await this.ask(text);
    } catch {
      return readBatchHere(text);
    }
    if (!verdict.ok) throw new AppError(verdict.code, verdict.message, verdict.issues);
    return verdict.columns ? decodeEvents(verdict.columns) : readBatchHere(text);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ask(json: string): Promise<Verdict> {
    const worker = this.worker!;
    const id = this.nextId++;
    return new Promise<Verdict>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, json });
    });
  }

  private spawn(): Promise<void> {
    return new Promise<void>((resolve) => {
      const entry = new URL('./batch-validator.thread.ts', import.meta.url).href;
      let worker: Worker;
      try {
        worker = new Worker(BOOTSTRAP, { eval: true, workerData: { entry }, execArgv: [] });
      } catch (err) {
        this.logger.warn({ err }, 'batch validator: no worker thread; reading batches inline');
        resolve();
        return;
      }
      worker.unref();
      let failed = false;
      const fail = (err: unknown) => {
        if (this.worker === worker) this.worker = null;
        for (const p of this.pending.values()) p.reject(err instanceof Error ? err : new Error(String(err)));
        this.pending.clear();
        if (!failed) this.logger.warn({ err }, 'batch validator: worker stopped; reading batches inline');
        failed = true;
        resolve();
      };
      worker.on('message', (msg: { ready: true } | { id: number; verdict: Verdict }) => {
        if ('ready' in msg) {
          this.worker = worker;
          resolve();
          return;
        }
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        p?.resolve(msg.verdict);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (this.worker === worker || this.pending.size) fail(new Error(`worker exited with code ${code}`));
        else resolve();
      });
    });
  }
}
