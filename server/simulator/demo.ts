/**
 * The demo site a new install starts with: a floor plan, about a hundred staff over the three
 * default shifts, two queues and a forecast that matches them. Pure and deterministic: the
 * same call always returns the same data.
 */
import { DEFAULT_SHIFTS, type ForecastInterval, type NonPhoneWork, type Roster, type Seat, type Staff, type StaffRole } from '../../shared/roster.js';
import { dayIntervals, hhmmToMinutes, isoInZone } from '../../shared/time.js';
import { assignCrews } from './crews.js';
import { chineseNames } from './names.js';
import { billingDaytimeFactor, demoProfile } from './profile.js';

/** The demo's two queues. */
export const DEMO_QUEUES = ['general', 'billing'] as const;

interface QueueModel {
  queue: string;
  /** Forecast calls on an ordinary day. */
  dailyOffered: number;
  ahtSeconds: number;
  weight: (minuteOfDay: number) => number;
}

const QUEUE_MODELS: readonly QueueModel[] = [
  { queue: 'general', dailyOffered: 3900, ahtSeconds: 240, weight: demoProfile },
  { queue: 'billing', dailyOffered: 2100, ahtSeconds: 300, weight: (m) => demoProfile(m) * billingDaytimeFactor(m) },
];

/** Days 1–3 of the month are billing days: customers ring about new bills. */
const BILLING_DAY_LAST = 3;
const BILLING_DAY_UPLIFT = 1.25;

const weightTotals = new Map<string, number>(
  QUEUE_MODELS.map((q) => {
    let total = 0;
    for (let m = 0; m < 1440; m++) total += q.weight(m);
    return [q.queue, total];
  }),
);

/**
 * The demo forecast for the site-local day `dayKey`: one interval of `intervalMinutes` per
 * queue (`general` ≈ 3,900 calls at AHT 240 s, `billing` ≈ 2,100 at 300 s, following
 * {@link demoProfile}), with a +25% month-start uplift on billing days (days 1–3).
 * @example demoForecast('2026-03-10', 'Asia/Shanghai', 30).length // 96 (48 intervals × 2 queues)
 */
export function demoForecast(dayKey: string, timeZone: string, intervalMinutes: number): ForecastInterval[] {
  const dayOfMonth = Number(dayKey.slice(8, 10));
  const uplift = dayOfMonth <= BILLING_DAY_LAST ? BILLING_DAY_UPLIFT : 1;
  const out: ForecastInterval[] = [];
  for (const interval of dayIntervals(dayKey, timeZone, intervalMinutes)) {
    const startMinute = hhmmToMinutes(interval.label);
    const lengthMinutes = Math.round((interval.endMs - interval.startMs) / 60_000);
    for (const model of QUEUE_MODELS) {
      let weight = 0;
      for (let m = startMinute; m < startMinute + lengthMinutes; m++) weight += model.weight(m);
      const offered = (model.dailyOffered * uplift * weight) / (weightTotals.get(model.queue) ?? 1);
      out.push({
        start: isoInZone(interval.startMs, timeZone),
        queue: model.queue,
        offered: Math.round(offered * 100) / 100,
        ahtSeconds: model.ahtSeconds,
      });
    }
  }
  return out;
}

/** How many of each kind of person the demo floor employs (split over shifts by the simulator). */
const DEMO_HEADCOUNT: Readonly<Record<StaffRole, number>> = {
  agent: 104,
  'business-supervisor': 6,
  'team-lead': 4,
  'site-supervisor': 3,
};

/** First staff ID of each role: agents are 1001…, business supervisors 2001…, and so on. */
const FIRST_ID: Readonly<Record<StaffRole, number>> = {
  agent: 1001,
  'business-supervisor': 2001,
  'team-lead': 3001,
  'site-supervisor': 4001,
};

function demoSeats(): Seat[] {
  const seats: Seat[] = [];
  const pad = (n: number) => String(n).padStart(2, '0');
  // Three inbound zones, two rows of twelve: 72 seats, so an incoming shift mostly finds a
  // free seat while the outgoing one is still on the phones.
  let n = 0;
  for (const zone of ['A', 'B', 'C']) {
    for (let row = 0; row < 2; row++) {
      for (let col = 0; col < 12; col++) {
        n++;
        seats.push({ seatId: `IN-${pad(n)}`, label: `${zone}${row + 1}-${pad(col + 1)}`, kind: 'inbound', zone, row, col });
      }
    }
  }
  const nonPhone: [string, NonPhoneWork][] = [
    ['BO', 'back-office'],
    ['QA', 'quality'],
    ['TR', 'training'],
    ['SV', 'supervisor'],
  ];
  n = 0;
  nonPhone.forEach(([code, work], group) => {
    for (let i = 0; i < 3; i++) {
      n++;
      seats.push({ seatId: `NP-${pad(n)}`, label: `${code}-${i + 1}`, kind: 'non-phone', zone: 'D', row: Math.floor(group / 2), col: (group % 2) * 3 + i, work });
    }
  });
  for (let i = 1; i <= 6; i++) seats.push({ seatId: `EM-${i}`, label: `EM-${i}`, kind: 'emergency', zone: 'E', row: 0, col: i - 1 });
  return seats;
}

/** Most agents answer both queues; every fifth only `general`, every seventh only `billing`. */
function agentSkills(index: number): string[] {
  if (index % 5 === 4) return ['general'];
  if (index % 7 === 6) return ['billing'];
  return ['general', 'billing'];
}

function demoStaff(): Staff[] {
  const roles = Object.keys(DEMO_HEADCOUNT) as StaffRole[];
  const total = roles.reduce((sum, role) => sum + DEMO_HEADCOUNT[role], 0);
  const names = chineseNames(total);
  const staff: Staff[] = [];
  for (const role of roles) {
    for (let i = 0; i < DEMO_HEADCOUNT[role]; i++) {
      const skills = role === 'agent' ? agentSkills(i) : role === 'site-supervisor' ? [] : ['general', 'billing'];
      staff.push({ staffId: String(FIRST_ID[role] + i), name: names[staff.length] ?? `员工${staff.length + 1}`, role, skills });
    }
  }
  return staff;
}

/**
 * The demo floor: 72 inbound seats (zones A–C), 12 non-phone seats (zone D: back office,
 * quality, training, supervisor desks), 6 emergency seats (zone E), 117 staff with
 * deterministic Chinese names, and the default shifts. Each person's home `shift` is the one
 * the simulator's crews put them on, so attendance flags on the demo floor make sense.
 * Deterministic.
 */
export function demoRoster(): Roster {
  const roster: Roster = {
    seats: demoSeats(),
    staff: demoStaff(),
    shifts: DEFAULT_SHIFTS.map((s) => ({ ...s })),
  };
  const homeShift = new Map(assignCrews(roster).flatMap((crew) => crew.members.map((m) => [m.staff.staffId, crew.shift.name] as const)));
  return {
    ...roster,
    staff: roster.staff.map((s) => {
      const shift = homeShift.get(s.staffId);
      return shift ? { ...s, shift } : s;
    }),
  };
}
