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
 * A record's changed fields, `[key, value, key, value, …]`: a key is the field's index in the
 * part's field list (`NOW_FIELDS`, …) or, for a field not on the list, its name. A rate over
 * the record's calls offered (today and the intervals) goes as a count: key `-1 - index`, and
 * the field is `count / offered` (checked exactly when the patch is made). Fields keep their
 * other values; a part whose field went away is sent whole instead.
 * @example
 * // today: offered 1643 → 1650, serviceLevel → 1611 / 1650 (0.97636…), nothing else changed
 * [0, 1650, -4, 1611]
 */
export type FieldPatch = unknown[];

/**
 * The change from version `f` to version `v` of the snapshot, as small as it can be: at a
 * thousand events a second a display gets four a second, so every part carries only what
 * changed, and the frequent changes have short encodings.
 *
 * - `t`: the new `at`; absent when unchanged, a number of seconds after the previous `at`
 *   (same zone offset), or the ISO string. A heartbeat (`f` = `v`) moves only `at`, and
 *   must be applied like any other delta: the seats' `since` is sent relative to `at`.
 * - `site`, `now`, `today`: a `FieldPatch`, or the part whole (an object).
 * - intervals: `iv` patches the intervals by position while the day's intervals stay the
 *   same ones; `intervals` replaces them whole (a new day, another interval length). The
 *   reforecast moves every interval at once, by one ratio of the forecast: `rf` is
 *   `[ratio, [first, last, first, last, …]]`, the runs of intervals whose `reforecastOffered`
 *   is now `forecastOffered × ratio` (checked exactly when the delta is made).
 * - surges: `sg` patches them by position while the same surges are active; `surges` whole.
 * - `recommendation`, `moves`, `staff`: whole when changed (`null`: `moves`/`staff` gone).
 * - seats, while the list of seat IDs stays the same (almost always): by their position in
 *   the snapshot's `seats`. `act` groups new activities: the key is the activity's code (`ACTIVITY_CODES`)
 *   then `since` — nothing when it is `at`, an integer for that many seconds before `at`,
 *   `_` for null — and the value the seats' positions, ascending, each after the first as
 *   the step from the one before (`[56, 31, 74]` is 56, 87, 161). `who`: new occupants
 *   `[position, staffId]`, plus `onRoster` when that changed too. `seatAt`: seats replaced
 *   whole (anything else changed).
 *   The static fields (label, kind, zone, row, col) are never resent unless they change.
 * - seats, when the list of IDs changed: `seatOrder` (the new list of IDs) and `seats` (the
 *   seats that are new or changed, whole); `allSeats` when IDs repeat.
 * - `other`/`dropped`: any other top-level field, whole, or gone.
 *
 * @example
 * // 3 seats changed (positions 10 and 84 on a call since `at`, 47 on a break since 1 s
 * // before), the 16:30 interval and today's figures moved, a new second began:
 * { f: 5361, v: 5661, t: 1, now: [0, 31, 3, 334], today: [0, 1643, 1, 1612, -4, 1600],
 *   iv: [[33, [4, 1643, 5, 1612]]], act: { c: [10, 74], b1: [47] } }
 */
export interface FloorDelta {
  f: number;
  v: number;
  t?: number | string;
  site?: FieldPatch | FloorSnapshot['site'];
  now?: FieldPatch | NowFigures;
  today?: FieldPatch | DayTotals;
  intervals?: IntervalView[];
  iv?: [number, FieldPatch | IntervalView][];
  rf?: [number, number[]];
  surges?: SurgeView[];
  sg?: [number, FieldPatch | SurgeView][];
  recommendation?: RecommendationView | null;
  moves?: MoveView[] | null;
  staff?: StaffNameView[] | null;
  act?: Record<string, number[]>;
  who?: ([number, string | null] | [number, string | null, boolean])[];
  seatAt?: [number, SeatView][];
  seatOrder?: string[];
  seats?: SeatView[];
  allSeats?: SeatView[];
  other?: Record<string, unknown>;
  dropped?: string[];
}

/** Field lists of the patched parts: append only (a patch names a field by its index). */
export const SITE_FIELDS = ['timeZone', 'intervalMinutes', 'serviceLevelSeconds', 'serviceLevelTarget', 'day', 'shift', 'simulator', 'lastEventAt'] as const satisfies readonly (keyof FloorSnapshot['site'])[];
export const NOW_FIELDS = ['waiting', 'longestWaitSeconds', 'onPhones', 'available', 'onCall', 'wrapUp', 'nonPhone', 'training', 'onBreak', 'signedIn', 'requiredStaff'] as const satisfies readonly (keyof NowFigures)[];
export const DAY_FIELDS = ['offered', 'answered', 'abandoned', 'serviceLevel', 'answerRate', 'asaSeconds', 'ahtSeconds', 'occupancy'] as const satisfies readonly (keyof DayTotals)[];
export const INTERVAL_FIELDS = ['start', 'label', 'forecastOffered', 'reforecastOffered', 'offered', 'answered', 'abandoned', 'serviceLevel', 'answerRate', 'asaSeconds', 'ahtSeconds', 'occupancy', 'requiredStaff', 'staffedOnPhones'] as const satisfies readonly (keyof IntervalView)[];
export const SURGE_FIELDS = ['id', 'cause', 'severity', 'startedAt', 'measured', 'threshold', 'unit', 'clearSince', 'declared'] as const satisfies readonly (keyof SurgeView)[];

/** One-letter codes of the seat activities in `act`. */
export const ACTIVITY_CODES: Record<SeatActivity, string> = { available: 'a', 'on-call': 'c', 'wrap-up': 'w', 'non-phone': 'n', training: 't', break: 'b', 'signed-out': 'o' };
const ACTIVITY_OF = new Map(Object.entries(ACTIVITY_CODES).map(([activity, code]) => [code, activity as SeatActivity]));

/** Top-level fields the delta carries in its own way; any other goes in `other`. */
const HANDLED = new Set(['version', 'at', 'site', 'now', 'today', 'intervals', 'surges', 'recommendation', 'moves', 'staff', 'seats']);
/** Seat fields with a short encoding (`act`, `who`); a change to any other sends the seat whole. */
const SEAT_SHORT = new Set(['activity', 'since', 'staffId', 'onRoster']);

const ISO_SECONDS = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)([+-]\d\d:\d\d)$/;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `iso` (`YYYY-MM-DDTHH:MM:SS±HH:MM`) moved by whole `seconds`, keeping its zone offset; null
 * when `iso` has another form. Encoders check the result against the value they mean, so a
 * zone-offset change in between only costs the short form.
 * @example
 * shiftIso('2026-11-26T16:49:47+08:00', -48) // → '2026-11-26T16:48:59+08:00'
 */
export function shiftIso(iso: string, seconds: number): string | null {
  const m = ISO_SECONDS.exec(iso);
  if (!m || !Number.isInteger(seconds)) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + seconds * 1000);
  if (d.getUTCFullYear() < 1000 || d.getUTCFullYear() > 9999) return null;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${m[7]}`;
}

/** Whole seconds from `from` to `to` when `shiftIso(from, n)` gives exactly `to`; else null. */
function secondsBetween(from: string, to: string): number | null {
  const n = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isInteger(n) && shiftIso(from, n) === to ? n : null;
}

/** Equal as JSON would carry them: deep, with `undefined` fields the same as absent ones. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // NaN and ±Infinity travel as null.
  if (typeof a === 'number' && !Number.isFinite(a)) a = null;
  if (typeof b === 'number' && !Number.isFinite(b)) b = null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    if (a.length !== bs.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], bs[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k in x) if (x[k] !== undefined && !sameJson(x[k], y[k])) return false;
  for (const k in y) if (y[k] !== undefined && x[k] === undefined) return false;
  return true;
}

/** `value` as a whole count over `offered` when that is exact and shorter, else null. */
function countOver(value: unknown, offered: unknown): number | null {
  if (typeof value !== 'number' || Number.isInteger(value) || typeof offered !== 'number' || !(offered > 0)) return null;
  const count = Math.round(value * offered);
  return count / offered === value && String(count).length < String(value).length ? count : null;
}

/** `next` as a patch on `prev`; undefined when nothing changed; `next` itself when a field went away. */
function patchOf<T extends object>(prev: T | null | undefined, next: T, fields: readonly string[]): FieldPatch | T | undefined {
  if (typeof prev !== 'object' || prev === null) return next;
  const p = prev as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  for (const k in p) if (p[k] !== undefined && n[k] === undefined) return next;
  const out: unknown[] = [];
  for (const k in n) {
    if (n[k] === undefined || sameJson(p[k], n[k])) continue;
    const i = fields.indexOf(k);
    const count = i >= 0 && k !== 'offered' ? countOver(n[k], n.offered) : null;
    if (count !== null) out.push(-1 - i, count);
    else out.push(i >= 0 ? i : k, n[k]);
  }
  return out.length ? out : undefined;
}

/** `prev` with `patch` applied (or the whole part); null when the patch does not fit. */
function applyPatch<T extends object>(prev: T, patch: FieldPatch | T, fields: readonly string[]): T | null {
  if (!Array.isArray(patch)) return patch;
  const out = { ...prev } as Record<string, unknown>;
  for (let i = 0; i + 1 < patch.length; i += 2) {
    const k = patch[i];
    if (typeof k === 'number' && k < 0) continue;
    const key = typeof k === 'number' ? fields[k] : k;
    if (typeof key !== 'string') return null;
    out[key] = patch[i + 1];
  }
  // Counts over offered, once offered itself is up to date.
  for (let i = 0; i + 1 < patch.length; i += 2) {
    const k = patch[i];
    if (typeof k !== 'number' || k >= 0) continue;
    const key = fields[-1 - k];
    const count = patch[i + 1];
    if (key === undefined || typeof count !== 'number' || typeof out.offered !== 'number') return null;
    out[key] = count / out.offered;
  }
  return out as T;
}

function uniqueIds(seats: SeatView[]): boolean {
  return new Set(seats.map((s) => s.seatId)).size === seats.length;
}

/** The `act` key of a seat's activity and since, or null when it has no short form. */
function activityKey(seat: SeatView, at: string): string | null {
  const code = ACTIVITY_CODES[seat.activity];
  if (code === undefined) return null;
  if (seat.since === null) return `${code}_`;
  if (typeof seat.since !== 'string') return null;
  if (seat.since === at) return code;
  const shift = secondsBetween(at, seat.since);
  return shift === null ? null : `${code}${-shift}`;
}

/** Seats kept in place (same IDs in the same order): each change by position, shortest form. */
function diffSeatsInPlace(prev: SeatView[], next: SeatView[], at: string, delta: FloorDelta): void {
  const act: Record<string, number[]> = {};
  const who: NonNullable<FloorDelta['who']> = [];
  const seatAt: [number, SeatView][] = [];
  for (let i = 0; i < next.length; i++) {
    const a = prev[i]!;
    const b = next[i]!;
    if (a === b) continue;
    let other = false;
    let activity = false;
    let person = false;
    for (const k in b) {
      const key = k as keyof SeatView;
      if (sameJson(a[key], b[key])) continue;
      if (!SEAT_SHORT.has(k)) other = true;
      else if (k === 'activity' || k === 'since') activity = true;
      else person = true;
    }
    for (const k in a) if (b[k as keyof SeatView] === undefined && a[k as keyof SeatView] !== undefined) other = true;
    const key = activity ? activityKey(b, at) : '';
    if (other || key === null || typeof b.onRoster !== 'boolean' || (b.staffId !== null && typeof b.staffId !== 'string')) {
      seatAt.push([i, b]);
      continue;
    }
    if (activity) (act[key] ??= []).push(i);
    if (person) who.push(a.onRoster === b.onRoster ? [i, b.staffId] : [i, b.staffId, b.onRoster]);
  }
  for (const positions of Object.values(act)) for (let n = positions.length - 1; n > 0; n--) positions[n]! -= positions[n - 1]!;
  if (Object.keys(act).length) delta.act = act;
  if (who.length) delta.who = who;
  if (seatAt.length) delta.seatAt = seatAt;
}

const REFORECAST = INTERVAL_FIELDS.indexOf('reforecastOffered');

/** Inclusive runs `[first, last, first, last, …]` of ascending positions. */
function runsOf(positions: number[]): number[] {
  const out: number[] = [];
  for (const p of positions) {
    if (out.length && out[out.length - 1] === p - 1) out[out.length - 1] = p;
    else out.push(p, p);
  }
  return out;
}

/** The intervals by position (same day): patches, and the reforecast's common ratio as `rf`. */
function diffIntervals(prev: IntervalView[], next: IntervalView[], delta: FloorDelta): void {
  const patches: [number, FieldPatch | IntervalView][] = [];
  next.forEach((x, i) => {
    const patch = patchOf(prev[i], x, INTERVAL_FIELDS);
    if (patch) patches.push([i, patch]);
  });
  // A patch whose only reforecast change is `forecastOffered × ratio` loses it to `rf`.
  let ratio: number | null = null;
  const scaled: number[] = [];
  for (const [i, patch] of patches) {
    if (!Array.isArray(patch)) continue;
    const k = patch.findIndex((key, j) => j % 2 === 0 && key === REFORECAST);
    const { forecastOffered: f, reforecastOffered: r } = next[i]!;
    if (k < 0 || typeof f !== 'number' || typeof r !== 'number' || f === 0 || !Number.isFinite(r)) continue;
    ratio ??= r / f;
    if (f * ratio === r) scaled.push(i);
  }
  if (ratio !== null && scaled.length > 1) {
    delta.rf = [ratio, runsOf(scaled)];
    const inRf = new Set(scaled);
    for (let n = patches.length - 1; n >= 0; n--) {
      const [i, patch] = patches[n]!;
      if (!inRf.has(i) || !Array.isArray(patch)) continue;
      const k = patch.findIndex((key, j) => j % 2 === 0 && key === REFORECAST);
      patch.splice(k, 2);
      if (!patch.length) patches.splice(n, 1);
    }
  }
  if (patches.length) delta.iv = patches;
}

/**
 * The delta that turns `prev` into `next` (see `FloorDelta`); `applyDelta(prev, delta)` gives
 * back `next` exactly, as JSON carries it. Worked out once per update and sent to every display.
 */
export function diffSnapshots(prev: FloorSnapshot, next: FloorSnapshot): FloorDelta {
  const delta: FloorDelta = { f: prev.version, v: next.version };
  if (next.at !== prev.at) delta.t = secondsBetween(prev.at, next.at) ?? next.at;
  const site = patchOf(prev.site, next.site, SITE_FIELDS);
  if (site) delta.site = site;
  const now = patchOf(prev.now, next.now, NOW_FIELDS);
  if (now) delta.now = now;
  const today = patchOf(prev.today, next.today, DAY_FIELDS);
  if (today) delta.today = today;

  const sameDay = prev.intervals.length === next.intervals.length && next.intervals.every((iv, i) => iv.start === prev.intervals[i]!.start);
  if (!sameDay) delta.intervals = next.intervals;
  else diffIntervals(prev.intervals, next.intervals, delta);

  const sameSurges = prev.surges.length === next.surges.length && next.surges.every((s, i) => s.id === prev.surges[i]!.id);
  if (!sameSurges) delta.surges = next.surges;
  else {
    const sg: [number, FieldPatch | SurgeView][] = [];
    next.surges.forEach((x, i) => {
      const patch = patchOf(prev.surges[i], x, SURGE_FIELDS);
      if (patch) sg.push([i, patch]);
    });
    if (sg.length) delta.sg = sg;
  }

  if (!sameJson(prev.recommendation, next.recommendation)) delta.recommendation = next.recommendation ?? null;
  if (!sameJson(prev.moves, next.moves)) delta.moves = next.moves ?? null;
  if (!sameJson(prev.staff, next.staff)) delta.staff = next.staff ?? null;

  const ps = prev.seats;
  const ns = next.seats;
  if (ps.length === ns.length && ns.every((s, i) => s.seatId === ps[i]!.seatId)) diffSeatsInPlace(ps, ns, next.at, delta);
  else if (!uniqueIds(ps) || !uniqueIds(ns)) delta.allSeats = ns;
  else {
    const before = new Map(ps.map((s) => [s.seatId, s]));
    delta.seatOrder = ns.map((s) => s.seatId);
    const changed = ns.filter((s) => !sameJson(before.get(s.seatId), s));
    if (changed.length) delta.seats = changed;
  }

  const p = prev as unknown as Record<string, unknown>;
  const n = next as unknown as Record<string, unknown>;
  for (const k in n) {
    if (HANDLED.has(k) || n[k] === undefined || sameJson(p[k], n[k])) continue;
    (delta.other ??= {})[k] = n[k];
  }
  for (const k in p) if (!HANDLED.has(k) && p[k] !== undefined && n[k] === undefined) (delta.dropped ??= []).push(k);
  return delta;
}

/** The seats after `delta`; null when the delta does not fit them. */
function applySeats(seats: SeatView[], delta: FloorDelta, at: string): SeatView[] | null {
  if (delta.allSeats) return delta.allSeats;
  if (delta.seatOrder) {
    const byId = new Map(seats.map((s) => [s.seatId, s]));
    for (const s of delta.seats ?? []) byId.set(s.seatId, s);
    const out: SeatView[] = [];
    for (const id of delta.seatOrder) {
      const s = byId.get(id);
      if (!s) return null;
      out.push(s);
    }
    return out;
  }
  if (!delta.act && !delta.who && !delta.seatAt) return seats;
  const out = seats.slice();
  // Each changed seat is copied once, then its fields set.
  const copied = new Set<number>();
  const edit = (i: number): Record<string, unknown> | null => {
    if (!Number.isInteger(i) || i < 0 || i >= out.length) return null;
    if (!copied.has(i)) {
      out[i] = { ...out[i]! };
      copied.add(i);
    }
    return out[i] as unknown as Record<string, unknown>;
  };
  for (const [i, seat] of delta.seatAt ?? []) {
    if (!Number.isInteger(i) || i < 0 || i >= out.length) return null;
    out[i] = seat;
  }
  for (const [i, staffId, onRoster] of delta.who ?? []) {
    const s = edit(i);
    if (!s) return null;
    s.staffId = staffId;
    if (onRoster !== undefined) s.onRoster = onRoster;
  }
  for (const [key, positions] of Object.entries(delta.act ?? {})) {
    const activity = ACTIVITY_OF.get(key[0]!);
    const rest = key.slice(1);
    const since = rest === '' ? at : rest === '_' ? null : shiftIso(at, -Number(rest));
    if (!activity || (rest !== '' && rest !== '_' && since === null)) return null;
    let i = 0;
    for (let n = 0; n < positions.length; n++) {
      i = n === 0 ? positions[0]! : i + positions[n]!;
      const s = edit(i);
      if (!s) return null;
      s.activity = activity;
      s.since = since;
    }
  }
  return out;
}

/**
 * Applies `delta` to `snapshot`; returns null when the delta does not follow on from it
 * (a gap in versions) or does not fit it, in which case the client asks for a fresh snapshot.
 * Unchanged seats, intervals and parts keep their objects, so only what changed re-renders.
 */
export function applyDelta(snapshot: FloorSnapshot, delta: FloorDelta): FloorSnapshot | null {
  if (delta.f !== snapshot.version) return null;
  const at = delta.t === undefined ? snapshot.at : typeof delta.t === 'number' ? shiftIso(snapshot.at, delta.t) : delta.t;
  if (at === null) return null;
  const next: FloorSnapshot = { ...snapshot, version: delta.v, at };
  if (delta.site) next.site = applyPatch(snapshot.site, delta.site, SITE_FIELDS)!;
  if (delta.now) next.now = applyPatch(snapshot.now, delta.now, NOW_FIELDS)!;
  if (delta.today) next.today = applyPatch(snapshot.today, delta.today, DAY_FIELDS)!;
  if (!next.site || !next.now || !next.today) return null;

  if (delta.intervals) next.intervals = delta.intervals;
  else if (delta.iv || delta.rf) {
    next.intervals = snapshot.intervals.slice();
    for (const [i, patch] of delta.iv ?? []) {
      const iv = next.intervals[i] ? applyPatch(next.intervals[i], patch, INTERVAL_FIELDS) : null;
      if (!iv) return null;
      next.intervals[i] = iv;
    }
    const [ratio, runs] = delta.rf ?? [0, []];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      for (let i = runs[r]!; i <= runs[r + 1]!; i++) {
        const iv = next.intervals[i];
        if (!iv || typeof iv.forecastOffered !== 'number') return null;
        next.intervals[i] = { ...iv, reforecastOffered: iv.forecastOffered * ratio };
      }
    }
  }
  if (delta.surges) next.surges = delta.surges;
  else if (delta.sg) {
    next.surges = snapshot.surges.slice();
    for (const [i, patch] of delta.sg) {
      const s = next.surges[i] ? applyPatch(next.surges[i], patch, SURGE_FIELDS) : null;
      if (!s) return null;
      next.surges[i] = s;
    }
  }
  if ('recommendation' in delta) next.recommendation = delta.recommendation ?? null;
  if ('moves' in delta) {
    if (delta.moves) next.moves = delta.moves;
    else delete next.moves;
  }
  if ('staff' in delta) {
    if (delta.staff) next.staff = delta.staff;
    else delete next.staff;
  }
  const seats = applySeats(snapshot.seats, delta, at);
  if (!seats) return null;
  next.seats = seats;
  const n = next as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(delta.other ?? {})) n[k] = v;
  for (const k of delta.dropped ?? []) delete n[k];
  return next;
}

/** Seats in floor order: zone, row, column, id. */
export function sortSeats(seats: SeatView[]): SeatView[] {
  return seats.sort((a, b) => a.zone.localeCompare(b.zone) || a.row - b.row || a.col - b.col || a.seatId.localeCompare(b.seatId));
}
