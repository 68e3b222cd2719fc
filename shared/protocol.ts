/**
 * Socket.io event maps shared by server and client, one per namespace. Commands are
 * `entity:verb`, broadcasts past tense or `snapshot`.
 */
import type { Ack, ErrorBody } from './errors.js';
import type { FloorEvent, IngestResult } from './events.js';
import type { FloorDelta, FloorSnapshot } from './snapshot.js';

/** The `/ingest` ack keeps the HTTP answer's shape, plus `ok`. */
export type IngestAck = ({ ok: true } & IngestResult) | ({ ok: false } & ErrorBody);

export interface IngestClientToServer {
  events: (batch: FloorEvent[], ack: (result: IngestAck) => void) => void;
}
export type IngestServerToClient = Record<string, never>;

export interface FloorServerToClient {
  /** The whole snapshot: on connect and after `floor:sync`. */
  snapshot: (snapshot: FloorSnapshot) => void;
  /** Changes since the version the client holds; coalesced to at most 4 a second. */
  'floor:updated': (delta: FloorDelta) => void;
}

export interface FloorClientToServer {
  /** Ask for a fresh snapshot (after a gap in versions). */
  'floor:sync': (ack: (result: Ack<FloorSnapshot>) => void) => void;
}

/** Most updates a client receives per second. */
export const MAX_UPDATES_PER_SECOND = 4;
export const UPDATE_INTERVAL_MS = 1000 / MAX_UPDATES_PER_SECOND;
