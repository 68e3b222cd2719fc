import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoForecast, demoRoster } from '../../server/simulator/demo.js';
import type { PlanEntry, PlanView } from '../../shared/planning/plan.js';
import { monthDays } from '../../shared/planning/plan.js';
import { addDays, localDayKey } from '../../shared/time.js';
import { launchBrowser } from '../helpers/browser.js';
import { ev, login, postEvents, removeDir, request, startTestServer, type TestServer } from '../helpers/server.js';

const ARTIFACTS = path.resolve('test-results/screenshots');
const TIME_ZONE = 'Asia/Shanghai';
const LAPTOP = { width: 1920, height: 1080 };
const LEAD_PASSWORD = 'lead-password-1';

let browser: Browser;
let server: TestServer;
let admin: string;
let page: Page;

const today = localDayKey(Date.now(), TIME_ZONE);
const MONTH = today.slice(0, 7);
const DAYS = monthDays(MONTH);
/** Most eight-hour shifts that keep the month's weekly average at or under 40 hours. */
const UNDER_LIMIT = Math.floor((40 * DAYS.length) / 7 / 8 + 1e-9);
/** Yesterday: ended, and still in the floor's live window. */
const YESTERDAY = addDays(today, -1);
const YESTERDAY_MONTH = YESTERDAY.slice(0, 7);
const iso = (hhmm: string, day: string) => new Date(Date.parse(`${day}T${hhmm}:00+08:00`)).toISOString();

/**
 * A believable month: everyone with a home shift works it five days in seven (capped under the
 * limit), 1001 the first {@link UNDER_LIMIT} days, and 1002 and 1003 the morning shift yesterday.
 */
function demoPlan(): PlanEntry[] {
  const entries: PlanEntry[] = [];
  demoRoster().staff.forEach((s, i) => {
    if (!s.shift || s.staffId === '1001' || s.staffId === '1002' || s.staffId === '1003') return;
    const days = DAYS.filter((_, d) => (d + i) % 7 < 5);
    // Over the limit (a 30-day month has room for 21): drop a day somewhere, not always the last.
    while (days.length > UNDER_LIMIT) days.splice((i * 5) % days.length, 1);
    for (const date of days) entries.push({ date, staffId: s.staffId, shift: s.shift! });
  });
  DAYS.slice(0, UNDER_LIMIT).forEach((date) => entries.push({ date, staffId: '1001', shift: 'morning' }));
  for (const staffId of ['1002', '1003']) entries.push({ date: YESTERDAY, staffId, shift: 'morning' });
  return entries;
}

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  server = await startTestServer();
  admin = await login(server.url);
  await request(server.url, 'PUT', '/api/v1/roster', { token: admin, body: demoRoster() });
  await request(server.url, 'PUT', '/api/v1/forecast', { token: admin, body: { intervals: DAYS.flatMap((d) => demoForecast(d, TIME_ZONE, 30)) } });
  await request(server.url, 'PUT', '/api/v1/holidays', { token: admin, body: { days: [DAYS[9]!] } });
  expect((await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username: 'lead', password: LEAD_PASSWORD, role: 'team-lead' } })).status).toBe(201);
  const csv = `date,staffId,shift\n${demoPlan().map((e) => `${e.date},${e.staffId},${e.shift}`).join('\n')}\n`;
  const put = await request(server.url, 'PUT', '/api/v1/plan', { token: admin, body: csv, contentType: 'text/csv' });
  expect(put.status).toBe(200);
  // 1002 signs in 17 minutes late yesterday; 1003 never comes.
  const signedIn = await postEvents(server.url, [ev.signIn('1002', 'IN-02', iso('08:17', YESTERDAY)), { ...ev.signOut('1002', iso('16:00', YESTERDAY)), reason: 'shift-end' }]);
  expect(signedIn.status).toBe(200);
  page = await browser.newPage({ viewport: LAPTOP });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (server) await removeDir(server.dataDir);
});

const row = (staffId: string) => `.plan-tab tr[data-staff-id="${staffId}"]`;
const openTab = async (tab: 'plan' | 'checks' | 'attendance') => {
  await page.click(`[role=tablist] [data-tab=${tab}]`);
  await page.waitForSelector(`[data-tab=${tab}][aria-selected=true]`);
};
const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `plan-${name}.png`) });

describe('the shift plan page', () => {
  it('lets a team lead change a cell, save it (it persists) and see the hours flag', async () => {
    await page.goto(`${server.url}/plan?lang=en`);
    await page.fill('input[name=username]', 'lead');
    await page.fill('input[name=password]', LEAD_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector(`${row('1001')} select[data-day="${DAYS[0]}"]`);
    expect(await page.inputValue(`${row('1001')} select[data-day="${DAYS[0]}"]`)).toBe('morning');
    expect(await page.$(`${row('1001')} td.hours .flag`)).toBeNull();

    const cell = `${row('1001')} select[data-day="${DAYS[UNDER_LIMIT]}"]`;
    expect(await page.inputValue(cell)).toBe('');
    await page.selectOption(cell, 'morning');
    await page.waitForSelector(`${row('1001')} td.hours .flag`);
    await page.waitForSelector('.plan-tab [data-changed="1"]');
    await page.click('.plan-tab button.save');
    await page.waitForSelector('.plan-tab [data-changed]', { state: 'detached' });

    const saved = await request<PlanView>(server.url, 'GET', `/api/v1/plan?month=${MONTH}`, { token: admin });
    expect(saved.body.entries).toContainEqual({ date: DAYS[UNDER_LIMIT], staffId: '1001', shift: 'morning' });
    expect(saved.body.entries.filter((e) => e.staffId === '1001')).toHaveLength(UNDER_LIMIT + 1);
    await page.waitForSelector('.plan-tab [data-over-hours]');
    expect(Number(await page.getAttribute('.plan-tab [data-over-hours]', 'data-over-hours'))).toBeGreaterThanOrEqual(1);
    expect(await page.inputValue(cell)).toBe('morning');
    await shot('grid-en');
  });

  it('shows the checks: the over-limit person, the shortfall heat table and reserve flags', async () => {
    await openTab('checks');
    await page.waitForSelector('.hours-flags tr[data-staff-id="1001"]');
    expect(await page.textContent('.hours-flags tr[data-staff-id="1001"] td.flag')).toMatch(/▲ \d+(\.\d)?/);
    expect(await page.$$eval('table.heat tbody tr', (rows) => rows.length)).toBe(DAYS.length);
    expect(await page.$$eval('table.heat td.short', (cells) => cells.length)).toBeGreaterThan(0);
    expect(await page.$$eval('.reserve-flags tbody tr', (rows) => rows.length)).toBe(4);
    await shot('checks-en');
  });

  it('shows a known late arrival on the attendance tab, takes leave and downloads the CSV', async () => {
    await openTab('attendance');
    if (YESTERDAY_MONTH !== MONTH) await page.click('.month-picker button[aria-label="Previous month"]');
    const late = `.people-panel tr[data-staff-id="1002"] td[data-kind=late]`;
    await page.waitForSelector(`${late}[data-count="1"]`);
    expect(await page.getAttribute(late, 'data-minutes')).toBe('17');
    expect(await page.textContent(late)).toBe('1 · 17 min');
    await page.waitForSelector(`.people-panel tr[data-staff-id="1003"] td[data-kind=absent][data-count="1"]`);

    await page.click('.people-panel tr[data-staff-id="1002"] button.link');
    await page.waitForSelector(`.person-shifts tr[data-day="${YESTERDAY}"]`);
    expect(await page.textContent(`.person-shifts tr[data-day="${YESTERDAY}"] .notes`)).toContain('late 17 min');

    // Sick leave excuses 1003's absence; removing it brings the absence back.
    await page.fill('input[name=leave-date]', YESTERDAY);
    await page.selectOption('select[name=leave-staff]', '1003');
    await page.selectOption('select[name=leave-kind]', 'sick');
    await page.fill('input[name=leave-note]', 'fever');
    await page.click('.leave-form button[type=submit]');
    await page.waitForSelector(`.people-panel tr[data-staff-id="1003"] td[data-kind=sick][data-count="1"]`);
    expect(await page.getAttribute(`.people-panel tr[data-staff-id="1003"] td[data-kind=absent]`, 'data-count')).toBe('0');
    await page.waitForSelector('.leaves li[data-staff-id="1003"]');
    await shot('attendance-en');

    await page.click('.leaves li[data-staff-id="1003"] button.danger');
    await page.waitForSelector(`.people-panel tr[data-staff-id="1003"] td[data-kind=absent][data-count="1"]`);
    await page.waitForSelector('.leaves li[data-staff-id="1003"]', { state: 'detached' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.people-panel button.csv')]);
    expect(download.suggestedFilename()).toBe(`attendance-${YESTERDAY_MONTH}.csv`);
    const file = await download.path();
    const bytes = await fs.readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^staffId,name,team,planned,pending,workedMinutes,late,lateMinutes,/);
    expect(lines.find((l) => l.startsWith('1002,'))).toMatch(/^1002,[^,]+,[^,]*,1,0,\d+,1,17,/);
  });

  it('reads the same in Chinese', async () => {
    await page.goto(`${server.url}/plan?lang=zh-CN`);
    await page.waitForSelector(`${row('1001')} td.hours .flag`);
    expect(await page.textContent('[data-tab=plan]')).toContain('排班表');
    await shot('grid-zh');
    await openTab('checks');
    await page.waitForSelector('table.heat');
    await shot('checks-zh');
    await openTab('attendance');
    if (YESTERDAY_MONTH !== MONTH) await page.click('.month-picker button[aria-label="上个月"]');
    await page.waitForSelector(`.people-panel tr[data-staff-id="1002"] td[data-kind=late][data-count="1"]`);
    expect(await page.textContent('.people-panel tr[data-staff-id="1002"] td[data-kind=late]')).toBe('1 次 · 17 分钟');
    await page.click('.people-panel tr[data-staff-id="1002"] button.link');
    await page.waitForSelector('.person-shifts');
    await shot('attendance-zh');
  });
});
