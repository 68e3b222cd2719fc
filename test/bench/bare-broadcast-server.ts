/**
 * The fan-out baseline: a bare socket.io server (no auth, no state, no ingest) that
 * broadcasts a payload of `PAYLOAD_BYTES` of JSON on `/floor` every `INTERVAL_MS`, built
 * afresh each time (as the real server builds each delta) and stamped with `sentAt`
 * (`Date.now()` just before the emit). Prints `running at <url>` once listening.
 * Usage: `PAYLOAD_BYTES=3000 INTERVAL_MS=250 node --import tsx test/bench/bare-broadcast-server.ts`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const payloadBytes = Number(process.env.PAYLOAD_BYTES ?? 2000);
const intervalMs = Number(process.env.INTERVAL_MS ?? 250);

const httpServer = http.createServer((_req, res) => res.writeHead(404).end());
const io = new Server(httpServer, { serveClient: false });
const nsp = io.of('/floor');

/** Seat-shaped filler, so clients parse what they would parse from a real delta. */
function seat(i: number, at: string) {
  return { seatId: `S-${String(i).padStart(3, '0')}`, label: `A-${i}`, kind: 'inbound', zone: 'A', row: Math.floor(i / 20), col: i % 20, staffId: `A${String(i).padStart(4, '0')}`, activity: 'on-call', since: at, onRoster: true };
}

/** How many filler seats, and how much padding, make `payloadBytes`: worked out once. */
function layout(): { seats: number; pad: number } {
  const at = new Date().toISOString();
  let size = JSON.stringify({ fromVersion: 100000, version: 100001, at, sentAt: Date.now(), seats: [] }).length;
  let seats = 0;
  for (;;) {
    const len = JSON.stringify(seat(seats, at)).length + 1;
    if (size + len > payloadBytes) break;
    size += len;
    seats++;
  }
  return { seats, pad: Math.max(0, payloadBytes - size - ',"pad":""'.length) };
}
const shape = layout();
const padding = 'x'.repeat(shape.pad);

let version = 100000;
function payload(): Record<string, unknown> {
  const at = new Date().toISOString();
  const out: Record<string, unknown> = { fromVersion: version, version: version + 1, at, sentAt: 0, seats: Array.from({ length: shape.seats }, (_, i) => seat(i, at)) };
  if (shape.pad) out.pad = padding;
  version++;
  return out;
}

setInterval(() => {
  const p = payload();
  p.sentAt = Date.now();
  nsp.emit('floor:updated', p);
}, intervalMs);

httpServer.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare broadcast server running at http://127.0.0.1:${(httpServer.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  io.close();
  process.exit(0);
});
