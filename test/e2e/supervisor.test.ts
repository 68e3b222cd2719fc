import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ShiftLog } from '../../shared/shift-log.js';
import type { FloorSnapshot } from '../../shared/snapshot.js';
import { staffSurgeFloor } from '../helpers/surge-floor.js';
import { launchBrowser, waitFor } from '../helpers/browser.js';
import { ADMIN_PASSWORD, ago, ev, login, postEvents, removeDir, request, startTestServer, type TestServer } from '../helpers/server.js';

const ARTIFACTS = path.resolve('test-results/screenshots');
const VIEWPORT = { width: 1920, height: 1080 };
let browser: Browser;
let server: TestServer | null = null;
let context: BrowserContext | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
  await fs.mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser.close();
});
afterEach(async () => {
  await context?.close();
  context = null;
  await server?.close();
  if (server) await removeDir(server.dataDir);
  server = null;
});

/** Counts the oscillators the page starts: the alarm really asked the speakers for sound. */
const COUNT_BEEPS = () => {
  const w = window as unknown as { beeps: number };
  w.beeps = 0;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
    w.beeps++;
    return start.apply(this, args);
  };
};

const text = (p: Page, selector: string) => p.$eval(selector, (e) => (e as HTMLElement).innerText);
const logKinds = (p: Page) => p.$$eval('.entries .entry', (els) => els.map((e) => `${e.getAttribute('data-kind')} ${e.querySelector('.actor')?.textContent?.trim()}`));
const moveStates = (p: Page) => p.$$eval('li.move', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-staff'), e.getAttribute('data-status')])));

async function shoot(p: Page, name: string): Promise<void> {
  // Let chart.js and the next floor update settle so the picture is what a person would see.
  await p.waitForTimeout(400);
  await p.screenshot({ path: path.join(ARTIFACTS, `supervisor-${name}.png`) });
}

describe('the night supervisor console', () => {
  it('alerts to a surge, shows why and whom to pull, declines with a reason, accepts, follows the moves, declares a cause and releases', async () => {
    server = await startTestServer();
    const { url } = server;
    const admin = await login(url);
    await staffSurgeFloor(url, admin, ['2001', '2002']);
    // A forecast, so the trend chart compares the surge with something.
    const day = (await request<FloorSnapshot>(url, 'GET', '/api/v1/floor', { token: admin })).body.intervals;
    const forecast = day.map((iv, i) => ({ start: iv.start, queue: 'general', offered: 24 + (i % 4) * 4, ahtSeconds: 240 }));
    expect((await request(url, 'PUT', '/api/v1/forecast', { token: admin, body: { intervals: forecast } })).status).toBe(200);
    expect((await request(url, 'POST', '/api/v1/users', { token: admin, body: { username: 'sup', password: 'sup-password', role: 'site-supervisor', staffId: 'S900' } })).status).toBe(201);

    context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript(COUNT_BEEPS);
    // Between the page and the server: floor updates can be held back, as on a slow link.
    let holdUpdates = false;
    await context.routeWebSocket(/socket\.io/, (ws) => {
      const toServer = ws.connectToServer();
      toServer.onMessage((message) => {
        if (holdUpdates && typeof message === 'string' && message.includes('"floor:updated"')) return;
        ws.send(message);
      });
    });
    const floorNow = async () => (await request<FloorSnapshot>(url, 'GET', '/api/v1/floor', { token: admin })).body;
    const page = await context.newPage();
    await page.goto(`${url}/supervisor?lang=en`);
    await page.fill('input[name=username]', 'sup');
    await page.fill('input[name=password]', 'sup-password');
    await page.click('button[type=submit]');
    await page.waitForSelector('.badge.live', { timeout: 15_000 });
    await page.waitForSelector('.calm');
    expect(await text(page, '.rec')).toMatch(/No recommendation/);

    // The surge: 12 calls waiting against a threshold of 10.
    await postEvents(url, Array.from({ length: 12 }, (_, i) => ev.offered(`c-${i}`, 'general', ago(30 - i))));
    await page.waitForSelector('.alert .cause', { timeout: 10_000 });
    const banner = await text(page, '.alert');
    expect(banner).toMatch(/Queue/);
    expect(banner).toMatch(/12 calls\s*≥ threshold\s*10 calls/);
    expect(banner).toMatch(/since \d\d:\d\d/);
    await waitFor(() => page.evaluate(() => document.title.startsWith('▲ SURGE')), 5_000);
    // Signing in was a click, so the browser lets the page make sound: the pattern rang.
    expect(await page.getAttribute('.sound', 'data-audio')).toBe('running');
    expect(await waitFor(() => page.evaluate(() => (window as unknown as { beeps: number }).beeps), 5_000)).toBeGreaterThanOrEqual(4);
    expect(await text(page, '.why')).toMatch(/Calls waiting/);
    await page.click('.alert .ack');
    await page.waitForSelector('.alert .acked');
    await waitFor(() => page.evaluate(() => !document.title.startsWith('▲')), 3_000);

    // Whom to pull, by staff ID and name.
    const pulls = await waitFor(async () => {
      const ids = await page.$$eval('.rec tr.pull', (rows) => rows.map((r) => r.getAttribute('data-staff')));
      return ids.length ? ids : null;
    });
    expect(pulls).toEqual(expect.arrayContaining(['2001', '2002']));
    expect(await text(page, '.rec')).toContain('员工2001');

    // Declining needs a reason.
    const decline = page.locator('.decision form button[type=submit]');
    expect(await decline.isDisabled()).toBe(true);
    await page.fill('.decision input[name=reason]', '   ');
    expect(await decline.isDisabled()).toBe(true);

    // The floor changes while the supervisor's updates are held back: accepting what they still
    // see is refused as superseded, the console says so, and then shows the new recommendation.
    holdUpdates = true;
    await postEvents(url, [ev.signIn('2003', 'BO-2', ago(5)), ev.activity('2003', 'non-phone', ago(4))]);
    await waitFor(async () => (await floorNow()).recommendation?.pull.some((p) => p.staffId === '2003'));
    expect(await page.$('.rec tr.pull[data-staff="2003"]')).toBeNull();
    await page.click('.decision .accept');
    await page.waitForSelector('.rec .error');
    holdUpdates = false;
    expect(await text(page, '.rec .error')).toMatch(/Not applied: the floor changed — .*superseded/);
    await page.waitForSelector('.rec[data-status=pending] tr.pull[data-staff="2003"]', { timeout: 10_000 });
    expect(await page.$('.rec .error')).not.toBeNull();
    await shoot(page, 'surge-en');
    // The console fits a 1920×1080 laptop screen: the log and the moves scroll inside their panels.
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    const zh = await context.newPage();
    await zh.goto(`${url}/supervisor?lang=zh-CN`);
    await zh.waitForSelector('.rec[data-status=pending] tr.pull[data-staff="2003"]', { timeout: 10_000 });
    expect(await text(zh, '.alert')).toMatch(/排队/);
    expect(await text(zh, '.rec')).toMatch(/采纳并调配/);
    await shoot(zh, 'surge-zh-CN');

    // With a reason typed, Decline works and says who declined and why.
    await page.fill('.decision input[name=reason]', 'two agents are back from break in a minute');
    expect(await decline.isDisabled()).toBe(false);
    await decline.click();
    await page.waitForSelector('.rec[data-status=declined]');
    expect(await text(page, '.rec')).toMatch(/declined by S900: two agents are back/);
    expect(await page.$('.rec .error')).toBeNull();
    await waitFor(async () => (await logKinds(page)).includes('recommendation-declined S900'));

    // 2003 leaves again: a fresh recommendation for 2001 and 2002, which we accept.
    await postEvents(url, [ev.signOut('2003', ago(1))]);
    await waitFor(async () => {
      const ids = await page.$$eval('.rec[data-status=pending] tr.pull', (rows) => rows.map((r) => r.getAttribute('data-staff')));
      return ids.join() === '2001,2002';
    });
    await page.click('.decision .accept');
    await waitFor(async () => {
      const states = await moveStates(page);
      return states['2001'] === 'pending' && states['2002'] === 'pending';
    });
    await waitFor(async () => (await logKinds(page)).includes('recommendation-accepted S900'));
    expect(await text(page, '.log')).toMatch(/Accepted: pull 2001→A1-0\d/);

    // 2001 signs in at the target seat: that move is done.
    const target = (await floorNow()).moves?.find((m) => m.staffId === '2001')?.toSeatId;
    expect(target).toMatch(/^IN-/);
    await postEvents(url, [ev.signIn('2001', target!, ago(1))]);
    await page.waitForSelector('li.move[data-staff="2001"][data-status=done]', { timeout: 10_000 });
    expect((await moveStates(page))['2002']).toBe('pending');
    await waitFor(async () => (await logKinds(page)).includes('move-done system'));

    // Declare a known cause in the site's zone, then end it by hand.
    await page.selectOption('.declare select[name=cause]', 'promotion');
    await page.fill('.declare input[name=uplift]', '40');
    await page.fill('.declare input[name=endsAt]', '23:59');
    await page.fill('.declare input[name=note]', 'spring promotion SMS');
    await page.click('.declare button[type=submit]');
    await page.waitForSelector('.declared-list li', { timeout: 10_000 });
    expect(await text(page, '.declared-list')).toMatch(/New product promotion\s*\+40%\s*until 23:59 · by S900/);
    const declared = (await floorNow()).surges.find((s) => s.declared);
    // 23:59 on the site's clock (Asia/Shanghai), whatever the browser's or the server's zone.
    expect(declared?.declared?.endsAt).toMatch(/T23:59:00\+08:00$/);
    await page.click('.declared-list li button');
    await page.waitForSelector('.declared-list li', { state: 'detached', timeout: 10_000 });
    await waitFor(async () => (await logKinds(page)).includes('surge-ended S900'));

    // A note and an open problem for the handover.
    await page.fill('.note-form textarea', 'IVR menu 3 plays the wrong prompt');
    await page.check('.note-form input[name=problem]');
    await page.click('.note-form button[type=submit]');
    await waitFor(async () => (await logKinds(page))[0] === 'problem S900');

    // The queue clears and calls turn out short: the surge ends and the pulled staff can go back.
    const answered = Array.from({ length: 12 }, (_, i) => [ev.answered(`c-${i}`, i % 2 ? '1001' : '1002', ago(3)), ev.ended(`c-${i}`, ago(1), 0)]).flat();
    await postEvents(url, answered);
    await page.waitForSelector('.calm', { timeout: 15_000 });
    await page.waitForSelector('.rec[data-kind=release][data-status=pending]', { timeout: 15_000 });
    expect(await text(page, '.rec')).toMatch(/2001[\s\S]*A1-0\d[\s\S]*→[\s\S]*TR-1/);
    await shoot(page, 'release-en');
    await zh.reload();
    await zh.waitForSelector('.rec[data-kind=release]', { timeout: 10_000 });
    await shoot(zh, 'release-zh-CN');

    await page.click('.decision .accept');
    await page.waitForSelector('.rec[data-kind=release][data-status=accepted]', { timeout: 10_000 });
    await page.waitForSelector('li.move[data-staff="2001"][data-status=pending]', { timeout: 10_000 });

    const log = (await request<ShiftLog>(url, 'GET', '/api/v1/shift-log', { token: admin })).body;
    expect(log.entries.filter((e) => e.actor === 'S900').map((e) => e.kind)).toEqual([
      'recommendation-declined',
      'recommendation-accepted',
      'surge-declared',
      'surge-ended',
      'problem',
      'recommendation-accepted',
    ]);
  });

  it('remembers the mute toggle, asks for a click before it can sound, and refuses the wrong role', async () => {
    server = await startTestServer();
    const { url } = server;
    const admin = await login(url);
    await request(url, 'POST', '/api/v1/users', { token: admin, body: { username: 'lead', password: 'lead-password', role: 'team-lead' } });
    context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(`${url}/supervisor?lang=en`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('.badge.live', { timeout: 15_000 });
    await page.click('.sound');
    expect(await page.getAttribute('.sound', 'aria-pressed')).toBe('true');

    // A reload has had no click yet: muted, so no hint; unmuted, the hint asks for a click.
    await page.reload();
    await page.waitForSelector('.badge.live', { timeout: 15_000 });
    expect(await page.getAttribute('.sound', 'aria-pressed')).toBe('true');
    expect(await page.$('.status-bar .hint')).toBeNull();
    await page.evaluate(() => localStorage.setItem('floorboard.supervisor.muted', 'false'));
    await page.reload();
    await page.waitForSelector('.badge.live', { timeout: 15_000 });
    await page.waitForSelector('.status-bar .hint');
    await page.mouse.click(5, 1070);
    await page.waitForSelector('.status-bar .hint', { state: 'detached' });
    expect(await page.getAttribute('.sound', 'data-audio')).toBe('running');

    await page.click('.signout');
    await page.fill('input[name=username]', 'lead');
    await page.fill('input[name=password]', 'lead-password');
    await page.click('button[type=submit]');
    await page.waitForSelector('.wrong-role');
  });
});
