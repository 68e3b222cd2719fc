import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../shared/errors.js';
import type { ForecastInterval, Roster } from '../../shared/roster.js';
import { login, removeDir, request, startTestServer, WALL_TOKEN, type TestServer } from '../helpers/server.js';

const SEATS = `seatId,label,kind,zone,row,col,work
IN-1,Inbound 1,inbound,A,0,0,
IN-2,Inbound 2,inbound,A,0,1,
NP-1,Training 1,non-phone,B,1,0,training
EM-1,Emergency 1,emergency,C,2,0,
`;
const STAFF = `staffId,name,role,skills,shift
1001,Wang Fang,agent,general;billing,morning
1002,Li Na,agent,general,evening
2001,Zhang Wei,business-supervisor,,night
`;
const SHIFTS = `name,start,end,night
early,07:00,15:00,false
late,15:00,23:00,false
overnight,23:00,24:00,true
`;
const FORECAST = `start,queue,offered,ahtSeconds
2026-03-10T08:00:00+08:00,general,120,240
2026-03-10T08:30:00+08:00,general,130.5,240
2026-03-10T08:00:00+08:00,billing,40,300
`;

/** Each part's good file, the same file with line 3 broken, and the field that breaks. */
const PARTS = [
  { part: 'seats', good: SEATS, bad: SEATS.replace('IN-2,Inbound 2,inbound', 'IN-2,Inbound 2,phone'), field: 'kind', count: 4 },
  { part: 'staff', good: STAFF, bad: STAFF.replace('1002,Li Na,agent', '1002,Li Na,boss'), field: 'role', count: 3 },
  { part: 'shifts', good: SHIFTS, bad: SHIFTS.replace('late,15:00', 'late,3pm'), field: 'start', count: 3 },
] as const;

let server: TestServer;
let admin: string;

beforeEach(async () => {
  server = await startTestServer();
  admin = await login(server.url);
});
afterEach(async () => {
  await server.close();
  await removeDir(server.dataDir);
});

const putCsv = <T = unknown>(pathname: string, csv: string, token = admin) => request<T>(server.url, 'PUT', pathname, { token, body: csv, contentType: 'text/csv' });
const roster = async () => (await request<Roster>(server.url, 'GET', '/api/v1/roster', { token: admin })).body;
const forecast = async () => (await request<{ intervals: ForecastInterval[] }>(server.url, 'GET', '/api/v1/forecast', { token: admin })).body.intervals;

describe('roster CSV import', () => {
  it.each(PARTS)('applies a good $part file and leaves the other parts as they were', async ({ part, good, count }) => {
    const before = await roster();
    const res = await putCsv<Record<string, number>>(`/api/v1/roster?part=${part}`, good);
    expect(res.status).toBe(200);
    expect(res.body[part]).toBe(count);
    const after = await roster();
    expect(after[part]).toHaveLength(count);
    for (const other of ['seats', 'staff', 'shifts'] as const) if (other !== part) expect(after[other]).toEqual(before[other]);
  });

  it('turns CSV columns into the roster\'s JSON: numbers, skills split on ;, night flags, optional work', async () => {
    await putCsv('/api/v1/roster?part=seats', SEATS);
    await putCsv('/api/v1/roster?part=staff', STAFF);
    await putCsv('/api/v1/roster?part=shifts', SHIFTS);
    const r = await roster();
    expect(r.seats[2]).toEqual({ seatId: 'NP-1', label: 'Training 1', kind: 'non-phone', zone: 'B', row: 1, col: 0, work: 'training' });
    expect(r.seats[0]).not.toHaveProperty('work');
    expect(r.staff[0]).toEqual({ staffId: '1001', name: 'Wang Fang', role: 'agent', skills: ['general', 'billing'], shift: 'morning' });
    expect(r.staff[2]!.skills).toEqual([]);
    expect(r.shifts.map((s) => s.night)).toEqual([false, false, true]);
  });

  it.each(PARTS)('rejects a $part file with one bad line: 400 naming exactly that line and field, and nothing changes', async ({ part, good, bad, field }) => {
    await putCsv(`/api/v1/roster?part=${part}`, good);
    const before = await roster();
    const res = await putCsv<ErrorBody>(`/api/v1/roster?part=${part}`, bad);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.message).toContain('nothing imported');
    expect(res.body.issues).toHaveLength(1);
    expect(res.body.issues![0]!.path).toEqual(['line 3', field]);
    expect(await roster()).toEqual(before);
  });

  it('reports every bad line, in file order, and applies none of the good ones', async () => {
    const before = await roster();
    const csv = STAFF.replace('1001,Wang Fang,agent', '1001,,agent').replace('2001,Zhang Wei,business-supervisor', '2001,Zhang Wei,chief');
    const res = await putCsv<ErrorBody>('/api/v1/roster?part=staff', csv);
    expect(res.status).toBe(400);
    expect(res.body.issues!.map((i) => i.path)).toEqual([
      ['line 2', 'name'],
      ['line 4', 'role'],
    ]);
    expect(await roster()).toEqual(before);
  });

  it('names a repeated ID on the line that repeats it', async () => {
    const res = await putCsv<ErrorBody>('/api/v1/roster?part=staff', `${STAFF}1001,Someone Else,agent,general,morning\n`);
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ path: ['line 5', 'staffId'], message: expect.stringContaining('first on line 2') }]);
  });

  it.each(PARTS)('changes nothing when the same $part file is imported again', async ({ part, good }) => {
    await putCsv(`/api/v1/roster?part=${part}`, good);
    const once = await roster();
    const again = await putCsv(`/api/v1/roster?part=${part}`, good);
    expect(again.status).toBe(200);
    expect(await roster()).toEqual(once);
  });

  it('needs ?part= to know what the file holds', async () => {
    const res = await putCsv<ErrorBody>('/api/v1/roster', SEATS);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/part=seats/);
  });
});

describe('forecast CSV import', () => {
  it('applies a good file, replacing the forecast', async () => {
    const res = await putCsv<{ intervals: number }>('/api/v1/forecast', FORECAST);
    expect(res).toMatchObject({ status: 200, body: { intervals: 3 } });
    const intervals = await forecast();
    expect(intervals).toHaveLength(3);
    expect(intervals[1]).toEqual({ start: '2026-03-10T08:30:00+08:00', queue: 'general', offered: 130.5, ahtSeconds: 240 });
  });

  it('rejects a file with one bad line, naming that line and field, and keeps the forecast it had', async () => {
    await putCsv('/api/v1/forecast', FORECAST);
    const before = await forecast();
    const res = await putCsv<ErrorBody>('/api/v1/forecast', FORECAST.replace('2026-03-10T08:30:00+08:00,general,130.5', '2026-03-10T08:30:00+08:00,general,many'));
    expect(res.status).toBe(400);
    expect(res.body.issues).toHaveLength(1);
    expect(res.body.issues![0]!.path).toEqual(['line 3', 'offered']);
    expect(await forecast()).toEqual(before);
  });

  it('names a start without an offset', async () => {
    const res = await putCsv<ErrorBody>('/api/v1/forecast', FORECAST.replace('2026-03-10T08:00:00+08:00,billing', '2026-03-10 08:00,billing'));
    expect(res.status).toBe(400);
    expect(res.body.issues!.map((i) => i.path)).toEqual([['line 4', 'start']]);
  });
});

describe('who may import', () => {
  it.each([
    ['the wall token', () => WALL_TOKEN],
    ['a team lead', async () => {
      await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username: 'lead1', password: 'lead-password-1', role: 'team-lead' } });
      return login(server.url, 'lead1', 'lead-password-1');
    }],
  ])('%s gets 403 for every CSV import, and nothing changes', async (_who, tokenOf) => {
    const token = await tokenOf();
    const before = { roster: await roster(), forecast: await forecast() };
    for (const { part, good } of PARTS) {
      const res = await putCsv<ErrorBody>(`/api/v1/roster?part=${part}`, good, token);
      expect(res.status, part).toBe(403);
      expect(res.body.error).toBe('forbidden');
    }
    expect((await putCsv('/api/v1/forecast', FORECAST, token)).status).toBe(403);
    expect({ roster: await roster(), forecast: await forecast() }).toEqual(before);
  });
});

describe('an empty setup CSV', () => {
  it('is refused rather than emptying the part', async () => {
    const server = await startTestServer();
    try {
      const admin = await login(server.url);
      await request(server.url, 'PUT', '/api/v1/roster?part=staff', { token: admin, body: 'staffId,name,role\n1001,A,agent\n', contentType: 'text/csv' });
      const res = await request<{ message: string }>(server.url, 'PUT', '/api/v1/roster?part=staff', { token: admin, body: 'staffId,name,role\n', contentType: 'text/csv' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/no rows/);
      const roster = await request<{ staff: unknown[] }>(server.url, 'GET', '/api/v1/roster', { token: admin });
      expect(roster.body.staff).toHaveLength(1);
    } finally {
      await server.close();
      await removeDir(server.dataDir);
    }
  });
});

describe('the site queues setting', () => {
  it('keeps a list of queue names and refuses an empty list, a repeat or a bad name, changing nothing', async () => {
    const server = await startTestServer();
    try {
      const admin = await login(server.url);
      const put = (queues: unknown) => request<{ queues?: string[]; error?: string }>(server.url, 'PUT', '/api/v1/settings', { token: admin, body: { queues } });
      expect((await put(['general', 'billing', 'vip'])).body.queues).toEqual(['general', 'billing', 'vip']);
      for (const bad of [[], ['vip', 'vip'], ['has space']]) expect((await put(bad)).status).toBe(400);
      const now = await request<{ queues: string[] }>(server.url, 'GET', '/api/v1/settings', { token: admin });
      expect(now.body.queues).toEqual(['general', 'billing', 'vip']);
    } finally {
      await server.close();
      await removeDir(server.dataDir);
    }
  });
});
