/**
 * Builds the live snapshot (SPEC "Read") from the reduced floor state, the roster and the
 * forecast. Pure: same input, same snapshot.
 */
import type { ForecastInterval, Roster } from '../roster.js';
import type { DayTotals, FloorSnapshot, IntervalView, NowFigures, RecommendationView, SeatView, SurgeView } from '../snapshot.js';
import { sortSeats } from '../snapshot.js';
import { dayIntervals, isoInZone, localDayKey } from '../time.js';
import { addBucket, rates, sumQueues } from './metrics.js';
import { currentShift } from './shifts.js';
import { BUCKET_MS, countOnPhones, currentActivity, emptyBucket, waitingCalls, type FloorState } from './state.js';

export interface SiteConfig {
  timeZone: string;
  /** 15, 30 or 60. */
  intervalMinutes: number;
  /** T in "answered within T seconds". */
  serviceLevelSeconds: number;
  /** Target service level, 0–1. */
  serviceLevelTarget: number;
}

export interface ViewInput {
  state: FloorState;
  roster: Roster;
  forecast: ForecastInterval[];
  config: SiteConfig;
  now: number;
  simulator: boolean;
  surges?: SurgeView[];
  recommendation?: RecommendationView | null;
  /** Required staff per interval start (ms) when staffing math is available. */
  requiredStaff?: (intervalStartMs: number) => number | null;
  /** Reforecast per interval start (ms); defaults to the forecast. */
  reforecast?: (intervalStartMs: number) => number | null;
}

function nowFigures(state: FloorState, now: number): NowFigures {
  const waiting = waitingCalls(state, now);
  const f: NowFigures = {
    waiting: waiting.length,
    longestWaitSeconds: Math.round(waiting.reduce((m, w) => Math.max(m, w.waitSeconds), 0)),
    onPhones: 0,
    available: 0,
    onCall: 0,
    wrapUp: 0,
    nonPhone: 0,
    training: 0,
    onBreak: 0,
    signedIn: 0,
  };
  for (const p of Object.values(state.staff)) {
    if (!p.signedIn) continue;
    f.signedIn++;
    const { activity } = currentActivity(p);
    if (activity === 'available') f.available++;
    else if (activity === 'on-call') f.onCall++;
    else if (activity === 'wrap-up') f.wrapUp++;
    else if (activity === 'non-phone') f.nonPhone++;
    else if (activity === 'training') f.training++;
    else if (activity === 'break') f.onBreak++;
  }
  f.onPhones = f.available + f.onCall + f.wrapUp;
  return f;
}

/**
 * `isoInZone` of a seat's `since` or an interval's start, remembered: a snapshot is built
 * several times a second and most seats keep their `since` between builds, while each fresh
 * format costs two Intl calls and a few dozen short-lived objects per seat. Bounded; a pure
 * function, so a cache is safe.
 */
const sinceCache = new Map<string, Map<number, string>>();
function isoRemembered(epochMs: number, timeZone: string): string {
  let byMs = sinceCache.get(timeZone);
  if (!byMs) sinceCache.set(timeZone, (byMs = new Map()));
  let iso = byMs.get(epochMs);
  if (iso === undefined) {
    if (byMs.size >= 8192) byMs.clear();
    iso = isoInZone(epochMs, timeZone);
    byMs.set(epochMs, iso);
  }
  return iso;
}

function seatViews(state: FloorState, roster: Roster, timeZone: string): SeatView[] {
  const onRosterStaff = new Set(roster.staff.map((s) => s.staffId));
  const bySeat = new Map<string, { staffId: string; since: number; activity: SeatView['activity']; presenceAt: number }>();
  const unseated: SeatView[] = [];
  for (const p of Object.values(state.staff)) {
    if (!p.signedIn) continue;
    const { activity, sinceMs } = currentActivity(p);
    if (p.seatId === null) {
      unseated.push({
        seatId: `?${p.staffId}`,
        label: '?',
        kind: 'unknown',
        zone: '?',
        row: 0,
        col: 0,
        staffId: p.staffId,
        activity,
        since: isoRemembered(sinceMs, timeZone),
        onRoster: false,
      });
      continue;
    }
    const prev = bySeat.get(p.seatId);
    if (!prev || p.presenceAtMs > prev.presenceAt) bySeat.set(p.seatId, { staffId: p.staffId, since: sinceMs, activity, presenceAt: p.presenceAtMs });
  }
  const views: SeatView[] = roster.seats.map((seat) => {
    const occ = bySeat.get(seat.seatId);
    bySeat.delete(seat.seatId);
    return {
      seatId: seat.seatId,
      label: seat.label,
      kind: seat.kind,
      zone: seat.zone,
      row: seat.row,
      col: seat.col,
      staffId: occ?.staffId ?? null,
      activity: occ?.activity ?? 'signed-out',
      since: occ ? isoRemembered(occ.since, timeZone) : null,
      onRoster: occ ? onRosterStaff.has(occ.staffId) : true,
    };
  });
  // Seats the roster does not know are shown, never dropped.
  let col = 0;
  for (const [seatId, occ] of bySeat) {
    views.push({
      seatId,
      label: seatId,
      kind: 'unknown',
      zone: '?',
      row: 0,
      col: col++,
      staffId: occ.staffId,
      activity: occ.activity,
      since: isoRemembered(occ.since, timeZone),
      onRoster: false,
    });
  }
  for (const u of unseated) views.push({ ...u, col: col++ });
  return sortSeats(views);
}

function intervalViews(input: ViewInput, dayKey: string): { intervals: IntervalView[]; today: DayTotals } {
  const { state, config, now } = input;
  const day = dayIntervals(dayKey, config.timeZone, config.intervalMinutes);
  const forecastByInterval = new Map<number, number>();
  if (day.length) {
    const first = day[0]!.startMs;
    const last = day[day.length - 1]!.endMs;
    for (const f of input.forecast) {
      const t = Date.parse(f.start);
      if (t < first || t >= last) continue;
      const iv = day.find((d) => t >= d.startMs && t < d.endMs);
      if (iv) forecastByInterval.set(iv.startMs, (forecastByInterval.get(iv.startMs) ?? 0) + f.offered);
    }
  }
  const onPhonesNow = countOnPhones(state);
  const dayTotal = emptyBucket();
  let dayPhoneSeconds = 0;
  const intervals = day.map((iv): IntervalView => {
    const figures = emptyBucket();
    let phoneSeconds = 0;
    for (let b = iv.startMs; b < iv.endMs; b += BUCKET_MS) {
      addBucket(figures, sumQueues(state.buckets[String(b)]));
      phoneSeconds += state.phoneStaffSeconds[String(b)] ?? 0;
    }
    // The open part since the last change of who is on the phones.
    const openFrom = Math.max(iv.startMs, state.phoneSecondsUntilMs);
    const openTo = Math.min(iv.endMs, now);
    if (state.phoneSecondsUntilMs > 0 && openTo > openFrom) phoneSeconds += (onPhonesNow * (openTo - openFrom)) / 1000;
    addBucket(dayTotal, figures);
    dayPhoneSeconds += phoneSeconds;
    // Average over the part of the interval actually observed (not before the first staff event).
    const observedFrom = state.phoneSecondsUntilMs > 0 ? Math.max(iv.startMs, state.phoneSecondsFromMs) : iv.endMs;
    const elapsedSeconds = Math.max(0, (Math.min(iv.endMs, now) - observedFrom) / 1000);
    const forecastOffered = forecastByInterval.get(iv.startMs) ?? null;
    const r = rates(figures, phoneSeconds);
    return {
      start: isoRemembered(iv.startMs, config.timeZone),
      label: iv.label,
      forecastOffered,
      reforecastOffered: input.reforecast ? input.reforecast(iv.startMs) : forecastOffered,
      offered: figures.offered,
      answered: figures.answered,
      abandoned: figures.abandoned,
      ...r,
      requiredStaff: input.requiredStaff ? input.requiredStaff(iv.startMs) : null,
      staffedOnPhones: elapsedSeconds > 0 ? Math.round((phoneSeconds / elapsedSeconds) * 10) / 10 : null,
    };
  });
  const r = rates(dayTotal, dayPhoneSeconds);
  return { intervals, today: { offered: dayTotal.offered, answered: dayTotal.answered, abandoned: dayTotal.abandoned, ...r } };
}

/** The live snapshot at `now`: figures for the site-local day containing `now`. */
export function buildSnapshot(input: ViewInput): FloorSnapshot {
  const { state, roster, config, now } = input;
  const dayKey = localDayKey(now, config.timeZone);
  const shift = currentShift(roster.shifts, now, config.timeZone);
  const { intervals, today } = intervalViews(input, dayKey);
  return {
    version: state.version,
    at: isoInZone(now, config.timeZone),
    site: {
      timeZone: config.timeZone,
      intervalMinutes: config.intervalMinutes,
      serviceLevelSeconds: config.serviceLevelSeconds,
      serviceLevelTarget: config.serviceLevelTarget,
      day: dayKey,
      shift: shift ? { name: shift.name, night: shift.night } : null,
      simulator: input.simulator,
      lastEventAt: state.lastReceivedAtMs > 0 ? isoInZone(state.lastReceivedAtMs, config.timeZone) : null,
    },
    now: nowFigures(state, now),
    seats: seatViews(state, roster, config.timeZone),
    intervals,
    today,
    surges: input.surges ?? [],
    recommendation: input.recommendation ?? null,
    staff: roster.staff.map((s) => ({ staffId: s.staffId, name: s.name, role: s.role })),
  };
}
