import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitFor } from '../helpers/browser.js';
import { ago, ev, makeDataDir, postEvents, removeDir, startTestServer, WALL_TOKEN, type TestServer } from '../helpers/server.js';

const ARTIFACTS = path.resolve('test-results/screenshots');
let browser: Browser;
let server: TestServer | null = null;
let dataDir: string;
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
  await server?.close();
  server = null;
  await removeDir(dataDir);
});

async function openWall(url: string, size: { width: number; height: number }, lang = 'en'): Promise<Page> {
  const p = await browser.newPage({ viewport: size });
  await p.goto(`${url}/wall?token=${encodeURIComponent(WALL_TOKEN)}&lang=${lang}`);
  return p;
}

const seatIds = (p: Page) => p.$$eval('.seat .id', (els) => els.map((e) => e.textContent?.trim() ?? ''));

describe('the wall display', () => {
  it('shows the simulator\'s living floor at 1920×1080 and 3840×2160 without scrollbars or names', async () => {
    dataDir = await makeDataDir();
    server = await startTestServer({ dataDir, env: { FLOORBOARD_SIMULATOR: 'on', FLOORBOARD_SIM_SPEED: '30' } });
    const names = server.running.store.roster().staff.map((s) => s.name);
    expect(names.length).toBeGreaterThan(50);
    for (const [size, lang] of [
      [{ width: 1920, height: 1080 }, 'en'],
      [{ width: 3840, height: 2160 }, 'zh-CN'],
    ] as const) {
      page = await openWall(server.url, size, lang);
      await page.waitForSelector('.badge.live', { timeout: 15_000 });
      const staffed = await waitFor(async () => {
        const signedIn = (await seatIds(page!)).filter((id) => /^\d{4}$/.test(id));
        return signedIn.length >= 10 ? signedIn : null;
      }, 20_000);
      expect(staffed.length).toBeGreaterThanOrEqual(10);
      await page.waitForSelector('canvas');
      const overflow = await page.evaluate(() => ({
        x: document.documentElement.scrollWidth > window.innerWidth,
        y: document.documentElement.scrollHeight > window.innerHeight,
      }));
      expect(overflow).toEqual({ x: false, y: false });
      // Readable from 5 m: no visible text under the floor set for the wall (scaled with the screen).
      const minPx = await page.evaluate(() => {
        let min = Infinity;
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          if (!el || !n.textContent?.trim()) continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
          min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
        }
        return min;
      });
      expect(minPx, `smallest text ${minPx}px`).toBeGreaterThanOrEqual(size.width >= 3840 ? 20 : 10);
      const text = await page.evaluate(() => document.body.innerText);
      for (const name of names) expect(text).not.toContain(name);
      await page.screenshot({ path: path.join(ARTIFACTS, `wall-sim-${size.width}x${size.height}-${lang}.png`) });
      await page.close();
      page = null;
    }
  });

  it('changes when events are ingested, turns stale when the server stops and recovers without a reload', async () => {
    dataDir = await makeDataDir();
    server = await startTestServer({ dataDir });
    const port = new URL(server.url).port;
    page = await openWall(server.url, { width: 1920, height: 1080 });
    await page.waitForSelector('.badge.live', { timeout: 15_000 });

    await postEvents(server.url, [ev.signIn('7001', 'E2E-1', ago(30)), ev.offered('e2e-c1', 'general', ago(20)), ev.offered('e2e-c2', 'general', ago(10))]);
    await waitFor(async () => (await seatIds(page!)).includes('7001'), 5000);
    const waitingFigure = () => page!.$eval('.figures .primary .fig:first-child dd', (el) => el.textContent?.trim());
    await waitFor(async () => (await waitingFigure()) === '2', 5000);
    await postEvents(server.url, [ev.answered('e2e-c1', '7001', ago(1))]);
    await waitFor(async () => (await waitingFigure()) === '1', 5000);

    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    await server.close();
    server = null;
    await page.waitForSelector('.badge.stale', { timeout: 20_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-stale-1920x1080-en.png') });

    server = await startTestServer({ dataDir, env: { PORT: port } });
    await page.waitForSelector('.badge.live', { timeout: 30_000 });
    await postEvents(server.url, [ev.signIn('7002', 'E2E-2', ago(5))]);
    await waitFor(async () => (await seatIds(page!)).includes('7002'), 10_000);
    expect(await seatIds(page)).toContain('7001');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  });
});
