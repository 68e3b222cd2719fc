import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForecastInterval } from '../../shared/roster.js';
import { addDays, dayIntervals, isoInZone, localDayKey } from '../../shared/time.js';
import { launchBrowser, waitFor } from '../helpers/browser.js';
import { ADMIN_PASSWORD, login, removeDir, request, startTestServer, type TestServer } from '../helpers/server.js';

const ARTIFACTS = path.resolve('test-results/screenshots');
const TIME_ZONE = 'Asia/Shanghai';
const LAPTOP = { width: 1920, height: 1080 };

/** Calls per hour from 08:00 to 19:00 on a weekend day; weekdays take twice as many. */
const HOURLY = [10, 30, 50, 40, 30, 30, 40, 30, 20, 10, 10, 10];
const weekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());

/** Five weeks up to yesterday of two queues in hourly rows: general, and billing at a fifth of it. */
function historyCsv(today: string): string {
  const lines = ['start,queue,offered,answered,abandoned,ahtSeconds'];
  for (let day = addDays(today, -35); day < today; day = addDays(day, 1)) {
    for (let hour = 8; hour < 20; hour++) {
      const general = HOURLY[hour - 8]! * (weekend(day) ? 1 : 2);
      const start = `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;
      lines.push(`${start},general,${general},${general},0,${weekend(day) ? 300 : 200}`, `${start},billing,${general / 5},${general / 5},0,420`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A flat stored forecast: 7 calls of 111 s in every 30-minute interval of `days`. */
const flat = (days: string[]): ForecastInterval[] =>
  days.flatMap((d) => dayIntervals(d, TIME_ZONE, 30).map((i) => ({ start: isoInZone(i.startMs, TIME_ZONE), queue: 'general', offered: 7, ahtSeconds: 111 })));

let browser: Browser;
let server: TestServer;
let admin: string;
let page: Page;
const today = localDayKey(Date.now(), TIME_ZONE);
const day1 = addDays(today, 1);
const day2 = addDays(today, 2);
const day3 = addDays(today, 3);

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  server = await startTestServer();
  admin = await login(server.url);
  const imported = await request(server.url, 'POST', '/api/v1/history', { token: admin, body: historyCsv(today), contentType: 'text/csv' });
  expect(imported.status).toBe(200);
  // Today and the day after the generated two are stored already, and must be kept.
  expect((await request(server.url, 'PUT', '/api/v1/forecast', { token: admin, body: { intervals: flat([today, day1, day3]) } })).status).toBe(200);
  page = await browser.newPage({ viewport: LAPTOP });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (server) await removeDir(server.dataDir);
});

const storedForecast = async () => (await request<{ intervals: ForecastInterval[] }>(server.url, 'GET', '/api/v1/forecast', { token: admin })).body.intervals;
const texts = (selector: string) => page.$$eval(selector, (els) => els.map((e) => (e as HTMLElement).innerText.trim()));
const cell = (start: string, field: 'offered' | 'ahtSeconds') => page.locator(`.draft-intervals tr[data-start="${start}"] input[name=${field}]`);

/** Generates two days from tomorrow (the default first day) and waits for the per-day summary. */
async function generateTwoDays(): Promise<void> {
  await waitFor(async () => (await page.inputValue('input[name=gen-from]')) === day1);
  await page.fill('input[name=gen-days]', '2');
  await page.click('button.generate-run');
  await waitFor(async () => (await texts('.draft-days tbody tr')).length === 2);
}

/** Our own strings may not say "undefined" or show a raw key, and nothing may scroll sideways. */
async function looksFinished(label: string): Promise<void> {
  expect(await page.evaluate(() => document.body.textContent ?? ''), label).not.toMatch(/undefined|admin\.[a-z]/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), `${label} scrolls sideways`).toBe(false);
}

describe('the admin generates a forecast from history, edits it and publishes it', () => {
  it('generates two days from tomorrow: notes, a per-day summary per queue and the intervals of the first day', async () => {
    await page.goto(`${server.url}/admin?lang=en#forecast`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('.generate');
    await generateTwoDays();
    expect(await texts('.draft-days thead th')).toEqual(['Day', 'billing', 'general', 'All queues', 'Mean AHT (s)']);
    const [first] = await texts('.draft-days tbody tr');
    // A weekday forecasts 620 general and 124 billing calls; a weekend day half that.
    const general = weekend(day1) ? 310 : 620;
    expect(first!.split('\t').map((s) => s.trim())).toEqual([expect.stringContaining(day1), String(general / 5), String(general), String(general * 1.2), expect.stringMatching(/^\d+$/)]);
    expect(await page.innerText('.generate .notes')).toContain('Forecaster notes');
    expect(await page.locator('.draft-intervals tbody tr').count()).toBe(48);
    expect(await page.inputValue('select[name=gen-day]')).toBe(day1);
    expect(await page.inputValue('select[name=gen-queue]')).toBe('billing');
    expect(await cell(`${day1}T10:00:00+08:00`, 'offered').inputValue()).toBe(String(weekend(day1) ? 5 : 10));
    await page.selectOption('select[name=gen-queue]', 'general');
    expect(await cell(`${day1}T10:00:00+08:00`, 'offered').inputValue()).toBe(String(weekend(day1) ? 25 : 50));
  });

  it('refuses to publish while a cell holds no valid number', async () => {
    const offered = cell(`${day1}T10:00:00+08:00`, 'offered');
    await offered.fill('-5');
    await offered.blur();
    await page.waitForSelector('.publish-bar .status.dirty[role=alert]');
    expect(await offered.getAttribute('aria-invalid')).toBe('true');
    expect(await page.isDisabled('button.publish')).toBe(true);
    await offered.fill(String(weekend(day1) ? 25 : 50));
    await offered.blur();
    await waitFor(async () => !(await page.isDisabled('button.publish')));
    expect(await offered.getAttribute('aria-invalid')).toBe('false');
    expect(await page.$('.publish-bar .status.dirty')).toBeNull();
  });

  it('edits one interval of the second day, confirms which days are replaced, publishes, and GET /api/v1/forecast has the edit', async () => {
    await page.click(`.draft-days tr[data-day="${day2}"] button.day-link`);
    await waitFor(async () => (await page.inputValue('select[name=gen-day]')) === day2);
    const offered = cell(`${day2}T10:00:00+08:00`, 'offered');
    await offered.fill('123');
    await offered.blur();
    await waitFor(async () => (await offered.getAttribute('class'))?.includes('edited'));
    expect(await page.innerText('.publish-bar .status.dirty')).toBe('1 value(s) edited');

    await page.click('button.publish');
    const question = await page.innerText('.publish-bar .question');
    expect(question).toBe(`Replace the forecast for ${day1}, ${day2}? The 48 stored intervals on those days are replaced; other days are kept.`);
    await looksFinished('en');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-forecast-gen-en.png') });

    await page.click('button.confirm-publish');
    await page.waitForSelector('.generate .success');
    expect(await page.innerText('.generate .success')).toBe(`Published 192 intervals for ${day1}, ${day2}. 96 intervals on other days were kept.`);
    // The stored forecast's summary has reloaded: today, the two published days and the day after.
    await waitFor(async () => (await page.innerText('.forecast dd.days')) === '4');

    const stored = await storedForecast();
    expect(stored.find((iv) => iv.start === `${day2}T10:00:00+08:00` && iv.queue === 'general')).toMatchObject({ offered: 123 });
    expect(stored.find((iv) => iv.start === `${day2}T10:00:00+08:00` && iv.queue === 'billing')!.offered).toBeCloseTo((weekend(day2) ? 25 : 50) / 5, 2);
    expect(stored.filter((iv) => iv.start.startsWith(today) || iv.start.startsWith(day3))).toEqual(flat([today, day3]));
    expect(stored.filter((iv) => iv.start.startsWith(day1) || iv.start.startsWith(day2))).toHaveLength(2 * 2 * 48);
  });

  it('reads the same in Chinese, with the forecaster\'s notes on a holiday', async () => {
    expect((await request(server.url, 'PUT', '/api/v1/holidays', { token: admin, body: { days: [day2] } })).status).toBe(200);
    await page.goto(`${server.url}/admin?lang=zh-CN#forecast`);
    await page.waitForSelector('.generate');
    await generateTwoDays();
    expect(await texts('.generate .notes li')).toEqual([
      'queue billing: no past holiday in the history: holidays are forecast at the default factor 0.5',
      'queue general: no past holiday in the history: holidays are forecast at the default factor 0.5',
    ]);
    expect(await texts('.draft-days thead th')).toEqual(['日期', 'billing', 'general', '全部队列', '平均处理时长(秒)']);
    await page.click(`.draft-days tr[data-day="${day2}"] button.day-link`);
    await page.selectOption('select[name=gen-queue]', 'general');
    const offered = cell(`${day2}T11:00:00+08:00`, 'offered');
    await offered.fill('80');
    await offered.blur();
    await waitFor(async () => (await page.innerText('.publish-bar')).includes('已修改 1 个值'));
    await page.click('button.publish');
    expect(await page.innerText('.publish-bar .question')).toContain(`替换 ${day1}, ${day2} 的预测?`);
    await looksFinished('zh-CN');
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-forecast-gen-zh-CN.png') });
  });
});
