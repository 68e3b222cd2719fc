import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../shared/errors.js';
import type { ForecastInterval } from '../../shared/roster.js';
import { addDays, dayIntervals, isoInZone } from '../../shared/time.js';
import type { GeneratedForecast, PublishedForecast } from '../../shared/forecasting/generate-api.js';
import { ev, login, postEvents, removeDir, request, startTestServer, WALL_TOKEN, type TestServer } from '../helpers/server.js';

const TIME_ZONE = 'Asia/Shanghai';
/** The server's clock: Thursday 26 November 2026, 10:00 in Shanghai. */
const NOW = Date.parse('2026-11-26T10:00:00+08:00');
const clock = { now: () => NOW };

/** Calls per hour from 08:00 to 19:00 on a weekend day; weekdays take twice as many. */
const HOURLY = [10, 30, 50, 40, 30, 30, 40, 30, 20, 10, 10, 10];
const weekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
const perHour = (day: string, hour: number) => (hour >= 8 && hour < 20 ? HOURLY[hour - 8]! * (weekend(day) ? 1 : 2) : 0);
const aht = (day: string) => (weekend(day) ? 300 : 200);

/** Five weeks of the general queue up to yesterday (22 Oct – 25 Nov), in hourly rows, as an old ACD report. */
function historyCsv(): string {
  const lines = ['start,queue,offered,answered,abandoned,ahtSeconds'];
  for (let day = '2026-10-22'; day <= '2026-11-25'; day = addDays(day, 1)) {
    for (let hour = 8; hour < 20; hour++) {
      const offered = perHour(day, hour);
      lines.push(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00,general,${offered},${offered},0,${aht(day)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A flat stored forecast for `queue` on `days`: 7 calls of 111 s in every 30-minute interval. */
const flat = (days: string[], queue = 'general'): ForecastInterval[] =>
  days.flatMap((d) => dayIntervals(d, TIME_ZONE, 30).map((i) => ({ start: isoInZone(i.startMs, TIME_ZONE), queue, offered: 7, ahtSeconds: 111 })));

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

const call = <T>(method: string, path: string, body?: unknown, token = admin) => request<T>(server.url, method, path, { token, body });
const importHistory = async (csv = historyCsv()) => expect((await request(server.url, 'POST', '/api/v1/history', { token: admin, body: csv, contentType: 'text/csv' })).status).toBe(200);
const storedForecast = async () => (await call<{ intervals: ForecastInterval[] }>('GET', '/api/v1/forecast')).body.intervals;
const putForecast = async (intervals: ForecastInterval[]) => expect((await call('PUT', '/api/v1/forecast', { intervals })).status).toBe(200);
const generate = async (from: string, days: number) => {
  const res = await call<GeneratedForecast>('POST', '/api/v1/forecast/generate', { from, days });
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
  return res.body;
};
const at = (intervals: ForecastInterval[], start: string, queue = 'general') => intervals.find((iv) => iv.start === start && iv.queue === queue)!;

describe('POST /api/v1/forecast/generate', () => {
  it('returns the weekly pattern of five imported weeks for the next two days, and saves nothing', async () => {
    await importHistory();
    const before = await storedForecast();
    const gen = await generate('2026-11-27', 2);
    expect(gen).toMatchObject({ from: '2026-11-27', days: 2, timeZone: TIME_ZONE, intervalMinutes: 30, historyFrom: '2026-05-29', historyTo: '2026-11-25' });
    expect(gen.intervals).toHaveLength(2 * 48);
    expect(gen.notes).toEqual([]);
    // Friday then Saturday: each 30-minute interval is half its hour, at the weekday's AHT.
    for (const day of ['2026-11-27', '2026-11-28']) {
      for (let hour = 0; hour < 24; hour++) {
        for (const minute of ['00', '30']) {
          const iv = at(gen.intervals, `${day}T${String(hour).padStart(2, '0')}:${minute}:00+08:00`);
          expect(iv.offered, `${day} ${hour}:${minute}`).toBeCloseTo(perHour(day, hour) / 2, 2);
          if (perHour(day, hour) > 0) expect(iv.ahtSeconds).toBeCloseTo(aht(day), 1);
        }
      }
    }
    expect(await storedForecast()).toEqual(before);
  });

  it('learns only from days that are over: today\'s live calls so far do not pull tomorrow down', async () => {
    await importHistory();
    // Today (Thursday) so far: 200 calls by 10:00, under a whole Thursday's 720 but not so few as to look like an outage.
    const calls = Array.from({ length: 200 }, (_, i) => ev.offered(`c${i}`, 'general', `2026-11-26T09:${String(Math.floor(i / 4)).padStart(2, '0')}:00+08:00`));
    expect((await postEvents(server.url, calls)).status).toBe(200);
    const gen = await generate('2026-11-27', 1);
    expect(at(gen.intervals, '2026-11-27T10:00:00+08:00').offered).toBeCloseTo(50, 2);
    expect(gen.historyTo).toBe('2026-11-25');
  });

  it('forecasts a day on the admin\'s holiday calendar at the holiday factor, with a note', async () => {
    await importHistory();
    expect((await call('PUT', '/api/v1/holidays', { days: ['2026-11-28'] })).status).toBe(200);
    const gen = await generate('2026-11-27', 2);
    expect(at(gen.intervals, '2026-11-27T10:00:00+08:00').offered).toBeCloseTo(50, 2);
    expect(at(gen.intervals, '2026-11-28T10:00:00+08:00').offered).toBeCloseTo(25 * 0.5, 2);
    expect(gen.notes).toEqual([expect.stringMatching(/queue general: no past holiday .* default factor 0\.5/)]);
  });

  it('also forecasts the queues of the stored forecast (0 calls without history, with a note)', async () => {
    await importHistory();
    await putForecast(flat(['2026-11-20'], 'vip'));
    const gen = await generate('2026-11-27', 1);
    expect([...new Set(gen.intervals.map((iv) => iv.queue))]).toEqual(['general', 'vip']);
    expect(gen.intervals.filter((iv) => iv.queue === 'vip').every((iv) => iv.offered === 0)).toBe(true);
    expect(gen.notes).toContain('queue vip: no history: forecast 0');
  });

  it('answers with notes and no intervals when there is no history and no forecast', async () => {
    const gen = await generate('2026-11-27', 3);
    expect(gen.intervals).toEqual([]);
    expect(gen.notes).toEqual([expect.stringContaining('nothing to forecast')]);
  });

  it.each([
    [{ from: '2026-02-30', days: 2 }, 'from'],
    [{ from: '27/11/2026', days: 2 }, 'from'],
    [{ from: '2026-11-27', days: 0 }, 'days'],
    [{ from: '2026-11-27', days: 63 }, 'days'],
    [{ from: '2026-11-27', days: 1.5 }, 'days'],
    [{ from: '2026-11-27' }, 'days'],
    [{ from: '2026-11-27', days: 2, queues: ['x'] }, ''],
  ])('rejects %j with 400 naming %s', async (body, field) => {
    const res = await call<ErrorBody>('POST', '/api/v1/forecast/generate', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.message).toMatch(/^invalid forecast request at /);
    if (field) expect(res.body.issues![0]!.path).toEqual([field]);
  });
});

describe('POST /api/v1/forecast/publish', () => {
  const stored = flat(['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);

  it('replaces the stored forecast on the days it covers only, keeping the others', async () => {
    await importHistory();
    await putForecast(stored);
    const gen = await generate('2026-11-27', 2);
    const edited = gen.intervals.map((iv) => (iv.start === '2026-11-28T10:00:00+08:00' ? { ...iv, offered: 123, ahtSeconds: 250 } : iv));
    const res = await call<PublishedForecast>('POST', '/api/v1/forecast/publish', { intervals: edited });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ days: ['2026-11-27', '2026-11-28'], intervals: 96, replaced: 96, kept: 96 });

    const after = await storedForecast();
    expect(after).toHaveLength(4 * 48);
    expect(after.filter((iv) => iv.start.startsWith('2026-11-26') || iv.start.startsWith('2026-11-29'))).toEqual(
      stored.filter((iv) => iv.start.startsWith('2026-11-26') || iv.start.startsWith('2026-11-29')),
    );
    expect(after.filter((iv) => iv.start.startsWith('2026-11-27') || iv.start.startsWith('2026-11-28'))).toEqual(edited);
    expect(at(after, '2026-11-28T10:00:00+08:00')).toEqual({ start: '2026-11-28T10:00:00+08:00', queue: 'general', offered: 123, ahtSeconds: 250 });
  });

  it('publishes a month of 15-minute intervals for three queues within the 1 MB body limit, and refuses a bigger body with 413', async () => {
    await importHistory();
    expect((await call('PUT', '/api/v1/settings', { intervalMinutes: 15 })).status).toBe(200);
    await putForecast([...flat(['2026-11-20'], 'vip'), ...flat(['2026-11-20'], 'billing')]);
    const gen = await generate('2026-12-01', 31);
    expect(gen.intervals).toHaveLength(31 * 96 * 3);
    const res = await call<PublishedForecast>('POST', '/api/v1/forecast/publish', { intervals: gen.intervals });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ intervals: 31 * 96 * 3, replaced: 0, kept: 2 * 48 });
    expect(res.body.days).toHaveLength(31);
    expect(await storedForecast()).toHaveLength(31 * 96 * 3 + 2 * 48);
    const tooBig = await call('POST', '/api/v1/forecast/publish', { intervals: gen.intervals, note: 'x'.repeat(1024 * 1024) });
    expect(tooBig.status, JSON.stringify(tooBig.body).slice(0, 300)).toBe(413);
    expect(await storedForecast()).toHaveLength(31 * 96 * 3 + 2 * 48);
  });

  it.each([
    ['an empty list', () => ({ intervals: [] }), 'intervals'],
    ['no list', () => ({}), 'intervals'],
    ['a bad start', () => ({ intervals: [{ ...stored[0]!, start: '2026-11-27 10:00' }] }), 'intervals.0.start'],
    ['negative calls', () => ({ intervals: [stored[0]!, { ...stored[1]!, offered: -1 }] }), 'intervals.1.offered'],
    ['a missing AHT', () => ({ intervals: [{ start: stored[0]!.start, queue: 'general', offered: 3 }] }), 'intervals.0.ahtSeconds'],
    ['a start off the 30-minute grid', () => ({ intervals: [{ ...stored[0]!, start: '2026-11-26T10:15:00+08:00' }] }), 'intervals.0.start'],
    ['the same interval twice', () => ({ intervals: [stored[0]!, stored[1]!, { ...stored[0]!, offered: 9 }] }), 'intervals.2.start'],
  ])('rejects %s with 400 naming the field, and changes nothing', async (_, body, field) => {
    await putForecast(stored);
    const res = await call<ErrorBody>('POST', '/api/v1/forecast/publish', body());
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation');
    expect(res.body.message).toContain(`invalid forecast at ${field}`);
    expect(await storedForecast()).toEqual(stored);
  });
});

describe('who may generate and publish', () => {
  it('answers 403 to a team lead and the wall on both routes, and changes nothing', async () => {
    await importHistory();
    await putForecast(flat(['2026-11-27']));
    expect((await call('POST', '/api/v1/users', { username: 'lead1', password: 'lead-password', role: 'team-lead' })).status).toBe(201);
    const lead = await login(server.url, 'lead1', 'lead-password');
    const intervals = flat(['2026-11-27']).map((iv) => ({ ...iv, offered: 99 }));
    for (const token of [lead, WALL_TOKEN]) {
      const gen = await call<ErrorBody>('POST', '/api/v1/forecast/generate', { from: '2026-11-27', days: 2 }, token);
      expect(gen).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      const pub = await call<ErrorBody>('POST', '/api/v1/forecast/publish', { intervals }, token);
      expect(pub).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    }
    expect(await call('POST', '/api/v1/forecast/publish', { intervals }, 'not-a-token')).toMatchObject({ status: 401 });
    expect(await storedForecast()).toEqual(flat(['2026-11-27']));
  });
});

describe('HistoryService.queueHistory()', () => {
  const bucket = (rows: { startMs: number; queue: string }[], iso: string, queue: string) => rows.find((r) => r.startMs === Date.parse(iso) && r.queue === queue);

  it('lists every 15-minute bucket of each day for each queue seen that day, imported winning per bucket and queue', async () => {
    const t = (hhmm: string) => `2026-11-26T${hhmm}:00+08:00`;
    // The live floor today: a general call at 09:05 (240 s talk + 60 s wrap) and a billing call at 09:06 (120 s).
    const events = [
      ev.signIn('1001', 'IN-1', t('09:00')),
      ev.signIn('1002', 'IN-2', t('09:00')),
      ev.offered('g1', 'general', t('09:05')),
      ev.answered('g1', '1001', t('09:05')),
      ev.ended('g1', t('09:09'), 60),
      ev.offered('b1', 'billing', t('09:06')),
      ev.answered('b1', '1002', t('09:06')),
      ev.ended('b1', t('09:08'), 0),
      ev.offered('g2', 'general', t('09:20')),
    ];
    expect((await postEvents(server.url, events)).status).toBe(200);
    // An import of general 09:00–09:15 today and of general on 25 November.
    await importHistory('start,queue,offered,answered,abandoned,ahtSeconds,minutes\n2026-11-26T09:00:00+08:00,general,10,8,2,100,15\n2026-11-25T14:00:00+08:00,general,4,4,0,90,15\n');

    const rows = await server.running.history.queueHistory('2026-11-25', '2026-11-26');
    // 25 Nov: general only (96 buckets); 26 Nov: billing and general (2 × 96).
    expect(rows).toHaveLength(96 + 2 * 96);
    expect(rows.map((r) => r.startMs)).toEqual([...rows.map((r) => r.startMs)].sort((a, b) => a - b));
    expect(bucket(rows, '2026-11-25T14:00:00+08:00', 'general')).toEqual({ startMs: Date.parse('2026-11-25T14:00:00+08:00'), queue: 'general', offered: 4, ahtSeconds: 90 });
    expect(bucket(rows, '2026-11-25T14:15:00+08:00', 'general')).toMatchObject({ offered: 0, ahtSeconds: null });
    expect(bucket(rows, '2026-11-25T14:00:00+08:00', 'billing')).toBeUndefined();
    // 09:00 general is the import's; billing in the same bucket and general at 09:15 are what the floor saw.
    expect(bucket(rows, t('09:00'), 'general')).toMatchObject({ offered: 10, ahtSeconds: 100 });
    expect(bucket(rows, t('09:00'), 'billing')).toMatchObject({ offered: 1, ahtSeconds: 120 });
    expect(bucket(rows, t('09:15'), 'general')).toMatchObject({ offered: 1, ahtSeconds: null });
    expect(bucket(rows, t('00:00'), 'billing')).toMatchObject({ offered: 0, ahtSeconds: null });
  });
});
