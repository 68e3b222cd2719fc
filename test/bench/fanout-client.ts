/**
 * Worker process for `fanout.bench.ts`: holds many real socket.io clients (websocket
 * transport) on one namespace and reports what they received. Forked with an IPC channel;
 * the parent drives it with messages (see `WorkerCommand`) and gets a `WorkerReply` to each.
 *
 * - `floor` mode: each client is a wall display on `/floor` (token in `auth`). It follows the
 *   delta versions like the real client (`applyDelta` refuses a gap; the client then asks for
 *   `floor:sync`), and notes when a delta (or snapshot) first shows a marker seat held by a
 *   marker staff ID (deltas name seats by position: each client keeps the snapshot's seat IDs). The parent sends each marker's ack time; delay = receipt − ack, all in
 *   `Date.now()` of one machine.
 * - `bare` mode: clients of the bare broadcast server; each payload carries `sentAt`, delay =
 *   receipt − sentAt.
 * - `slow` clients stop reading: their TCP socket is paused (and their own ping timeout is
 *   disabled, as in a frozen browser tab) until `resume`, so only the server can give up on them.
 *
 * Bytes are the raw TCP bytes each client read (`net.Socket.bytesRead` under the `ws`
 * WebSocket): websocket frame headers, engine.io/socket.io packet prefixes and pings included.
 */
import type { Socket as NetSocket } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { applyDelta, type FloorDelta, type FloorSnapshot } from '../../shared/snapshot.js';

export type WorkerCommand =
  | { type: 'connect'; url: string; namespace: string; token?: string; count: number; mode: 'floor' | 'bare'; markerSeatPrefix?: string }
  | { type: 'start' }
  | { type: 'mark' }
  | { type: 'ack'; marker: string; at: number }
  | { type: 'stop' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'status' }
  | { type: 'verify' }
  | { type: 'disconnect' };

export interface DelayStats {
  /** Sparse histogram of delays at 1 ms resolution: [ms, count]. */
  histogram: [number, number][];
  count: number;
  min: number;
  max: number;
}

export type WorkerReply =
  | { type: 'connected'; connected: number; failed: number; errors: string[] }
  | { type: 'started'; bytes: number; clients: number }
  | { type: 'marked'; bytes: number; clients: number; messages: number }
  | { type: 'stopped'; delays: DelayStats; missed: number; markers: number; gaps: number; syncs: number; messages: number; disconnected: number }
  | { type: 'paused' | 'resumed'; clients: number }
  | { type: 'status'; connected: number; disconnects: string[] }
  | { type: 'verified'; checked: number; mismatched: number; details: string[] }
  | { type: 'disconnected' };

interface Client {
  index: number;
  socket: Socket;
  raw: NetSocket | null;
  version: number;
  syncing: boolean;
  /** Connected since `start` without a drop. */
  steady: boolean;
  /** The first client of each worker also applies every delta, as the wall does, to check them. */
  snapshot: FloorSnapshot | null;
  verifying: boolean;
  /** Seat IDs by position, as the last snapshot listed them (deltas name seats by position). */
  seatIds: string[];
}

interface SeatLike {
  seatId: string;
  staffId: string | null;
}

/** The bare server's payload: only its stamp is read. */
interface BarePayload {
  sentAt?: number;
}

const clients: Client[] = [];
let mode: 'floor' | 'bare' = 'floor';
let markerPrefix = 'MARK-';
let collecting = false;
let messages = 0;
let gaps = 0;
let syncs = 0;
const disconnects: string[] = [];

// Delay histogram, 1 ms buckets from -OFFSET to LIMIT-OFFSET ms.
const OFFSET = 2000;
const LIMIT = 122_000;
let hist = new Uint32Array(LIMIT);
let histCount = 0;
let histMin = Infinity;
let histMax = -Infinity;

function addDelay(ms: number): void {
  const b = Math.min(LIMIT - 1, Math.max(0, Math.round(ms) + OFFSET));
  hist[b]!++;
  histCount++;
  if (ms < histMin) histMin = ms;
  if (ms > histMax) histMax = ms;
}

/** Per marker: its ack time once known, and each client's first receipt (NaN until then). */
interface Pending {
  ack: number | undefined;
  receipts: Float64Array;
  received: number;
}
const pending = new Map<string, Pending>();
let markersFolded = 0;
let missed = 0;

function pendingFor(marker: string): Pending {
  let p = pending.get(marker);
  if (!p) {
    p = { ack: undefined, receipts: new Float64Array(clients.length).fill(NaN), received: 0 };
    pending.set(marker, p);
  }
  return p;
}

function fold(marker: string, p: Pending, final: boolean): void {
  if (p.ack === undefined) return;
  for (const c of clients) {
    const t = p.receipts[c.index]!;
    if (Number.isNaN(t)) {
      if (final && c.steady) missed++;
    } else addDelay(t - p.ack);
  }
  markersFolded++;
  pending.delete(marker);
}

function sawMarker(c: Client, staffId: string, t: number): void {
  if (!collecting) return;
  const p = pendingFor(staffId);
  if (!Number.isNaN(p.receipts[c.index]!)) return;
  p.receipts[c.index] = t;
  p.received++;
  if (p.received === clients.length && p.ack !== undefined) fold(staffId, p, false);
}

function scanSeats(c: Client, seats: SeatLike[] | undefined, t: number): void {
  if (!seats) return;
  for (const s of seats) if (s.staffId !== null && s.seatId.startsWith(markerPrefix)) sawMarker(c, s.staffId, t);
}

/** Seat-ID lists are the same for every display of a worker: one array shared by all. */
let sharedSeatIds: string[] = [];
function seatIdsOf(seats: SeatLike[]): string[] {
  const ids = seats.map((s) => s.seatId);
  if (ids.length !== sharedSeatIds.length || ids.some((id, i) => id !== sharedSeatIds[i])) sharedSeatIds = ids;
  return sharedSeatIds;
}

function onSnapshot(c: Client, snap: FloorSnapshot, t: number): void {
  c.version = snap.version;
  c.seatIds = seatIdsOf(snap.seats);
  if (c.verifying) c.snapshot = snap;
  scanSeats(c, snap.seats, t);
}

/** Markers a delta shows: new occupants by position, or whole seats when the seat list changed. */
function scanDelta(c: Client, delta: FloorDelta, t: number): void {
  if (delta.allSeats || delta.seatOrder) {
    scanSeats(c, delta.allSeats ?? delta.seats, t);
    c.seatIds = seatIdsOf(delta.allSeats ?? delta.seatOrder!.map((seatId) => ({ seatId, staffId: null })));
    return;
  }
  for (const [i, staffId] of delta.who ?? []) {
    const seatId = c.seatIds[i];
    if (staffId !== null && seatId?.startsWith(markerPrefix)) sawMarker(c, staffId, t);
  }
  for (const [, seat] of delta.seatAt ?? []) scanSeats(c, [seat], t);
}

function onFloorDelta(c: Client, delta: FloorDelta): void {
  const t = Date.now();
  messages++;
  if (c.syncing) return;
  if (delta.f !== c.version) {
    // What the real client does when `applyDelta` returns null: ask for a fresh snapshot.
    gaps++;
    c.syncing = true;
    syncs++;
    c.socket.emit('floor:sync', (res: { ok: boolean; data?: FloorSnapshot }) => {
      c.syncing = false;
      if (res.ok && res.data) onSnapshot(c, res.data, Date.now());
    });
    return;
  }
  c.version = delta.v;
  if (c.verifying && c.snapshot) c.snapshot = applyDelta(c.snapshot, delta);
  scanDelta(c, delta, t);
}

/** JSON with object keys sorted, so equal snapshots compare equal whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/** Compares each verifying client's delta-built snapshot with a fresh `floor:sync` one. */
async function verify(): Promise<Extract<WorkerReply, { type: 'verified' }>> {
  let checked = 0;
  let mismatched = 0;
  const details: string[] = [];
  for (const c of clients.filter((x) => x.verifying && x.socket.connected)) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const synced = await new Promise<FloorSnapshot | null>((resolve) => c.socket.timeout(5000).emit('floor:sync', (err: unknown, res: { ok: boolean; data?: FloorSnapshot }) => resolve(!err && res.ok && res.data ? res.data : null)));
      const local = c.snapshot;
      if (!synced || !local || local.version !== synced.version || local.at !== synced.at) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      checked++;
      const a = canonical(local);
      const b = canonical(synced);
      if (a !== b) {
        mismatched++;
        const parts = Object.keys(synced).filter((k) => canonical((local as unknown as Record<string, unknown>)[k]) !== canonical((synced as unknown as Record<string, unknown>)[k]));
        details.push(`version ${synced.version}: ${parts.join(', ')} differ`);
      }
      break;
    }
  }
  return { type: 'verified', checked, mismatched, details };
}

function onBarePayload(payload: BarePayload): void {
  const t = Date.now();
  messages++;
  if (collecting && typeof payload.sentAt === 'number') addDelay(t - payload.sentAt);
}

function rawSocket(socket: Socket): NetSocket | null {
  const engine = socket.io.engine as unknown as { transport?: { ws?: { _socket?: NetSocket } } };
  return engine.transport?.ws?._socket ?? null;
}

function connectOne(url: string, namespace: string, token: string | undefined, index: number): Promise<Client> {
  const socket = io(url + namespace, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false });
  const c: Client = { index, socket, raw: null, version: -1, syncing: false, steady: false, snapshot: null, verifying: index === 0, seatIds: [] };
  if (mode === 'floor') {
    socket.on('snapshot', (snap: FloorSnapshot) => onSnapshot(c, snap, Date.now()));
    socket.on('floor:updated', (delta: FloorDelta) => onFloorDelta(c, delta));
  } else {
    socket.on('floor:updated', (payload: BarePayload) => onBarePayload(payload));
  }
  socket.on('disconnect', (reason) => {
    c.steady = false;
    disconnects.push(String(reason));
  });
  socket.connect();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timed out')), 60_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      c.raw = rawSocket(socket);
      resolve(c);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
  });
}

function totalBytes(): number {
  let n = 0;
  for (const c of clients) if (c.steady) n += c.raw?.bytesRead ?? 0;
  return n;
}

let bytesAtStart = 0;
let repause: NodeJS.Timeout | null = null;

type EngineInternals = { _resetPingTimeout: () => void; _pingTimeoutTimer?: NodeJS.Timeout; _pingTimeoutTime: number };
const savedReset = new Map<Client, () => void>();

function pauseAll(): void {
  for (const c of clients) {
    const engine = c.socket.io.engine as unknown as EngineInternals;
    // A frozen display does not time the server out either: only the server may end it.
    savedReset.set(c, engine._resetPingTimeout);
    engine._resetPingTimeout = () => {};
    if (engine._pingTimeoutTimer) clearTimeout(engine._pingTimeoutTimer);
    engine._pingTimeoutTime = Infinity;
    c.raw?.pause();
  }
  // `ws` resumes its socket after backpressure it caused itself; keep these ones paused.
  repause = setInterval(() => {
    for (const c of clients) if (c.raw && !c.raw.isPaused()) c.raw.pause();
  }, 200);
}

function resumeAll(): void {
  if (repause) clearInterval(repause);
  repause = null;
  for (const c of clients) {
    const engine = c.socket.io.engine as unknown as EngineInternals;
    const reset = savedReset.get(c);
    if (reset) engine._resetPingTimeout = reset;
    c.raw?.resume();
  }
}

async function handle(cmd: WorkerCommand): Promise<WorkerReply> {
  switch (cmd.type) {
    case 'connect': {
      mode = cmd.mode;
      markerPrefix = cmd.markerSeatPrefix ?? markerPrefix;
      let failed = 0;
      const errors: string[] = [];
      const base = clients.length;
      // In waves, so the server's handshakes (and snapshots) do not all land at once.
      const wave = 25;
      for (let i = 0; i < cmd.count; i += wave) {
        const results = await Promise.allSettled(Array.from({ length: Math.min(wave, cmd.count - i) }, (_, j) => connectOne(cmd.url, cmd.namespace, cmd.token, base + i + j)));
        for (const r of results) {
          if (r.status === 'fulfilled') clients.push(r.value);
          else {
            failed++;
            if (errors.length < 5) errors.push(String(r.reason));
          }
        }
      }
      clients.forEach((c, i) => (c.index = i));
      return { type: 'connected', connected: clients.length, failed, errors };
    }
    case 'start': {
      hist = new Uint32Array(LIMIT);
      histCount = 0;
      histMin = Infinity;
      histMax = -Infinity;
      pending.clear();
      markersFolded = 0;
      missed = 0;
      messages = 0;
      gaps = 0;
      syncs = 0;
      for (const c of clients) c.steady = c.socket.connected;
      collecting = true;
      bytesAtStart = totalBytes();
      return { type: 'started', bytes: bytesAtStart, clients: clients.filter((c) => c.steady).length };
    }
    case 'mark':
      return { type: 'marked', bytes: totalBytes() - bytesAtStart, clients: clients.filter((c) => c.steady).length, messages };
    case 'ack': {
      if (!collecting) return { type: 'status', connected: -1, disconnects: [] };
      const p = pendingFor(cmd.marker);
      p.ack = cmd.at;
      if (p.received === clients.length) fold(cmd.marker, p, false);
      return { type: 'status', connected: -1, disconnects: [] };
    }
    case 'stop': {
      collecting = false;
      let markers = markersFolded;
      for (const [marker, p] of [...pending]) {
        if (p.ack === undefined) continue;
        fold(marker, p, true);
        markers = markersFolded;
      }
      pending.clear();
      const histogram: [number, number][] = [];
      for (let b = 0; b < LIMIT; b++) if (hist[b]) histogram.push([b - OFFSET, hist[b]!]);
      return {
        type: 'stopped',
        delays: { histogram, count: histCount, min: histMin, max: histMax },
        missed,
        markers,
        gaps,
        syncs,
        messages,
        disconnected: clients.filter((c) => !c.socket.connected).length,
      };
    }
    case 'pause':
      pauseAll();
      return { type: 'paused', clients: clients.length };
    case 'resume':
      resumeAll();
      return { type: 'resumed', clients: clients.length };
    case 'verify':
      return verify();
    case 'status':
      return { type: 'status', connected: clients.filter((c) => c.socket.connected).length, disconnects: [...disconnects] };
    case 'disconnect': {
      resumeAll();
      for (const c of clients) c.socket.close();
      clients.length = 0;
      disconnects.length = 0;
      return { type: 'disconnected' };
    }
  }
}

process.on('message', (msg: { id: number; cmd: WorkerCommand }) => {
  void handle(msg.cmd).then(
    (reply) => {
      // Acks are fire-and-forget: no reply, to keep the IPC quiet at 10 markers a second.
      if (msg.cmd.type !== 'ack') process.send!({ id: msg.id, reply });
    },
    (err: unknown) => process.send!({ id: msg.id, error: String(err) }),
  );
});
process.on('disconnect', () => process.exit(0));
