/**
 * Ingest events: the contract ACD/PBX connectors post to `POST /api/v1/events` and the
 * `/ingest` socket namespace (SPEC "Interfaces"). Schemas are the single source of truth;
 * types are inferred from them.
 */
import { z } from 'zod';

import { ACTIVITIES, SIGN_OUT_REASONS } from './vocabulary.js';

export { ACTIVITIES, PHONE_ACTIVITIES, SIGN_OUT_REASONS, type Activity, type SignOutReason } from './vocabulary.js';

export const activitySchema = z.enum(ACTIVITIES);
export const signOutReasonSchema = z.enum(SIGN_OUT_REASONS);

/**
 * An id: 1–128 characters. One check rather than `.min(1).max(128)`: every event has three or
 * four of these, and each zod check costs about as much as the string test itself.
 */
const id = z.string().check((ctx) => {
  const n = ctx.value.length;
  if (n === 0) ctx.issues.push({ code: 'custom', message: 'must not be empty', input: ctx.value });
  else if (n > 128) ctx.issues.push({ code: 'custom', message: 'at most 128 characters', input: ctx.value });
});

const base = {
  /** Unique per event; the idempotency key. */
  id,
  /** ISO 8601 with an offset or `Z`. */
  at: z.iso.datetime({ offset: true, message: 'must be ISO 8601 with an offset or Z' }),
  source: z.string().max(128).optional(),
};

export const agentSignedInSchema = z.strictObject({ ...base, type: z.literal('agent.signed_in'), staffId: id, seatId: id });
export const agentSignedOutSchema = z.strictObject({
  ...base,
  type: z.literal('agent.signed_out'),
  staffId: id,
  reason: signOutReasonSchema.optional(),
});
export const agentActivitySchema = z.strictObject({ ...base, type: z.literal('agent.activity'), staffId: id, activity: activitySchema });
export const callOfferedSchema = z.strictObject({ ...base, type: z.literal('call.offered'), callId: id, queue: id });
export const callAnsweredSchema = z.strictObject({ ...base, type: z.literal('call.answered'), callId: id, staffId: id });
export const callAbandonedSchema = z.strictObject({ ...base, type: z.literal('call.abandoned'), callId: id });
export const callEndedSchema = z.strictObject({
  ...base,
  type: z.literal('call.ended'),
  callId: id,
  wrapSeconds: z.number().finite().min(0).max(86_400).optional(),
});

export const EVENT_TYPES = [
  'agent.signed_in',
  'agent.signed_out',
  'agent.activity',
  'call.offered',
  'call.answered',
  'call.abandoned',
  'call.ended',
] as const;

export const floorEventSchema = z.discriminatedUnion('type', [
  agentSignedInSchema,
  agentSignedOutSchema,
  agentActivitySchema,
  callOfferedSchema,
  callAnsweredSchema,
  callAbandonedSchema,
  callEndedSchema,
]);
export type FloorEvent = z.infer<typeof floorEventSchema>;
export type EventType = FloorEvent['type'];

export const MAX_BATCH_EVENTS = 1000;

/** A batch: 1–1000 events. The size limit is checked before parsing so it can answer 413. */
export const eventBatchSchema = z.array(floorEventSchema).min(1, 'a batch holds at least one event').max(MAX_BATCH_EVENTS);

/** The answer to an accepted batch: sent only after the batch is durable. */
export interface IngestResult {
  accepted: number;
  duplicates: number;
}
