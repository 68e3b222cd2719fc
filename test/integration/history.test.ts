import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../shared/errors.js';
import type { FiveTables } from '../../shared/reports/five-tables.js';
import type { HistoryDay } from '../../shared/reports/history.js';
import { ev, login, postEvents, removeDir, request, startTestServer, WALL_TOKEN, type TestServer } from '../helpers/server.js';

/** The server's clock: 26 November 2026, 10:00 in Shanghai. */
const NOW = Date.parse('2026-11-26T10:00:00+08:00');
const clock = { now: () => NOW };

/**
 * October volume from an old ACD report: the general queue in 60-minute rows (the step
 * between its rows), the billing queue's single row one site interval (30 minutes) long.
 */
const GOOD = `start,queue,offered,answered,abandoned,ahtSeconds
2026-10-30T10:00:00+08:00,general,60,54,6,240
2026-10-30T11:00:00+08:00,general,30,27,3,200
2026-10-31T10:00:00+08:00,general,40,36,4,180
2026-10-31T10:00:00+08:00,billing,10,10,0,300
`;
/** The same file with line 3's offered broken. */
const BAD_FIELD = GOOD.replace('2026-10-30T11:00:00+08:00,general,30', '2026-10-30T11:00:00+08:00,general,lots');
/** A file whose line 3 covers what line 2 already covers. */
const OVERLAP = `start,queue,offered,answered,abandoned,ahtSeconds,minutes
2026-10-29T10:00:00+08:00,general,60,54,6,240,60
2026-10-29T10:30:00+08:00,general,30,27,3,200,30
`;

let server: TestServer;
let admin: string;

beforeEach(async () => {
  server = await startTestServer({ clock });
  admin = await login(server.url);
});
afterEach(async () => {
  await server.close();
  await removeDir(server.dataDir);
});

const importCsv = <T = unknown>(csv: string, token = admin) => request<T>(server.url, 'POST', '/api/v1/history', { token, body: csv, contentType: 'text/csv' });
const history = async (from: string, to: string, token = admin) => {
  const res = await request<{ days: HistoryDay[] }>(server.url, 'GET', `/api/v1/history?from=${from}&to=${to}`, { token });
  expect(res.status).toBe(200);
  return res.body.days;
};
const interval = (day: HistoryDay, label: string) => day.intervals.find((iv) => iv.label === label)!;

describe('history import (CSV)', () => {
  it('re-buckets a good file to the site interval: a 60-minute row shows as two 30-minute intervals', async () => {
    const res = await importCsv<{ rows: number; days: string[]; queues: string[] }>(GOOD);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 4, days: ['2026-10-30', '2026-10-31'], written: ['2026-10-30', '2026-10-31'], queues: ['billing', 'general'] });

    const [oct30, oct31] = await history('2026-10-30', '2026-10-31');
    expect(oct30!.intervals).toHaveLength(48);
    expect(interval(oct30!, '10:00')).toMatchObject({ start: '2026-10-30T10:00:00+08:00', offered: 30, answered: 27, abandoned: 3, ahtSeconds: 240, staffedOnPhones: null, source: 'imported' });
    expect(interval(oct30!, '10:30')).toMatchObject({ offered: 30, answered: 27, abandoned: 3, ahtSeconds: 240 });
    expect(interval(oct30!, '11:00')).toMatchObject({ offered: 15, answered: 13.5, ahtSeconds: 200 });
    expect(interval(oct30!, '12:00')).toMatchObject({ offered: 0, source: 'none' });
    expect(oct30!.totals).toMatchObject({ offered: 90, answered: 81, abandoned: 9 });
    // 10:00 holds half the general row (20 calls of 180 s) and all of billing's (10 of 300 s).
    expect(interval(oct31!, '10:00')).toMatchObject({ offered: 30, answered: 28, ahtSeconds: (18 * 180 + 10 * 300) / 28 });
    expect(interval(oct31!, '10:30')).toMatchObject({ offered: 20, answered: 18 });
  });

  it('rejects a file with one bad row with 400 naming that line and field, and imports nothing', async () => {
    const res = await importCsv<ErrorBody>(BAD_FIELD);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.message).toContain('line 3');
    expect(res.body.message).toContain('offered');
    expect(res.body.issues).toHaveLength(1);
    expect(res.body.issues![0]!.path).toEqual(['line 3', 'offered']);
    const days = await history('2026-10-30', '2026-10-31');
    expect(days.map((d) => d.totals.offered)).toEqual([0, 0]);
    expect(days.every((d) => !d.imported)).toBe(true);
  });

  it('rejects rows of one queue that overlap, naming the later line, and imports nothing', async () => {
    const res = await importCsv<ErrorBody>(OVERLAP);
    expect(res.status).toBe(400);
    expect(res.body.issues![0]!.path).toEqual(['line 3', 'start']);
    expect(res.body.issues![0]!.message).toContain('line 2');
    expect((await history('2026-10-29', '2026-10-29'))[0]!.totals.offered).toBe(0);
  });

  it('changes nothing when the same file is imported again, and writes only the days in the file', async () => {
    await importCsv(GOOD);
    const once = await history('2026-10-29', '2026-11-01');
    const files = path.join(server.dataDir, 'history');
    const oct30File = await fs.readFile(path.join(files, '2026-10-30.json'), 'utf8');
    const again = await importCsv<{ days: string[]; written: string[] }>(GOOD);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ days: ['2026-10-30', '2026-10-31'], written: [] });
    expect(await history('2026-10-29', '2026-11-01')).toEqual(once);
    // A file for 31 October alone leaves 30 October's file as it was.
    expect((await importCsv('start,queue,offered,answered,abandoned,ahtSeconds,minutes\n2026-10-31T10:00:00+08:00,general,8,8,0,100,30\n')).status).toBe(200);
    expect(await fs.readFile(path.join(files, '2026-10-30.json'), 'utf8')).toBe(oct30File);
    expect((await fs.readdir(files)).sort()).toEqual(['2026-10-30.json', '2026-10-31.json']);
    const [oct31] = await history('2026-10-31', '2026-10-31');
    expect(interval(oct31!, '10:00')).toMatchObject({ offered: 18, answered: 18 });
  });

  it('accepts the same rows as JSON', async () => {
    const res = await request(server.url, 'POST', '/api/v1/history', {
      token: admin,
      body: { intervals: [{ start: '2026-10-30T10:00:00+08:00', queue: 'general', offered: 6, answered: 6, abandoned: 0, ahtSeconds: 120, minutes: 30 }] },
    });
    expect(res.status).toBe(200);
    expect(interval((await history('2026-10-30', '2026-10-30'))[0]!, '10:00').offered).toBe(6);
  });

  it('lets only the admin import (the wall token and a team lead get 403); a team lead may still read', async () => {
    expect((await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username: 'lead1', password: 'lead-password', role: 'team-lead' } })).status).toBe(201);
    const lead = await login(server.url, 'lead1', 'lead-password');
    expect((await importCsv(GOOD, WALL_TOKEN)).status).toBe(403);
    expect((await importCsv(GOOD, lead)).status).toBe(403);
    expect((await request(server.url, 'GET', '/api/v1/history?from=2026-10-30&to=2026-10-30', { token: WALL_TOKEN })).status).toBe(403);
    expect((await history('2026-10-30', '2026-10-30', lead))[0]!.totals.offered).toBe(0);
  });
});

describe('history reads', () => {
  it('shows what the live floor counted today, with the average staff on the phones', async () => {
    const at = (hhmm: string) => `2026-11-26T${hhmm}:00+08:00`;
    const events = [ev.signIn('1001', 'IN-1', at('09:00')), ev.signIn('1002', 'IN-2', at('09:00')), ev.offered('c1', 'general', at('09:10')), ev.answered('c1', '1001', at('09:10')), ev.signOut('1002', at('09:15'))];
    expect((await postEvents(server.url, events)).status).toBe(200);
    const [today] = await history('2026-11-26', '2026-11-26');
    expect(today!.status).toBe('today');
    // Two on the phones 09:00–09:15 and one 09:15–09:30 (the last change is 09:15, so only up to it is integrated).
    expect(interval(today!, '09:00')).toMatchObject({ offered: 1, answered: 1, source: 'observed', staffedOnPhones: (2 * 900) / 1800 });
    expect(interval(today!, '09:30').staffedOnPhones).toBe(0);
    // The clock is at 10:00: that interval has not begun.
    expect(interval(today!, '10:00').staffedOnPhones).toBeNull();
  });

  it.each([
    ['from=2026-10-31&to=2026-10-30', 'to'],
    ['from=2026-02-30&to=2026-03-01', 'from'],
    ['from=2026-01-01&to=2026-12-31', 'to'],
    ['to=2026-01-01', 'from'],
  ])('rejects ?%s naming %s', async (query, field) => {
    const res = await request<ErrorBody>(server.url, 'GET', `/api/v1/history?${query}`, { token: admin });
    expect(res.status).toBe(400);
    expect(res.body.issues![0]!.path).toEqual([field]);
  });
});

describe('the five tables', () => {
  beforeEach(async () => {
    await importCsv(GOOD);
    const forecast = [
      { start: '2026-10-30T10:00:00+08:00', queue: 'general', offered: 100, ahtSeconds: 240 },
      { start: '2026-10-31T10:00:00+08:00', queue: 'general', offered: 40, ahtSeconds: 200 },
      { start: '2026-11-02T09:00:00+08:00', queue: 'general', offered: 75, ahtSeconds: 200 },
    ];
    expect((await request(server.url, 'PUT', '/api/v1/forecast', { token: admin, body: { intervals: forecast } })).status).toBe(200);
  });

  it('gives last month\'s (October\'s) imported day totals for November, against the forecast', async () => {
    const res = await request<FiveTables>(server.url, 'GET', '/api/v1/reports/five-tables?month=2026-11', { token: admin });
    expect(res.status).toBe(200);
    const t = res.body;
    expect(t).toMatchObject({ month: '2026-11', previousMonth: '2026-10', timeZone: 'Asia/Shanghai', intervalMinutes: 30 });
    const day = <R extends { day: string }>(rows: R[], d: string) => rows.find((r) => r.day === d)!;
    expect(day(t.actualVsHandled.rows, '2026-10-30')).toMatchObject({ offered: 90, answered: 81, abandoned: 9, answerRate: 0.9 });
    expect(day(t.actualVsHandled.rows, '2026-10-31')).toMatchObject({ offered: 50, answered: 46, abandoned: 4 });
    expect(t.actualVsHandled.totals).toMatchObject({ offered: 140, answered: 127, abandoned: 13 });
    expect(day(t.actualVsForecast.rows, '2026-10-30')).toMatchObject({ actual: 90, forecast: 100, difference: -10, differencePct: -0.1 });
    expect(day(t.actualVsForecast.rows, '2026-10-31')).toMatchObject({ actual: 50, forecast: 40, difference: 10, differencePct: 0.25 });
    expect(day(t.forecastVsSupportable.rows, '2026-11-02')).toMatchObject({ forecastOffered: 75, supportable: null });
    expect(day(t.handledPerStaff.rows, '2026-10-30')).toMatchObject({ answered: 81, averageStaffed: null, actualPerStaff: null });
    expect(day(t.handledPerStaff.rows, '2026-10-30').forecastPerStaff).toBeGreaterThan(0);
  });

  it('defaults to the current site month', async () => {
    const res = await request<FiveTables>(server.url, 'GET', '/api/v1/reports/five-tables', { token: admin });
    expect(res.body.month).toBe('2026-11');
  });

  it('downloads a table as CSV with a BOM, in either language', async () => {
    const res = await fetch(`${server.url}/api/v1/reports/five-tables.csv?month=2026-11&table=3`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('floorboard-five-tables-2026-11-table3.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).split('\r\n');
    expect(lines[0]).toBe('\uFEFFDay,Offered,Answered by staff,Abandoned,Answer rate (%)');
    expect(lines).toContain('2026-10-30,90,81,9,90');
    expect(lines).toContain('Total,140,127,13,90.7');
    const zh = await fetch(`${server.url}/api/v1/reports/five-tables.csv?month=2026-11&table=4&lang=zh-CN`, { headers: { authorization: `Bearer ${admin}` } });
    expect((await zh.text()).split('\r\n')[0]).toBe('日期,实际话务量,预测话务量,偏差,偏差率(%)');
  });

  it('rejects a bad month or table', async () => {
    expect((await request(server.url, 'GET', '/api/v1/reports/five-tables?month=2026-13', { token: admin })).status).toBe(400);
    expect((await request(server.url, 'GET', '/api/v1/reports/five-tables.csv?month=2026-11&table=6', { token: admin })).status).toBe(400);
    expect((await request(server.url, 'GET', '/api/v1/reports/five-tables?month=2026-11')).status).toBe(401);
  });
});
