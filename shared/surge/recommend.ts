/**
 * Whom to pull onto the phones during a surge, following the rulebook: by day only as many
 * as close the gap; by night every non-phone person but one business supervisor (业务督导);
 * emergency seats called in when even that is not enough; release when the surge is over.
 * Pure and deterministic: the same input gives the same recommendation and id.
 */
import type { Activity } from '../events.js';
import type { NonPhoneWork, Roster, Seat, Shift } from '../roster.js';

export interface PullMove {
  staffId: string;
  fromSeatId: string | null;
  toSeatId: string;
}

export interface RecommendConfig {
  /** Non-phone work in the order it gives people up (first listed, first pulled). */
  pullPriority: NonPhoneWork[];
  /** Emergency seats kept for overtime (the rulebook keeps 5–7): most to call in at once. */
  emergencyReserve: number;
}

export const DEFAULT_RECOMMEND_CONFIG: RecommendConfig = {
  pullPriority: ['training', 'quality', 'back-office', 'supervisor'],
  emergencyReserve: 6,
};

/** A signed-in staff member as the recommendation sees them. */
export interface FloorPerson {
  staffId: string;
  seatId: string | null;
  activity: Activity;
}

export interface RecommendationReason {
  code: 'day-gap' | 'night-rule' | 'release';
  requiredStaff: number;
  onPhones: number;
  gap: number;
  /** Non-phone staff who could be pulled. */
  candidates: number;
}

export type Recommendation =
  | {
      id: string;
      kind: 'pull';
      surgeIds: string[];
      pull: PullMove[];
      /** Emergency seats to fill by calling staff in (0 when pulling closes the gap). */
      callInEmergency: number;
      /** Erlang service level with the pulled and called-in staff on the phones. */
      expectedServiceLevel: number | null;
      /** Night rule: the business supervisor who stays on the floor. */
      keepOnFloor: string | null;
      night: boolean;
      reason: RecommendationReason;
    }
  | {
      id: string;
      kind: 'release';
      surgeIds: string[];
      /** Back to where each came from (`toSeatId` is their own seat again). */
      release: PullMove[];
      reason: RecommendationReason;
    };

export interface RecommendInput {
  /** Active surge ids; none means nothing to pull (and maybe staff to release). */
  surgeIds: string[];
  /** Everyone signed in. */
  people: FloorPerson[];
  roster: Roster;
  /** The shift on duty now (its `night` flag switches the night rule on). */
  shift: Shift | null;
  /** Staff needed on the live arrival rate, and staff on the phones now. */
  requiredStaff: number;
  onPhones: number;
  /** The queue most in need: people with that skill go first. */
  queue: string | null;
  /** Erlang service level with `staff` on the phones, or null when it cannot be said. */
  serviceLevelAt: (staff: number) => number | null;
  /** When each person was last pulled (epoch ms), for fair rotation between surges. */
  lastPulledAtMs: Record<string, number>;
  /** Pulled earlier in the surge (accepted) and not yet released. */
  pulled: PullMove[];
  config: RecommendConfig;
}

const NON_PHONE_WORK: Activity[] = ['non-phone', 'training'];
/** Those who run the floor are never pulled. */
const NEVER_PULLED = new Set(['site-supervisor', 'team-lead']);

/** FNV-1a, 32-bit: a short, stable id from the recommendation's content. */
function hashId(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

const seatOrder = (a: Seat, b: Seat) => a.zone.localeCompare(b.zone) || a.row - b.row || a.col - b.col || a.seatId.localeCompare(b.seatId);

/** Free seats, inbound first then emergency, in floor order. */
function freeSeats(roster: Roster, people: FloorPerson[]): Seat[] {
  const taken = new Set(people.map((p) => p.seatId).filter((s): s is string => s !== null));
  const free = roster.seats.filter((s) => !taken.has(s.seatId));
  return [...free.filter((s) => s.kind === 'inbound').sort(seatOrder), ...free.filter((s) => s.kind === 'emergency').sort(seatOrder)];
}

function releaseOf(input: RecommendInput): Recommendation | null {
  const signedIn = new Map(input.people.map((p) => [p.staffId, p]));
  // Only those who actually moved go back; someone still at their own seat never left.
  const release = input.pulled
    .filter((m) => signedIn.has(m.staffId) && m.fromSeatId !== null && signedIn.get(m.staffId)!.seatId !== m.fromSeatId)
    .map((m) => ({ staffId: m.staffId, fromSeatId: signedIn.get(m.staffId)!.seatId, toSeatId: m.fromSeatId! }))
    .sort((a, b) => a.staffId.localeCompare(b.staffId));
  if (release.length === 0) return null;
  return {
    id: `rel-${hashId(JSON.stringify(release))}`,
    kind: 'release',
    surgeIds: [],
    release,
    reason: { code: 'release', requiredStaff: input.requiredStaff, onPhones: input.onPhones, gap: 0, candidates: 0 },
  };
}

/**
 * The recommendation for the floor now, or null.
 * @example
 * // Day shift, 3 short: the three non-phone people with the queue's skill, training first.
 * recommend({ surgeIds: ['deviation-1'], requiredStaff: 45, onPhones: 42, shift: { night: false, … }, … })
 * // → { kind: 'pull', pull: [3 moves], callInEmergency: 0, … }
 */
export function recommend(input: RecommendInput): Recommendation | null {
  if (input.surgeIds.length === 0) return releaseOf(input);
  const gap = Math.ceil(input.requiredStaff) - input.onPhones;
  if (gap <= 0) return null;

  const staffById = new Map(input.roster.staff.map((s) => [s.staffId, s]));
  const seatById = new Map(input.roster.seats.map((s) => [s.seatId, s]));
  const pulledIds = new Set(input.pulled.map((m) => m.staffId));
  const candidates = input.people.filter(
    (p) => NON_PHONE_WORK.includes(p.activity) && !pulledIds.has(p.staffId) && !NEVER_PULLED.has(staffById.get(p.staffId)?.role ?? 'agent'),
  );

  const priority = (p: FloorPerson): number => {
    const work: NonPhoneWork = p.activity === 'training' ? 'training' : (seatById.get(p.seatId ?? '')?.work ?? 'back-office');
    const i = input.config.pullPriority.indexOf(work);
    return i === -1 ? input.config.pullPriority.length : i;
  };
  const skilled = (p: FloorPerson): number => (input.queue !== null && staffById.get(p.staffId)?.skills.includes(input.queue) ? 0 : 1);
  const ordered = [...candidates].sort(
    (a, b) =>
      skilled(a) - skilled(b) ||
      priority(a) - priority(b) ||
      (input.lastPulledAtMs[a.staffId] ?? -1) - (input.lastPulledAtMs[b.staffId] ?? -1) ||
      a.staffId.localeCompare(b.staffId),
  );

  const night = input.shift?.night === true;
  let keepOnFloor: string | null = null;
  let chosen: FloorPerson[];
  if (night) {
    // Night rule: everyone off the phones joins the lines, but one business supervisor stays
    // (the one at a supervisor desk if any).
    const supervisors = ordered
      .filter((p) => staffById.get(p.staffId)?.role === 'business-supervisor')
      .sort((a, b) => Number(seatById.get(b.seatId ?? '')?.work === 'supervisor') - Number(seatById.get(a.seatId ?? '')?.work === 'supervisor') || a.staffId.localeCompare(b.staffId));
    keepOnFloor = supervisors[0]?.staffId ?? null;
    chosen = ordered.filter((p) => p.staffId !== keepOnFloor);
  } else {
    chosen = ordered.slice(0, gap);
  }

  const seats = freeSeats(input.roster, input.people);
  const pull: PullMove[] = chosen.slice(0, seats.length).map((p, i) => ({ staffId: p.staffId, fromSeatId: p.seatId, toSeatId: seats[i]!.seatId }));
  const emergencyLeft = seats.slice(pull.length).filter((s) => s.kind === 'emergency').length;
  const stillShort = Math.max(0, gap - pull.length);
  const callInEmergency = Math.min(stillShort, emergencyLeft, input.config.emergencyReserve);
  if (pull.length === 0 && callInEmergency === 0) return null;

  const surgeIds = [...input.surgeIds].sort();
  return {
    id: `rec-${hashId(JSON.stringify([surgeIds, pull, callInEmergency, keepOnFloor]))}`,
    kind: 'pull',
    surgeIds,
    pull,
    callInEmergency,
    expectedServiceLevel: input.serviceLevelAt(input.onPhones + pull.length + callInEmergency),
    keepOnFloor,
    night,
    reason: { code: night ? 'night-rule' : 'day-gap', requiredStaff: Math.ceil(input.requiredStaff), onPhones: input.onPhones, gap, candidates: candidates.length },
  };
}
