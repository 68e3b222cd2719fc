/**
 * Crash test: a real server process takes batches from concurrent connectors and is killed
 * (mostly SIGKILL, a few SIGTERM) at random moments, then restarted on the same data dir.
 * Afterwards every acknowledged event must still be there, and the floor must equal a clean
 * replay of the acknowledged batches on a fresh server.
 *
 * A batch in flight when the server died may or may not have been made durable. Its connector
 * retries it on the next start, as a real one would: the answer must be "all duplicates"
 * (it landed) or "all accepted" (it did not); anything in between is a partially applied batch.
 *
 * The traffic is built so that the compared figures do not depend on how concurrent batches
 * interleave: each connector owns its staff, seats and calls, and keeps one batch in flight.
 * Times are whole seconds, so summed seconds are exact in any order. The site zone is chosen
 * so that it is about noon there, and every event falls on today.
 *
 * Repeat a failing run with CRASH_SEED=<seed printed on failure>: each connector then sends the
 * same batches and the kills come after the same delays (what is in flight at a kill still
 * depends on timing).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FloorEvent, IngestResult } from '../../shared/events.js';
import type { FloorSnapshot } from '../../shared/snapshot.js';
import { killAllServers, spawnServer, type ServerProcess } from '../helpers/child-server.js';
import { ADMIN_PASSWORD, INGEST_KEY, makeDataDir, removeDir, startTestServer, WALL_TOKEN, type TestServer } from '../helpers/server.js';

const ROUNDS = 24;
const GRACEFUL_ROUNDS = new Set([6, 15]);
/**
 * Rounds in which the server takes a checkpoint while connectors post: an admin settings save
 * triggers one at once. Then either the kill waits until the checkpoint is on disk, or it
 * races it.
 */
const CHECKPOINT_ROUNDS: ReadonlyMap<number, 'wait' | 'race'> = new Map([
  [2, 'wait'],
  [5, 'race'],
  [9, 'wait'],
  [12, 'race'],
  [17, 'wait'],
  [21, 'race'],
]);
const POSTERS = 4;
const WINDOW_SECONDS = 3 * 3600;

// ---------------------------------------------------------------------------------------------
// The server as a child process

/** A child-process server, listening, with its URL. */
async function startServer(dataDir: string, env: Record<string, string>): Promise<ServerProcess & { url: string }> {
  const server = spawnServer(dataDir, env, 15_000);
  return { ...server, url: await server.listening };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** POST /api/v1/events; a network failure (the server died) rejects. */
async function postBatch(url: string, events: FloorEvent[]): Promise<{ status: number; body: IngestResult & { message?: string } }> {
  const res = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(events),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: (await res.json()) as IngestResult & { message?: string } };
}

/** Applied events and setup changes (surges and decisions, which depend on timing, are not counted). */
async function eventsVersion(url: string): Promise<number> {
  const res = await fetch(`${url}/healthz`);
  return ((await res.json()) as { eventsVersion: number }).eventsVersion;
}

async function getFloor(url: string): Promise<FloorSnapshot> {
  const res = await fetch(`${url}/api/v1/floor`, { headers: { authorization: `Bearer ${WALL_TOKEN}` }, signal: AbortSignal.timeout(15_000) });
  expect(res.status).toBe(200);
  return (await res.json()) as FloorSnapshot;
}

/** When the checkpoint on disk was taken ('' before the first). */
async function checkpointSavedAt(dataDir: string): Promise<string> {
  try {
    return (JSON.parse(await fs.readFile(path.join(dataDir, 'checkpoint.json'), 'utf8')) as { savedAt: string }).savedAt;
  } catch {
    return '';
  }
}

/** An admin settings save that changes nothing but the version, and makes the server checkpoint. */
async function saveSettings(url: string, adminToken: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/settings`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(15_000),
  });
  return res.status;
}

async function adminLogin(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

// ---------------------------------------------------------------------------------------------
// Traffic

/** mulberry32: small and seedable, so a failing run can be repeated. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The zone where it is about noon at `ms`, so that the last few hours are all "today" there. */
function noonZone(ms: number): string {
  const d = new Date(ms);
  const eastHours = Math.round(12 - (d.getUTCHours() + d.getUTCMinutes() / 60));
  // Etc/GMT signs are inverted: Etc/GMT-8 is UTC+8.
  return eastHours === 0 ? 'Etc/GMT' : `Etc/GMT${eastHours > 0 ? '-' : '+'}${Math.abs(eastHours)}`;
}

const ACTIVITIES = ['available', 'on-call', 'wrap-up', 'non-phone', 'training', 'break'] as const;
const QUEUES = ['general', 'billing', 'vip'];

/** One connector: owns its staff, seats and calls; events come out mostly, not entirely, in time order. */
class Connector {
  private events = 0;
  private calls = 0;
  private readonly pool: FloorEvent[] = [];

  constructor(
    readonly name: string,
    private readonly random: () => number,
    private readonly baseMs: number,
  ) {}

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private id(): string {
    return `${this.name}-${++this.events}`;
  }

  private at(secondsAgo: number): string {
    return new Date(this.baseMs - secondsAgo * 1000).toISOString();
  }

  /** One call's events; durations keep every event at least 200 s in the past. */
  private callEvents(): FloorEvent[] {
    const callId = `${this.name}-c${++this.calls}`;
    const queue = QUEUES[this.int(0, QUEUES.length - 1)]!;
    const offered = this.int(1200, WINDOW_SECONDS);
    const staffId = `${this.name}-s${this.int(0, 5)}`;
    const wait = this.int(0, 90);
    const events: FloorEvent[] = [{ id: this.id(), type: 'call.offered', at: this.at(offered), callId, queue }];
    const kind = this.random();
    if (kind < 0.5) {
      const talk = this.int(10, 600);
      events.push({ id: this.id(), type: 'call.answered', at: this.at(offered - wait), callId, staffId });
      const wrap = this.random() < 0.7 ? { wrapSeconds: this.int(0, 120) } : {};
      events.push({ id: this.id(), type: 'call.ended', at: this.at(offered - wait - talk), callId, ...wrap });
    } else if (kind < 0.72) {
      events.push({ id: this.id(), type: 'call.abandoned', at: this.at(offered - this.int(5, 300)), callId });
    } else if (kind < 0.9) {
      events.push({ id: this.id(), type: 'call.answered', at: this.at(offered - wait), callId, staffId });
    }
    // else: still waiting.
    return events;
  }

  private staffEvents(): FloorEvent[] {
    const k = this.int(0, 5);
    const staffId = `${this.name}-s${k}`;
    let t = this.int(1200, WINDOW_SECONDS);
    const events: FloorEvent[] = [];
    if (this.random() < 0.8) events.push({ id: this.id(), type: 'agent.signed_in', at: this.at(t), staffId, seatId: `${this.name}-seat${k}` });
    for (let n = this.int(1, 3); n > 0; n--) {
      t -= this.int(1, 300);
      events.push({ id: this.id(), type: 'agent.activity', at: this.at(t), staffId, activity: ACTIVITIES[this.int(0, ACTIVITIES.length - 1)]! });
    }
    // Only two of the six ever sign out, so most of the floor ends up signed in.
    if (k < 2 && this.random() < 0.3) events.push({ id: this.id(), type: 'agent.signed_out', at: this.at(t - this.int(1, 300)), staffId, reason: 'break' });
    return events;
  }

  private refill(want: number): void {
    while (this.pool.length < want) {
      const events = this.random() < 0.25 ? this.staffEvents() : this.callEvents();
      // An out-of-order pair: e.g. answered before offered, or ended before answered.
      if (events.length > 1 && this.random() < 0.3) {
        const i = this.int(0, events.length - 2);
        [events[i], events[i + 1]] = [events[i + 1]!, events[i]!];
      }
      this.pool.push(...events);
    }
  }

  /** The next batch of 1–50 new events, plus (sometimes) repeats of acknowledged events. */
  nextBatch(acked: FloorEvent[]): FloorEvent[] {
    const size = this.int(1, 50);
    this.refill(size + 10);
    const batch = this.pool.splice(0, size);
    if (acked.length > 0 && this.random() < 0.15) {
      for (let n = this.int(1, 2); n > 0; n--) batch.splice(this.int(0, batch.length), 0, acked[this.int(0, acked.length - 1)]!);
    }
    if (this.random() < 0.1) batch.push(batch[this.int(0, batch.length - 1)]!);
    return batch;
  }
}

// ---------------------------------------------------------------------------------------------
// The ledger: acknowledged batches (and settings saves) in the order their answers arrived

type LedgerEntry =
  | {
      kind: 'events';
      events: FloorEvent[];
      /** The answer this batch gets from a server that has everything before it in the ledger. */
      answer: IngestResult;
    }
  | { kind: 'settings' };

class Ledger {
  readonly entries: LedgerEntry[] = [];
  readonly ackedEvents: FloorEvent[] = [];
  private readonly ids = new Set<string>();

  /** What a batch must be answered, given the acknowledged events so far. */
  expectedAnswer(events: FloorEvent[]): IngestResult {
    const fresh = new Set(events.map((e) => e.id).filter((id) => !this.ids.has(id)));
    return { accepted: fresh.size, duplicates: events.length - fresh.size };
  }

  recordSettingsSave(): void {
    this.entries.push({ kind: 'settings' });
  }

  record(events: FloorEvent[], answer: IngestResult): void {
    this.entries.push({ kind: 'events', events, answer });
    for (const e of events) {
      if (!this.ids.has(e.id)) this.ackedEvents.push(e);
      this.ids.add(e.id);
    }
  }

  get eventCount(): number {
    return this.ids.size;
  }

  /** Each applied event and each settings save moves the version one step. */
  get versionSteps(): number {
    return this.ids.size + this.entries.filter((e) => e.kind === 'settings').length;
  }
}

/** The figures that must match a clean replay (nothing that depends on the wall clock). */
function figures(s: FloorSnapshot) {
  return {
    day: s.site.day,
    today: { offered: s.today.offered, answered: s.today.answered, abandoned: s.today.abandoned, serviceLevel: s.today.serviceLevel, answerRate: s.today.answerRate, asaSeconds: s.today.asaSeconds, ahtSeconds: s.today.ahtSeconds },
    now: { ...s.now, longestWaitSeconds: undefined },
    intervals: s.intervals.map((i) => ({
      start: i.start,
      offered: i.offered,
      answered: i.answered,
      abandoned: i.abandoned,
      serviceLevel: i.serviceLevel,
      answerRate: i.answerRate,
      asaSeconds: i.asaSeconds,
      ahtSeconds: i.ahtSeconds,
    })),
    seats: s.seats.map((seat) => ({ seatId: seat.seatId, staffId: seat.staffId, activity: seat.activity, since: seat.since })),
  };
}

// ---------------------------------------------------------------------------------------------

const dirs: string[] = [];
let replayServer: TestServer | undefined;

afterAll(async () => {
  killAllServers();
  await replayServer?.close();
  for (const dir of dirs) await removeDir(dir);
});

describe('crash safety of ingest', () => {
  it('keeps every acknowledged event through 20+ SIGKILLs and ends equal to a clean replay', { timeout: 150_000 }, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);
    const random = seededRandom(seed);
    const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
    const context = `CRASH_SEED=${seed}`;
    const baseMs = Math.floor(Date.now() / 1000) * 1000;
    const zone = noonZone(baseMs);
    const env = { FLOORBOARD_SITE_TIMEZONE: zone, FLOORBOARD_LOG_LEVEL: 'warn' };
    const dataDir = await makeDataDir();
    dirs.push(dataDir);

    const ledger = new Ledger();
    const connectors = Array.from({ length: POSTERS }, (_, i) => new Connector(`p${i}`, seededRandom(seed + 7919 * (i + 1)), baseMs));
    /** Batches whose answer never came, in connector order (one per connector at most). */
    let inFlight: FloorEvent[][] = [];
    const problems: string[] = [];
    const stats = { sigkills: 0, sigterms: 0, landedUnacked: 0, lostUnacked: 0, checkpointsCrossed: 0, output: '' };

    /** Retries batches whose answer was lost; each must have landed whole or not at all. */
    async function settleInFlight(url: string): Promise<void> {
      for (const events of inFlight) {
        const fresh = ledger.expectedAnswer(events);
        const res = await postBatch(url, events);
        expect(res.status, context).toBe(200);
        if (fresh.accepted > 0 && res.body.accepted === 0) stats.landedUnacked++;
        else if (fresh.accepted > 0) stats.lostUnacked++;
        const landed = { accepted: 0, duplicates: events.length };
        expect([fresh, landed], `${context}: a batch in flight at the crash landed whole or not at all (and the acknowledged events it repeats are still there)`).toContainEqual({ accepted: res.body.accepted, duplicates: res.body.duplicates });
        ledger.record(events, fresh);
      }
      inFlight = [];
    }

    async function post(url: string, events: FloorEvent[]): Promise<boolean> {
      const expected = ledger.expectedAnswer(events);
      let res;
      try {
        res = await postBatch(url, events);
      } catch {
        inFlight.push(events);
        return false;
      }
      if (res.status !== 200) {
        problems.push(`HTTP ${res.status} ${JSON.stringify(res.body)}`);
        inFlight.push(events);
        return false;
      }
      if (res.body.accepted !== expected.accepted || res.body.duplicates !== expected.duplicates) {
        problems.push(`answered ${JSON.stringify(res.body)}, expected ${JSON.stringify(expected)}`);
      }
      ledger.record(events, expected);
      return true;
    }

    async function waitForCheckpoint(before: string): Promise<void> {
      const deadline = Date.now() + 10_000;
      while ((await checkpointSavedAt(dataDir)) === before) {
        expect(Date.now() < deadline, `${context}: no checkpoint within 10 s of a settings save`).toBe(true);
        await sleep(20);
      }
    }

    const started = Date.now();
    let server = await startServer(dataDir, env);
    // Sign-in tokens outlive restarts (the signing secret is in the data dir).
    const adminToken = await adminLogin(server.url);
    for (let round = 0; round < ROUNDS; round++) {
      await settleInFlight(server.url);
      const checkpointAtStart = await checkpointSavedAt(dataDir);
      const stop = { now: false };
      const posting = connectors.map(async (connector) => {
        while (!stop.now) {
          if (!(await post(server.url, connector.nextBatch(ledger.ackedEvents)))) return;
        }
      });
      const checkpointKind = CHECKPOINT_ROUNDS.get(round);
      if (checkpointKind) {
        await sleep(int(20, 200));
        expect(await saveSettings(server.url, adminToken), context).toBe(200);
        ledger.recordSettingsSave();
        if (checkpointKind === 'wait') await waitForCheckpoint(checkpointAtStart);
      }
      await sleep(int(50, 600));
      stop.now = true;
      const graceful = GRACEFUL_ROUNDS.has(round);
      server.child.kill(graceful ? 'SIGTERM' : 'SIGKILL');
      const exit = await withTimeout(server.exited, 5000, 'the server exiting');
      if (graceful) {
        stats.sigterms++;
        expect(exit, `${context}: SIGTERM ends the server cleanly`).toEqual({ code: 0, signal: null });
      } else {
        stats.sigkills++;
        expect(exit.signal).toBe('SIGKILL');
      }
      await Promise.all(posting);
      if (!graceful && (await checkpointSavedAt(dataDir)) !== checkpointAtStart) stats.checkpointsCrossed++;
      stats.output += server.output();
      server = await startServer(dataDir, env);
    }

    // After the final restart: the batches lost with the last crash are settled, then every
    // acknowledged event must be known to the server.
    await settleInFlight(server.url);
    expect(problems, context).toEqual([]);
    const crashed = await getFloor(server.url);
    const crashedEvents = await eventsVersion(server.url);
    for (let i = 0; i < ledger.ackedEvents.length; i += 1000) {
      const chunk = ledger.ackedEvents.slice(i, i + 1000);
      const res = await postBatch(server.url, chunk);
      expect(res, `${context}: acknowledged events ${i}–${i + chunk.length} are all still there`).toEqual({ status: 200, body: { accepted: 0, duplicates: chunk.length } });
    }
    expect(await eventsVersion(server.url), 'repeats changed nothing').toBe(crashedEvents);
    server.child.kill('SIGTERM');
    expect(await withTimeout(server.exited, 5000, 'the server exiting')).toEqual({ code: 0, signal: null });
    stats.output += server.output();
    const crashPhaseMs = Date.now() - started;

    // A clean replay: the same batches, one at a time, in the order they were acknowledged.
    replayServer = await startTestServer({ env });
    dirs.push(replayServer.dataDir);
    const replayAdmin = await adminLogin(replayServer.url);
    for (const [n, entry] of ledger.entries.entries()) {
      if (entry.kind === 'settings') {
        expect(await saveSettings(replayServer.url, replayAdmin)).toBe(200);
        continue;
      }
      const res = await postBatch(replayServer.url, entry.events);
      if (res.status !== 200 || res.body.accepted !== entry.answer.accepted || res.body.duplicates !== entry.answer.duplicates) {
        expect({ batch: n, status: res.status, ...res.body }, `${context}: the replay answers batch ${n} as the crashed server did`).toEqual({ batch: n, status: 200, ...entry.answer });
      }
    }
    const replayed = await getFloor(replayServer.url);

    expect(figures(crashed), context).toEqual(figures(replayed));
    expect(crashedEvents, 'one version step per applied event or settings save').toBe(ledger.versionSteps);
    expect(await eventsVersion(replayServer.url), 'the clean replay counts the same steps').toBe(crashedEvents);
    // The traffic must have been worth checking.
    expect(crashed.today.offered).toBeGreaterThan(1000);
    expect(crashed.today.answered).toBeGreaterThan(0);
    expect(crashed.today.abandoned).toBeGreaterThan(0);
    expect(crashed.now.waiting).toBeGreaterThan(0);
    expect(crashed.now.signedIn).toBeGreaterThan(0);
    expect(stats.sigkills).toBeGreaterThanOrEqual(20);
    expect(stats.checkpointsCrossed, 'SIGKILLed runs that had taken a checkpoint').toBeGreaterThanOrEqual(3);

    const errors = stats.output.split('\n').filter((line) => /"level":(50|60)/.test(line));
    expect(errors, 'no error logs from any run').toEqual([]);
    const tornTails = stats.output.split('\n').filter((line) => line.includes('dropped a torn last record')).length;
    console.info(
      `crash test (${context}, zone ${zone}): ${stats.sigkills} SIGKILL + ${stats.sigterms} SIGTERM, ${ledger.entries.length} batches / ${ledger.eventCount} events acknowledged, ` +
        `${stats.landedUnacked} unacknowledged batches had landed and ${stats.lostUnacked} had not, ${stats.checkpointsCrossed} killed runs crossed a checkpoint, ` +
        `${tornTails} torn journal tails dropped; crash phase ${crashPhaseMs} ms, replay ${Date.now() - started - crashPhaseMs} ms`,
    );
  });
});
