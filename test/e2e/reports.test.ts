import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoForecast } from '../../server/simulator/demo.js';
import { LowdbStore } from '../../server/store/lowdb-store.js';
import { BUCKET_MS, emptyBucket, type Bucket } from '../../shared/floor/state.js';
import { monthDays } from '../../shared/reports/five-tables.js';
import type { ForecastInterval } from '../../shared/roster.js';
import { requiredStaff } from '../../shared/staffing/erlang.js';
import { dayIntervals } from '../../shared/time.js';
import { launchBrowser, waitFor } from '../helpers/browser.js';
import { ADMIN_PASSWORD, login, makeDataDir, removeDir, request, startTestServer, type TestServer } from '../helpers/server.js';

const ARTIFACTS = path.resolve('test-results/screenshots');
const TIME_ZONE = 'Asia/Shanghai';
const LAPTOP = { width: 1920, height: 1080 };
/** The server's clock: 2 December 2026, 10:00 in Shanghai. The report opens on December. */
const NOW = Date.parse('2026-12-02T10:00:00+08:00');

/** A repeatable pseudo-random stream (mulberry32), so every run seeds the same figures. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const forecastFor = (days: string[]) => days.flatMap((d) => demoForecast(d, TIME_ZONE, 30));

/**
 * October as an old ACD would export it: one row per hour and queue, from the demo forecast
 * with each day running 15% under to 15% over.
 */
function octoberCsv(): { csv: string; offeredByDay: Map<string, number>; answeredByDay: Map<string, number> } {
  const rnd = random(7);
  const lines = ['start,queue,offered,answered,abandoned,ahtSeconds'];
  const offeredByDay = new Map<string, number>();
  const answeredByDay = new Map<string, number>();
  for (const day of monthDays('2026-10')) {
    const factor = 0.85 + 0.3 * rnd();
    const byHour = new Map<string, ForecastInterval & { offered: number }>();
    for (const f of demoForecast(day, TIME_ZONE, 30)) {
      const hour = `${f.start.slice(0, 14)}00:00${f.start.slice(19)}|${f.queue}`;
      const into = byHour.get(hour) ?? { ...f, start: `${f.start.slice(0, 14)}00:00${f.start.slice(19)}`, offered: 0 };
      into.offered += f.offered;
      byHour.set(hour, into);
    }
    for (const f of byHour.values()) {
      const offered = Math.round(f.offered * factor);
      const answered = Math.round(offered * 0.94);
      lines.push(`${f.start},${f.queue},${offered},${answered},${offered - answered},${f.ahtSeconds}`);
      offeredByDay.set(day, (offeredByDay.get(day) ?? 0) + offered);
      answeredByDay.set(day, (answeredByDay.get(day) ?? 0) + answered);
    }
  }
  return { csv: `${lines.join('\n')}\n`, offeredByDay, answeredByDay };
}

/**
 * What the floor saw, written straight into the day archives: in November, calls near the
 * forecast and, every quarter-hour, about the staff the forecast needs on the phones; from
 * 20 October, only the staff (those days' calls come from the imported history).
 */
async function seedArchives(dataDir: string): Promise<{ staffed: (day: string, label: string) => number; dailyAverage: (day: string) => number }> {
  const rnd = random(11);
  const { store } = await LowdbStore.open(dataDir);
  const staffedAt = new Map<string, number>();
  const staffSeconds = new Map<string, number>();
  const days = [...monthDays('2026-10').slice(19), ...monthDays('2026-11')];
  for (const day of days) {
    const forecast = demoForecast(day, TIME_ZONE, 30);
    const withCalls = day.startsWith('2026-11');
    const buckets: Record<string, Record<string, Bucket>> = {};
    const phoneStaffSeconds: Record<string, number> = {};
    const dayFactor = 0.9 + 0.2 * rnd();
    for (const iv of dayIntervals(day, TIME_ZONE, 30)) {
      const here = forecast.filter((f) => Date.parse(f.start) === iv.startMs);
      const offered = here.reduce((n, f) => n + f.offered, 0);
      const aht = here.reduce((n, f) => n + f.offered * f.ahtSeconds, 0) / Math.max(1, offered);
      const need = offered > 0 ? requiredStaff({ offered, intervalSeconds: 1800, ahtSeconds: aht, targetServiceLevel: 0.8, targetAnswerSeconds: 20, maxOccupancy: 0.85 }).staff : 0;
      const staff = Math.max(2, Math.round(need * (0.85 + 0.25 * rnd())));
      staffedAt.set(`${day} ${iv.label}`, staff);
      staffSeconds.set(day, (staffSeconds.get(day) ?? 0) + staff * 1800);
      for (let b = iv.startMs; b < iv.endMs; b += BUCKET_MS) {
        phoneStaffSeconds[String(b)] = staff * 900;
        if (!withCalls) continue;
        buckets[String(b)] = Object.fromEntries(
          here.map((f) => {
            const calls = Math.round((f.offered / 2) * dayFactor);
            const answered = Math.round(calls * 0.95);
            return [f.queue, { ...emptyBucket(), offered: calls, answered, answeredWithinTarget: Math.round(answered * 0.82), abandoned: calls - answered, handled: answered, talkSeconds: answered * (f.ahtSeconds - 30), wrapSeconds: answered * 30 }];
          }),
        );
      }
    }
    await store.archiveDay({ day, buckets, phoneStaffSeconds });
  }
  return { staffed: (day, label) => staffedAt.get(`${day} ${label}`) ?? 0, dailyAverage: (day) => (staffSeconds.get(day) ?? 0) / 86_400 };
}

let browser: Browser;
let server: TestServer;
let page: Page;
let october: ReturnType<typeof octoberCsv>;
let observed: Awaited<ReturnType<typeof seedArchives>>;

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const dataDir = await makeDataDir();
  observed = await seedArchives(dataDir);
  browser = await launchBrowser();
  server = await startTestServer({ dataDir, clock: { now: () => NOW } });
  const admin = await login(server.url);
  october = octoberCsv();
  const imported = await request(server.url, 'POST', '/api/v1/history', { token: admin, body: october.csv, contentType: 'text/csv' });
  expect(imported.status).toBe(200);
  const forecast = await request(server.url, 'PUT', '/api/v1/forecast', { token: admin, body: { intervals: forecastFor([...monthDays('2026-10'), ...monthDays('2026-11')]) } });
  expect(forecast.status).toBe(200);
  page = await browser.newPage({ viewport: LAPTOP, acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (server) await removeDir(server.dataDir);
});

const texts = (selector: string) => page.$$eval(selector, (els) => els.map((e) => (e as HTMLElement).innerText.trim()));
/** The cells of the row for `day` in the table shown. */
const rowCells = (day: string) => texts(`tr[data-day="${day}"] td`);
const openTable = async (n: number) => {
  await page.click(`[role=tablist] [data-tab="${n}"]`);
  await page.waitForSelector(`section[data-table="${n}"]`);
};
const pickMonth = async (month: string) => {
  await page.selectOption('select[name=month]', month);
  await page.waitForSelector(`.months[data-month="${month}"]`);
};

describe('the reports view', () => {
  it('signs in, opens on the current site month, and shows last month\'s imported history once that month is picked', async () => {
    await page.goto(`${server.url}/reports?lang=en`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=tablist]');
    await waitFor(async () => (await texts('.months')).join('') === 'This month 2026-12 · last month 2026-11');
    expect(await page.inputValue('select[name=month]')).toBe('2026-12');
    expect(await texts('select[name=month] option:checked')).toEqual(['December 2026']);

    await pickMonth('2026-11');
    expect(await texts('.months')).toEqual(['This month 2026-11 · last month 2026-10']);
    expect(new URL(page.url()).searchParams.get('month')).toBe('2026-11');
    await openTable(3);
    const offered = october.offeredByDay.get('2026-10-30')!;
    await waitFor(async () => (await rowCells('2026-10-30'))[0] === offered.toLocaleString('en'));
    const total = [...october.offeredByDay.values()].reduce((a, b) => a + b, 0);
    expect((await texts('section[data-table="3"] tfoot td'))[0]).toBe(total.toLocaleString('en'));
  });

  it('shows the staffed seats per slot from the day archives', async () => {
    await openTable(1);
    const cells = await rowCells('2026-11-10');
    // Day, then 48 slots: 10:00 is the 21st slot.
    expect(cells[20]).toBe(String(observed.staffed('2026-11-10', '10:00')));
    expect(cells).toHaveLength(49);
  });

  it('divides imported calls by the staff the floor saw: handled per staff member', async () => {
    await openTable(5);
    const answered = october.answeredByDay.get('2026-10-30')!;
    const average = observed.dailyAverage('2026-10-30');
    const cells = await rowCells('2026-10-30');
    const oneDecimal = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(cells.slice(0, 3)).toEqual([answered.toLocaleString('en'), oneDecimal.format(average), oneDecimal.format(answered / average)]);
    // Before the 20th the floor saw nobody: no per-staff figure.
    expect((await rowCells('2026-10-10'))[2]).toBe('–');
  });

  it('downloads a table as CSV through the browser', async () => {
    await openTable(4);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('section[data-table="4"] a.download')]);
    expect(download.suggestedFilename()).toBe('floorboard-five-tables-2026-11-table4.csv');
    const text = await fs.readFile((await download.path())!, 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFDay,Actual offered,Forecast offered,Difference,Difference (%)');
    expect(lines[30]!.startsWith(`2026-10-30,${october.offeredByDay.get('2026-10-30')},`)).toBe(true);
  });

  it('reloads on the same month and table, and takes screenshots at 1920×1080 in both languages', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      await page.goto(`${server.url}/reports?lang=${lang}&month=2026-11#t1`);
      await page.reload();
      await page.waitForSelector('section[data-table="1"]');
      await page.waitForSelector('.months[data-month="2026-11"]');
      for (const n of [1, 2, 3, 4, 5]) {
        await openTable(n);
        await waitFor(async () => (await rowCells(n <= 2 ? '2026-11-10' : '2026-10-10')).length > 0);
        // The chart draws on the next frame.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        await page.screenshot({ path: path.join(ARTIFACTS, `reports-t${n}-${lang}.png`) });
      }
    }
    const heading = await texts('section[data-table="5"] h2');
    expect(heading[0]).toContain('人均接通量');
  });
});
