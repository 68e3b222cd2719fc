/** The batch validator's worker thread (see batch-validator.ts): JSON text in, verdict out. */
import { parentPort } from 'node:worker_threads';
import { AppError } from './errors.js';
import { parseEventBatch } from './ingest-validation.js';
import type { Verdict } from './batch-validator.js';

function verdictOf(json: string): Verdict {
  try {
    parseEventBatch(JSON.parse(json));
    return { ok: true };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, code: err.code, message: err.message, issues: err.issues };
    return { ok: false, code: 'validation', message: err instanceof Error ? err.message : String(err) };
  }
}

parentPort!.on('message', (msg: { id: number; json: string }) => {
  parentPort!.postMessage({ id: msg.id, verdict: verdictOf(msg.json) });
});
parentPort!.postMessage({ ready: true });
