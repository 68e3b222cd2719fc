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

export interface ShiftLog {
  /** `YYYY-MM-DD/shift`. */
  key: string;
  shift: string;
  night: boolean;
  entries: LogEntry[];
}
