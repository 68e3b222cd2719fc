/**
 * The live floor as a pure reducer: events in, state out. No I/O and no clock: every
 * function takes what it needs, including `now`, so replay after a crash is exact.
 *
 * Calls are counted in the 15-minute bucket in which they were offered (the ACD reporting
 * convention), whatever order their events arrive in: an `answered` that arrives before its
 * `offered` waits in `calls` until the `offered` turns up.
 */
import type { Activity, FloorEvent, SignOutReason } from '../events.js';
import { PHONE_ACTIVITIES } from '../events.js';
import { parseInstant } from '../iso-instant.js';

/** Buckets are 15 minutes, aligned to UTC quarter-hours, which every zone's local quarter-hours share. */
export const BUCKET_MS = 15 * 60_000;

export interface StaffPresence {
  staffId: string;
  signedIn: boolean;
  seatId: string | null;
  /** `at` of the sign-in/out that set `signedIn` and `seatId`. */
  presenceAtMs: number;
  signOutReason: SignOutReason | null;
  activity: Activity;
  /** `at` of the last activity event; an activity older than the sign-in no longer holds. */
  activityAtMs: number;
  /** First sign-in of the current stint (a new one starts after a shift-end sign-out or 6 h away): for lateness. */
  firstInAtMs: number;
}

/** Away longer than this, a sign-in starts a new stint (a new shift). */
export const NEW_STINT_AFTER_MS = 6 * 3600_000;

export interface CallRecord {
  callId: string;
  queue: string | null;
  offeredAtMs: number | null;
  answeredAtMs: number | null;
  staffId: string | null;
  abandonedAtMs: number | null;
  endedAtMs: number | null;
  wrapSeconds: number | null;
  /** Which contributions to the buckets have been made, so each is made once. */
  counted: { offered: boolean; answered: boolean; abandoned: boolean; handled: boolean };
}

/** Per 15-minute bucket and queue. Seconds are summed; rates are derived when read. */
export interface Bucket {
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  answerWaitSeconds: number;
  handled: number;
  talkSeconds: number;
  wrapSeconds: number;
}

export interface FloorState {
  /** Rises with every applied event. */
  version: number;
  staff: Record<string, StaffPresence>;
  /** Calls not yet finished, by id: a Map, as ids come and go at the call rate. */
  calls: Map<string, CallRecord>;
  /** bucket start (epoch ms, as a string key) → queue → figures. */
  buckets: Record<string, Record<string, Bucket>>;
  /** bucket start → staff-seconds spent on the phones in it. */
  phoneStaffSeconds: Record<string, number>;
  /** Staff-on-phones time has been integrated up to this instant. */
  phoneSecondsUntilMs: number;
  /** When integration began (the first staff event): averages cover only time observed. */
  phoneSecondsFromMs: number;
  /** When the last event was received (server clock), or 0: tells a live feed from a silent one. */
  lastReceivedAtMs: number;
  /** The earliest `at` of any event, or 0: before it the floor was not observed (not empty). */
  firstEventAtMs: number;
  /** Minute start (epoch ms) → calls offered in it and what became of them: the live rates. */
  minutes: Record<string, MinuteFigures>;
  /** Every sign-in and sign-out, in arrival order: attendance is worked out from these. */
  presenceLog: PresenceMark[];
}

/** One sign-in or sign-out as it happened (kept per day for attendance). */
export interface PresenceMark {
  staffId: string;
  atMs: number;
  kind: 'in' | 'out';
  seatId: string | null;
  reason: SignOutReason | null;
  /** Signed in or out by hand by a team lead (the ACD was down). */
  manual: boolean;
}

/** Per minute of offer: enough for the live arrival rate and rolling SL / answer rate. */
export interface MinuteFigures {
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
}

export const MINUTE_MS = 60_000;

export interface ReducerConfig {
  /** T of the service level: answered within this many seconds counts. */
  serviceLevelSeconds: number;
  /** Aggregates older than this are no longer kept live (late events still move people). */
  oldestBucketMs?: number;
}

export function emptyFloorState(): FloorState {
  return { version: 0, staff: {}, calls: new Map(), buckets: {}, phoneStaffSeconds: {}, phoneSecondsUntilMs: 0, phoneSecondsFromMs: 0, lastReceivedAtMs: 0, firstEventAtMs: 0, minutes: {}, presenceLog: [] };
}

/** The state as JSON can hold it (a checkpoint): `calls` as a plain object. */
export type SavedFloorState = Omit<FloorState, 'calls'> & { calls: Record<string, CallRecord> };

export function saveFloorState(state: FloorState): SavedFloorState {
  return { ...state, calls: Object.fromEntries(state.calls) };
}

/** The state from a checkpoint; fields added since it was written start empty. */
export function loadFloorState(saved: Partial<SavedFloorState> | undefined): FloorState {
  const { calls, ...rest } = saved ?? {};
  return { ...emptyFloorState(), ...rest, calls: new Map(Object.entries(calls ?? {})) };
}

export function emptyBucket(): Bucket {
  return { offered: 0, answered: 0, answeredWithinTarget: 0, abandoned: 0, answerWaitSeconds: 0, handled: 0, talkSeconds: 0, wrapSeconds: 0 };
}

/** The start (epoch ms) of the 15-minute bucket holding `ms`. */
export function bucketOf(ms: number): number {
  return Math.floor(ms / BUCKET_MS) * BUCKET_MS;
}

/** The activity that holds now: an activity from before the latest sign-in is void. */
export function currentActivity(p: StaffPresence): { activity: Activity; sinceMs: number } {
  return p.activityAtMs >= p.presenceAtMs
    ? { activity: p.activity, sinceMs: p.activityAtMs }
    : { activity: 'available', sinceMs: p.presenceAtMs };
}

export function isOnPhones(p: StaffPresence): boolean {
  return p.signedIn && PHONE_ACTIVITIES.includes(currentActivity(p).activity);
}

/** Staff on the phones right now. */
export function countOnPhones(state: FloorState): number {
  let n = 0;
  for (const p of Object.values(state.staff)) if (isOnPhones(p)) n++;
  return n;
}

/**
 * Adds staff-on-phones time from `phoneSecondsUntilMs` to `toMs` into the buckets, using the
 * count that held over that span. Called before every change of who is on the phones.
 */
function integratePhoneTime(state: FloorState, toMs: number, cfg: ReducerConfig): void {
  if (state.phoneSecondsUntilMs === 0) {
    state.phoneSecondsUntilMs = toMs;
    state.phoneSecondsFromMs = toMs;
    return;
  }
  if (toMs <= state.phoneSecondsUntilMs) return;
  const count = countOnPhones(state);
  let from = Math.max(state.phoneSecondsUntilMs, cfg.oldestBucketMs ?? -Infinity);
  while (count > 0 && from < toMs) {
    const bucket = bucketOf(from);
    const end = Math.min(toMs, bucket + BUCKET_MS);
    const key = String(bucket);
    state.phoneStaffSeconds[key] = (state.phoneStaffSeconds[key] ?? 0) + (count * (end - from)) / 1000;
    from = end;
  }
  state.phoneSecondsUntilMs = toMs;
}

function presenceOf(state: FloorState, staffId: string): StaffPresence {
  let p = state.staff[staffId];
  if (!p) {
    // Never seen: an activity without a sign-in means they are signed in somewhere unknown.
    p = { staffId, signedIn: true, seatId: null, presenceAtMs: 0, signOutReason: null, activity: 'available', activityAtMs: 0, firstInAtMs: 0 };
    state.staff[staffId] = p;
  }
  return p;
}

function callOf(state: FloorState, callId: string): CallRecord {
  let c = state.calls.get(callId);
  if (!c) {
    c = {
      callId,
      queue: null,
      offeredAtMs: null,
      answeredAtMs: null,
      staffId: null,
      abandonedAtMs: null,
      endedAtMs: null,
      wrapSeconds: null,
      counted: { offered: false, answered: false, abandoned: false, handled: false },
    };
    state.calls.set(callId, c);
  }
  return c;
}

/**
 * The string key of an epoch-ms start, remembered for the last start asked for: events come
 * mostly in time order, so this spares building (and interning) the same key for each call.
 */
function keyCache(): (startMs: number) => string {
  let lastMs = NaN;
  let lastKey = '';
  return (startMs) => {
    if (startMs !== lastMs) {
      lastMs = startMs;
      lastKey = String(startMs);
    }
    return lastKey;
  };
}
const bucketKey = keyCache();
const minuteKey = keyCache();

function bucketFor(state: FloorState, atMs: number, queue: string, cfg: ReducerConfig): Bucket | null {
  if (cfg.oldestBucketMs !== undefined && atMs < cfg.oldestBucketMs) return null;
  const key = bucketKey(bucketOf(atMs));
  const byQueue = (state.buckets[key] ??= {});
  return (byQueue[queue] ??= emptyBucket());
}

function minuteFor(state: FloorState, atMs: number): MinuteFigures {
  const key = minuteKey(Math.floor(atMs / MINUTE_MS) * MINUTE_MS);
  return (state.minutes[key] ??= { offered: 0, answered: 0, answeredWithinTarget: 0, abandoned: 0 });
}

/** Removes and returns the presence marks before `oldestMs` (to archive them by day). */
export function takePresenceBefore(state: FloorState, oldestMs: number): PresenceMark[] {
  const old = state.presenceLog.filter((m) => m.atMs < oldestMs);
  if (old.length) state.presenceLog = state.presenceLog.filter((m) => m.atMs >= oldestMs);
  return old;
}

/** Drops per-minute figures older than `oldestMs` (they only serve live, rolling rates). */
export function pruneMinutesBefore(state: FloorState, oldestMs: number): void {
  for (const key of Object.keys(state.minutes)) if (Number(key) < oldestMs) delete state.minutes[key];
}

/** Makes every contribution the call's known events allow, once each, then forgets finished calls. */
function settleCall(state: FloorState, c: CallRecord, cfg: ReducerConfig): void {
  if (c.offeredAtMs === null || c.queue === null) return;
  // A null bucket (too old to keep live) still marks contributions as made.
  const b = bucketFor(state, c.offeredAtMs, c.queue, cfg);
  const m = b ? minuteFor(state, c.offeredAtMs) : null;
  if (!c.counted.offered) {
    c.counted.offered = true;
    if (b) b.offered++;
    if (m) m.offered++;
  }
  const answered = c.answeredAtMs !== null && (c.abandonedAtMs === null || c.answeredAtMs <= c.abandonedAtMs);
  if (answered && !c.counted.answered && c.answeredAtMs !== null) {
    c.counted.answered = true;
    const waitSeconds = Math.max(0, (c.answeredAtMs - c.offeredAtMs) / 1000);
    const withinTarget = waitSeconds <= cfg.serviceLevelSeconds;
    if (b) {
      b.answered++;
      b.answerWaitSeconds += waitSeconds;
      if (withinTarget) b.answeredWithinTarget++;
    }
    if (m) {
      m.answered++;
      if (withinTarget) m.answeredWithinTarget++;
    }
  }
  if (!answered && c.abandonedAtMs !== null && !c.counted.abandoned) {
    c.counted.abandoned = true;
    if (b) b.abandoned++;
    if (m) m.abandoned++;
  }
  if (c.counted.answered && c.endedAtMs !== null && c.answeredAtMs !== null && !c.counted.handled) {
    c.counted.handled = true;
    if (b) {
      b.handled++;
      b.talkSeconds += Math.max(0, (c.endedAtMs - c.answeredAtMs) / 1000);
      b.wrapSeconds += c.wrapSeconds ?? 0;
    }
  }
  if (c.counted.abandoned || c.counted.handled) state.calls.delete(c.callId);
}

/** Applies one event (already validated and de-duplicated). Mutates and returns `state`. */
export function applyEvent(state: FloorState, event: FloorEvent, cfg: ReducerConfig): FloorState {
  const at = parseInstant(event.at);
  state.version++;
  if (!state.firstEventAtMs || at < state.firstEventAtMs) state.firstEventAtMs = at;
  switch (event.type) {
    case 'agent.signed_in':
    case 'agent.signed_out':
    case 'agent.activity': {
      const p = presenceOf(state, event.staffId);
      integratePhoneTime(state, at, cfg);
      // Marks for days already archived are not kept (they would replace that day's list).
      if (event.type !== 'agent.activity' && (cfg.oldestBucketMs === undefined || at >= cfg.oldestBucketMs)) {
        state.presenceLog.push({
          staffId: event.staffId,
          atMs: at,
          kind: event.type === 'agent.signed_in' ? 'in' : 'out',
          seatId: event.type === 'agent.signed_in' ? event.seatId : null,
          reason: event.type === 'agent.signed_out' ? (event.reason ?? null) : null,
          manual: event.source === 'manual',
        });
      }
      if (event.type === 'agent.activity') {
        if (at >= p.activityAtMs) {
          p.activity = event.activity;
          p.activityAtMs = at;
        }
      } else if (at >= p.presenceAtMs) {
        const wasSignedIn = p.signedIn;
        const awayMs = at - p.presenceAtMs;
        p.signedIn = event.type === 'agent.signed_in';
        p.presenceAtMs = at;
        if (event.type === 'agent.signed_in') {
          const newStint = p.firstInAtMs === 0 || (!wasSignedIn && (p.signOutReason === 'shift-end' || awayMs > NEW_STINT_AFTER_MS));
          if (newStint) p.firstInAtMs = at;
          p.seatId = event.seatId;
          p.signOutReason = null;
        } else {
          p.signOutReason = event.reason ?? null;
        }
      }
      break;
    }
    case 'call.offered': {
      const c = callOf(state, event.callId);
      if (c.offeredAtMs === null) {
        c.offeredAtMs = at;
        c.queue = event.queue;
      }
      settleCall(state, c, cfg);
      break;
    }
    case 'call.answered': {
      const c = callOf(state, event.callId);
      if (c.answeredAtMs === null) {
        c.answeredAtMs = at;
        c.staffId = event.staffId;
      }
      settleCall(state, c, cfg);
      break;
    }
    case 'call.abandoned': {
      const c = callOf(state, event.callId);
      if (c.abandonedAtMs === null) c.abandonedAtMs = at;
      settleCall(state, c, cfg);
      break;
    }
    case 'call.ended': {
      const c = callOf(state, event.callId);
      if (c.endedAtMs === null) {
        c.endedAtMs = at;
        c.wrapSeconds = event.wrapSeconds ?? null;
      }
      settleCall(state, c, cfg);
      break;
    }
  }
  return state;
}

/** Calls waiting now: offered, not yet answered, abandoned or ended. */
export function waitingCalls(state: FloorState, now: number): { queue: string; waitSeconds: number }[] {
  const out: { queue: string; waitSeconds: number }[] = [];
  for (const c of state.calls.values()) {
    if (c.offeredAtMs !== null && c.queue !== null && c.answeredAtMs === null && c.abandonedAtMs === null && c.endedAtMs === null) {
      out.push({ queue: c.queue, waitSeconds: Math.max(0, (now - c.offeredAtMs) / 1000) });
    }
  }
  return out;
}

/**
 * Forgets what is too old to matter live: buckets before `oldestBucketMs`, calls that never
 * completed and began before it, and staff signed out before it.
 * Returns the buckets removed so they can be archived.
 */
export function pruneBefore(state: FloorState, oldestBucketMs: number): Record<string, Record<string, Bucket>> {
  const removed: Record<string, Record<string, Bucket>> = {};
  for (const key of Object.keys(state.buckets)) {
    if (Number(key) < oldestBucketMs) {
      removed[key] = state.buckets[key]!;
      delete state.buckets[key];
    }
  }
  for (const key of Object.keys(state.phoneStaffSeconds)) if (Number(key) < oldestBucketMs) delete state.phoneStaffSeconds[key];
  for (const c of state.calls.values()) {
    const first = Math.min(...[c.offeredAtMs, c.answeredAtMs, c.abandonedAtMs, c.endedAtMs].filter((x): x is number => x !== null));
    if (first < oldestBucketMs) state.calls.delete(c.callId);
  }
  for (const p of Object.values(state.staff)) if (!p.signedIn && p.presenceAtMs < oldestBucketMs) delete state.staff[p.staffId];
  return removed;
}
