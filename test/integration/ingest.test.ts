import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { FloorDelta, FloorSnapshot } from '../../shared/snapshot.js';
import { applyDelta } from '../../shared/snapshot.js';
import type { IngestAck } from '../../shared/protocol.js';
import { ago, connect, connectFloor, ev, eventually, INGEST_KEY, login, postEvents, request, startTestServerWithRoster, stopTestServer, type TestServer, waitFor, WALL_TOKEN } from '../helpers/server.js';

const roster = {
  seats: [
    { seatId: 'IN-1', label: 'IN-1', kind: 'inbound', zone: 'A', row: 1, col: 1 },
    { seatId: 'IN-2', label: 'IN-2', kind: 'inbound', zone: 'A', row: 1, col: 2 },
    { seatId: 'NP-1', label: 'NP-1', kind: 'non-phone', zone: 'D', row: 1, col: 1 },
  ],
  staff: [
    { staffId: '1001', name: '王芳', role: 'agent', skills: ['general'] },
    { staffId: '1002', name: '李强', role: 'agent', skills: ['general'] },
    { staffId: '2001', name: '张伟', role: 'business-supervisor', skills: ['general'] },
  ],
  shifts: [
    { name: 'morning', start: '08:00', end: '16:00', night: false },
    { name: 'evening', start: '16:00', end: '24:00', night: false },
    { name: 'night', start: '00:00', end: '08:00', night: true },
  ],
};

let server: TestServer;
const sockets: Socket[] = [];

async function floor(token = WALL_TOKEN): Promise<FloorSnapshot> {
  const res = await request<FloorSnapshot>(server.url, 'GET', '/api/v1/floor', { token });
  expect(res.status).toBe(200);
  return res.body;
}

async function track(p: Promise<Socket>): Promise<Socket> {
  const s = await p;
  sockets.push(s);
  return s;
}

beforeEach(async () => {
  server = await startTestServerWithRoster(roster);
});

afterEach(async () => {
  await stopTestServer(server, sockets);
});

describe('ingest over HTTP', () => {
  it('applies a batch and shows it in GET /api/v1/floor and on the /floor socket', async () => {
    const { socket: wall, snapshot } = await connectFloor(server.url, WALL_TOKEN);
    sockets.push(wall);
    const first = await snapshot;
    const res = await postEvents(server.url, [ev.signIn('1001', 'IN-1', ago(60)), ev.offered('c1', 'general', ago(30))]);
    expect(res).toEqual({ status: 200, body: { accepted: 2, duplicates: 0 } });

    expect(first.site.lastEventAt).toBeNull();
    const snap = await floor();
    expect(snap.now.waiting).toBe(1);
    expect(snap.now.longestWaitSeconds).toBeGreaterThanOrEqual(29);
    expect(Date.now() - Date.parse(snap.site.lastEventAt!)).toBeLessThan(5000);
    expect(snap.seats.find((s) => s.seatId === 'IN-1')).toMatchObject({ staffId: '1001', activity: 'available', onRoster: true });

    let live = first;
    await eventually(async () => {
      const delta = await waitFor<FloorDelta>(wall, 'floor:updated', 3000);
      live = applyDelta(live, delta) ?? live;
      return live.now.waiting === 1 && live.seats.find((s) => s.seatId === 'IN-1')?.staffId === '1001';
    });
    expect(live.version).toBeGreaterThan(first.version);
  });

  it('counts a repeated event id as a duplicate and changes nothing', async () => {
    const offered = ev.offered('c1', 'general', ago(10));
    expect((await postEvents(server.url, [offered])).body).toEqual({ accepted: 1, duplicates: 0 });
    const before = await floor();
    expect((await postEvents(server.url, [offered, offered])).body).toEqual({ accepted: 0, duplicates: 2 });
    const after = await floor();
    expect(after.version).toBe(before.version);
    expect(after.now.waiting).toBe(1);
    expect(after.intervals.reduce((n, i) => n + i.offered, 0)).toBe(1);
  });

  it('reconciles an answered that arrives before its offered', async () => {
    await postEvents(server.url, [ev.signIn('1001', 'IN-1', ago(120))]);
    await postEvents(server.url, [ev.answered('c9', '1001', ago(50)), ev.ended('c9', ago(20), 5)]);
    let snap = await floor();
    expect(snap.today.answered).toBe(0);
    await postEvents(server.url, [ev.offered('c9', 'general', ago(60))]);
    snap = await floor();
    expect(snap.today).toMatchObject({ offered: 1, answered: 1, abandoned: 0 });
    expect(snap.today.serviceLevel).toBe(1);
    expect(snap.today.asaSeconds).toBeCloseTo(10, 0);
    expect(snap.today.ahtSeconds).toBeCloseTo(35, 0);
    expect(snap.now.waiting).toBe(0);
  });

  it('shows staff and seats that are not on the roster instead of dropping them', async () => {
    await postEvents(server.url, [ev.signIn('9999', 'X-77', ago(30)), ev.signIn('1002', 'IN-2', ago(30))]);
    const snap = await floor();
    expect(snap.seats.find((s) => s.seatId === 'X-77')).toMatchObject({ staffId: '9999', kind: 'unknown', onRoster: false });
    expect(snap.now.signedIn).toBe(2);
  });

  it('rejects a batch with one bad event whole, naming the event and field, and applies nothing', async () => {
    const before = await floor();
    const res = await postEvents(server.url, [ev.offered('c1', 'general', ago(5)), { ...ev.signIn('1001', 'IN-1', ago(5)), at: 'yesterday' }]);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation' });
    expect(res.body.message).toMatch(/event 1 .*field at/);
    const after = await floor();
    expect(after.version).toBe(before.version);
    expect(after.now.waiting).toBe(0);
  });

  it('checks a large batch on the validator thread: a bad event is named exactly as inline, a good batch lands whole', async () => {
    expect(server.running.validator.onWorker).toBe(true);
    const before = await floor();
    const many = Array.from({ length: 300 }, (_, i) => ev.offered(`big-${i}`, 'general', ago(5)));
    const bad = many.map((e, i) => (i === 217 ? { ...e, queue: '' } : e));
    const res = await postEvents(server.url, bad);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'validation', issues: [{ path: [217, 'queue'] }] });
    expect(res.body.message).toMatch(/^batch rejected, nothing applied: event 217 \(id "[^"]+"\), field queue: must not be empty$/);
    expect((await floor()).version).toBe(before.version);
    const ok = await postEvents(server.url, many);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ accepted: 300, duplicates: 0 });
    const after = await floor();
    expect(after.version).toBe(before.version + 300);
    expect(after.now.waiting).toBe(300);
  });

  it('answers a large body that is not JSON as it answers a small one', async () => {
    const big = JSON.stringify(Array.from({ length: 300 }, (_, i) => ev.offered(`nj-${i}`, 'general', ago(5)))).slice(0, -1);
    for (const body of [big, '[{"id": 1,']) {
      const res = await request(server.url, 'POST', '/api/v1/events', { token: INGEST_KEY, body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'bad_request', message: 'the body is not valid JSON' });
    }
  });

  it('answers 401 without or with a wrong key, and 403 for a wall token or a user', async () => {
    const batch = [ev.offered('c1', 'general', ago(5))];
    expect((await request(server.url, 'POST', '/api/v1/events', { body: batch })).status).toBe(401);
    expect((await postEvents(server.url, batch, 'wrong-key-wrong-key')).status).toBe(401);
    expect((await postEvents(server.url, batch, WALL_TOKEN)).status).toBe(403);
    expect((await postEvents(server.url, batch, await login(server.url))).status).toBe(403);
    expect((await request(server.url, 'GET', '/api/v1/floor', { token: INGEST_KEY })).status).toBe(403);
    expect((await floor()).now.waiting).toBe(0);
  });

  it('answers 413 to more than 1,000 events or a body over 1 MB', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ev.offered(`c${i}`, 'general', ago(5)));
    const tooMany = await postEvents(server.url, many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ error: 'payload_too_large' });
    const huge = await postEvents(server.url, [{ ...ev.offered('c1', 'general', ago(5)), source: 'x'.repeat(1_100_000) }]);
    expect(huge.status).toBe(413);
    const admin = await login(server.url);
    const hugeRoster = await request(server.url, 'PUT', '/api/v1/roster', { token: admin, body: { ...roster, note: 'x'.repeat(1_100_000) } });
    expect(hugeRoster).toEqual({ status: 413, body: { error: 'payload_too_large', message: 'the body is larger than 1 MB' } });
    expect((await floor()).now.waiting).toBe(0);
  });

  it('answers errors as JSON without stack traces', async () => {
    const res = await request(server.url, 'POST', '/api/v1/events', { token: INGEST_KEY, body: '{"not json', contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_request', message: 'the body is not valid JSON' });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
  });
});

describe('ingest over the /ingest socket', () => {
  it('acks with the same shape as HTTP and applies the events', async () => {
    const ingest = await track(connect(server.url, '/ingest', INGEST_KEY));
    const ack = await ingest.emitWithAck('events', [ev.offered('s1', 'general', ago(3))]);
    expect(ack).toEqual({ ok: true, accepted: 1, duplicates: 0 });
    expect((await floor()).now.waiting).toBe(1);
  });

  it('acks a bad batch with an error naming the field and applies nothing', async () => {
    const ingest = await track(connect(server.url, '/ingest', INGEST_KEY));
    const before = await floor();
    const ack: IngestAck = await ingest.emitWithAck('events', [ev.offered('ok', 'general', ago(1)), { id: 'x', type: 'call.offered', at: ago(1) }]);
    expect(ack).toMatchObject({ ok: false, error: 'validation' });
    expect(ack.ok === false && ack.message).toMatch(/event 1 \(id "x"\), field (callId|queue)/);
    const after = await floor();
    expect(after.version).toBe(before.version);
    expect(after.now.waiting).toBe(0);
  });

  it('refuses a wall token or no token at the handshake', async () => {
    await expect(connect(server.url, '/ingest', WALL_TOKEN)).rejects.toThrow('forbidden');
    await expect(connect(server.url, '/ingest', undefined)).rejects.toThrow('unauthorized');
  });
});
