import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitFor } from '../helpers/browser.js';
import { staffSurgeFloor, SURGE_ROSTER } from '../helpers/surge-floor.js';
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
    await staffSurgeFloor(server.url, admin);

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
    for (const s of SURGE_ROSTER.staff) expect(text).not.toContain(s.name);
  });
});
