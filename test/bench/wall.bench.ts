/**
 * The wall in real Chromium: client bundle size (gzip), event-to-glass latency, and memory
 * over a simulated day. Needs /usr/bin/chromium and a built client (built here if missing).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'vite';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { ago, ev, makeDataDir, postEvents, removeDir, startTestServer, WALL_TOKEN } from '../helpers/server.js';
import { percentile, type Benchmark, type Figure, type Size } from './harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ASSETS = path.join(ROOT, 'dist/client/assets');

async function ensureBuilt(): Promise<void> {
  try {
    await fs.access(path.join(ROOT, 'dist/client/index.html'));
  } catch {
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  }
}

async function gzipKb(files: string[]): Promise<number> {
  let bytes = 0;
  for (const f of files) bytes += zlib.gzipSync(await fs.readFile(path.join(ASSETS, f)), { level: 9 }).length;
  return bytes / 1024;
}

/** The scripts a page loads up front: the entry and what index.html preloads (the consoles are lazy chunks). */
async function pageScripts(): Promise<string[]> {
  const html = await fs.readFile(path.join(ROOT, 'dist/client/index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
}

/** Posts a sign-in per round and waits for the wall to show it; returns latencies (ms). */
async function eventToGlass(page: Page, url: string, rounds: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const staffId = `G${String(i).padStart(4, '0')}`;
    const shown = page.waitForFunction((id) => [...document.querySelectorAll('.seat .id')].some((e) => e.textContent?.trim() === id), staffId, { timeout: 5000, polling: 'raf' });
    const t0 = Date.now();
    await postEvents(url, [ev.signIn(staffId, 'GLASS-1', ago(0))]);
    await shown;
    latencies.push(Date.now() - t0);
    // Spread the posts so each lands in its own update cycle, as floor events do.
    await new Promise((r) => setTimeout(r, 40 + Math.random() * 120));
  }
  return latencies.sort((a, b) => a - b);
}

async function heapMb(page: Page): Promise<{ heap: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { heap: usage.usedSize / 2 ** 20, nodes };
}

export const wallBenchmark: Benchmark = {
  name: 'wall',
  needsBrowser: true,
  async run(size: Size): Promise<Figure[]> {
    await ensureBuilt();
    const figures: Figure[] = [];
    const wallKb = await gzipKb(await pageScripts());
    figures.push({ name: 'client JavaScript the wall loads, gzip (entry + preloads)', value: wallKb, unit: 'KB', goal: '≤ 150 KB', met: wallKb <= 150 });
    const allKb = await gzipKb((await fs.readdir(ASSETS)).filter((f) => f.endsWith('.js')));
    figures.push({ name: 'all client JavaScript incl. lazy console chunks, gzip', value: allKb, unit: 'KB' });

    const browser = await launchBrowser();
    try {
      // Event to glass, simulator off: only the benchmark's events move the floor.
      let dataDir = await makeDataDir();
      let server = await startTestServer({ dataDir });
      try {
        const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
        await page.goto(`${server.url}/wall?token=${encodeURIComponent(WALL_TOKEN)}&lang=en`);
        await page.waitForSelector('.badge.live', { timeout: 15_000 });
        const lat = await eventToGlass(page, server.url, size === 'tiny' ? 10 : 200);
        figures.push({ name: `event to glass p50 (ingest → wall DOM, ${lat.length} events)`, value: percentile(lat, 50), unit: 'ms' });
        const p99 = percentile(lat, 99);
        figures.push({ name: `event to glass p99 (ingest → wall DOM, ${lat.length} events)`, value: p99, unit: 'ms', goal: '≤ 500 ms', met: p99 <= 500 });
        await page.close();
      } finally {
        await server.close();
        await removeDir(dataDir);
      }

      // A simulated day on the wall: heap and DOM size every simulated hour.
      const speed = 600;
      const hours = size === 'tiny' ? 1 : 24;
      dataDir = await makeDataDir();
      server = await startTestServer({ dataDir, env: { FLOORBOARD_SIMULATOR: 'on', FLOORBOARD_SIM_SPEED: String(speed) } });
      try {
        const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
        await page.goto(`${server.url}/wall?token=${encodeURIComponent(WALL_TOKEN)}&lang=en`);
        await page.waitForSelector('.badge.live', { timeout: 15_000 });
        const hourMs = 3600_000 / speed;
        const samples: { heap: number; nodes: number }[] = [];
        for (let h = 0; h <= hours; h++) {
          if (h > 0) await new Promise((r) => setTimeout(r, hourMs));
          samples.push(await heapMb(page));
        }
        const first = samples[Math.min(1, samples.length - 1)]!;
        const last = samples.at(-1)!;
        const maxHeap = Math.max(...samples.slice(1).map((s) => s.heap));
        const growth = (maxHeap - first.heap) / first.heap;
        figures.push({ name: `wall JS heap after ${hours} simulated h (max vs after hour 1, sim ×${speed})`, value: maxHeap, unit: 'MB', baseline: first.heap, ratio: maxHeap / first.heap, goal: 'growth ≤ 10%', met: growth <= 0.1 });
        figures.push({ name: `wall DOM nodes after ${hours} simulated h (vs after hour 1)`, value: last.nodes, unit: 'nodes', baseline: first.nodes, ratio: last.nodes / first.nodes, goal: 'growth ≤ 10%', met: last.nodes <= first.nodes * 1.1 });
        await page.close();
      } finally {
        await server.close();
        await removeDir(dataDir);
      }
    } finally {
      await browser.close();
    }
    return figures;
  },
};
