import { describe, expect, it } from 'vitest';
import type { SignOutReason } from '../../shared/events.js';
import type { PresenceMark } from '../../shared/floor/state.js';
import type { Shift, Staff } from '../../shared/roster.js';
import { attendanceCsv, attendanceReport, ATTENDANCE_CSV_COLUMNS, DEFAULT_ATTENDANCE_RULES, type AttendanceInput, type ShiftAttendance } from '../../shared/planning/attendance.js';
import type { Leave, PlanEntry } from '../../shared/planning/plan.js';

const TZ = 'Asia/Shanghai';
const DAY = '2026-03-10';
const NEXT = '2026-03-11';
/** Epoch ms of a Shanghai wall-clock time on `day`. */
const at = (hhmm: string, day = DAY) => Date.parse(`${day}T${hhmm}:00+08:00`);
/** A fixed clock: noon on the 12th, after every shift judged below. */
const NOW = at('12:00', '2026-03-12');

const SHIFTS: Shift[] = [
  { name: 'morning', start: '08:00', end: '16:00', night: false },
  { name: 'evening', start: '16:00', end: '24:00', night: false },
  { name: 'late-night', start: '22:00', end: '06:00', night: true },
];
const STAFF: Pick<Staff, 'staffId' | 'name' | 'shift'>[] = [
  { staffId: '1001', name: '陈静', shift: 'morning' },
  { staffId: '1002', name: '刘洋', shift: 'morning' },
  { staffId: '1003', name: 'Zhou, Min', shift: 'late-night' },
  { staffId: '1004', name: '=cmd', shift: undefined },
];

const inAt = (atMs: number, staffId = '1001'): PresenceMark => ({ staffId, atMs, kind: 'in', seatId: 'IN-1', reason: null, manual: false });
const outAt = (atMs: number, reason: SignOutReason | null = 'shift-end', staffId = '1001'): PresenceMark => ({ staffId, atMs, kind: 'out', seatId: null, reason, manual: false });
const leave = (date: string, staffId: string, kind: Leave['kind']): Leave => ({ id: `${date}~abcd1234`, date, staffId, kind, note: null, createdBy: 'lead', createdAt: new Date(NOW).toISOString() });

function report(over: Partial<AttendanceInput>) {
  return attendanceReport({ month: '2026-03', timeZone: TZ, now: NOW, entries: [], staff: STAFF, shifts: SHIFTS, marks: [], leaves: [], ...over });
}

type Judged = Pick<ShiftAttendance, 'status' | 'lateMinutes' | 'earlyLeaveMinutes' | 'overtimeMinutes'> & { offPost: [number, number] };
/** The one shift `shift` of 1001 on DAY, judged with `marks`. */
function judge(shift: string, marks: PresenceMark[], extra: Partial<AttendanceInput> = {}): Judged {
  const entries: PlanEntry[] = [{ date: DAY, staffId: '1001', shift }];
  const s = report({ entries, marks, ...extra }).shifts[0]!;
  return { status: s.status, lateMinutes: s.lateMinutes, earlyLeaveMinutes: s.earlyLeaveMinutes, overtimeMinutes: s.overtimeMinutes, offPost: [s.offPost.count, s.offPost.minutes] };
}
const ok = (over: Partial<Judged> = {}): Judged => ({ status: 'worked', lateMinutes: 0, earlyLeaveMinutes: 0, overtimeMinutes: 0, offPost: [0, 0], ...over });

describe('attendanceReport(): one planned shift (fixed clock, Asia/Shanghai)', () => {
  it.each<[string, string, PresenceMark[], Judged]>([
    ['on time, in 10 min before and out at the end', 'morning', [inAt(at('07:50')), outAt(at('16:00'))], ok()],
    ['5 min late is within the grace', 'morning', [inAt(at('08:05')), outAt(at('16:00'))], ok()],
    ['signing in at 08:12 is 12 min late', 'morning', [inAt(at('08:12')), outAt(at('16:01'))], ok({ lateMinutes: 12 })],
    ['signing out for good at 15:40 is 20 min early leave', 'morning', [inAt(at('07:55')), outAt(at('15:40'))], ok({ earlyLeaveMinutes: 20 })],
    ['signing out at 15:56 is within the grace', 'morning', [inAt(at('07:55')), outAt(at('15:56'))], ok()],
    ['a last sign-out for a meal that never ends is early leave', 'morning', [inAt(at('07:55')), outAt(at('12:00'), 'meal')], ok({ earlyLeaveMinutes: 240 })],
    ['20 min away without a reason is off post', 'morning', [inAt(at('07:55')), outAt(at('10:00'), null), inAt(at('10:20')), outAt(at('16:00'))], ok({ offPost: [1, 20] })],
    ['signed out "other" twice is off post twice', 'morning', [inAt(at('07:55')), outAt(at('10:00'), 'other'), inAt(at('10:07')), outAt(at('14:00'), 'other'), inAt(at('14:30')), outAt(at('16:00'))], ok({ offPost: [2, 37] })],
    ['4 min away is not off post', 'morning', [inAt(at('07:55')), outAt(at('10:00'), 'other'), inAt(at('10:04')), outAt(at('16:00'))], ok()],
    ['a 50 min meal sign-out is not off post', 'morning', [inAt(at('07:55')), outAt(at('12:00'), 'meal'), inAt(at('12:50')), outAt(at('16:00'))], ok()],
    ['a break sign-out is not off post', 'morning', [inAt(at('07:55')), outAt(at('10:00'), 'break'), inAt(at('10:30')), outAt(at('16:00'))], ok()],
    ['a seat change (signed in again) keeps the stint', 'morning', [inAt(at('07:55')), inAt(at('11:00')), outAt(at('16:00'))], ok()],
    ['no sign-in during the shift is absent', 'morning', [inAt(at('17:00')), outAt(at('18:00'))], { ...ok({ status: 'absent' }) }],
    ['never seen is absent', 'morning', [], { ...ok({ status: 'absent' }) }],
    ['in at 07:00 and out at 17:00 is 30 + 45 min overtime', 'morning', [inAt(at('07:00')), outAt(at('17:00'))], ok({ overtimeMinutes: 75 })],
    ['staying 15 min after the end is not overtime', 'morning', [inAt(at('07:40')), outAt(at('16:15'))], ok()],
    ['still signed in at the end is neither early leave nor absent', 'morning', [inAt(at('07:55'))], ok({ overtimeMinutes: 12 * 60 - 15 })],
    ['night shift across midnight, on time with a meal', 'late-night', [inAt(at('21:50')), outAt(at('02:00', NEXT), 'meal'), inAt(at('02:30', NEXT)), outAt(at('06:02', NEXT))], ok()],
    ['night shift across midnight, 20 min late', 'late-night', [inAt(at('22:20')), outAt(at('06:00', NEXT))], ok({ lateMinutes: 20 })],
    ['night shift, gone at 05:00 on the next day', 'late-night', [inAt(at('21:55')), outAt(at('05:00', NEXT))], ok({ earlyLeaveMinutes: 60 })],
    ['night shift, off post 30 min after midnight', 'late-night', [inAt(at('21:55')), outAt(at('00:10', NEXT), 'other'), inAt(at('00:40', NEXT)), outAt(at('06:00', NEXT))], ok({ offPost: [1, 30] })],
  ])('%s', (_what, shift, marks, expected) => {
    expect(judge(shift, marks)).toEqual(expected);
  });

  it('a shift still running (or not begun) at `now` is pending, not absent', () => {
    const r = report({ entries: [{ date: '2026-03-12', staffId: '1001', shift: 'morning' }, { date: '2026-03-20', staffId: '1001', shift: 'morning' }], marks: [inAt(at('08:30', '2026-03-12'))] });
    expect(r.shifts.map((s) => s.status)).toEqual(['pending', 'pending']);
    expect(r.people[0]).toMatchObject({ planned: 2, pending: 2, absent: { count: 0, minutes: 0 }, late: { count: 0, minutes: 0 } });
  });

  it('overtime never reaches into the same person’s next planned shift', () => {
    const entries: PlanEntry[] = [
      { date: DAY, staffId: '1001', shift: 'morning' },
      { date: DAY, staffId: '1001', shift: 'evening' },
    ];
    const r = report({ entries, marks: [inAt(at('07:55')), outAt(at('23:59'))] });
    // A planned double: each shift is worked in full and nothing is overtime.
    expect(r.shifts.map((s) => [s.shift, s.status, s.overtimeMinutes, s.workedMinutes])).toEqual([
      ['morning', 'worked', 0, 480],
      ['evening', 'worked', 0, 479],
    ]);
  });
});

describe('attendanceReport(): leave', () => {
  it('sick leave excuses the absence and counts the excused shift', () => {
    const r = report({ entries: [{ date: DAY, staffId: '1001', shift: 'morning' }], leaves: [leave(DAY, '1001', 'sick')] });
    expect(r.shifts[0]).toMatchObject({ status: 'leave', leaveKind: 'sick' });
    expect(r.people[0]).toMatchObject({ absent: { count: 0, minutes: 0 }, sick: { count: 1, minutes: 480 }, personal: { count: 0, minutes: 0 } });
  });

  it('personal leave excuses a late arrival and an early leave too', () => {
    const r = report({ entries: [{ date: DAY, staffId: '1001', shift: 'morning' }], marks: [inAt(at('10:00')), outAt(at('12:00'))], leaves: [leave(DAY, '1001', 'personal')] });
    expect(r.people[0]).toMatchObject({ late: { count: 0, minutes: 0 }, earlyLeave: { count: 0, minutes: 0 }, personal: { count: 1, minutes: 480 }, workedMinutes: 120 });
  });

  it('leave on a day without a planned shift counts the day with no minutes', () => {
    const r = report({ leaves: [leave(DAY, '1002', 'personal'), leave('2026-04-01', '1002', 'sick')] });
    expect(r.people).toHaveLength(1);
    expect(r.people[0]).toMatchObject({ staffId: '1002', planned: 0, personal: { count: 1, minutes: 0 }, sick: { count: 0, minutes: 0 } });
    expect(r.leaves).toHaveLength(1);
  });
});

describe('attendanceReport(): per person, per team, CSV', () => {
  const entries: PlanEntry[] = [
    { date: DAY, staffId: '1001', shift: 'morning' },
    { date: NEXT, staffId: '1001', shift: 'morning' },
    { date: DAY, staffId: '1002', shift: 'morning' },
    { date: DAY, staffId: '1003', shift: 'late-night' },
    { date: DAY, staffId: '1004', shift: 'evening' },
    { date: DAY, staffId: '7777', shift: 'evening' },
  ];
  const marks = [
    inAt(at('08:12')),
    outAt(at('16:00')),
    inAt(at('08:30', NEXT)),
    outAt(at('15:00', NEXT)),
    inAt(at('07:58'), '1002'),
    outAt(at('16:00'), 'shift-end', '1002'),
    inAt(at('21:58'), '1003'),
    outAt(at('06:00', NEXT), 'shift-end', '1003'),
    inAt(at('16:00'), '7777'),
    outAt(at('23:59'), 'shift-end', '7777'),
  ];
  const r = report({ entries, marks });

  it('sums each person’s shifts: counts and minutes per kind', () => {
    const p = r.people.find((x) => x.staffId === '1001')!;
    expect(p).toMatchObject({ name: '陈静', team: 'morning', planned: 2, pending: 0, late: { count: 2, minutes: 42 }, earlyLeave: { count: 1, minutes: 60 }, absent: { count: 0, minutes: 0 } });
    expect(p.workedMinutes).toBe(468 + 390);
    expect(r.people.find((x) => x.staffId === '1004')).toMatchObject({ team: '', absent: { count: 1, minutes: 480 } });
    expect(r.people.find((x) => x.staffId === '7777')).toMatchObject({ name: '', team: '' });
  });

  it('groups people by home shift into teams, in roster shift order, people without one last', () => {
    expect(r.teams.map((t) => [t.team, t.people, t.planned, t.late.count, t.late.minutes, t.absent.count])).toEqual([
      ['morning', 2, 3, 2, 42, 0],
      ['late-night', 1, 1, 0, 0, 0],
      ['', 2, 2, 0, 0, 1],
    ]);
  });

  it('exports one CSV row per person with a BOM, quoting and defusing what needs it', () => {
    const csv = attendanceCsv(r);
    expect(csv.startsWith('\uFEFFstaffId,name,team,planned,pending,workedMinutes,late,lateMinutes,earlyLeave,earlyLeaveMinutes,')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + r.people.length);
    expect(lines[0]!.split(',')).toEqual([...ATTENDANCE_CSV_COLUMNS]);
    expect(lines[1]).toBe('1001,陈静,morning,2,0,858,2,42,1,60,0,0,0,0,0,0,0,0,0,0');
    expect(lines[3]).toMatch(/^1003,"Zhou, Min",late-night,/);
    expect(lines[4]).toMatch(/^1004,'=cmd,,/);
  });

  it('uses the documented rules by default', () => {
    expect(r.rules).toEqual(DEFAULT_ATTENDANCE_RULES);
  });
});
