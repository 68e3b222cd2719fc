/**
 * Monthly attendance (考勤, published once a month) from sign-in and sign-out marks against the
 * shift plan. Pure: the plan, the marks, the leave and `now` in, the report out.
 *
 * Each planned shift of the month (start `S`, end `E`, in the site's zone; it may wrap
 * midnight) is judged once it has ended (`E ≤ now`); until then it is `pending`. A person's
 * marks make **stints** (sign-in to sign-out; one still open runs to `now`). With the default
 * {@link DEFAULT_ATTENDANCE_RULES}:
 * - **absent** (旷工): no stint overlaps `[S, E)`; minutes = the shift's length;
 * - **late** (迟到): the first stint overlapping the shift starts after `S + 5 min`; minutes from `S`;
 * - **early leave** (早退): the last stint overlapping the shift ended (whatever the reason)
 *   before `E − 5 min`; minutes to `E`;
 * - **off post** (脱岗): between two stints of the shift, signed out with a reason other than
 *   `meal` or `break` for more than 5 min; each such gap counts once, minutes are the whole gaps
 *   (a meal or break sign-out is never off post, however long);
 * - **overtime** (加班): minutes signed in after `E + 15 min` or before `S − 30 min`, within the
 *   shift's reach: up to 12 h either side, and never past the midpoint to the same person's
 *   previous or next planned shift (so a stint is never counted for two shifts);
 * - **sick / personal leave** (病事假): entered by a team lead for a person and day; the shift
 *   planned that day is excused entirely (no absence, lateness or early leave); minutes are the
 *   excused shift's length (0 when nothing was planned).
 * Marks on days without a planned shift are outside every shift's reach and count for nothing.
 *
 * **Team** (班组): a person's home shift (`Staff.shift`, the crew they belong to), or `''` for
 * people without one: the team lead of a crew answers for its attendance.
 */
import type { Shift, Staff } from '../roster.js';
import type { PresenceMark } from '../floor/state.js';
import { monthOf, plannedShift, type Leave, type LeaveKind, type PlanEntry } from './plan.js';
import { ATTENDANCE_KINDS } from '../vocabulary.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Slack and thresholds, minutes. */
export interface AttendanceRules {
  /** Signing in up to this long after the start is on time. */
  lateGraceMinutes: number;
  /** Signing out for good up to this long before the end is not early leave. */
  earlyGraceMinutes: number;
  /** A gap (without a meal or break reason) up to this long is not off post. */
  offPostMinutes: number;
  /** Staying up to this long after the end (the handover) is not overtime. */
  overtimeAfterMinutes: number;
  /** Arriving up to this long before the start is not overtime (the rulebook asks for 10–15). */
  overtimeBeforeMinutes: number;
  /** How far either side of a shift its overtime reaches, hours. */
  reachHours: number;
}

export const DEFAULT_ATTENDANCE_RULES: AttendanceRules = {
  lateGraceMinutes: 5,
  earlyGraceMinutes: 5,
  offPostMinutes: 5,
  overtimeAfterMinutes: 15,
  overtimeBeforeMinutes: 30,
  reachHours: 12,
};

/** The kinds a report counts, in report order. */
export { ATTENDANCE_KINDS };
export type AttendanceKind = (typeof ATTENDANCE_KINDS)[number];

/** How often, and for how many whole minutes. */
export interface Tally {
  count: number;
  minutes: number;
}

export type Tallies = Record<AttendanceKind, Tally>;

/** One planned shift, judged. */
export interface ShiftAttendance {
  date: string;
  staffId: string;
  shift: string;
  startMs: number;
  endMs: number;
  plannedMinutes: number;
  status: 'worked' | 'absent' | 'leave' | 'pending';
  leaveKind: LeaveKind | null;
  /** First sign-in of the first stint overlapping the shift (may be before the start). */
  firstInMs: number | null;
  /** Last sign-out of the last stint overlapping the shift; null while still signed in. */
  lastOutMs: number | null;
  /** Signed-in minutes within the shift. */
  workedMinutes: number;
  lateMinutes: number;
  earlyLeaveMinutes: number;
  offPost: Tally;
  overtimeMinutes: number;
}

export interface PersonAttendance extends Tallies {
  staffId: string;
  /** '' for someone no longer on the roster. */
  name: string;
  team: string;
  /** Shifts planned in the month. */
  planned: number;
  /** Planned shifts not yet ended. */
  pending: number;
  workedMinutes: number;
}

export interface TeamAttendance extends Tallies {
  /** Home shift name, or '' for people without one. */
  team: string;
  people: number;
  planned: number;
  pending: number;
  workedMinutes: number;
}

export interface AttendanceReport {
  month: string;
  timeZone: string;
  /** When it was worked out (epoch ms). */
  nowMs: number;
  rules: AttendanceRules;
  people: PersonAttendance[];
  teams: TeamAttendance[];
  /** Every planned shift of the month, judged, by date then staff. */
  shifts: ShiftAttendance[];
  leaves: Leave[];
}

export interface AttendanceInput {
  /** `YYYY-MM`. */
  month: string;
  timeZone: string;
  /** Epoch ms. */
  now: number;
  /** The month's entries; neighbouring days' entries only bound the reach of overtime. */
  entries: readonly PlanEntry[];
  staff: readonly Pick<Staff, 'staffId' | 'name' | 'shift'>[];
  shifts: readonly Shift[];
  /** Sign-ins and sign-outs from a day before the month to a day after it, any order. */
  marks: readonly PresenceMark[];
  /** The month's leave. */
  leaves: readonly Leave[];
  rules?: AttendanceRules;
}

interface Stint {
  inMs: number;
  /** Null while still signed in. */
  outMs: number | null;
  outReason: PresenceMark['reason'];
}

/** Stints from one person's marks in time order: a repeated sign-in (a seat change) continues the stint. */
function stintsOf(marks: readonly PresenceMark[]): Stint[] {
  const out: Stint[] = [];
  let openAt: number | null = null;
  for (const m of marks) {
    if (m.kind === 'in') openAt ??= m.atMs;
    else if (openAt !== null) {
      out.push({ inMs: openAt, outMs: m.atMs, outReason: m.reason });
      openAt = null;
    }
  }
  if (openAt !== null) out.push({ inMs: openAt, outMs: null, outReason: null });
  return out;
}

const overlapMs = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
const wholeMinutes = (ms: number) => Math.max(0, Math.floor(ms / MINUTE_MS));

export function emptyTallies(): Tallies {
  return { late: { count: 0, minutes: 0 }, earlyLeave: { count: 0, minutes: 0 }, offPost: { count: 0, minutes: 0 }, absent: { count: 0, minutes: 0 }, overtime: { count: 0, minutes: 0 }, sick: { count: 0, minutes: 0 }, personal: { count: 0, minutes: 0 } };
}

function add(t: Tally, minutes: number, count = 1): void {
  t.count += count;
  t.minutes += minutes;
}

/**
 * The month's attendance per shift, per person and per team.
 * @example
 * // 1001 planned on the morning shift (08:00–16:00) of 2026-03-10, signed in 08:12, out 16:02:
 * attendanceReport({ month: '2026-03', now: <03-11>, … }).people[0].late // → { count: 1, minutes: 12 }
 */
export function attendanceReport(input: AttendanceInput): AttendanceReport {
  const { month, timeZone, now } = input;
  const rules = input.rules ?? DEFAULT_ATTENDANCE_RULES;
  const marksBy = new Map<string, PresenceMark[]>();
  for (const m of [...input.marks].sort((a, b) => a.atMs - b.atMs)) {
    const list = marksBy.get(m.staffId);
    if (list) list.push(m);
    else marksBy.set(m.staffId, [m]);
  }
  const leaveBy = new Map(input.leaves.filter((l) => monthOf(l.date) === month).map((l) => [`${l.date}|${l.staffId}`, l]));
  const plannedBy = new Map<string, ReturnType<typeof plannedShift>[]>();
  for (const e of input.entries) {
    const p = plannedShift(e, input.shifts, timeZone);
    if (!p) continue;
    const list = plannedBy.get(e.staffId) ?? [];
    list.push(p);
    plannedBy.set(e.staffId, list);
  }

  const shifts: ShiftAttendance[] = [];
  for (const [staffId, list] of plannedBy) {
    const planned = list.filter((p) => p !== null).sort((a, b) => a.startMs - b.startMs);
    const stints = stintsOf(marksBy.get(staffId) ?? []);
    planned.forEach((p, i) => {
      if (monthOf(p.date) !== month) return;
      const S = p.startMs;
      const E = p.endMs;
      const leave = leaveBy.get(`${p.date}|${staffId}`) ?? null;
      const judged: ShiftAttendance = {
        date: p.date,
        staffId,
        shift: p.shift,
        startMs: S,
        endMs: E,
        plannedMinutes: wholeMinutes(E - S),
        status: 'pending',
        leaveKind: leave?.kind ?? null,
        firstInMs: null,
        lastOutMs: null,
        workedMinutes: 0,
        lateMinutes: 0,
        earlyLeaveMinutes: 0,
        offPost: { count: 0, minutes: 0 },
        overtimeMinutes: 0,
      };
      shifts.push(judged);
      const within = stints.filter((s) => s.inMs < E && (s.outMs ?? now) > S);
      if (within.length) {
        judged.firstInMs = within[0]!.inMs;
        judged.lastOutMs = within.at(-1)!.outMs;
        judged.workedMinutes = wholeMinutes(within.reduce((ms, s) => ms + overlapMs(S, E, s.inMs, s.outMs ?? now), 0));
      }
      if (leave) {
        judged.status = 'leave';
        return;
      }
      if (E > now) return;
      if (!within.length) {
        judged.status = 'absent';
        return;
      }
      judged.status = 'worked';
      const first = within[0]!;
      if (first.inMs > S + rules.lateGraceMinutes * MINUTE_MS) judged.lateMinutes = wholeMinutes(first.inMs - S);
      const lastOut = within.at(-1)!.outMs;
      if (lastOut !== null && lastOut < E - rules.earlyGraceMinutes * MINUTE_MS) judged.earlyLeaveMinutes = wholeMinutes(E - lastOut);
      for (let k = 0; k + 1 < within.length; k++) {
        const away = within[k]!;
        if (away.outReason === 'meal' || away.outReason === 'break') continue;
        const gapMs = overlapMs(S, E, away.outMs!, within[k + 1]!.inMs);
        if (gapMs > rules.offPostMinutes * MINUTE_MS) add(judged.offPost, wholeMinutes(gapMs));
      }
      // Overtime: signed in within the shift's reach but outside [S − before, E + after].
      const reachMs = rules.reachHours * HOUR_MS;
      const prev = planned[i - 1];
      const next = planned[i + 1];
      const from = Math.max(S - reachMs, prev ? (prev.endMs + S) / 2 : -Infinity);
      const to = Math.min(E + reachMs, next ? (E + next.startMs) / 2 : Infinity);
      const early = S - rules.overtimeBeforeMinutes * MINUTE_MS;
      const late = E + rules.overtimeAfterMinutes * MINUTE_MS;
      let overtimeMs = 0;
      for (const s of stints) {
        const end = s.outMs ?? now;
        overtimeMs += overlapMs(from, early, s.inMs, end) + overlapMs(late, to, s.inMs, end);
      }
      judged.overtimeMinutes = wholeMinutes(overtimeMs);
    });
  }
  shifts.sort((a, b) => a.date.localeCompare(b.date) || a.startMs - b.startMs || a.staffId.localeCompare(b.staffId, 'en', { numeric: true }));

  const roster = new Map(input.staff.map((s) => [s.staffId, s]));
  const people = new Map<string, PersonAttendance>();
  const person = (staffId: string): PersonAttendance => {
    let p = people.get(staffId);
    if (!p) {
      const s = roster.get(staffId);
      p = { staffId, name: s?.name ?? '', team: s?.shift ?? '', planned: 0, pending: 0, workedMinutes: 0, ...emptyTallies() };
      people.set(staffId, p);
    }
    return p;
  };
  for (const s of shifts) {
    const p = person(s.staffId);
    p.planned++;
    p.workedMinutes += s.workedMinutes;
    if (s.status === 'pending') p.pending++;
    if (s.status === 'absent') add(p.absent, s.plannedMinutes);
    if (s.lateMinutes > 0) add(p.late, s.lateMinutes);
    if (s.earlyLeaveMinutes > 0) add(p.earlyLeave, s.earlyLeaveMinutes);
    if (s.offPost.count > 0) add(p.offPost, s.offPost.minutes, s.offPost.count);
    if (s.overtimeMinutes > 0) add(p.overtime, s.overtimeMinutes);
  }
  const excused = new Map(shifts.filter((s) => s.status === 'leave').map((s) => [`${s.date}|${s.staffId}`, s.plannedMinutes]));
  for (const [key, l] of leaveBy) add(person(l.staffId)[l.kind], excused.get(key) ?? 0);

  const byStaff = [...people.values()].sort((a, b) => a.staffId.localeCompare(b.staffId, 'en', { numeric: true }));
  const teams = new Map<string, TeamAttendance>();
  for (const p of byStaff) {
    let t = teams.get(p.team);
    if (!t) teams.set(p.team, (t = { team: p.team, people: 0, planned: 0, pending: 0, workedMinutes: 0, ...emptyTallies() }));
    t.people++;
    t.planned += p.planned;
    t.pending += p.pending;
    t.workedMinutes += p.workedMinutes;
    for (const k of ATTENDANCE_KINDS) add(t[k], p[k].minutes, p[k].count);
  }
  const shiftOrder = input.shifts.map((s) => s.name);
  const teamRank = (team: string) => (team === '' ? Infinity : shiftOrder.indexOf(team) === -1 ? shiftOrder.length : shiftOrder.indexOf(team));
  const teamList = [...teams.values()].sort((a, b) => teamRank(a.team) - teamRank(b.team) || a.team.localeCompare(b.team));

  return { month, timeZone, nowMs: now, rules, people: byStaff, teams: teamList, shifts, leaves: [...leaveBy.values()].sort((a, b) => a.date.localeCompare(b.date) || a.staffId.localeCompare(b.staffId, 'en', { numeric: true })) };
}

/** CSV columns, one row per person: counts and whole minutes per kind. */
export const ATTENDANCE_CSV_COLUMNS = [
  'staffId',
  'name',
  'team',
  'planned',
  'pending',
  'workedMinutes',
  ...ATTENDANCE_KINDS.flatMap((k) => [k, `${k}Minutes`]),
] as const;

const cell = (v: string | number) => {
  const text = String(v);
  // Quote what CSV needs quoted, and defuse spreadsheet formulas in names.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof v === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * The report as CSV for spreadsheets: a UTF-8 BOM (so Excel reads Chinese names), a header of
 * {@link ATTENDANCE_CSV_COLUMNS}, one row per person, CRLF line ends.
 * @example attendanceCsv(report).split('\r\n')[0] // '\uFEFFstaffId,name,team,planned,pending,workedMinutes,late,lateMinutes,…'
 */
export function attendanceCsv(report: Pick<AttendanceReport, 'people'>): string {
  const rows = report.people.map((p) => [p.staffId, p.name, p.team, p.planned, p.pending, p.workedMinutes, ...ATTENDANCE_KINDS.flatMap((k) => [p[k].count, p[k].minutes])]);
  return `\uFEFF${[ATTENDANCE_CSV_COLUMNS as readonly (string | number)[], ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
