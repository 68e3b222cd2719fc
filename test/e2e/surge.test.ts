import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitFor } from '../helpers/browser.js';
import { ago, ev, login, postEvents, removeDir, request, startTestServer, WALL_TOKEN, type TestServer } from '../helpers/server.js';

const ARTIFACTS = path.resolve('test-results/screenshots');
let browser: Browser;
let server: TestServer;
let page: Page | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});
afterEach(async () => {
  await page?.close();
  page = null;
  await server.close();
  await removeDir(server.dataDir);
});

describe('a surge on the wall', () => {
  it('shows the cause and the named staff IDs to pull, then who accepted, without names', async () => {
    server = await startTestServer();
    const admin = await login(server.url);
    const roster = {
      seats: [
        ...Array.from({ length: 8 }, (_, i) => ({ seatId: `IN-${i + 1}`, label: `A1-0${i + 1}`, kind: 'inbound', zone: 'A', row: 0, col: i })),
        { seatId: 'TR-1', label: 'TR-1', kind: 'non-phone', zone: 'D', row: 0, col: 0, work: 'training' },
        { seatId: 'BO-1', label: 'BO-1', kind: 'non-phone', zone: 'D', row: 0, col: 1, work: 'back-office' },
        { seatId: 'BO-2', label: 'BO-2', kind: 'non-phone', zone: 'D', row: 0, col: 2, work: 'back-office' },
      ],
      staff: ['1001', '1002', '2001', '2002', '2003'].map((staffId) => ({ staffId, name: `员工${staffId}`, role: 'agent', skills: ['general'] })),
      shifts: [{ name: 'day', start: '00:00', end: '24:00', night: false }],
    };
    expect((await request(server.url, 'PUT', '/api/v1/roster', { token: admin, body: roster })).status).toBe(200);
    await request(server.url, 'PUT', '/api/v1/settings', { token: admin, body: { surge: { waitingCalls: 10, minCallsForRates: 100000, longestWaitSeconds: 86400, deviationPct: 10 } } });
    await postEvents(server.url, [
      ev.signIn('1001', 'IN-1', ago(600)),
      ev.signIn('1002', 'IN-2', ago(600)),
      ev.signIn('2001', 'TR-1', ago(600)),
      ev.activity('2001', 'training', ago(590)),
      ev.signIn('2002', 'BO-1', ago(600)),
      ev.activity('2002', 'non-phone', ago(590)),
      ev.signIn('2003', 'BO-2', ago(600)),
      ev.activity('2003', 'non-phone', ago(590)),
    ]);

    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall?token=${encodeURIComponent(WALL_TOKEN)}&lang=en`);
    await page.waitForSelector('.badge.live', { timeout: 15_000 });
    expect(await page.$('.surge')).toBeNull();

    await postEvents(server.url, Array.from({ length: 12 }, (_, i) => ev.offered(`w-${i}`, 'general', ago(30 - i))));
    await page.waitForSelector('.surge .cause', { timeout: 10_000 });
    const pulls = await waitFor(async () => {
      const text = await page!.$$eval('.surge .pull', (els) => els.map((e) => e.textContent?.trim() ?? ''));
      return text.length ? text : null;
    }, 10_000);
    expect(pulls[0]).toBe('2001→A1-03');
    expect(await page.$eval('.surge .cause', (e) => e.textContent)).toMatch(/queue/i);
    const banner = await page.$eval('.surge', (e) => e.textContent ?? '');
    expect(banner).toMatch(/PULL \d/);
    expect(banner).toMatch(/SL after: \d+%/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-surge-1920x1080-en.png') });

    // The supervisor accepts in the console; the wall and the shift log follow.
    await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username: 'sup', password: 'sup-password', role: 'site-supervisor', staffId: 'S900' } });
    const console = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await console.goto(`${server.url}/supervisor?lang=en`);
    await console.fill('input[name=username]', 'sup');
    await console.fill('input[name=password]', 'sup-password');
    await console.click('button[type=submit]');
    await console.click('.decision .accept', { timeout: 15_000 });
    await waitFor(async () => ((await page!.$eval('.surge', (e) => e.textContent ?? '')).includes('accepted by S900') ? true : null), 10_000);
    const log = await request<{ entries: { kind: string; actor: string }[] }>(server.url, 'GET', '/api/v1/shift-log', { token: admin });
    expect(log.body.entries.some((e) => e.kind === 'recommendation-accepted' && e.actor === 'S900')).toBe(true);
    await console.close();

    const text = await page.evaluate(() => document.body.innerText);
    for (const s of roster.staff) expect(text).not.toContain(s.name);
  });
});
