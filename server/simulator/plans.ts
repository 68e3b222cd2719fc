/**
 * Shift instances (a shift on a given site-local day) and each person's plan for one: when
 * they arrive, take breaks and a meal, and leave. Pure: a plan depends only on the person,
 * the instance and the run's seed.
 */
import type { Shift } from '../../shared/roster.js';
import { addDays, dayStart, zoneOffsetMinutes } from '../../shared/time.js';
import { shiftMinutes, type CrewMember } from './crews.js';
import { Rng } from './random.js';

const MINUTE_MS = 60_000;

/** One shift on one site-local day. */
export interface ShiftInstance {
  /** `<dayKey>/<shift name>`, unique per instance. */
  key: string;
  shift: Shift;
  dayKey: string;
  startMs: number;
  endMs: number;
}

/** A pause in the shift: a break (activity `break`) or the meal (signed out, reason `meal`). */
export interface Pause {
  startMs: number;
  durationMs: number;
}

/** One person's plan for one shift instance. */
export interface ShiftPlan {
  staffId: string;
  instanceKey: string;
  /** When they sign in: 10–15 min before the shift starts, now and then a few minutes late. */
  arriveMs: number;
  /** Shift end: they sign out then, or when their current call is done. */
  leaveMs: number;
  breaks: Pause[];
  meal: Pause | null;
}

/** Where a plan says its person is at an instant. */
export type PlannedState = 'off' | 'in' | 'break' | 'meal';

const LATE_CHANCE = 0.04;
const OVERLONG_BREAK_CHANCE = 0.06;

/**
 * The instant the site-local wall clock reads `minute` minutes after midnight of `dayKey`
 * (minutes past 1440 run into the next days), correcting for a DST change earlier that day.
 */
export function localMinuteToEpoch(dayKey: string, minute: number, timeZone: string): number {
  const days = Math.floor(minute / 1440);
  const day = days === 0 ? dayKey : addDays(dayKey, days);
  const start = dayStart(day, timeZone);
  const naive = start + (minute - days * 1440) * MINUTE_MS;
  return naive + (zoneOffsetMinutes(start, timeZone) - zoneOffsetMinutes(naive, timeZone)) * MINUTE_MS;
}

/** The instance of `shift` that starts on the site-local day `dayKey`. */
export function shiftInstance(dayKey: string, shift: Shift, timeZone: string): ShiftInstance {
  const { startMinute, lengthMinutes } = shiftMinutes(shift);
  return {
    key: `${dayKey}/${shift.name}`,
    shift,
    dayKey,
    startMs: localMinuteToEpoch(dayKey, startMinute, timeZone),
    endMs: localMinuteToEpoch(dayKey, startMinute + lengthMinutes, timeZone),
  };
}

function pause(rng: Rng, startMs: number, minMinutes: number, maxMinutes: number): Pause {
  return { startMs: Math.round(startMs), durationMs: Math.round(rng.uniform(minMinutes, maxMinutes) * MINUTE_MS) };
}

function breakPause(rng: Rng, startMs: number): Pause {
  return rng.chance(OVERLONG_BREAK_CHANCE) ? pause(rng, startMs, 20, 30) : pause(rng, startMs, 10, 15);
}

/**
 * `member`'s plan for `instance`: arrive 10–15 min early (4% of the time 2–20 min late),
 * a 10–15 min break after about an eighth to a third of the shift, a 30–45 min meal in the
 * middle, a second break an hour or so after the meal, staggered across the crew by
 * `member.stagger`. Shifts under four hours get one break and no meal.
 */
export function planShift(member: CrewMember, instance: ShiftInstance, rootSeed: number): ShiftPlan {
  const rng = Rng.stream(rootSeed, `plan:${instance.key}:${member.staff.staffId}`);
  const { startMs, endMs } = instance;
  const lengthMs = endMs - startMs;
  const jitter = () => rng.uniform(-5, 5) * MINUTE_MS;
  const arriveMs = rng.chance(LATE_CHANCE) ? startMs + rng.uniform(2, 20) * MINUTE_MS : startMs - rng.uniform(10, 15) * MINUTE_MS;
  const plan: ShiftPlan = {
    staffId: member.staff.staffId,
    instanceKey: instance.key,
    arriveMs: Math.round(arriveMs),
    leaveMs: endMs,
    breaks: [],
    meal: null,
  };
  const latestEndMs = endMs - 15 * MINUTE_MS;
  if (lengthMs < 4 * 60 * MINUTE_MS) {
    const only = breakPause(rng, startMs + lengthMs * (0.4 + 0.2 * member.stagger) + jitter());
    if (only.startMs + only.durationMs <= latestEndMs) plan.breaks.push(only);
    return plan;
  }
  plan.breaks.push(breakPause(rng, startMs + lengthMs * (0.09 + 0.22 * member.stagger) + jitter()));
  const meal = pause(rng, startMs + lengthMs * (0.375 + 0.25 * member.stagger) + jitter(), 30, 45);
  plan.meal = meal;
  const second = breakPause(rng, meal.startMs + meal.durationMs + lengthMs * rng.uniform(0.125, 0.1875));
  if (second.startMs + second.durationMs <= latestEndMs) plan.breaks.push(second);
  return plan;
}

/** Where `plan` puts its person at `atMs`, and until when that holds (for pauses). */
export function plannedStateAt(plan: ShiftPlan, atMs: number): { state: PlannedState; untilMs: number } {
  if (atMs < plan.arriveMs || atMs >= plan.leaveMs) return { state: 'off', untilMs: atMs < plan.arriveMs ? plan.arriveMs : Infinity };
  const within = (p: Pause) => atMs >= p.startMs && atMs < p.startMs + p.durationMs;
  if (plan.meal && within(plan.meal)) return { state: 'meal', untilMs: plan.meal.startMs + plan.meal.durationMs };
  const onBreak = plan.breaks.find(within);
  if (onBreak) return { state: 'break', untilMs: onBreak.startMs + onBreak.durationMs };
  return { state: 'in', untilMs: plan.leaveMs };
}
