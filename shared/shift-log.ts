/** The shift handover log (交接班日记): what happened on a shift, who did it, and when. */

export const LOG_KINDS = [
  'surge-started',
  'surge-ended',
  'surge-declared',
  'recommendation',
  'recommendation-accepted',
  'recommendation-declined',
  'move',
  'move-done',
  'move-overdue',
  'manual-sign-in',
  'manual-sign-out',
  'note',
  'problem',
  'problem-closed',
  'problem-carried',
  'correction',
  'shift-figures',
  'handover-signed',
  'handover-confirmed',
] as const;
export type LogKind = (typeof LOG_KINDS)[number];

export interface LogEntry {
  id: string;
  /** ISO time in the site's zone. */
  at: string;
  kind: LogKind;
  /** Staff ID (or username) of who acted; `system` for what Floorboard did itself. */
  actor: string;
  /** A plain summary (English); `data` carries the facts for display in either language. */
  text: string;
  data?: Record<string, unknown>;
}

/** The handover: the outgoing supervisor signs, the incoming one confirms (staff ID and time each). */
export interface Handover {
  signedBy: string;
  signedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
}

/** A problem noted on some shift and not yet closed: it carries over to every next shift. */
export interface OpenProblem {
  id: string;
  text: string;
  openedAt: string;
  openedBy: string;
  shiftKey: string;
}

export interface ShiftLog {
  /** `YYYY-MM-DD/shift`. */
  key: string;
  shift: string;
  night: boolean;
  entries: LogEntry[];
  handover?: Handover | null;
}

/** What `GET /api/v1/shift-log` answers: the log plus the problems still open. */
export interface ShiftLogView extends ShiftLog {
  openProblems: OpenProblem[];
}
