import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttendanceReport, PersonAttendance } from '../../shared/planning/attendance.js';
import type { PlanChecks } from '../../shared/planning/checks.js';
import type { Leave, PlanView } from '../../shared/planning/plan.js';
import { monthDays } from '../../shared/planning/plan.js';
import { addDays, isoInZone, localDayKey } from '../../shared/time.js';
import { ev, login, postEvents, removeDir, request, startTestServer, WALL_TOKEN, type TestServer } from '../helpers/server.js';

const TZ = 'Asia/Shanghai';
/** Epoch ms of a Shanghai wall-clock time on `day`. */
const at = (hhmm: string, day: string) => Date.parse(`${day}T${hhmm}:00+08:00`);
const iso = (hhmm: string, day: string) => new Date(at(hhmm, day)).toISOString();

/**
 * The server's clock, frozen at the start of each test and moved by some. (Not a fixed date:
 * tokens are signed with the server clock's expiry but checked against the real time.)
 */
let nowMs = Date.now();
const clock = { now: () => nowMs };

let server: TestServer;
let admin: string;
let lead: string;
let supervisor: string;

const ROSTER = {
  seats: Array.from({ length: 6 }, (_, i) => ({ seatId: `IN-${i + 1}`, label: `A-${i + 1}`, kind: 'inbound', zone: 'A', row: 0, col: i })),
  staff: [
    ...['1001', '1002', '1003', '1004'].map((staffId) => ({ staffId, name: `员工${staffId}`, role: 'agent', skills: ['general'], shift: 'morning' })),
    { staffId: '1005', name: 'Night Owl', role: 'agent', skills: ['general'], shift: 'night' },
    { staffId: '2001', name: '督导', role: 'business-supervisor', skills: [], shift: 'morning' },
  ],
  shifts: [
    { name: 'morning', start: '08:00', end: '16:00', night: false },
    { name: 'evening', start: '16:00', end: '24:00', night: false },
    { name: 'night', start: '22:00', end: '06:00', night: true },
  ],
};

async function user(username: string, role: string): Promise<string> {
  const res = await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username, password: `${username}-password`, role } });
  expect(res.status).toBe(201);
  return login(server.url, username, `${username}-password`);
}

beforeEach(async () => {
  nowMs = Date.now();
  server = await startTestServer({ clock });
  admin = await login(server.url);
  expect((await request(server.url, 'PUT', '/api/v1/roster', { token: admin, body: ROSTER })).status).toBe(200);
  lead = await user('lead', 'team-lead');
  supervisor = await user('sup', 'site-supervisor');
});
afterEach(async () => {
  await server.close();
  await removeDir(server.dataDir);
});

const putCsv = (csv: string, token = lead, query = '') => request<{ months: string[]; entries: number; error?: string; message?: string; issues?: { path: string[]; message: string }[] }>(server.url, 'PUT', `/api/v1/plan${query}`, { token, body: csv, contentType: 'text/csv' });
const getPlan = async (month: string, token = lead) => (await request<PlanView>(server.url, 'GET', `/api/v1/plan?month=${month}`, { token })).body;
const getChecks = async (month: string, token = lead) => (await request<PlanChecks>(server.url, 'GET', `/api/v1/plan/checks?month=${month}`, { token })).body;
const getAttendance = async (month: string, token = lead) => (await request<AttendanceReport>(server.url, 'GET', `/api/v1/attendance?month=${month}`, { token })).body;
const person = (r: AttendanceReport, staffId: string) => r.people.find((p) => p.staffId === staffId) as PersonAttendance;

const GOOD_CSV = `date,staffId,shift
2026-03-18,1001,morning
2026-03-18,1002,morning
2026-03-19,1005,night
2026-04-01,1001,evening
`;

describe('PUT /api/v1/plan (CSV)', () => {
  it('imports a good file, replacing the months it covers, and a second import changes nothing', async () => {
    const first = await putCsv(GOOD_CSV);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ months: ['2026-03', '2026-04'], entries: 4 });
    const march = await getPlan('2026-03');
    expect(march.entries).toEqual([
      { date: '2026-03-18', staffId: '1001', shift: 'morning' },
      { date: '2026-03-18', staffId: '1002', shift: 'morning' },
      { date: '2026-03-19', staffId: '1005', shift: 'night' },
    ]);
    expect(march).toMatchObject({ month: '2026-03', timeZone: TZ, holidays: [] });
    expect(march.days).toEqual(monthDays('2026-03'));
    expect(march.staff.map((s) => s.staffId)).toContain('2001');
    expect((await getPlan('2026-04')).entries).toEqual([{ date: '2026-04-01', staffId: '1001', shift: 'evening' }]);
    // On disk, one file per month, before the answer came.
    const file = JSON.parse(await fs.readFile(path.join(server.dataDir, 'plan', '2026-03.json'), 'utf8')) as { entries: unknown[] };
    expect(file.entries).toEqual(march.entries);

    const again = await putCsv(`\uFEFF${GOOD_CSV.replace(/\n/g, '\r\n')}`);
    expect(again.body).toEqual(first.body);
    expect(await getPlan('2026-03')).toEqual(march);

    // A file for March alone replaces March and leaves April be.
    expect((await putCsv('date,staffId,shift\n2026-03-05,1003,evening\n')).body).toEqual({ months: ['2026-03'], entries: 1 });
    expect((await getPlan('2026-03')).entries).toEqual([{ date: '2026-03-05', staffId: '1003', shift: 'evening' }]);
    expect((await getPlan('2026-04')).entries).toHaveLength(1);
  });

  it('names every bad row by line and field, and imports nothing', async () => {
    expect((await putCsv(GOOD_CSV)).status).toBe(200);
    const bad = `date,staffId,shift
2026-03-20,1001,morning
2026-03-20,9999,morning
2026-02-30,1002,morning
2026-03-21,1003,siesta
2026-03-20,1001,evening
`;
    const res = await putCsv(bad);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.message).toMatch(/nothing imported/);
    expect(res.body.issues!.map((i) => i.path)).toEqual([
      ['line 3', 'staffId'],
      ['line 4', 'date'],
      ['line 5', 'shift'],
      ['line 6', 'date+staffId'],
    ]);
    expect(res.body.issues![2]!.message).toMatch(/morning, evening, night/);
    expect(res.body.issues![3]!.message).toMatch(/first on line 2/);
    expect((await getPlan('2026-03')).entries).toHaveLength(3);
  });

  it('takes JSON too, and with a month clears it', async () => {
    const json = await request<{ months: string[] }>(server.url, 'PUT', '/api/v1/plan', { token: lead, body: { entries: [{ date: '2026-03-02', staffId: '1001', shift: 'morning' }] } });
    expect(json.body).toEqual({ months: ['2026-03'], entries: 1 });
    const dup = await request<{ issues: { path: (string | number)[] }[] }>(server.url, 'PUT', '/api/v1/plan', {
      token: lead,
      body: { entries: [{ date: '2026-03-02', staffId: '1001', shift: 'morning' }, { date: '2026-03-02', staffId: '1001', shift: 'night' }] },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.issues[0]!.path).toEqual(['entries', 1, 'staffId']);
    const outside = await request(server.url, 'PUT', '/api/v1/plan', { token: lead, body: { month: '2026-04', entries: [{ date: '2026-03-02', staffId: '1001', shift: 'morning' }] } });
    expect(outside.status).toBe(400);
    expect((await request(server.url, 'PUT', '/api/v1/plan', { token: lead, body: { month: '2026-03', entries: [] } })).body).toEqual({ months: ['2026-03'], entries: 0 });
    expect((await getPlan('2026-03')).entries).toEqual([]);
    expect((await request(server.url, 'GET', '/api/v1/plan?month=2026-3', { token: lead })).status).toBe(400);
  });
});

describe('GET /api/v1/plan/checks', () => {
  it('flags a 48-hour week: six eight-hour shifts a week through February', async () => {
    const rows = monthDays('2026-02')
      .filter((d) => new Date(`${d}T00:00:00Z`).getUTCDay() !== 0)
      .map((d) => `${d},1001,morning`);
    rows.push('2026-02-02,1002,morning');
    expect(rows).toHaveLength(25);
    expect((await putCsv(`date,staffId,shift\n${rows.join('\n')}\n`)).status).toBe(200);
    const checks = await getChecks('2026-02');
    expect(checks.hours[0]).toEqual({ staffId: '1001', shifts: 24, plannedHours: 192, weeklyAverageHours: 48, over: true });
    expect(checks.hours[1]).toMatchObject({ staffId: '1002', over: false });
    expect(checks.summary.overHours).toBe(1);
  });

  it('shows a shortfall where the forecast needs more agents than are planned, and reserve flags on holidays', async () => {
    const day = '2026-03-18';
    const intervals = ['09:00', '09:30'].map((hhmm) => ({ start: isoInZone(at(hhmm, day), TZ), queue: 'general', offered: 90, ahtSeconds: 240 }));
    expect((await request(server.url, 'PUT', '/api/v1/forecast', { token: admin, body: { intervals } })).status).toBe(200);
    await putCsv(GOOD_CSV);
    const checks = await getChecks('2026-03', supervisor);
    const d = checks.days.find((x) => x.date === day)!;
    const slot = d.slots.find((s) => s.label === '09:00')!;
    expect(slot.planned).toBe(2);
    expect(slot.required).toBeGreaterThan(2);
    expect(slot.shortfall).toBe(slot.required! - 2);
    expect(d.slots.find((s) => s.label === '10:00')).toMatchObject({ required: null, shortfall: 0 });
    expect(checks.summary.shortfallSlots).toBe(2);
    expect(slot.reserveFlag).toBeNull();

    // Admin declares the day a holiday: now two spare short of five is flagged.
    expect((await request(server.url, 'PUT', '/api/v1/holidays', { token: lead, body: { days: [day] } })).status).toBe(403);
    const put = await request(server.url, 'PUT', '/api/v1/holidays', { token: admin, body: { days: ['2026-05-01', day, day] } });
    expect(put.body).toEqual({ days: [day, '2026-05-01'] });
    expect((await request(server.url, 'GET', '/api/v1/holidays', { token: supervisor })).body).toEqual({ days: [day, '2026-05-01'] });
    expect((await getPlan('2026-03')).holidays).toEqual([day]);
    const after = (await getChecks('2026-03')).days.find((x) => x.date === day)!;
    expect(after.holiday).toBe(true);
    expect(after.slots.find((s) => s.label === '09:00')).toMatchObject({ reserve: 2 - slot.required!, reserveFlag: 'below-minimum' });
    expect((await request(server.url, 'PUT', '/api/v1/holidays', { token: admin, body: { days: ['2026-02-30'] } })).status).toBe(400);
  });
});

describe('GET /api/v1/attendance', () => {
  /** Two days ago and yesterday: still in the floor's live window, and over. */
  let DAY: string;
  let NEXT: string;
  let MONTH: string;
  beforeEach(() => {
    DAY = addDays(localDayKey(nowMs, TZ), -2);
    NEXT = addDays(DAY, 1);
    MONTH = DAY.slice(0, 7);
  });

  async function workTheWeek() {
    const csv = `date,staffId,shift
${DAY},1001,morning
${DAY},1002,morning
${DAY},1003,morning
${DAY},1004,morning
${DAY},1005,night
`;
    expect((await putCsv(csv)).status).toBe(200);
    const meal = { ...ev.signOut('1001', iso('12:00', DAY)), reason: 'meal' as const };
    const res = await postEvents(server.url, [
      ev.signIn('1001', 'IN-1', iso('08:12', DAY)),
      meal,
      ev.signIn('1001', 'IN-1', iso('12:40', DAY)),
      { ...ev.signOut('1001', iso('16:00', DAY)), reason: 'shift-end' },
      ev.signIn('1003', 'IN-3', iso('07:50', DAY)),
      { ...ev.signOut('1003', iso('15:30', DAY)), reason: 'shift-end' },
      ev.signIn('1005', 'IN-5', iso('21:50', DAY)),
      { ...ev.signOut('1005', iso('02:00', NEXT)), reason: 'meal' },
      ev.signIn('1005', 'IN-5', iso('02:30', NEXT)),
      { ...ev.signOut('1005', iso('06:00', NEXT)), reason: 'shift-end' },
    ]);
    expect(res.status).toBe(200);
  }

  it('shows late, absent and early leave from ingested sign-ins; a night shift with a meal is clean', async () => {
    await workTheWeek();
    const r = await getAttendance(MONTH, supervisor);
    expect(person(r, '1001')).toMatchObject({ team: 'morning', planned: 1, late: { count: 1, minutes: 12 }, offPost: { count: 0, minutes: 0 }, absent: { count: 0, minutes: 0 } });
    expect(person(r, '1002')).toMatchObject({ absent: { count: 1, minutes: 480 } });
    expect(person(r, '1003')).toMatchObject({ earlyLeave: { count: 1, minutes: 30 }, late: { count: 0, minutes: 0 } });
    expect(person(r, '1005')).toMatchObject({ team: 'night', late: { count: 0, minutes: 0 }, offPost: { count: 0, minutes: 0 }, earlyLeave: { count: 0, minutes: 0 }, absent: { count: 0, minutes: 0 }, workedMinutes: 450 });
    expect(r.teams.find((t) => t.team === 'morning')).toMatchObject({ people: 4, planned: 4, absent: { count: 2, minutes: 960 }, late: { count: 1, minutes: 12 } });
    expect(r.shifts.find((s) => s.staffId === '1001')).toMatchObject({ status: 'worked', firstInMs: at('08:12', DAY), lateMinutes: 12 });
  });

  it('lets a team lead excuse an absence with sick leave, and take it back', async () => {
    await workTheWeek();
    expect(person(await getAttendance(MONTH), '1004').absent.count).toBe(1);
    const added = await request<Leave>(server.url, 'POST', '/api/v1/attendance/leave', { token: lead, body: { date: DAY, staffId: '1004', kind: 'sick', note: '发烧' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ date: DAY, staffId: '1004', kind: 'sick', note: '发烧', createdBy: 'lead' });
    expect((await request(server.url, 'POST', '/api/v1/attendance/leave', { token: lead, body: { date: DAY, staffId: '1004', kind: 'personal' } })).status).toBe(409);
    expect((await request(server.url, 'POST', '/api/v1/attendance/leave', { token: lead, body: { date: DAY, staffId: '9999', kind: 'sick' } })).status).toBe(400);
    expect((await request(server.url, 'POST', '/api/v1/attendance/leave', { token: lead, body: { date: DAY, staffId: '1002', kind: 'holiday' } })).status).toBe(400);

    const excused = await getAttendance(MONTH);
    expect(person(excused, '1004')).toMatchObject({ absent: { count: 0, minutes: 0 }, sick: { count: 1, minutes: 480 } });
    expect(excused.leaves.map((l) => l.id)).toEqual([added.body.id]);

    expect((await request(server.url, 'DELETE', `/api/v1/attendance/leave/${added.body.id}`, { token: supervisor })).status).toBe(200);
    expect((await request(server.url, 'DELETE', `/api/v1/attendance/leave/${added.body.id}`, { token: lead })).status).toBe(404);
    expect((await request(server.url, 'DELETE', '/api/v1/attendance/leave/nonsense', { token: lead })).status).toBe(404);
    expect(person(await getAttendance(MONTH), '1004').absent.count).toBe(1);
  });

  it('reads the same marks from the day archives a week later', async () => {
    await workTheWeek();
    const live = await getAttendance(MONTH);
    nowMs += 7 * 86_400_000;
    await server.running.floor.checkpoint();
    expect(server.running.floor.presenceSince(0)).toEqual([]);
    const archived = await getAttendance(MONTH);
    expect(archived.people).toEqual(live.people);
  });

  it('exports one CSV row per person, with a BOM', async () => {
    await workTheWeek();
    const res = await fetch(`${server.url}/api/v1/attendance.csv?month=${MONTH}`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`attendance-${MONTH}\\.csv`));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^staffId,name,team,planned,pending,workedMinutes,late,lateMinutes,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['1001', '1002', '1003', '1004', '1005']);
    expect(lines[1]).toMatch(/^1001,员工1001,morning,1,0,/);
  });
});

describe('who may do what', () => {
  it('gives the wall token 403 and no token 401; team leads edit the plan, site supervisors read it', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/plan'],
      ['PUT', '/api/v1/plan'],
      ['GET', '/api/v1/plan/checks'],
      ['GET', '/api/v1/attendance'],
      ['GET', '/api/v1/attendance.csv'],
      ['POST', '/api/v1/attendance/leave'],
      ['PUT', '/api/v1/holidays'],
    ] as const) {
      expect((await request(server.url, method, path, { token: WALL_TOKEN, body: method === 'GET' ? undefined : {} })).status, `${method} ${path}`).toBe(403);
      expect((await request(server.url, method, path, { body: method === 'GET' ? undefined : {} })).status, `${method} ${path}`).toBe(401);
    }
    expect((await putCsv(GOOD_CSV, lead)).status).toBe(200);
    for (const path of ['/api/v1/plan?month=2026-03', '/api/v1/plan/checks?month=2026-03', '/api/v1/attendance?month=2026-03', '/api/v1/holidays']) {
      expect((await request(server.url, 'GET', path, { token: supervisor })).status, path).toBe(200);
    }
    expect((await getPlan('2026-03', supervisor)).entries).toHaveLength(3);
    // Without a month, the site's current month (the server clock's).
    expect((await getPlan('', lead)).month).toBe(localDayKey(nowMs, TZ).slice(0, 7));
  });
});
