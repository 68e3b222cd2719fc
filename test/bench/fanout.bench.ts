/**
 * Fan-out: real socket.io wall displays (`fanout-client.ts` worker processes, websocket
 * transport) on `/floor` of a real server (its own child process) while the ingest API takes
 * a steady stream of events for a 500-seat floor.
 *
 * Load, per 100 ms batch (1/10 of the rate): calls offered, answered (the call offered one
 * batch earlier) and ended (two batches earlier) make up ~93%; activity changes of the 475
 * signed-in agents ~5% (at 1,000/s each person changes state every ~10 s); and a marker: the
 * sign-in of a unique staff ID `MK<n>` at one of 25 marker seats (plus the sign-out of the
 * marker that sat there 25 batches before), so each marker stays on show for 2.5 s and a
 * display misses one only if it gets no update for that long. The generator notes each marker's ack time; a
 * display notes when a delta (or snapshot) first shows that staff ID at that seat. Delay =
 * receipt − ack, in `Date.now()` across processes of one machine.
 *
 * During the whole measurement a further set of "slow" displays has stopped reading (TCP
 * socket paused; their own ping timeout disabled): the others' delays are measured with them
 * stuck, and the server's RSS growth over the window is reported.
 *
 * Baseline in the same run: a bare socket.io server (`bare-broadcast-server.ts`) broadcasting
 * a payload of the measured average delta size at the same rate (4/s) to the same displays;
 * delay = receipt − emit.
 *
 * Bytes per display are the raw TCP bytes each display's socket read (websocket frame headers,
 * socket.io prefixes and pings included).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { appendFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { FloorEvent } from '../../shared/events.js';
import { UPDATE_INTERVAL_MS } from '../../shared/protocol.js';
import type { Roster, ForecastInterval } from '../../shared/roster.js';
import { dayIntervals, localDayKey } from '../../shared/time.js';
import { ADMIN_PASSWORD, INGEST_KEY, WALL_TOKEN } from '../helpers/server.js';
import { startChildServer } from './child-server.js';
import type { DelayStats, WorkerCommand, WorkerReply } from './fanout-client.js';
import { round, type Benchmark, type Figure, type Size } from './harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TIME_ZONE = 'Asia/Shanghai';
const MARKER_SEATS = 25;
const BATCH_MS = 100;
const GOAL_P99_MS = UPDATE_INTERVAL_MS + 50;

interface Params {
  clients: number;
  workers: number;
  slow: number;
  eventsPerSecond: number;
  warmupS: number;
  measureS: number;
  baselineS: number;
}

const PARAMS: Record<Size, Params> = {
  full: { clients: 1000, workers: 4, slow: 20, eventsPerSecond: 1000, warmupS: 5, measureS: 300, baselineS: 10 },
  tiny: { clients: 50, workers: 2, slow: 4, eventsPerSecond: 200, warmupS: 2, measureS: 5, baselineS: 3 },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => process.stderr.write(`  fanout: ${msg}\n`);

// ---------------------------------------------------------------- worker processes

class Worker {
  private next = 0;
  private readonly waiting = new Map<number, { resolve(r: WorkerReply): void; reject(e: Error): void }>();
  readonly child: ChildProcess;

  constructor(readonly name: string) {
    this.child = fork(path.join(import.meta.dirname, 'fanout-client.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (msg: { id: number; reply?: WorkerReply; error?: string }) => {
      const w = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      if (msg.error !== undefined) w?.reject(new Error(`${name}: ${msg.error}`));
      else w?.resolve(msg.reply!);
    });
    this.child.once('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`${name} exited with ${code}`));
      this.waiting.clear();
    });
  }

  request<T extends WorkerReply['type']>(cmd: WorkerCommand): Promise<Extract<WorkerReply, { type: T }>> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: WorkerReply) => void, reject });
      this.child.send({ id, cmd });
    });
  }

  /** No reply expected. */
  tell(cmd: WorkerCommand): void {
    if (this.child.connected) this.child.send({ id: 0, cmd });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((done) => {
      this.child.once('exit', () => done());
      this.child.kill('SIGTERM');
    });
  }
}

// ---------------------------------------------------------------- process figures from /proc

const CLK_TCK = 100;
const PAGE = 4096;

/** CPU ticks (utime + stime) and RSS (bytes) of `pid`. */
function procStat(pid: number): { ticks: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after "(comm)": state is [0], so utime (14) is [11], stime (15) [12], rss (24) [21].
  return { ticks: Number(fields[11]) + Number(fields[12]), rss: Number(fields[21]) * PAGE };
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
function machineCpu(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3]! + cpu[4]!;
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** A few lines of the server's own metrics (fan-out time, event-loop lag), for the log. */
async function serverMetrics(url: string, admin: string): Promise<string> {
  const res = await httpJson(url, 'GET', '/metrics', admin, undefined);
  const text = String(res.json);
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1]);
  const fanoutSum = value('floorboard_update_fanout_seconds_sum');
  const fanoutCount = value('floorboard_update_fanout_seconds_count');
  const le100 = Number(/floorboard_update_fanout_seconds_bucket\{le="0.1"\} ([0-9]+)/.exec(text)?.[1]);
  return `${fanoutCount} updates, fan-out mean ${round((fanoutSum / fanoutCount) * 1000, 1)} ms (${fanoutCount - le100} over 100 ms); event-loop lag p99 ${round(value('floorboard_nodejs_eventloop_lag_p99_seconds') * 1000, 1)} ms, max ${round(value('floorboard_nodejs_eventloop_lag_max_seconds') * 1000, 1)} ms`;
}

/** Samples RSS every second until stopped; the max and the first sample. */
function rssSampler(pid: number): { stop(): { first: number; max: number } } {
  const first = procStat(pid).rss;
  let max = first;
  const timer = setInterval(() => {
    try {
      max = Math.max(max, procStat(pid).rss);
    } catch {
      // The process is gone.
    }
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      try {
        max = Math.max(max, procStat(pid).rss);
      } catch {
        // gone
      }
      return { first, max };
    },
  };
}

// ---------------------------------------------------------------- the floor and its traffic

const ORDINARY = 500 - MARKER_SEATS;
const agentId = (i: number) => `A${String(i + 1).padStart(4, '0')}`;
const seatId = (i: number) => `S-${String(i + 1).padStart(3, '0')}`;

function roster(): Roster {
  const seats: Roster['seats'] = [];
  for (let i = 0; i < ORDINARY; i++) {
    const zone = 'ABCDE'[Math.floor(i / 95)]!;
    const n = i % 95;
    seats.push({ seatId: seatId(i), label: `${zone}-${n + 1}`, kind: n < 85 ? 'inbound' : 'non-phone', zone, row: Math.floor(n / 19), col: n % 19 });
  }
  for (let m = 0; m < MARKER_SEATS; m++) seats.push({ seatId: `MARK-${m}`, label: `M-${m}`, kind: 'emergency', zone: 'Z', row: Math.floor(m / 13), col: m % 13 });
  return {
    seats,
    staff: Array.from({ length: ORDINARY }, (_, i) => ({ staffId: agentId(i), name: `Agent ${i + 1}`, role: 'agent' as const, skills: ['general', 'billing'] })),
    shifts: [
      { name: 'morning', start: '08:00', end: '16:00', night: false },
      { name: 'evening', start: '16:00', end: '24:00', night: false },
      { name: 'night', start: '00:00', end: '08:00', night: true },
    ],
  };
}

/** Today's forecast at about the offered rate of the load, split over two queues. */
function forecast(callsPerSecond: number): ForecastInterval[] {
  const day = localDayKey(Date.now(), TIME_ZONE);
  const out: ForecastInterval[] = [];
  for (const iv of dayIntervals(day, TIME_ZONE, 30)) {
    for (const queue of ['general', 'billing']) out.push({ start: new Date(iv.startMs).toISOString(), queue, offered: Math.round((callsPerSecond * 1800) / 2), ahtSeconds: 1 });
  }
  return out;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function httpJson(url: string, method: string, pathname: string, token: string | null, body: unknown): Promise<{ status: number; json: unknown }> {
  const text = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = http.request(url + pathname, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        let json: unknown = raw;
        try {
          json = JSON.parse(raw);
        } catch {
          // keep the text
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
    });
    req.on('error', reject);
    req.end(text);
  });
}

async function setUpFloor(url: string, callsPerSecond: number): Promise<string> {
  const login = await httpJson(url, 'POST', '/api/v1/login', null, { username: 'admin', password: ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.json)}`);
  const admin = (login.json as { token: string }).token;
  const r = await httpJson(url, 'PUT', '/api/v1/roster', admin, roster());
  if (r.status !== 200) throw new Error(`roster refused: ${r.status} ${JSON.stringify(r.json)}`);
  const f = await httpJson(url, 'PUT', '/api/v1/forecast', admin, { intervals: forecast(callsPerSecond) });
  if (f.status !== 200) throw new Error(`forecast refused: ${f.status} ${JSON.stringify(f.json)}`);
  const at = new Date().toISOString();
  const signIns: FloorEvent[] = Array.from({ length: ORDINARY }, (_, i) => ({ id: `fo-setup-${i}`, type: 'agent.signed_in', at, staffId: agentId(i), seatId: seatId(i) }));
  const s = await httpJson(url, 'POST', '/api/v1/events', INGEST_KEY, signIns);
  if (s.status !== 200) throw new Error(`sign-ins refused: ${s.status} ${JSON.stringify(s.json)}`);
  return admin;
}

const ACTIVITIES = ['on-call', 'wrap-up', 'available', 'non-phone', 'available', 'break', 'available', 'training'] as const;

/** The steady load: one batch every 100 ms, each with a marker sign-in; acks reported per marker. */
class LoadGenerator {
  private k = 0;
  private timer: NodeJS.Timeout | null = null;
  private started = 0;
  private readonly inflight = new Set<Promise<void>>();
  private readonly run = Math.random().toString(36).slice(2, 8);
  readonly batchSize: number;
  readonly triples: number;
  readonly agentEvents: number;
  /** Markers whose ack is reported (posted while `tracking`). */
  tracking = false;
  acked = 0;
  failures = 0;
  posted = 0;

  constructor(
    private readonly url: string,
    eventsPerSecond: number,
    private readonly onAck: (marker: string, at: number) => void,
  ) {
    this.batchSize = Math.round((eventsPerSecond * BATCH_MS) / 1000);
    const agentShare = Math.max(1, Math.round(this.batchSize * 0.05));
    this.triples = Math.floor((this.batchSize - 2 - agentShare) / 3);
    this.agentEvents = this.batchSize - 2 - 3 * this.triples;
  }

  batch(k: number): FloorEvent[] {
    const at = new Date().toISOString();
    const id = (kind: string, j: number) => `fo-${this.run}-${k}-${kind}${j}`;
    const events: FloorEvent[] = [];
    for (let j = 0; j < this.triples; j++) {
      events.push({ id: id('o', j), type: 'call.offered', at, callId: `c-${this.run}-${k}-${j}`, queue: j % 3 === 0 ? 'billing' : 'general' });
      if (k >= 1) events.push({ id: id('a', j), type: 'call.answered', at, callId: `c-${this.run}-${k - 1}-${j}`, staffId: agentId(((k - 1) * this.triples + j) % ORDINARY) });
      if (k >= 2) events.push({ id: id('e', j), type: 'call.ended', at, callId: `c-${this.run}-${k - 2}-${j}`, wrapSeconds: 5 });
    }
    for (let j = 0; j < this.agentEvents; j++) {
      const n = k * this.agentEvents + j;
      events.push({ id: id('s', j), type: 'agent.activity', at, staffId: agentId((n * 37) % ORDINARY), activity: ACTIVITIES[n % ACTIVITIES.length]! });
    }
    if (k >= MARKER_SEATS) events.push({ id: id('mo', 0), type: 'agent.signed_out', at, staffId: `MK${k - MARKER_SEATS}`, reason: 'other' });
    events.push({ id: id('mi', 0), type: 'agent.signed_in', at, staffId: `MK${k}`, seatId: `MARK-${k % MARKER_SEATS}` });
    return events;
  }

  start(): void {
    this.started = performance.now();
    const step = () => {
      const k = this.k++;
      const marker = `MK${k}`;
      const track = this.tracking;
      const body = this.batch(k);
      this.posted += body.length;
      const p = httpJson(this.url, 'POST', '/api/v1/events', INGEST_KEY, body).then(
        (res) => {
          const at = Date.now();
          if (res.status !== 200) {
            this.failures++;
            return;
          }
          if (track) {
            this.acked++;
            this.onAck(marker, at);
          }
        },
        () => {
          this.failures++;
        },
      );
      this.inflight.add(p);
      void p.finally(() => this.inflight.delete(p));
      const due = this.started + this.k * BATCH_MS;
      this.timer = setTimeout(step, Math.max(0, due - performance.now()));
    };
    step();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all([...this.inflight]);
  }
}

/** One display in this process that measures the deltas themselves (size, parts, rate). */
class Probe {
  socket: Socket | null = null;
  deltas = 0;
  bytes = 0;
  parts = new Map<string, number>();
  /** Diagnosis: `FANOUT_DUMP_DELTAS=<file>` writes every tenth delta there, one JSON a line. */
  private readonly dump = process.env.FANOUT_DUMP_DELTAS;
  private seen = 0;

  async connect(url: string): Promise<void> {
    const socket = io(`${url}/floor`, { auth: { token: WALL_TOKEN }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.on('floor:updated', (delta: Record<string, unknown>) => {
      if (this.dump && this.seen++ % 10 === 0) appendFileSync(this.dump, `${JSON.stringify(delta)}\n`);
      this.deltas++;
      this.bytes += JSON.stringify(delta).length;
      for (const [k, v] of Object.entries(delta)) this.parts.set(k, (this.parts.get(k) ?? 0) + JSON.stringify(v).length + k.length + 4);
    });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  }

  reset(): void {
    this.deltas = 0;
    this.bytes = 0;
    this.parts.clear();
  }

  get average(): number {
    return this.deltas ? this.bytes / this.deltas : 0;
  }

  breakdown(): string {
    return [...this.parts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${Math.round(v / Math.max(1, this.deltas))}`)
      .join(', ');
  }
}

// ---------------------------------------------------------------- delays

function mergeDelays(stats: DelayStats[]): { p50: number; p99: number; max: number; count: number } {
  const hist = new Map<number, number>();
  let count = 0;
  let max = -Infinity;
  for (const s of stats) {
    for (const [ms, n] of s.histogram) hist.set(ms, (hist.get(ms) ?? 0) + n);
    count += s.count;
    max = Math.max(max, s.max);
  }
  const sorted = [...hist].sort((a, b) => a[0] - b[0]);
  const at = (p: number) => {
    const rank = Math.max(1, Math.ceil((p / 100) * count));
    let seen = 0;
    for (const [ms, n] of sorted) {
      seen += n;
      if (seen >= rank) return ms;
    }
    return NaN;
  };
  return { p50: at(50), p99: at(99), max: count ? max : NaN, count };
}

/** Spawns the bare broadcast server; resolves with its URL once it says it is running. */
function startBareServer(payloadBytes: number): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'bare-broadcast-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, PAYLOAD_BYTES: String(Math.round(payloadBytes)), INTERVAL_MS: String(UPDATE_INTERVAL_MS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`bare server did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}: ${out}`)));
  });
}

async function all<T extends WorkerReply['type']>(workers: Worker[], cmd: WorkerCommand): Promise<Extract<WorkerReply, { type: T }>[]> {
  return Promise.all(workers.map((w) => w.request<T>(cmd)));
}

async function connectAll(workers: Worker[], counts: number[], cmd: Omit<Extract<WorkerCommand, { type: 'connect' }>, 'count'>): Promise<void> {
  const replies = await Promise.all(workers.map((w, i) => w.request<'connected'>({ ...cmd, count: counts[i]! })));
  const failed = replies.reduce((n, r) => n + r.failed, 0);
  if (failed > 0) throw new Error(`${failed} displays could not connect: ${replies.flatMap((r) => r.errors).join('; ')}`);
}

// ---------------------------------------------------------------- the benchmark

export const fanoutBenchmark: Benchmark = {
  name: 'fanout',
  async run(size: Size): Promise<Figure[]> {
    // Overrides for diagnosis runs: a shorter window, or node options for the server (a profiler preload).
    const p = { ...PARAMS[size], ...(process.env.FANOUT_MEASURE_S ? { measureS: Number(process.env.FANOUT_MEASURE_S) } : {}), ...(process.env.FANOUT_SLOW ? { slow: Number(process.env.FANOUT_SLOW) } : {}) };
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'floorboard-fanout-'));
    const perWorker = Array.from({ length: p.workers }, (_, i) => Math.floor(p.clients / p.workers) + (i < p.clients % p.workers ? 1 : 0));
    const workers = perWorker.map((_, i) => new Worker(`display worker ${i + 1}`));
    const slowWorker = new Worker('slow display worker');
    const probe = new Probe();
    const extraEnv: Record<string, string> = {};
    if (process.env.FANOUT_SERVER_NODE_OPTIONS) extraEnv.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${process.env.FANOUT_SERVER_NODE_OPTIONS}`.trim();
    let server: Awaited<ReturnType<typeof startChildServer>> | null = null;
    let bare: Awaited<ReturnType<typeof startBareServer>> | null = null;
    let load: LoadGenerator | null = null;
    try {
      server = await startChildServer(path.join(dir, 'floor'), extraEnv);
      const pid = server.child.pid!;
      const callsPerSecond = (p.eventsPerSecond * 0.93) / 3;
      const admin = await setUpFloor(server.url, callsPerSecond);
      const connecting = performance.now();
      await connectAll(workers, perWorker, { type: 'connect', url: server.url, namespace: '/floor', token: WALL_TOKEN, mode: 'floor', markerSeatPrefix: 'MARK-' });
      await connectAll([slowWorker], [p.slow], { type: 'connect', url: server.url, namespace: '/floor', token: WALL_TOKEN, mode: 'floor', markerSeatPrefix: 'MARK-' });
      await probe.connect(server.url);
      log(`${p.clients} + ${p.slow} slow displays connected in ${round((performance.now() - connecting) / 1000, 1)} s`);

      load = new LoadGenerator(server.url, p.eventsPerSecond, (marker, at) => {
        for (const w of workers) w.tell({ type: 'ack', marker, at });
      });
      log(`load: ${p.eventsPerSecond} events/s in batches of ${load.batchSize} every ${BATCH_MS} ms (${load.triples} calls offered/answered/ended, ${load.agentEvents} activity changes, 1 marker sign-in + 1 sign-out)`);
      load.start();
      await sleep(p.warmupS * 1000);
      log(`warm-up: average delta ${Math.round(probe.average)} B of JSON over ${probe.deltas} deltas (${probe.breakdown()})`);
      probe.reset();

      // The measured window: slow displays stuck throughout.
      await slowWorker.request({ type: 'pause' });
      await all(workers, { type: 'start' });
      load.tracking = true;
      const ours = () => [pid, ...[...workers, slowWorker].map((w) => w.child.pid!)].reduce((n, x) => n + procStat(x).ticks, 0) + ((process.cpuUsage().user + process.cpuUsage().system) / 1e6) * CLK_TCK;
      const cpu0 = procStat(pid).ticks;
      const ours0 = ours();
      const machine0 = machineCpu();
      const t0 = performance.now();
      const rss = rssSampler(pid);
      await sleep(p.measureS * 1000);
      load.tracking = false;
      const marks = await all<'marked'>(workers, { type: 'mark' });
      // The baseline's payload: the average delta of the measured window.
      const deltaSize = probe.average;
      const probed = `${probe.deltas} deltas, average ${Math.round(deltaSize)} B (${probe.breakdown()})`;
      const seconds = (performance.now() - t0) / 1000;
      const cpu1 = procStat(pid).ticks;
      const ours1 = ours();
      const machine1 = machineCpu();
      const memory = rss.stop();
      const othersPct = ((machine1.busy - machine0.busy - (ours1 - ours0)) / CLK_TCK / seconds) * 100;
      log(`machine CPU ${round(((machine1.busy - machine0.busy) / (machine1.total - machine0.total)) * 100, 1)}% of ${os.cpus().length} cores, this benchmark ${round(((ours1 - ours0) / CLK_TCK / seconds) * 100, 1)}% of a core, other processes ${round(othersPct, 1)}% of a core; server: ${await serverMetrics(server.url, admin)}`);
      await load.stop();
      await sleep(1500);
      const stops = await all<'stopped'>(workers, { type: 'stop' });
      const checks = await all<'verified'>(workers, { type: 'verify' });
      const mismatched = checks.reduce((n, c) => n + c.mismatched, 0);
      log(`delta check: ${checks.reduce((n, c) => n + c.checked, 0)} displays' delta-built floors compared with floor:sync, ${mismatched} differ ${checks.flatMap((c) => c.details).join('; ')}`);
      const slowBefore = await slowWorker.request<'status'>({ type: 'status' });
      await slowWorker.request({ type: 'resume' });
      await sleep(2000);
      const slowAfter = await slowWorker.request<'status'>({ type: 'status' });
      log(`probe: ${probed} in ${round(seconds, 1)} s`);
      log(`load: ${load.acked} markers acked, ${load.failures} failed posts; displays: ${stops.reduce((n, s) => n + s.gaps, 0)} version gaps, ${stops.reduce((n, s) => n + s.disconnected, 0)} disconnected`);
      log(`slow displays: ${slowBefore.connected} connected at the end of the pause, ${slowAfter.connected} after resuming (${slowAfter.disconnects.join(', ') || 'no disconnects'})`);

      const floor = mergeDelays(stops.map((s) => s.delays));
      const missed = stops.reduce((n, s) => n + s.missed, 0);
      const displays = marks.reduce((n, m) => n + m.clients, 0);
      const bytesPerDisplay = marks.reduce((n, m) => n + m.bytes, 0) / Math.max(1, displays) / seconds;
      const cpuPct = ((cpu1 - cpu0) / CLK_TCK / seconds) * 100;
      log(`floor: ${floor.count} receipts, p50 ${floor.p50} ms, p99 ${floor.p99} ms, max ${round(floor.max)} ms; ${round(bytesPerDisplay / 1024)} KB/s per display; CPU ${round(cpuPct, 1)}%; RSS ${round(memory.first / 2 ** 20)} → ${round(memory.max / 2 ** 20)} MB`);

      for (const w of [...workers, slowWorker]) await w.request({ type: 'disconnect' });
      probe.socket?.close();
      await server.stop();

      // Baseline: a bare socket.io server, same displays, same size and rate.
      bare = await startBareServer(deltaSize);
      await connectAll(workers, perWorker, { type: 'connect', url: bare.url, namespace: '/floor', mode: 'bare' });
      await sleep(1000);
      await all(workers, { type: 'start' });
      const bareCpu0 = procStat(bare.child.pid!).ticks;
      const bareMachine0 = machineCpu();
      const b0 = performance.now();
      const bareRss = rssSampler(bare.child.pid!);
      await sleep(p.baselineS * 1000);
      const bareMarks = await all<'marked'>(workers, { type: 'mark' });
      const bareSeconds = (performance.now() - b0) / 1000;
      const bareCpuPct = ((procStat(bare.child.pid!).ticks - bareCpu0) / CLK_TCK / bareSeconds) * 100;
      const bareMachine1 = machineCpu();
      log(`bare phase: machine CPU ${round(((bareMachine1.busy - bareMachine0.busy) / (bareMachine1.total - bareMachine0.total)) * 100, 1)}%`);
      const bareMemory = bareRss.stop();
      const bareStops = await all<'stopped'>(workers, { type: 'stop' });
      const base = mergeDelays(bareStops.map((s) => s.delays));
      const bareDisplays = bareMarks.reduce((n, m) => n + m.clients, 0);
      const bareBytes = bareMarks.reduce((n, m) => n + m.bytes, 0) / Math.max(1, bareDisplays) / bareSeconds;
      log(`bare: ${base.count} receipts, p50 ${base.p50} ms, p99 ${base.p99} ms, max ${round(base.max)} ms; ${round(bareBytes / 1024)} KB/s per display; CPU ${round(bareCpuPct, 1)}%; RSS ${round(bareMemory.max / 2 ** 20)} MB`);

      const name = (what: string) => `fan-out delay ${what}, event ack → each display, slow displays paused (baseline: bare socket.io emit → receipt)`;
      const growth = (memory.max - memory.first) / 2 ** 20;
      return [
        { name: name('p50'), value: floor.p50, unit: 'ms', baseline: base.p50 },
        { name: name('p99'), value: floor.p99, unit: 'ms', baseline: base.p99, goal: `≤ ${GOAL_P99_MS} ms (coalescing ${UPDATE_INTERVAL_MS} + 50)`, met: floor.p99 <= GOAL_P99_MS },
        { name: name('max'), value: round(floor.max), unit: 'ms', baseline: round(base.max) },
        { name: 'fan-out updates missed (display × marker pairs never shown)', value: missed, unit: 'pairs', goal: '0', met: missed === 0 },
        { name: 'displays whose delta-built floor differs from floor:sync after the run', value: mismatched, unit: 'displays', goal: '0', met: mismatched === 0 },
        { name: 'fan-out average delta size (JSON of floor:updated)', value: deltaSize, unit: 'B' },
        { name: 'bytes per display per second (raw TCP read, ws framing included; baseline: bare server)', value: bytesPerDisplay / 1024, unit: 'KB/s', baseline: bareBytes / 1024, ratio: bytesPerDisplay / bareBytes, goal: '≤ 2 KB/s', met: bytesPerDisplay <= 2048 },
        { name: 'server CPU during fan-out, % of one core (baseline: bare socket.io server)', value: cpuPct, unit: '%', baseline: bareCpuPct, ratio: cpuPct / bareCpuPct },
        { name: 'server RSS during fan-out, max (baseline: bare socket.io server)', value: memory.max / 2 ** 20, unit: 'MB', baseline: bareMemory.max / 2 ** 20 },
        { name: "server RSS growth over the window with slow displays paused (the ingest's own growth included)", value: growth, unit: 'MB', goal: '≤ 50 MB', met: growth <= 50 },
        { name: 'slow (paused) displays dropped by the server', value: p.slow - slowAfter.connected, unit: 'displays' },
        { name: 'other processes on the machine during the fan-out window (not this benchmark)', value: othersPct, unit: '% of a core' },
      ];
    } finally {
      await load?.stop();
      probe.socket?.close();
      await bare?.stop();
      if (server && server.child.exitCode === null) await server.stop();
      await Promise.all([...workers, slowWorker].map((w) => w.stop()));
      agent.destroy();
      await fs.rm(dir, { recursive: true, force: true });
    }
  },
};
