/**
 * Ingest with durable acks against a baseline measured in the same run: JSON.parse + append +
 * fdatasync of the same bytes, with no validation or state. And ack latency for single events
 * sent at a steady 1,000 events/s.
 */
import fs, { type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FloorEvent } from '../../shared/events.js';
import { loadConfig } from '../../server/config.js';
import { startFloorboard } from '../../server/runtime.js';
import { INGEST_KEY, testEnv } from '../helpers/server.js';
import { startChildServer } from './child-server.js';
import { percentile, type Benchmark, type Figure, type Size } from './harness.js';

let seq = 0;
function makeBatch(size: number, base: number): FloorEvent[] {
  const out: FloorEvent[] = [];
  for (let i = 0; i < size; i++) {
    const n = ++seq;
    const at = new Date(base + (n % 3600) * 1000).toISOString();
    const callId = `bench-c${Math.floor(n / 3)}`;
    const kind = n % 3;
    out.push(
      kind === 0
        ? { id: `bench-${n}`, type: 'call.offered', at, callId, queue: n % 2 ? 'general' : 'billing' }
        : kind === 1
          ? { id: `bench-${n}`, type: 'call.answered', at, callId, staffId: `s${n % 400}` }
          : { id: `bench-${n}`, type: 'call.ended', at, callId, wrapSeconds: 12 },
    );
  }
  return out;
}

/** The baseline: the bytes of each batch parsed, appended and fdatasync'ed, one batch after another. */
async function baseline(fh: FileHandle, bodies: string[]): Promise<number> {
  const started = performance.now();
  let events = 0;
  for (const body of bodies) {
    const parsed = JSON.parse(body) as unknown[];
    events += parsed.length;
    await fh.write(body + '\n');
    await fh.datasync();
  }
  return events / ((performance.now() - started) / 1000);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One POST with node:http (keep-alive), cheaper on the client than fetch. */
function post(url: string, body: string): Promise<{ status: number; json: { accepted: number } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/v1/events`, { method: 'POST', agent, headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) as { accepted: number } }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function throughput(url: string, bodies: string[], concurrency: number): Promise<number> {
  let next = 0;
  let events = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const res = await post(url, bodies[next++]!);
        if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${JSON.stringify(res.json)}`);
        events += res.json.accepted;
      }
    }),
  );
  return events / ((performance.now() - started) / 1000);
}

/** A bare HTTP server that parses the body and answers: the transport's own cost. */
async function bareHttpServer(): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const parsed = JSON.parse(Buffer.concat(chunks).toString()) as unknown[];
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ accepted: parsed.length, duplicates: 0 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

interface Round {
  pipeline: number;
  baseline: number;
  ratio: number;
}

/**
 * The ingest pipeline in-process, no transport: parse and validate, dedupe, journal
 * (fdatasync), apply; 8 batches in flight. It is measured against the baseline in `rounds`
 * alternating rounds on the same bodies, so that each pair is timed moments apart on this
 * (shared, noisy) machine. Before them, `warmup` bodies are the server's first moments (its
 * code not yet compiled by V8, the validator's thread just started): timed on their own as
 * `cold`, against the baseline's first run.
 */
async function pipelineRounds(dir: string, batchSize: number, warmup: number, perRound: number, rounds: number, concurrency: number): Promise<{ cold: Round; rounds: Round[] }> {
  const base = Date.now() - 2 * 3600_000;
  // Every round's bodies made up front, so that making them costs no round anything. The
  // baseline gets its own copy of the same bytes: reading the very strings the pipeline has
  // just read would find them still in the CPU's cache.
  const bodies = Array.from({ length: warmup + rounds * perRound }, () => JSON.stringify(makeBatch(batchSize, base)));
  const copies = bodies.map((body) => Buffer.from(body).toString());
  const running = await startFloorboard(loadConfig(testEnv(path.join(dir, `pipeline-${batchSize}`))));
  const fh = await fs.open(path.join(dir, `baseline-${batchSize}.log`), 'a');
  const run = async (part: string[]) => {
    let next = 0;
    let events = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < part.length) {
          const body = part[next++]!;
          // What POST /api/v1/events does once express has the body text: parse and check (a
          // large batch on the validator's worker thread), then dedupe, journal with fdatasync, apply.
          const result = await running.floor.ingest(await running.validator.read(body), body);
          events += result.accepted;
        }
      }),
    );
    return events / ((performance.now() - started) / 1000);
  };
  const round = async (from: number, to: number): Promise<Round> => {
    const pipeline = await run(bodies.slice(from, to));
    const reference = await baseline(fh, copies.slice(from, to));
    return { pipeline, baseline: reference, ratio: pipeline / reference };
  };
  try {
    const cold = await round(0, warmup);
    const measured: Round[] = [];
    for (let i = 0; i < rounds; i++) measured.push(await round(warmup + i * perRound, warmup + (i + 1) * perRound));
    return { cold, rounds: measured };
  } finally {
    await fh.close();
    await running.close();
  }
}

/**
 * Single events at a steady rate; each one's time from send to ack. The first `warmupSeconds`
 * are the server's first moments after start (see `pipeline`): returned apart as `cold`.
 */
async function ackLatency(url: string, eventsPerSecond: number, warmupSeconds: number, seconds: number): Promise<{ cold: number[]; warm: number[] }> {
  const cold: number[] = [];
  const warm: number[] = [];
  const total = eventsPerSecond * (warmupSeconds + seconds);
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / eventsPerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify(makeBatch(1, Date.now() - 3600_000));
    const into = i < eventsPerSecond * warmupSeconds ? cold : warm;
    const t0 = performance.now();
    inflight.push(
      post(url, body).then((res) => {
        if (res.status === 200) into.push(performance.now() - t0);
      }),
    );
  }
  await Promise.all(inflight);
  return { cold: cold.sort((a, b) => a - b), warm: warm.sort((a, b) => a - b) };
}

export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  async run(size: Size): Promise<Figure[]> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'floorboard-bench-'));
    const figures: Figure[] = [];
    const base = Date.now() - 2 * 3600_000;
    const bodies = (batchSize: number, count: number) => Array.from({ length: count }, () => JSON.stringify(makeBatch(batchSize, base)));
    try {
      // Ack latency first, on a fresh server, before the throughput runs fill this process's heap.
      const latencyServer = await startChildServer(path.join(dir, 'latency'));
      try {
        const warmupSeconds = size === 'tiny' ? 1 : 2;
        const lat = await ackLatency(latencyServer.url, 1000, warmupSeconds, size === 'tiny' ? 1 : 10);
        figures.push({ name: 'ack latency p50, single events at 1,000/s (HTTP)', value: percentile(lat.warm, 50), unit: 'ms' });
        const p99 = percentile(lat.warm, 99);
        figures.push({ name: 'ack latency p99, single events at 1,000/s (HTTP)', value: p99, unit: 'ms', goal: '≤ 20 ms', met: p99 <= 20 });
        figures.push({ name: `  the first ${warmupSeconds} s after start (information): p99`, value: percentile(lat.cold, 99), unit: 'ms' });
      } finally {
        await latencyServer.stop();
      }
      for (const batchSize of [100, 1000]) {
        const warmup = size === 'tiny' ? 2 : batchSize === 100 ? 500 : 100;
        const perRound = size === 'tiny' ? 2 : batchSize === 100 ? 1000 : 200;
        const { cold, rounds } = await pipelineRounds(dir, batchSize, warmup, perRound, 3, 8);
        const byRatio = [...rounds].sort((x, y) => x.ratio - y.ratio);
        const median = byRatio[Math.floor(byRatio.length / 2)]!;
        const lowest = byRatio[0]!;
        figures.push({
          name: `ingest pipeline, durable acks, batches of ${batchSize} (median of ${rounds.length} rounds)`,
          value: median.pipeline,
          unit: 'events/s',
          baseline: median.baseline,
          ratio: median.ratio,
          goal: '≥ 0.5× parse+append+fdatasync',
          met: median.ratio >= 0.5,
        });
        figures.push({ name: `  its lowest round (information)`, value: lowest.pipeline, unit: 'events/s', baseline: lowest.baseline, ratio: lowest.ratio });
        figures.push({ name: `  its first ${warmup} batches after start (information)`, value: cold.pipeline, unit: 'events/s', baseline: cold.baseline, ratio: cold.ratio });
      }
      const server = await startChildServer(path.join(dir, 'http'));
      const bare = await bareHttpServer();
      try {
        const count = size === 'tiny' ? 4 : 300;
        const overHttp = await throughput(server.url, bodies(1000, count), 4);
        const bareHttp = await throughput(bare.url, bodies(1000, count), 4);
        figures.push({ name: 'ingest over HTTP, batches of 1000 (vs bare HTTP parse+reply)', value: overHttp, unit: 'events/s', baseline: bareHttp, ratio: overHttp / bareHttp });
      } finally {
        bare.close();
        await server.stop();
      }
    } finally {
      agent.destroy();
      await fs.rm(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
