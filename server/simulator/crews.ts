/**
 * Who works which shift, and doing what. A roster names staff and shifts but not who works
 * when, so the simulator derives it deterministically: each role's staff, in staff-ID order,
 * are split over the shifts in proportion to how busy each shift is (agents) or evenly
 * (supervisors and team leads); the last few agents of each shift do non-phone work.
 */
import type { Activity } from '../../shared/events.js';
import { DEFAULT_SHIFTS, type Roster, type Shift, type Staff, type StaffRole } from '../../shared/roster.js';
import { hhmmToMinutes } from '../../shared/time.js';
import { busyProfileBetween } from './profile.js';

/** What a crew member does while signed in: take calls, or one of the non-phone activities. */
export type Duty = 'phone' | 'non-phone' | 'training';

/** One person's place in a shift. */
export interface CrewMember {
  staff: Staff;
  duty: Duty;
  /** Index of this person's usual seat among the seats of the kind their duty uses. */
  homeSeatIndex: number;
  /** 0…1: where in the shift this person's breaks and meal fall, so they are staggered. */
  stagger: number;
}

/** The people who work one shift. */
export interface Crew {
  shift: Shift;
  members: CrewMember[];
}

/** Share of each shift's agents doing back-office or training work instead of phones. */
const NON_PHONE_AGENT_SHARE = 0.06;
/** Minimum staffing weight: even the quietest shift needs a few people on the phones. */
const BASELINE_WEIGHT = 5;

/** The activity a signed-in person with this duty shows when not on a break or a call. */
export function dutyActivity(duty: Duty): Activity {
  return duty === 'phone' ? 'available' : duty;
}

/** Start and length of a shift in local minutes; a shift ending at or before its start ends next day. */
export function shiftMinutes(shift: Shift): { startMinute: number; lengthMinutes: number } {
  const startMinute = hhmmToMinutes(shift.start);
  let endMinute = hhmmToMinutes(shift.end);
  if (endMinute <= startMinute) endMinute += 1440;
  return { startMinute, lengthMinutes: endMinute - startMinute };
}

/**
 * Splits `count` into integers proportional to `weights` (largest remainder), giving every
 * share at least one when there are enough to go round.
 * @example apportion(10, [2, 1, 1]) // [4, 3, 3]: one each, then the other 7 split 2:1:1
 */
export function apportion(count: number, weights: number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const floor = count >= n ? 1 : 0;
  const shares: number[] = weights.map(() => floor);
  const rest = count - floor * n;
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total > 0 ? (rest * w) / total : rest / n));
  exact.forEach((x, i) => (shares[i] = (shares[i] ?? 0) + Math.floor(x)));
  let left = count - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) {
    const i = order[k]?.i ?? 0;
    shares[i] = (shares[i] ?? 0) + 1;
  }
  return shares;
}

const byStaffId = (a: Staff, b: Staff) => a.staffId.localeCompare(b.staffId, 'en', { numeric: true });

function dutyOf(role: StaffRole, indexInShift: number, agentsInShift: number): Duty {
  if (role !== 'agent') return 'non-phone';
  const nonPhone = agentsInShift >= 8 ? Math.max(1, Math.round(agentsInShift * NON_PHONE_AGENT_SHARE)) : 0;
  const fromEnd = agentsInShift - 1 - indexInShift;
  if (fromEnd >= nonPhone) return 'phone';
  return fromEnd % 2 === 0 ? 'training' : 'non-phone';
}

/**
 * The crews of every shift of `roster` (the default shifts when it has none). Deterministic:
 * the same roster always gives the same crews.
 */
export function assignCrews(roster: Roster): Crew[] {
  const shifts = roster.shifts.length > 0 ? roster.shifts : DEFAULT_SHIFTS;
  const busyWeights = shifts.map((shift) => {
    const { startMinute, lengthMinutes } = shiftMinutes(shift);
    return busyProfileBetween(startMinute, startMinute + lengthMinutes) + BASELINE_WEIGHT;
  });
  const evenWeights = shifts.map(() => 1);
  const crews: Crew[] = shifts.map((shift) => ({ shift, members: [] }));
  const roles: StaffRole[] = ['agent', 'business-supervisor', 'team-lead', 'site-supervisor'];
  for (const role of roles) {
    const people = roster.staff.filter((s) => s.role === role).sort(byStaffId);
    const counts = apportion(people.length, role === 'agent' ? busyWeights : evenWeights);
    let next = 0;
    counts.forEach((count, shiftIndex) => {
      const crew = crews[shiftIndex];
      if (!crew) return;
      for (let i = 0; i < count; i++) {
        const staff = people[next++];
        if (staff) crew.members.push({ staff, duty: dutyOf(role, i, count), homeSeatIndex: 0, stagger: 0 });
      }
    });
  }
  // Home seats run on from where the previous shift's stopped, so at handover the incoming
  // crew first fills the seats the outgoing one is not using.
  let phoneSeat = 0;
  let otherSeat = 0;
  for (const crew of crews) {
    const phone = crew.members.filter((m) => m.duty === 'phone');
    const other = crew.members.filter((m) => m.duty !== 'phone');
    phone.forEach((m, i) => {
      m.homeSeatIndex = phoneSeat++;
      m.stagger = phone.length > 1 ? i / phone.length : 0.5;
    });
    other.forEach((m, i) => {
      m.homeSeatIndex = otherSeat++;
      m.stagger = other.length > 1 ? i / other.length : 0.5;
    });
  }
  return crews;
}
