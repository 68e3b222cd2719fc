/**
 * What supervisors and team leads have decided and asked for: declared surges, the
 * recommendation and its fate, who was pulled, and moves being watched.
 */
import type { Recommendation, PullMove } from './surge/recommend.js';
import type { OpenProblem } from './shift-log.js';
import type { DeclaredSurge } from './surge/types.js';

export interface MoveRequest {
  id: string;
  staffId: string;
  fromSeatId: string | null;
  toSeatId: string;
  requestedAtMs: number;
  /** Staff ID (or username) of who asked. */
  requestedBy: string;
  /** Why: a manual move, an accepted pull, or a release after the surge. */
  reason: 'manual' | 'pull' | 'release';
  recommendationId: string | null;
  /** `done` once they sign in at the target seat; `overdue` when that has not happened in time. */
  status: 'pending' | 'done' | 'overdue';
  doneAtMs: number | null;
}

export type RecommendationStatus = 'pending' | 'accepted' | 'declined';

export interface RecommendationRecord {
  recommendation: Recommendation;
  status: RecommendationStatus;
  createdAtMs: number;
  decidedAtMs: number | null;
  decidedBy: string | null;
  declineReason: string | null;
}

export interface OpsState {
  /** Rises with every change here; part of the snapshot version. */
  version: number;
  declared: DeclaredSurge[];
  /** The detector's hysteresis state (opaque here). */
  tracker: unknown;
  current: RecommendationRecord | null;
  /** Pulled in the current or last surge and not yet released. */
  pulled: PullMove[];
  lastPulledAtMs: Record<string, number>;
  moves: MoveRequest[];
  /** Problems noted and not closed; they carry over from shift to shift. */
  openProblems: OpenProblem[];
  /** The shift the last evaluation ran in, to notice a handover (and close that shift's figures). */
  lastShift: { key: string; shift: string; night: boolean; startMs: number; endMs: number } | null;
}

export function emptyOps(): OpsState {
  return { version: 0, declared: [], tracker: null, current: null, pulled: [], lastPulledAtMs: {}, moves: [], openProblems: [], lastShift: null };
}
