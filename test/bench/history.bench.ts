/**
 * Long history: store write time and server start time with 1 day of archived history
 * against many (90 at full size, 5 tiny), everything else equal.
 *
 * Each data dir holds:
 * - a day of live events, ingested through the real server in-process (`startFloorboard` with
 *   a clock walked through the last 24 hours, checkpointing every few hours), so the journal,
 *   its segments and the checkpoint are the server's own; plus an hour's tail appended with
 *   the `Journal` API after the last checkpoint, so a start replays it;
 * - archived days written with the store API (`LowdbStore.archiveDay`), the days before the
 *   live window, each with every 15-minute bucket of two queues.
 *
 * Store write: `archiveDay` of today's buckets then `saveSettings`, the median of many.
 * Server start: spawn `server/main.ts` → its "running at" line (median of a few, each on a
 * fresh copy of the data dir, so every start replays the same tail).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FloorEvent } from '../../shared/events.js';
import type { Bucket } from '../../shared/floor/state.js';
import { BUCKET_MS } from '../../shared/floor/state.js';
import { addDays, dayStart, localDayKey } from '../../shared/time.js';
import { loadConfig } from '../../server/config.js';
import { startFloorboard } from '../../server/runtime.js';
import { LIVE_DAYS } from '../../server/services/floor-service.js';
import { Journal } from '../../server/store/journal.js';
import { LowdbStore } from '../../server/store/lowdb-store.js';
import type { DayArchive } from '../../server/store/store.js';
import { testEnv } from '../helpers/server.js';
import { startChildServer } from './child-server.js';
import { percentile, type Benchmark, type Figure, type Size } from './harness.js';

const TIME_ZONE = 'Asia/Shanghai';
const AGENTS = 490;
const QUEUES = ['general', 'billing'];
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

interface Params {
  days: number;
  /** Events in the day of live traffic (the tail adds ~1/24 more). */
  dayEvents: number;
  writes: number;
  starts: number;
}

const PARAMS: Record<Size, Params> = {
  full: { days: 90, dayEvents: 240_000, writes: 60, starts: 3 },
  tiny: { days: 5, dayEvents: 12_000, writes: 10, starts: 1 },
};

const agentId = (i: number) => `A${String(i + 1).padStart(4, '0')}`;

/**
 * A day of traffic in time order from `fromMs` to `toMs`: everyone signs in, then calls
 * (offered, answered, the agent on-call, ended, the agent available again) spread evenly.
 */
function* trafficBetween(fromMs: number, toMs: number, events: number, tag: string): Generator<FloorEvent[]> {
  const calls = Math.floor(events / 5);
  const step = (toMs - fromMs) / Math.max(1, calls);
  let batch: FloorEvent[] = [];
  const at = (ms: number) => new Date(Math.round(ms)).toISOString();
  for (let i = 0; i < calls; i++) {
    const t = fromMs + i * step;
    const staffId = agentId(i % AGENTS);
    const callId = `${tag}-c${i}`;
    batch.push(
      { id: `${tag}-${i}-o`, type: 'call.offered', at: at(t), callId, queue: QUEUES[i % 2]! },
      { id: `${tag}-${i}-a`, type: 'call.answered', at: at(t + 8000), callId, staffId },
      { id: `${tag}-${i}-s`, type: 'agent.activity', at: at(t + 8000), staffId, activity: 'on-call' },
      { id: `${tag}-${i}-e`, type: 'call.ended', at: at(t + 188_000), callId, wrapSeconds: 20 },
      { id: `${tag}-${i}-v`, type: 'agent.activity', at: at(t + 208_000), staffId, activity: 'available' },
    );
    if (batch.length >= 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** A day of live events through the real server, its clock walked along with them. */
async function liveDay(dir: string, events: number): Promise<void> {
  const end = Date.now();
  const start = end - 24 * 3600_000;
  let now = start;
  const running = await startFloorboard(loadConfig(testEnv(dir)), { clock: { now: () => now } });
  try {
    await running.floor.setRoster({
      seats: Array.from({ length: AGENTS }, (_, i) => ({ seatId: `S-${i + 1}`, label: `S-${i + 1}`, kind: 'inbound' as const, zone: 'ABCDE'[Math.floor(i / 98)]!, row: Math.floor((i % 98) / 14), col: i % 14 })),
      staff: Array.from({ length: AGENTS }, (_, i) => ({ staffId: agentId(i), name: `Agent ${i + 1}`, role: 'agent' as const, skills: QUEUES })),
      shifts: [
        { name: 'morning', start: '08:00', end: '16:00', night: false },
        { name: 'evening', start: '16:00', end: '24:00', night: false },
        { name: 'night', start: '00:00', end: '08:00', night: true },
      ],
    });
    await running.floor.ingest(Array.from({ length: AGENTS }, (_, i): FloorEvent => ({ id: `hist-in-${i}`, type: 'agent.signed_in', at: new Date(start).toISOString(), staffId: agentId(i), seatId: `S-${i + 1}` })));
    let lastCheckpoint = start;
    for (const batch of trafficBetween(start, end - 3600_000, events, 'day')) {
      now = Date.parse(batch.at(-1)!.at);
      await running.floor.ingest(batch);
      if (now - lastCheckpoint >= 4 * 3600_000) {
        await running.floor.checkpoint();
        lastCheckpoint = now;
      }
    }
    now = end - 3600_000;
  } finally {
    await running.close();
  }
  // The last hour: journaled after the final checkpoint, so every start replays it.
  const { journal } = await Journal.open(path.join(dir, 'journal'), { afterSeq: 0, logger: quiet });
  for (const batch of trafficBetween(end - 3600_000, end, Math.round(events / 24), 'tail')) await journal.append(batch, Date.parse(batch.at(-1)!.at));
  await journal.close();
}

function bucket(offered: number): Bucket {
  const answered = Math.round(offered * 0.93);
  return { offered, answered, answeredWithinTarget: Math.round(answered * 0.82), abandoned: offered - answered, answerWaitSeconds: answered * 14, handled: answered, talkSeconds: answered * 180, wrapSeconds: answered * 20 };
}

/** A whole day's figures: every 15-minute bucket of both queues, and staff-seconds on the phones. */
function dayArchive(day: string, seed: number): DayArchive {
  const from = dayStart(day, TIME_ZONE);
  const to = dayStart(addDays(day, 1), TIME_ZONE);
  const buckets: DayArchive['buckets'] = {};
  const phoneStaffSeconds: DayArchive['phoneStaffSeconds'] = {};
  for (let t = from, i = 0; t < to; t += BUCKET_MS, i++) {
    const shape = 40 + Math.round(120 * Math.sin((Math.PI * i) / 96) ** 2) + ((seed * 7 + i) % 11);
    buckets[String(t)] = Object.fromEntries(QUEUES.map((q, k) => [q, bucket(shape + k * 13)]));
    phoneStaffSeconds[String(t)] = (150 + shape) * 900;
  }
  return { day, buckets, phoneStaffSeconds };
}

/** Archives `days` days before the live window into the data dir, through the store API. */
async function archiveHistory(dir: string, days: number): Promise<void> {
  const { store } = await LowdbStore.open(dir);
  const today = localDayKey(Date.now(), TIME_ZONE);
  for (let d = 0; d < days; d++) await store.archiveDay(dayArchive(addDays(today, -(LIVE_DAYS + 1 + d)), d));
}

async function storeWrites(dir: string, writes: number): Promise<number> {
  const { store } = await LowdbStore.open(dir);
  const today = dayArchive(localDayKey(Date.now(), TIME_ZONE), 1);
  const times: number[] = [];
  for (let i = 0; i < writes; i++) {
    const t0 = performance.now();
    await store.archiveDay(today);
    await store.saveSettings({ ...store.settings(), moveTimeoutMinutes: 10 + (i % 2) });
    times.push(performance.now() - t0);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

/** One start: a fresh copy of `dir` (so each replays the same tail), spawn → "running at". */
async function serverStart(dir: string, work: string): Promise<number> {
  const copy = path.join(work, 'start');
  await fs.rm(copy, { recursive: true, force: true });
  await fs.cp(dir, copy, { recursive: true });
  const t0 = performance.now();
  const server = await startChildServer(copy);
  const ms = performance.now() - t0;
  await server.stop();
  await fs.rm(copy, { recursive: true, force: true });
  return ms;
}

/** Median start time of each data dir, the dirs taken in turn so drift hits them alike. */
async function serverStarts(dirs: string[], work: string, starts: number): Promise<number[]> {
  const times = dirs.map(() => [] as number[]);
  for (let i = 0; i < starts; i++) for (const [k, dir] of dirs.entries()) times[k]!.push(await serverStart(dir, work));
  return times.map((t) => percentile(t.sort((a, b) => a - b), 50));
}

export const historyBenchmark: Benchmark = {
  name: 'history',
  async run(size: Size): Promise<Figure[]> {
    const p = PARAMS[size];
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'floorboard-history-'));
    try {
      const base = path.join(dir, 'base');
      await liveDay(base, p.dayEvents);
      const short = path.join(dir, 'one-day');
      const long = path.join(dir, 'long');
      await fs.cp(base, short, { recursive: true });
      await fs.cp(base, long, { recursive: true });
      await archiveHistory(short, 1);
      await archiveHistory(long, p.days);

      // For reference, a start with nothing to load: what spawning Node and tsx costs alone.
      const empty = path.join(dir, 'empty');
      await fs.mkdir(empty);
      // Starts first (they read what is there), then writes, alternating so drift hits both alike.
      const [startShort, startLong, startEmpty] = (await serverStarts([short, long, empty], dir, p.starts)) as [number, number, number];
      const writeShort = await storeWrites(short, p.writes);
      const writeLong = await storeWrites(long, p.writes);
      const writeShort2 = await storeWrites(short, p.writes);
      const writeLong2 = await storeWrites(long, p.writes);
      const w1 = (writeShort + writeShort2) / 2;
      const wN = (writeLong + writeLong2) / 2;
      process.stderr.write(`  history: ${p.days} archived days; writes ${writeShort.toFixed(2)}/${writeShort2.toFixed(2)} ms (1 day) vs ${writeLong.toFixed(2)}/${writeLong2.toFixed(2)} ms; starts ${startShort.toFixed(0)} vs ${startLong.toFixed(0)} ms (empty data dir ${startEmpty.toFixed(0)} ms)\n`);
      return [
        { name: 'store write (archiveDay of today + saveSettings) with long history (baseline: 1 archived day)', value: wN, unit: 'ms', baseline: w1, ratio: wN / w1, goal: 'flat (≤ 1.5× 1 day)', met: wN / w1 <= 1.5 },
        { name: 'server start (spawn → "running at") with long history + a day of journal (baseline: 1 archived day)', value: startLong, unit: 'ms', baseline: startShort, ratio: startLong / startShort, goal: '≤ 2000 ms', met: startLong <= 2000 },
      ];
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
};
