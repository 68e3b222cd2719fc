/** Counts and times every ingest batch, whichever transport brought it. */
import type { IngestResult } from '../../shared/events.js';
import type { Metrics } from '../metrics.js';
import { AppError } from './errors.js';

export type Transport = 'http' | 'socket';

export async function measuredIngest(metrics: Metrics | undefined, transport: Transport, run: () => Promise<IngestResult>): Promise<IngestResult> {
  const started = performance.now();
  try {
    const result = await run();
    metrics?.eventsIngested.inc({ transport }, result.accepted);
    metrics?.eventsDuplicate.inc({ transport }, result.duplicates);
    metrics?.ackSeconds.observe({ transport }, (performance.now() - started) / 1000);
    return result;
  } catch (err) {
    metrics?.batchesRejected.inc({ transport, reason: err instanceof AppError ? err.code : 'internal' });
    throw err;
  }
}
