import type { Socket } from 'socket.io-client';
import type { Socket as ServerSocket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyDelta, type FloorDelta, type FloorSnapshot } from '../../shared/snapshot.js';
import { MAX_QUEUED_PACKETS } from '../../server/socket/floor-namespace.js';
import { ago, connectFloor, ev, eventually, login, postEvents, startTestServerWithRoster, stopTestServer, type TestServer, WALL_TOKEN } from '../helpers/server.js';

let server: TestServer;
const sockets: Socket[] = [];

const SEATS = 30;
const roster = {
  seats: Array.from({ length: SEATS }, (_, i) => ({ seatId: `IN-${i + 1}`, label: `IN-${i + 1}`, kind: 'inbound', zone: 'A', row: Math.floor(i / 10), col: i % 10 })),
  staff: Array.from({ length: SEATS }, (_, i) => ({ staffId: String(1001 + i), name: `Agent ${i + 1}`, role: 'agent', skills: ['general'] })),
  shifts: [],
};

beforeEach(async () => {
  server = await startTestServerWithRoster(roster);
});

afterEach(async () => {
  await stopTestServer(server, sockets);
});

/** A display as the wall client runs it: the snapshot, then every delta applied; a gap → floor:sync. */
async function display(token: string): Promise<{ socket: Socket; state: () => FloorSnapshot; deltas: string[]; snapshots: number; gaps: number }> {
  const { socket, snapshot } = await connectFloor(server.url, token);
  sockets.push(socket);
  const d = { socket, held: await snapshot, deltas: [] as string[], snapshots: 1, gaps: 0 };
  socket.on('snapshot', (s: FloorSnapshot) => {
    d.snapshots++;
    d.held = s;
  });
  socket.on('floor:updated', (delta: FloorDelta) => {
    d.deltas.push(JSON.stringify(delta));
    // Already held (it crossed a sync); a heartbeat (f = v) still moves `at`.
    if (delta.f < d.held.version && delta.v <= d.held.version) return;
    const next = applyDelta(d.held, delta);
    if (next) d.held = next;
    else {
      d.gaps++;
      void socket.emitWithAck('floor:sync').then((r: { ok: boolean; data: FloorSnapshot }) => {
        if (r.ok && r.data.version >= d.held.version) d.held = r.data;
      });
    }
  });
  return Object.assign(d, { state: () => d.held });
}

async function sync(socket: Socket): Promise<FloorSnapshot> {
  const r = (await socket.emitWithAck('floor:sync')) as { ok: boolean; data: FloorSnapshot };
  expect(r.ok).toBe(true);
  return r.data;
}

/** Activity changes over `seconds`, a batch every 100 ms. */
async function busyFloor(seconds: number, start = 0): Promise<void> {
  const acts = ['on-call', 'wrap-up', 'available', 'break', 'training'] as const;
  for (let k = 0; k < seconds * 10; k++) {
    const n = start + k;
    await postEvents(server.url, [ev.activity(String(1001 + (n % SEATS)), acts[n % acts.length]!, ago(0)), ev.offered(`c-${n}`, 'general', ago(0))]);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the /floor namespace', () => {
  it("sends changes only: a display's delta-built floor equals floor:sync, and seats carry no static fields", async () => {
    await postEvents(server.url, roster.staff.map((s, i) => ev.signIn(s.staffId, `IN-${i + 1}`, ago(60))));
    const wall = await display(WALL_TOKEN);
    const staff = await display(await login(server.url));
    await busyFloor(2);
    await eventually(async () => {
      const [w, s] = [await sync(wall.socket), await sync(staff.socket)];
      return w.version === wall.state().version && s.version === staff.state().version && w.version === s.version;
    });
    expect(wall.state()).toEqual(await sync(wall.socket));
    expect(staff.state()).toEqual(await sync(staff.socket));
    expect(wall.gaps + staff.gaps).toBe(0);
    expect(wall.deltas.length).toBeGreaterThan(3);
    // The seats that changed went as positions and activity codes, not whole seats.
    expect(wall.deltas.some((d) => d.includes('"act"'))).toBe(true);
    expect(wall.deltas.join('')).not.toMatch(/"label"|"zone"|"kind"|Agent \d/);
    const average = wall.deltas.reduce((n, d) => n + d.length, 0) / wall.deltas.length;
    expect(average).toBeLessThan(400);
  });

  it('holds back a display whose connection stopped taking data, then brings it back with a snapshot', async () => {
    await postEvents(server.url, roster.staff.map((s, i) => ev.signIn(s.staffId, `IN-${i + 1}`, ago(60))));
    const slow = await display(WALL_TOKEN);
    const other = await display(WALL_TOKEN);
    const nsp = server.running.app.io.of('/floor');
    const serverSide = [...nsp.sockets.values()].find((s) => s.id === slow.socket.id)! as ServerSocket;
    const transport = serverSide.conn.transport as unknown as { writable: boolean };
    const queued = () => (serverSide.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
    // The transport stops being writable, as when the kernel's buffers are full.
    transport.writable = false;
    let most = 0;
    const busy = busyFloor(5);
    await eventually(() => {
      most = Math.max(most, queued());
      return !serverSide.rooms.has('wall');
    }, 10_000);
    await busy;
    most = Math.max(most, queued());
    expect(most).toBeLessThanOrEqual(MAX_QUEUED_PACKETS + 2);
    expect(other.gaps).toBe(0);
    // It drains: what was queued goes out, then a fresh snapshot, and deltas follow on again.
    const snapshotsBefore = slow.snapshots;
    transport.writable = true;
    (serverSide.conn as unknown as { flush(): void }).flush();
    await eventually(() => slow.snapshots > snapshotsBefore && serverSide.rooms.has('wall'), 5000);
    const deltasBefore = slow.deltas.length;
    await busyFloor(1, 50);
    await eventually(async () => slow.deltas.length > deltasBefore && (await sync(slow.socket)).version === slow.state().version, 5000);
    expect(slow.state()).toEqual(await sync(slow.socket));
  });
});
