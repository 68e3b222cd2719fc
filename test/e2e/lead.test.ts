import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FloorSnapshot } from '../../shared/snapshot.js';
import { localParts } from '../../shared/time.js';
import { launchBrowser, waitFor } from '../helpers/browser.js';
import { ev, login, postEvents, removeDir, request, startTestServer, WALL_TOKEN, type TestServer } from '../helpers/server.js';

const ARTIFACTS = path.resolve('test-results/screenshots');
const MINUTE = 60_000;
const LEAD = { username: 'lead', password: 'lead-password-1' };
let browser: Browser;
let server: TestServer | null = null;
let page: Page | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  await fs.mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser.close();
});
afterEach(async () => {
  await page?.close();
  page = null;
  if (server) {
    await server.close();
    await removeDir(server.dataDir);
    server = null;
  }
});

const hhmm = (ms: number) => {
  const p = localParts(ms, 'Asia/Shanghai');
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};
const iso = (ms: number) => new Date(ms).toISOString();

/** A small floor whose home shift began an hour ago: 1002 came in late, 1008 never came. */
async function setUpFloor(s: TestServer): Promise<void> {
  const admin = await login(s.url);
  const startMs = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
  const person = (staffId: string, name: string, shift?: string) => ({ staffId, name, role: 'agent', skills: ['general'], ...(shift ? { shift } : {}) });
  const roster = {
    seats: [
      ...Array.from({ length: 6 }, (_, i) => ({ seatId: `IN-${i + 1}`, label: `A1-0${i + 1}`, kind: 'inbound', zone: 'A', row: 0, col: i })),
      { seatId: 'NP-1', label: 'BO-1', kind: 'non-phone', zone: 'D', row: 0, col: 0, work: 'back-office' },
      { seatId: 'NP-2', label: 'TR-1', kind: 'non-phone', zone: 'D', row: 0, col: 1, work: 'training' },
      { seatId: 'NP-3', label: 'QA-1', kind: 'non-phone', zone: 'D', row: 0, col: 2, work: 'quality' },
      { seatId: 'EM-1', label: 'EM-1', kind: 'emergency', zone: 'E', row: 0, col: 0 },
    ],
    staff: [
      person('1001', '王芳', 'current'),
      person('1002', '李娜', 'current'),
      person('1003', '张伟', 'current'),
      person('1004', '刘洋', 'current'),
      person('1005', '陈静', 'current'),
      person('1006', '杨磊', 'current'),
      person('1007', '赵敏'),
      person('1008', '黄强', 'current'),
    ],
    shifts: [{ name: 'current', start: hhmm(startMs), end: hhmm(startMs + 8 * 60 * MINUTE), night: false }],
  };
  expect((await request(s.url, 'PUT', '/api/v1/roster', { token: admin, body: roster })).status).toBe(200);
  expect((await request(s.url, 'POST', '/api/v1/users', { token: admin, body: { ...LEAD, role: 'team-lead' } })).status).toBe(201);
  const early = iso(startMs - 10 * MINUTE);
  const res = await postEvents(s.url, [
    ev.signIn('1001', 'IN-1', early),
    ev.activity('1001', 'on-call', iso(Date.now() - 90_000)),
    ev.signIn('1002', 'IN-2', iso(startMs + 20 * MINUTE)),
    ev.signIn('1003', 'IN-3', early),
    ev.activity('1003', 'wrap-up', iso(Date.now() - 30_000)),
    ev.signIn('1004', 'NP-1', early),
    ev.activity('1004', 'non-phone', early),
    ev.signIn('1005', 'NP-2', early),
    ev.activity('1005', 'training', early),
    ev.signIn('1006', 'IN-4', early),
    ev.activity('1006', 'break', iso(Date.now() - 5 * MINUTE)),
  ]);
  expect(res.status).toBe(200);
}

async function signIn(p: Page, url: string, lang: string): Promise<void> {
  await p.goto(`${url}/lead?lang=${lang}`);
  await p.fill('input[name=username]', LEAD.username);
  await p.fill('input[name=password]', LEAD.password);
  await p.click('button[type=submit]');
  await p.waitForSelector('.badge.live', { timeout: 15_000 });
  await p.waitForSelector('.group .person', { timeout: 10_000 });
}

/** Staff IDs shown in each activity group. */
const groups = (p: Page) =>
  p.$$eval('.group', (els) => Object.fromEntries(els.map((g) => [g.getAttribute('data-activity'), [...g.querySelectorAll('.person')].map((b) => b.getAttribute('data-staff-id'))])));

const noOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= innerWidth && document.documentElement.scrollHeight <= innerHeight);

describe('the team lead\'s staffing board', () => {
  it('groups people, moves one to a non-phone seat, signs one in and out by hand, flags attendance and works out staffing', async () => {
    server = await startTestServer();
    const s = server;
    await setUpFloor(s);
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const p = page;
    await signIn(p, s.url, 'en');

    expect(await groups(p)).toEqual({ 'on-call': ['1001'], available: ['1002'], 'wrap-up': ['1003'], 'non-phone': ['1004'], training: ['1005'], break: ['1006'] });
    expect(await p.textContent('.group[data-activity=on-call] .person')).toMatch(/1001\s*王芳\s*A1-01\s*1:\d\d/);

    // Attendance: 1002 came in 20 min late, 1008 never came.
    await p.waitForSelector('.flag[data-staff-id="1008"][data-kind=absent]');
    await p.waitForSelector('.flag[data-staff-id="1002"][data-kind=late]');
    expect(await p.textContent('.flag[data-kind=late]')).toContain('20 min late');

    // Move 1002 from the phones to a non-phone seat: pending, then done once they sign in there.
    await p.click('.group .person[data-staff-id="1002"]');
    expect(await p.isChecked('.move-panel input[value=non-phone]')).toBe(true);
    const seatOptions = await p.$$eval('.move-panel select[name=seat] option', (els) => els.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(seatOptions).toEqual(['NP-3']);
    await p.selectOption('.move-panel select[name=seat]', 'NP-3');
    await p.click('.move-panel button[type=submit]');
    await p.waitForSelector('.move[data-staff-id="1002"][data-status=pending]');
    expect(await p.textContent('.move-panel .feedback')).toContain('Asked 1002 to move to QA-1');
    await postEvents(s.url, [ev.signIn('1002', 'NP-3', iso(Date.now())), ev.activity('1002', 'non-phone', iso(Date.now()))]);
    await p.waitForSelector('.move[data-staff-id="1002"][data-status=done]', { timeout: 10_000 });
    await waitFor(async () => (await groups(p))['non-phone']?.includes('1002'));

    // The ACD is down: sign 1007 in by hand; the floor (and so the wall) shows them.
    await p.selectOption('.sign-in select[name=staff]', '1007');
    await p.selectOption('.sign-in select[name=seat]', 'IN-5');
    await p.click('.sign-in button[type=submit]');
    await p.waitForSelector('.sign-in .feedback.ok');
    await waitFor(async () => (await groups(p)).available?.includes('1007'));
    const floor = await request<FloorSnapshot>(s.url, 'GET', '/api/v1/floor', { token: WALL_TOKEN });
    expect(floor.body.seats.find((seat) => seat.seatId === 'IN-5')).toMatchObject({ staffId: '1007', activity: 'available' });

    // …and sign 1003 out for a meal.
    await p.selectOption('.sign-out select[name=person]', '1003');
    await p.selectOption('.sign-out select[name=reason]', 'meal');
    await p.click('.sign-out button[type=submit]');
    await p.waitForSelector('.sign-out .feedback.ok');
    await waitFor(async () => !Object.values(await groups(p)).flat().includes('1003'));
    const after = await request<FloorSnapshot>(s.url, 'GET', '/api/v1/floor', { token: WALL_TOKEN });
    expect(after.body.seats.find((seat) => seat.seatId === 'IN-3')?.staffId).toBeNull();

    // The what-if calculator agrees with the server's, live, and refuses bad input clearly.
    await p.fill('.calculator input[name=offered]', '300');
    await p.fill('.calculator input[name=ahtSeconds]', '280');
    await p.fill('.calculator input[name=targetPct]', '90');
    await p.fill('.calculator input[name=answerSeconds]', '15');
    const expected = await request<{ staff: number; serviceLevel: number }>(s.url, 'GET', '/api/v1/staffing?offered=300&ahtSeconds=280&targetServiceLevel=0.9&targetAnswerSeconds=15', { token: await login(s.url, LEAD.username, LEAD.password) });
    expect(expected.status).toBe(200);
    await waitFor(async () => (await p.getAttribute('.calculator .result', 'data-staff')) === String(expected.body.staff));
    expect(await p.textContent('.calculator .result')).toContain(`${Math.round(expected.body.serviceLevel * 100)}%`);
    await p.fill('.calculator input[name=offered]', '-5');
    await p.waitForSelector('.calculator .field-error');
    expect(await p.textContent('.calculator .field-error')).toBe('Must be from 0 to 1,000,000.');
    expect(await p.$('.calculator .result')).toBeNull();
    await p.fill('.calculator input[name=offered]', '');
    expect(await p.textContent('.calculator .field-error')).toBe('Enter a number.');
    await p.fill('.calculator input[name=offered]', '300');
    await p.waitForSelector('.calculator .result');

    expect(await noOverflow(p)).toBe(true);
    await p.screenshot({ path: path.join(ARTIFACTS, 'lead-1920x1080-en.png') });
  });

  it('is complete in Chinese', async () => {
    server = await startTestServer();
    await setUpFloor(server);
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await signIn(page, server.url, 'zh-CN');
    await page.waitForSelector('.flag[data-kind=absent]');
    await page.click('.group .person[data-staff-id="1002"]');
    await page.selectOption('.move-panel select[name=seat]', 'NP-3');
    await page.click('.move-panel button[type=submit]');
    await page.waitForSelector('.move[data-staff-id="1002"][data-status=pending]');
    expect(await page.textContent('.move[data-staff-id="1002"] .status')).toContain('待到岗');
    expect(await page.textContent('.move-panel .feedback')).toContain('已通知 1002 调往 QA-1');
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('在岗人员（按状态）');
    expect(text).toContain('缺勤');
    expect(text).toContain('人力测算');
    // No English board wording leaks into the Chinese page.
    for (const english of ['Signed in, by activity', 'Attendance', 'What-if', 'Move to', 'Sign in by hand', 'nobody']) expect(text).not.toContain(english);
    expect(await noOverflow(page)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'lead-1920x1080-zh-CN.png') });
  });

  it('shows the simulator\'s living floor at 1920×1080 in both languages', async () => {
    server = await startTestServer({ env: { FLOORBOARD_SIMULATOR: 'on', FLOORBOARD_SIM_SPEED: '30' } });
    const admin = await login(server.url);
    await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { ...LEAD, role: 'team-lead' } });
    for (const lang of ['en', 'zh-CN']) {
      page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await signIn(page, server.url, lang);
      await waitFor(async () => (await page!.$$('.group .person')).length >= 20 && (await page!.$$('.group[data-activity=on-call] .person')).length >= 5, 30_000);
      await page.click('.group .person');
      expect(await noOverflow(page)).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, `lead-sim-1920x1080-${lang}.png`) });
      await page.close();
      page = null;
    }
  });
});
