/**
 * Socket.io event maps shared by server and client, one per namespace. Commands are
 * `entity:verb`, broadcasts past tense or `snapshot`.
 */
import type { Ack, ErrorBody } from './errors.js';
import type { FloorEvent, IngestResult } from './events.js';
import type { AcceptCommand, CloseProblemCommand, CorrectCommand, DeclareCommand, DeclineCommand, MoveCommand, NoteCommand, SignInCommand, SignOutCommand } from './commands.js';
import type { Handover, LogEntry } from './shift-log.js';
import type { FloorDelta, FloorSnapshot, MoveView, RecommendationView, SurgeView } from './snapshot.js';

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
  /** Site supervisor and up. */
  'recommendation:accept': (cmd: AcceptCommand, ack: (result: Ack<RecommendationView>) => void) => void;
  'recommendation:decline': (cmd: DeclineCommand, ack: (result: Ack<RecommendationView>) => void) => void;
  'surge:declare': (cmd: DeclareCommand, ack: (result: Ack<SurgeView>) => void) => void;
  'surge:end': (cmd: { id: string }, ack: (result: Ack<null>) => void) => void;
  /** Team lead and up. */
  'staff:move': (cmd: MoveCommand, ack: (result: Ack<MoveView>) => void) => void;
  'staff:sign-in': (cmd: SignInCommand, ack: (result: Ack<null>) => void) => void;
  'staff:sign-out': (cmd: SignOutCommand, ack: (result: Ack<null>) => void) => void;
  'log:note': (cmd: NoteCommand, ack: (result: Ack<LogEntry>) => void) => void;
  'log:close-problem': (cmd: CloseProblemCommand, ack: (result: Ack<LogEntry>) => void) => void;
  'log:correct': (cmd: CorrectCommand, ack: (result: Ack<LogEntry>) => void) => void;
  /** Site supervisor and up: sign the current shift's handover; confirm the one before. */
  'handover:sign': (cmd: Record<string, never>, ack: (result: Ack<Handover>) => void) => void;
  'handover:confirm': (cmd: { shift: string }, ack: (result: Ack<Handover>) => void) => void;
}

/** Most updates a client receives per second. */
export const MAX_UPDATES_PER_SECOND = 4;
export const UPDATE_INTERVAL_MS = 1000 / MAX_UPDATES_PER_SECOND;
