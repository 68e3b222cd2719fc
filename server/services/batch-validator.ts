/**
 * Checks ingest batches on a second core. The main thread parses the body anyway (it applies
 * the events); the schema check of a large batch — most of its cost — runs on a worker thread
 * against the same JSON text, while this thread applies and journals other batches. Small
 * batches (a single live event) are checked here: the hop would only add latency.
 *
 * The worker runs the very same `parseEventBatch` (same schema, same messages). The schemas
 * only check (strict objects, no defaults or transforms), so the main thread's own parse of
 * the text is exactly what the worker accepted. If the worker cannot start or dies, checking
 * falls back to this thread, so ingest never stops.
 */
import { Worker } from 'node:worker_threads';
import type { FloorEvent } from '../../shared/events.js';
import type { Logger } from '../logger.js';
import type { ErrorCode, ValidationIssue } from '../../shared/errors.js';
import { AppError } from './errors.js';
import { parseEventBatch } from './ingest-validation.js';

/** Batches at least this long go to the worker. */
export const WORKER_MIN_EVENTS = 64;

export type Verdict = { ok: true } | { ok: false; code: ErrorCode; message: string; issues?: ValidationIssue[] };

interface Pending {
  resolve: (verdict: Verdict) => void;
  reject: (error: Error) => void;
}

/** The worker's code: TypeScript, so it registers tsx itself whatever started this process. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then(({ register }) => { register(); return import(workerData.entry); })
  .catch((err) => { console.error('batch validator failed to start', err); process.exit(1); });
`;

export class BatchValidator {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private constructor(private readonly logger: Logger) {}

  /** Starts the worker thread; resolves once it is ready (or has failed and checking is inline). */
  static async start(logger: Logger): Promise<BatchValidator> {
    const validator = new BatchValidator(logger);
    await validator.spawn();
    return validator;
  }

  /** Checks without a worker: the same code on this thread. */
  static inline(logger: Logger): BatchValidator {
    return new BatchValidator(logger);
  }

  get onWorker(): boolean {
    return this.worker !== null;
  }

  /**
   * The batch as events, or an AppError (`payload_too_large`, `validation`) naming the event
   * and field. `json` is the text `body` was parsed from, when the transport has it.
   */
  async check(body: unknown, json?: string): Promise<FloorEvent[]> {
    if (!this.worker || json === undefined || !Array.isArray(body) || body.length < WORKER_MIN_EVENTS) return parseEventBatch(body);
    let verdict: Verdict;
    try {
      verdict = await this.ask(json);
    } catch {
      return parseEventBatch(body);
    }
    if (!verdict.ok) throw new AppError(verdict.code, verdict.message, verdict.issues);
    return body as FloorEvent[];
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
        this.logger.warn({ err }, 'batch validator: no worker thread; checking batches inline');
        resolve();
        return;
      }
      worker.unref();
      const fail = (err: unknown) => {
        if (this.worker === worker) this.worker = null;
        for (const p of this.pending.values()) p.reject(err instanceof Error ? err : new Error(String(err)));
        this.pending.clear();
        this.logger.warn({ err }, 'batch validator: worker stopped; checking batches inline');
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
