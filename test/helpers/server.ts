/** Starts the real server in-process on a random port, with a temp data dir. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { FloorEvent } from '../../shared/events.js';
import type { FloorSnapshot } from '../../shared/snapshot.js';
import { loadConfig } from '../../server/config.js';
import type { Clock } from '../../server/clock.js';
import { startFloorboard, type Running } from '../../server/runtime.js';

export const INGEST_KEY = 'test-ingest-key-0123456789';
export const WALL_TOKEN = 'test-wall-token-0123456789';
export const ADMIN_PASSWORD = 'admin-password-123';

export interface TestServer {
  url: string;
  running: Running;
  dataDir: string;
  close(): Promise<void>;
}

export async function makeDataDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'floorboard-test-'));
}

export function testEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    FLOORBOARD_DATA_DIR: dataDir,
    FLOORBOARD_SIMULATOR: 'off',
    FLOORBOARD_INGEST_KEY: INGEST_KEY,
    FLOORBOARD_WALL_TOKEN: WALL_TOKEN,
    FLOORBOARD_ADMIN_PASSWORD: ADMIN_PASSWORD,
    FLOORBOARD_SITE_TIMEZONE: 'Asia/Shanghai',
    FLOORBOARD_LOG_LEVEL: 'silent',
    ...extra,
  };
}

export async function startTestServer(opts: { dataDir?: string; env?: Record<string, string>; clock?: Clock } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? (await makeDataDir());
  const running = await startFloorboard(loadConfig(testEnv(dataDir, opts.env)), opts.clock ? { clock: opts.clock } : {});
  return {
    url: running.url,
    running,
    dataDir,
    async close() {
      await running.close();
    },
  };
}

/** A server with `roster` put in place by the admin (the usual start of a test of the floor). */
export async function startTestServerWithRoster(roster: unknown): Promise<TestServer> {
  const server = await startTestServer();
  const res = await request(server.url, 'PUT', '/api/v1/roster', { token: await login(server.url), body: roster });
  if (res.status !== 200) throw new Error(`roster not accepted: ${res.status} ${JSON.stringify(res.body)}`);
  return server;
}

/** Closes the test's sockets (emptying the list), then the server, then removes its data dir. */
export async function stopTestServer(server: TestServer, sockets: Socket[] = []): Promise<void> {
  for (const s of sockets.splice(0)) s.close();
  await server.close();
  await removeDir(server.dataDir);
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
}

/** A real HTTP request; the body is sent as JSON unless a string is given. */
export async function request<T = unknown>(
  url: string,
  method: string,
  pathname: string,
  opts: { token?: string; body?: unknown; contentType?: string } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  const res = await fetch(url + pathname, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: res.status, body: parsed as T };
}

export function postEvents(url: string, events: unknown, token = INGEST_KEY) {
  return request<{ accepted: number; duplicates: number; error?: string; message?: string }>(url, 'POST', '/api/v1/events', { token, body: events });
}

export async function login(url: string, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const res = await request<{ token: string }>(url, 'POST', '/api/v1/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** A real socket.io client; resolves once connected, rejects with the server's reason. */
export function connect(url: string, namespace: string, token: string | undefined, extraHeaders?: Record<string, string>, beforeConnect?: (s: Socket) => void): Promise<Socket> {
  const socket = io(url + namespace, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders, autoConnect: false });
  beforeConnect?.(socket);
  socket.connect();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Connects to `/floor`, catching the snapshot the server sends straight after the handshake. */
export async function connectFloor(url: string, token: string): Promise<{ socket: Socket; snapshot: Promise<FloorSnapshot> }> {
  let snapshot!: Promise<FloorSnapshot>;
  const socket = await connect(url, '/floor', token, undefined, (s) => {
    snapshot = waitFor<FloorSnapshot>(s, 'snapshot');
  });
  return { socket, snapshot };
}

/** Resolves with the next `event` on `socket`, or rejects after `ms`. */
export function waitFor<T = unknown>(socket: Socket, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`timed out after ${ms} ms waiting for ${event}`));
    }, ms);
    const handler = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, handler);
  });
}

/** Polls `check` until it returns a truthy value, or rejects after `ms`. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 5000, stepMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

let counter = 0;
/** A unique event id. */
export function eid(prefix = 'e'): string {
  return `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Builders for valid events at ISO time `at`. */
export const ev = {
  signIn: (staffId: string, seatId: string, at: string): FloorEvent => ({ id: eid(), type: 'agent.signed_in', at, staffId, seatId }),
  signOut: (staffId: string, at: string): FloorEvent => ({ id: eid(), type: 'agent.signed_out', at, staffId }),
  activity: (staffId: string, activity: 'available' | 'on-call' | 'wrap-up' | 'non-phone' | 'training' | 'break', at: string): FloorEvent => ({
    id: eid(),
    type: 'agent.activity',
    at,
    staffId,
    activity,
  }),
  offered: (callId: string, queue: string, at: string): FloorEvent => ({ id: eid(), type: 'call.offered', at, callId, queue }),
  answered: (callId: string, staffId: string, at: string): FloorEvent => ({ id: eid(), type: 'call.answered', at, callId, staffId }),
  abandoned: (callId: string, at: string): FloorEvent => ({ id: eid(), type: 'call.abandoned', at, callId }),
  ended: (callId: string, at: string, wrapSeconds?: number): FloorEvent => ({ id: eid(), type: 'call.ended', at, callId, ...(wrapSeconds !== undefined ? { wrapSeconds } : {}) }),
};

/** ISO time `secondsAgo` before the real now. */
export function ago(seconds: number): string {
  return new Date(Date.now() - seconds * 1000).toISOString();
}
