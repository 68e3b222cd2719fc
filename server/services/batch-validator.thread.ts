/** The batch validator's worker thread (see batch-validator.ts): JSON text in, checked events out in columns. */
import { parentPort } from 'node:worker_threads';
import { AppError } from './errors.js';
import { encodeEvents } from './event-columns.js';
import { NOT_JSON, type Verdict } from './batch-validator.js';
import { parseEventBatch } from './ingest-validation.js';

function verdictOf(json: string): Verdict {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return { ok: false, code: 'bad_request', message: NOT_JSON };
  }
  try {
    return { ok: true, columns: encodeEvents(parseEventBatch(body), json) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) };
    return { ok: false, code: 'validation', message: err instanceof Error ? err.message : String(err) };
  }
}

parentPort!.on('message', (msg: { id: number; json: string }) => {
  parentPort!.postMessage({ id: msg.id, verdict: verdictOf(msg.json) });
});
parentPort!.postMessage({ ready: true });
