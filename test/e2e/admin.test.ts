import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../client/src/i18n/zh-CN.js';
import { demoForecast, demoRoster } from '../../server/simulator/demo.js';
import type { Roster } from '../../shared/roster.js';
import type { Settings } from '../../shared/settings.js';
import { addDays, localDayKey } from '../../shared/time.js';
import { launchBrowser, waitFor } from '../helpers/browser.js';
import { ADMIN_PASSWORD, login, removeDir, request, startTestServer, type TestServer } from '../helpers/server.js';

const ARTIFACTS = path.resolve('test-results/screenshots');
const TIME_ZONE = 'Asia/Shanghai';
const LAPTOP = { width: 1920, height: 1080 };
const TABS = ['seats', 'staff', 'shifts', 'import', 'forecast', 'settings', 'users', 'walls'] as const;

const STAFF_FIXED = `staffId,name,role,skills,shift
9001,Chen Jing,agent,general;billing,night
9002,Liu Yang,agent,general,night
9003,Zhou Min,business-supervisor,,night
`;
/** The same file with line 3 broken: a role that does not exist. */
const STAFF_BAD = STAFF_FIXED.replace('9002,Liu Yang,agent', '9002,Liu Yang,boss');
/** The fixed file with Chinese names, as Excel on a Chinese Windows saves "CSV": GBK, not UTF-8. */
const GBK_NAMES: Record<string, string> = { 'Chen Jing': 'b3c2beb2', 'Liu Yang': 'c1f5d1f3', 'Zhou Min': 'd6dcc3f4' };
const STAFF_FIXED_GBK = Buffer.concat(
  STAFF_FIXED.split(/(Chen Jing|Liu Yang|Zhou Min)/).map((part) => (GBK_NAMES[part] ? Buffer.from(GBK_NAMES[part], 'hex') : Buffer.from(part, 'ascii'))),
);

let browser: Browser;
let server: TestServer;
let admin: string;
let page: Page;
const extraPages: Page[] = [];

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  server = await startTestServer();
  admin = await login(server.url);
  // A realistic site to look at: the demo floor and two days of forecast.
  const today = localDayKey(Date.now(), TIME_ZONE);
  await request(server.url, 'PUT', '/api/v1/roster', { token: admin, body: demoRoster() });
  const intervals = [today, addDays(today, 1)].flatMap((d) => demoForecast(d, TIME_ZONE, 30));
  await request(server.url, 'PUT', '/api/v1/forecast', { token: admin, body: { intervals } });
  page = await browser.newPage({ viewport: LAPTOP });
});
afterAll(async () => {
  for (const p of extraPages) await p.close();
  await browser?.close();
  await server?.close();
  if (server) await removeDir(server.dataDir);
});

const get = async <T>(pathname: string) => (await request<T>(server.url, 'GET', pathname, { token: admin })).body;
const openTab = async (tab: (typeof TABS)[number]) => {
  await page.click(`[role=tablist] [data-tab=${tab}]`);
  await page.waitForSelector(`[data-tab=${tab}][aria-selected=true]`);
};
const texts = (selector: string) => page.$$eval(selector, (els) => els.map((e) => (e as HTMLElement).innerText.trim()));
const values = (selector: string) => page.$$eval(selector, (els) => els.map((e) => (e as HTMLInputElement).value));

describe('the admin console', () => {
  it('signs the admin in through the form and shows the seats', async () => {
    await page.goto(`${server.url}/admin?lang=en`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=tablist]');
    const seats = demoRoster().seats.length;
    await waitFor(async () => (await values('.seats-editor tbody td:first-child input')).length === seats);
    expect((await values('.seats-editor tbody td:first-child input')).slice(0, 2)).toEqual(demoRoster().seats.slice(0, 2).map((s) => s.seatId));
  });

  it('names a bad seat by row and field and saves nothing; fixed, the new seat is saved', async () => {
    const before = await get<Roster>('/api/v1/roster');
    await page.click('.seats-editor button:has-text("Add seat")');
    await page.waitForSelector('[data-tab=seats] .dot');
    const last = '.seats-editor tbody tr:last-child';
    await page.fill(`${last} td.id input`, 'NEW-1');
    await page.click('.seats-editor button.save');
    await page.waitForSelector('.seats-editor .error li');
    expect(await texts('.seats-editor .error li')).toEqual([expect.stringMatching(new RegExp(`^row ${before.seats.length + 1} \\(NEW-1\\), field label: `))]);
    expect(await page.getAttribute(`${last} td:nth-child(2) input`, 'aria-invalid')).toBe('true');
    expect(await get<Roster>('/api/v1/roster')).toEqual(before);

    await page.fill(`${last} td:nth-child(2) input`, 'New seat 1');
    await page.selectOption(`${last} td.kind select`, 'non-phone');
    await page.selectOption(`${last} td.work select`, 'quality');
    await page.click('.seats-editor button.save');
    await page.waitForSelector('.seats-editor .status.ok');
    expect((await get<Roster>('/api/v1/roster')).seats.at(-1)).toMatchObject({ seatId: 'NEW-1', label: 'New seat 1', kind: 'non-phone', work: 'quality' });
    expect(await page.$('[data-tab=seats] .dot')).toBeNull();
  });

  it('imports a staff CSV with one bad line: exactly that line is reported and nothing is imported', async () => {
    const before = await get<Roster>('/api/v1/roster');
    await openTab('import');
    await page.selectOption('select[name=part]', 'staff');
    await page.setInputFiles('input[type=file]', { name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(STAFF_BAD) });
    await waitFor(async () => (await page.inputValue('textarea[name=csv]')).includes('boss'));
    await page.click('button.import');
    await page.waitForSelector('.csv-import .error li');
    const problems = await texts('.csv-import .error li');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^line 3, field role: /);
    expect(await page.innerText('.csv-import .error')).toContain('nothing was imported');
    expect(await get<Roster>('/api/v1/roster')).toEqual(before);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-import-error-en.png') });
  });

  it('imports the fixed file (saved by Excel as GBK), and the staff table shows exactly the people in it', async () => {
    await page.setInputFiles('input[type=file]', { name: 'staff-fixed.csv', mimeType: 'text/csv', buffer: STAFF_FIXED_GBK });
    await waitFor(async () => !(await page.inputValue('textarea[name=csv]')).includes('boss'));
    await page.click('button.import');
    await page.waitForSelector('.csv-import .success');
    expect(await page.innerText('.csv-import .success')).toContain('Imported 3 staff');
    expect((await get<Roster>('/api/v1/roster')).staff.map((s) => s.staffId)).toEqual(['9001', '9002', '9003']);
    await openTab('staff');
    expect(await values('.staff-editor tbody td.id input')).toEqual(['9001', '9002', '9003']);
    expect(await values('.staff-editor tbody td:nth-child(2) input')).toEqual(['陈静', '刘洋', '周敏']);
  });

  it('creates a team-lead user who can then sign in', async () => {
    await openTab('users');
    await page.fill('input[name=new-username]', 'lead.night');
    await page.fill('input[name=new-password]', 'night-lead-pass');
    await page.selectOption('select[name=new-role]', 'team-lead');
    await page.fill('input[name=new-staffId]', '9003');
    await page.click('.new-user button[type=submit]');
    await page.waitForSelector('tr[data-username="lead.night"]');
    expect(await page.innerText('tr[data-username="lead.night"]')).toMatch(/team lead\s+9003/);
    const res = await request<{ role: string }>(server.url, 'POST', '/api/v1/login', { body: { username: 'lead.night', password: 'night-lead-pass' } });
    expect(res).toMatchObject({ status: 200, body: { role: 'team-lead' } });
  });

  it('changes that user\'s password, then revokes them after a confirmation', async () => {
    const row = page.locator('tr[data-username="lead.night"]');
    await row.getByRole('button', { name: 'Change password' }).click();
    await row.locator('input[name=change-password]').fill('a-new-night-pass');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('.users .success');
    const signIn = (password: string) => request(server.url, 'POST', '/api/v1/login', { body: { username: 'lead.night', password } });
    expect((await signIn('night-lead-pass')).status).toBe(401);
    expect((await signIn('a-new-night-pass')).status).toBe(200);

    await row.getByRole('button', { name: 'Revoke' }).click();
    expect((await signIn('a-new-night-pass')).status).toBe(200);
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await waitFor(async () => (await row.innerText()).includes('revoked'));
    expect((await signIn('a-new-night-pass')).status).toBe(401);
  });

  it('creates a wall token whose URL, shown once, opens a live wall; revoking it drops that wall', async () => {
    await openTab('walls');
    await page.fill('input[name=wall-label]', 'Floor 3 TV');
    await page.click('form.create button[type=submit]');
    await page.waitForSelector('.wall-url');
    const url = await page.inputValue('.wall-url');
    expect(url).toMatch(new RegExp(`^${server.url}/wall\\?token=[\\w-]+$`));
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-walls-created-en.png') });

    const wall = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    extraPages.push(wall);
    await wall.goto(url);
    await wall.waitForSelector('.badge.live', { timeout: 15_000 });

    const row = page.locator('tr[data-token-id]', { hasText: 'Floor 3 TV' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Yes, revoke' }).click();
    await waitFor(async () => (await page.locator('tr[data-token-id]', { hasText: 'Floor 3 TV' }).count()) === 0);
    expect(await page.$('.wall-url')).toBeNull();
    await wall.waitForSelector('.notice.alarm', { timeout: 15_000 });
    expect(await wall.innerText('.notice')).toContain(zhCN['wall.tokenInvalid']);
  });

  it('shows an out-of-range threshold on its field and saves nothing; a good edit persists', async () => {
    await openTab('settings');
    const before = await get<Settings>('/api/v1/settings');
    await page.fill('#setting-maxOccupancy', '40');
    await page.click('.settings-form button.save');
    await page.waitForSelector('.number-field.invalid');
    expect(await texts('.number-field.invalid label')).toEqual(['Maximum occupancy']);
    expect(await texts('.number-field.invalid .field-error')).toEqual(['Must be from 50 to 100 %.']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-settings-error-en.png') });
    expect(await get<Settings>('/api/v1/settings')).toEqual(before);

    await page.fill('#setting-maxOccupancy', '90');
    await page.fill('#setting-serviceLevelTarget', '85');
    await page.fill('#setting-surge-holdOffMinutes', '12');
    await page.click('.settings-form button.save');
    await page.waitForSelector('.settings-form .status.ok');
    const after = await get<Settings>('/api/v1/settings');
    expect(after).toMatchObject({ maxOccupancy: 0.9, serviceLevelTarget: 0.85, surge: { ...before.surge, holdOffMinutes: 12 } });

    await page.reload();
    await page.waitForSelector('#setting-surge-holdOffMinutes');
    expect(await page.inputValue('#setting-surge-holdOffMinutes')).toBe('12');
    expect(await page.inputValue('#setting-serviceLevelTarget')).toBe('85');
  });

  it('fits every tab on a 1920×1080 laptop in both languages, with every string translated', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      await page.goto(`${server.url}/admin?lang=${lang}#seats`);
      await page.waitForSelector('[role=tablist]');
      for (const tab of TABS) {
        await openTab(tab);
        if (tab === 'import') {
          await page.selectOption('select[name=part]', 'staff');
          await page.fill('textarea[name=csv]', STAFF_BAD.replace('9003,Zhou Min,business-supervisor', '9003,,business-supervisor'));
          await page.click('button.import');
          await page.waitForSelector('.csv-import .error li');
        }
        if (tab === 'walls') {
          await page.fill('input[name=wall-label]', lang === 'en' ? 'Lobby screen' : '大厅屏幕');
          await page.click('form.create button[type=submit]');
          await page.waitForSelector('.wall-url');
        }
        if (tab === 'seats') await page.waitForSelector('.seats-editor tbody input');
        if (tab === 'forecast') await waitFor(async () => (await page.innerText('.forecast dd.days')) === '2');
        // The server's own messages (in the issue lists) may say "undefined"; our strings may not.
        const ours = await page.evaluate(() => {
          const copy = document.body.cloneNode(true) as HTMLElement;
          for (const list of copy.querySelectorAll('.issues')) list.remove();
          return copy.textContent ?? '';
        });
        expect(ours, `${tab} ${lang}`).not.toMatch(/undefined|admin\.[a-z]/);
        const overflowX = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        expect(overflowX, `${tab} ${lang} scrolls sideways`).toBe(false);
        await page.screenshot({ path: path.join(ARTIFACTS, `admin-${tab}-${lang}.png`) });
      }
    }
  });
});
