/**
 * The live floor snapshot (SPEC "Read"): what `GET /api/v1/floor` returns and the `/floor`
 * socket namespace pushes. Pure data; built on the server, rendered by the client.
 */
import type { Activity } from './events.js';
import type { SeatKind, StaffRole } from './roster.js';

/** A seat's displayed state; `activity` is `signed-out` when nobody is signed in there. */
export type SeatActivity = Activity | 'signed-out';

export interface SeatView {
  seatId: string;
  label: string;
  /** `unknown` for a seat id that is not on the roster (shown, never dropped). */
  kind: SeatKind | 'unknown';
  zone: string;
  row: number;
  col: number;
  staffId: string | null;
  activity: SeatActivity;
  /** ISO time the current activity began (site zone), or null when empty. */
  since: string | null;
  /** False when the seat or the staff member signed in here is not on the roster. */
  onRoster: boolean;
}

export interface NowFigures {
  waiting: number;
  longestWaitSeconds: number;
  onPhones: number;
  available: number;
  onCall: number;
  wrapUp: number;
  nonPhone: number;
  training: number;
  onBreak: number;
  signedIn: number;
  /** Staff needed now on the live arrival rate (Erlang), when known. */
  requiredStaff?: number | null;
}

export interface IntervalView {
  /** ISO start with the site's offset. */
  start: string;
  /** Local `HH:MM`. */
  label: string;
  forecastOffered: number | null;
  reforecastOffered: number | null;
  offered: number;
  answered: number;
  abandoned: number;
  /** Answered within the target seconds / offered; null with no calls offered. */
  serviceLevel: number | null;
  answerRate: number | null;
  asaSeconds: number | null;
  ahtSeconds: number | null;
  occupancy: number | null;
  requiredStaff: number | null;
  /** Average staff on the phones during the interval (so far, for the current one). */
  staffedOnPhones: number | null;
}

export interface DayTotals {
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
  answerRate: number | null;
  asaSeconds: number | null;
  ahtSeconds: number | null;
  occupancy: number | null;
}

export interface SurgeView {
  id: string;
  cause: string;
  severity: 'warning' | 'critical';
  startedAt: string;
  /** Latest measured value and its threshold, in `unit` (ratio: 0.32 = +32% / 32%). */
  measured?: number;
  threshold?: number;
  unit?: 'ratio' | 'calls' | 'seconds' | 'staff';
  /** Hold-off running: the condition has been clear since then. */
  clearSince?: string | null;
  /** Declared surges: expected uplift, planned end and who declared it. */
  declared?: { upliftPct: number; endsAt: string; declaredBy: string; note?: string };
}

export interface RecommendationView {
  id: string;
  /** `pull` during a surge; `release` when it is over and pulled staff can go back. */
  kind?: 'pull' | 'release';
  pull: { staffId: string; fromSeatId: string | null; toSeatId: string }[];
  release?: { staffId: string; fromSeatId: string | null; toSeatId: string }[];
  callInEmergency: number;
  expectedServiceLevel: number | null;
  /** Night rule: the business supervisor who stays on the floor. */
  keepOnFloor?: string | null;
  night?: boolean;
  status?: 'pending' | 'accepted' | 'declined';
  reason?: { code: string; requiredStaff: number; onPhones: number; gap: number; candidates: number };
  decidedBy?: string | null;
  declineReason?: string | null;
}

export interface MoveView {
  id: string;
  staffId: string;
  fromSeatId: string | null;
  toSeatId: string;
  requestedAt: string;
  reason: 'manual' | 'pull' | 'release';
  status: 'pending' | 'done' | 'overdue';
}

export interface StaffNameView {
  staffId: string;
  name: string;
  role: StaffRole;
}

export interface FloorSnapshot {
  /** Rises with every applied change. */
  version: number;
  /** When this snapshot was built (ISO, site zone). */
  at: string;
  site: {
    timeZone: string;
    intervalMinutes: number;
    serviceLevelSeconds: number;
    serviceLevelTarget: number;
    /** Local day `YYYY-MM-DD` the intervals belong to. */
    day: string;
    shift: { name: string; night: boolean } | null;
    simulator: boolean;
    /** When the server last received an event (ISO, site zone), or null: a silent feed shows. */
    lastEventAt: string | null;
  };
  now: NowFigures;
  seats: SeatView[];
  intervals: IntervalView[];
  today: DayTotals;
  surges: SurgeView[];
  recommendation: RecommendationView | null;
  /** Moves asked for and being watched (pending or overdue). */
  moves?: MoveView[];
  /** Names by staff ID: present for signed-in users, removed from the wall projection. */
  staff?: StaffNameView[];
}

/**
 * What the wall display may see: the same snapshot without names (the rulebook forbids
 * showing them on the floor). Staff IDs stay.
 */
export function wallProjection(snapshot: FloorSnapshot): FloorSnapshot {
  const { staff: _names, ...rest } = snapshot;
  return rest;
}

/**
 * A change from `fromVersion` to `version`: top-level parts replaced whole, seats replaced
 * one by one (`seats` holds only seats that changed; `removedSeatIds` those that went away),
 * and intervals replaced one by one while the day's intervals stay the same ones
 * (`intervalChanges`), or whole when they do not (`intervals`).
 */
export interface FloorDelta {
  fromVersion: number;
  version: number;
  at: string;
  site?: FloorSnapshot['site'];
  now?: NowFigures;
  seats?: SeatView[];
  removedSeatIds?: string[];
  /** The day's intervals, replaced whole: a new day, or a new interval length. */
  intervals?: IntervalView[];
  /** Intervals that changed, matched by `start`; the others stay as they were. */
  intervalChanges?: IntervalView[];
  today?: DayTotals;
  surges?: SurgeView[];
  recommendation?: RecommendationView | null;
  moves?: MoveView[];
  staff?: StaffNameView[];
}

const WHOLE_PARTS = ['site', 'now', 'intervals', 'today', 'surges', 'recommendation', 'moves', 'staff'] as const;

/**
 * The delta that turns `prev` into `next`. Intervals go one by one: the current interval's
 * figures move with every call, and sending the whole day each time made up most of a delta.
 */
export function diffSnapshots(prev: FloorSnapshot, next: FloorSnapshot): FloorDelta {
  const delta: FloorDelta = { fromVersion: prev.version, version: next.version, at: next.at };
  for (const key of WHOLE_PARTS) {
    if (key === 'intervals') continue;
    if (JSON.stringify(prev[key]) !== JSON.stringify(next[key])) (delta as unknown as Record<string, unknown>)[key] = next[key] ?? null;
  }
  const sameDay = prev.intervals.length === next.intervals.length && next.intervals.every((iv, i) => iv.start === prev.intervals[i]!.start);
  if (!sameDay) delta.intervals = next.intervals;
  else {
    const changedIntervals = next.intervals.filter((iv, i) => JSON.stringify(iv) !== JSON.stringify(prev.intervals[i]));
    if (changedIntervals.length) delta.intervalChanges = changedIntervals;
  }
  const before = new Map(prev.seats.map((s) => [s.seatId, JSON.stringify(s)]));
  const changed = next.seats.filter((s) => before.get(s.seatId) !== JSON.stringify(s));
  if (changed.length) delta.seats = changed;
  const nextIds = new Set(next.seats.map((s) => s.seatId));
  const removed = prev.seats.filter((s) => !nextIds.has(s.seatId)).map((s) => s.seatId);
  if (removed.length) delta.removedSeatIds = removed;
  return delta;
}

/**
 * Applies `delta` to `snapshot`; returns null when the delta does not follow on from it
 * (a gap in versions), in which case the client asks for a fresh snapshot.
 */
export function applyDelta(snapshot: FloorSnapshot, delta: FloorDelta): FloorSnapshot | null {
  if (delta.fromVersion !== snapshot.version) return null;
  const next: FloorSnapshot = { ...snapshot, version: delta.version, at: delta.at };
  for (const key of WHOLE_PARTS) {
    if (key in delta) (next as unknown as Record<string, unknown>)[key] = (delta as unknown as Record<string, unknown>)[key];
  }
  if (next.staff === null) delete next.staff;
  if (next.moves === null) delete next.moves;
  if (delta.intervalChanges) {
    const byStart = new Map(delta.intervalChanges.map((iv) => [iv.start, iv]));
    next.intervals = next.intervals.map((iv) => byStart.get(iv.start) ?? iv);
  }
  if (delta.seats || delta.removedSeatIds) {
    const byId = new Map(snapshot.seats.map((s) => [s.seatId, s]));
    for (const id of delta.removedSeatIds ?? []) byId.delete(id);
    for (const seat of delta.seats ?? []) byId.set(seat.seatId, seat);
    next.seats = sortSeats([...byId.values()]);
  }
  return next;
}

/** Seats in floor order: zone, row, column, id. */
export function sortSeats(seats: SeatView[]): SeatView[] {
  return seats.sort((a, b) => a.zone.localeCompare(b.zone) || a.row - b.row || a.col - b.col || a.seatId.localeCompare(b.seatId));
}
