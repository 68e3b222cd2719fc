/** Checks an ingest batch whole; names the event and field that is wrong. */
import { eventBatchSchema, MAX_BATCH_EVENTS, type FloorEvent } from '../../shared/events.js';
import { AppError } from './errors.js';

function eventLabel(body: unknown, index: number): string {
  const item = Array.isArray(body) ? (body[index] as unknown) : undefined;
  const id = item && typeof item === 'object' && 'id' in item && typeof item.id === 'string' ? ` (id "${item.id.slice(0, 64)}")` : '';
  return `event ${index}${id}`;
}

/** The parsed batch, or an AppError: `payload_too_large` over 1,000 events, else `validation`. */
export function parseEventBatch(body: unknown): FloorEvent[] {
  if (Array.isArray(body) && body.length > MAX_BATCH_EVENTS) {
    throw new AppError('payload_too_large', `a batch holds at most ${MAX_BATCH_EVENTS} events; this one has ${body.length}`);
  }
  const parsed = eventBatchSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 50).map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.message,
  }));
  const first = issues[0]!;
  const [index, ...field] = first.path;
  const where =
    typeof index === 'number'
      ? `${eventLabel(body, index)}${field.length ? `, field ${field.join('.')}` : ''}`
      : 'the body must be a JSON array of 1–1000 events';
  throw new AppError('validation', `batch rejected, nothing applied: ${where}: ${first.message}`, issues);
}
