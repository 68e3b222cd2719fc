import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { FloorSnapshot } from '../../shared/snapshot.js';
import type { ShiftLog } from '../../shared/shift-log.js';
import { connect, connectFloor, login, request, startTestServer, stopTestServer, type TestServer, waitFor, WALL_TOKEN } from '../helpers/server.js';

let server: TestServer;
let admin: string;
const sockets: Socket[] = [];

beforeEach(async () => {
  server = await startTestServer();
  admin = await login(server.url);
  await request(server.url, 'PUT', '/api/v1/roster', {
    token: admin,
    body: {
      seats: [
        { seatId: 'IN-1', label: 'IN-1', kind: 'inbound', zone: 'A', row: 0, col: 0 },
        { seatId: 'IN-2', label: 'IN-2', kind: 'inbound', zone: 'A', row: 0, col: 1 },
      ],
      staff: [{ staffId: '1001', name: '王芳', role: 'agent', skills: ['general'] }],
      shifts: [{ name: 'day', start: '00:00', end: '24:00', night: false }],
    },
  });
  await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username: 'lead', password: 'lead-password', role: 'team-lead', staffId: 'L100' } });
});
afterEach(async () => {
  await stopTestServer(server, sockets);
});

const floor = async () => (await request<FloorSnapshot>(server.url, 'GET', '/api/v1/floor', { token: admin })).body;
const log = async () => (await request<ShiftLog>(server.url, 'GET', '/api/v1/shift-log', { token: admin })).body;

describe('team-lead commands', () => {
  it('signs someone in and out by hand, recorded as manual in the shift log', async () => {
    const lead = await connect(server.url, '/floor', await login(server.url, 'lead', 'lead-password'));
    sockets.push(lead);
    expect(await lead.emitWithAck('staff:sign-in', { staffId: '1001', seatId: 'IN-2' })).toEqual({ ok: true, data: null });
    expect((await floor()).seats.find((s) => s.seatId === 'IN-2')?.staffId).toBe('1001');
    expect(await lead.emitWithAck('staff:sign-in', { staffId: '1002', seatId: 'IN-2' })).toMatchObject({ ok: false, error: 'conflict' });
    expect(await lead.emitWithAck('staff:sign-in', { staffId: '1002', seatId: 'ZZ' })).toMatchObject({ ok: false, error: 'not_found' });
    expect(await lead.emitWithAck('staff:sign-out', { staffId: '1001', reason: 'meal' })).toEqual({ ok: true, data: null });
    expect((await floor()).now.signedIn).toBe(0);
    expect(await lead.emitWithAck('staff:sign-out', { staffId: '1001' })).toMatchObject({ ok: false, error: 'conflict' });
    const entries = (await log()).entries.map((e) => [e.kind, e.actor]);
    expect(entries).toEqual([
      ['manual-sign-in', 'L100'],
      ['manual-sign-out', 'L100'],
    ]);
  });

  it('adds notes and open problems to the shift log, and refuses an empty one', async () => {
    const lead = await connect(server.url, '/floor', await login(server.url, 'lead', 'lead-password'));
    sockets.push(lead);
    expect(await lead.emitWithAck('log:note', { text: 'Aircon in zone B is loud' })).toMatchObject({ ok: true, data: { kind: 'note', actor: 'L100' } });
    expect(await lead.emitWithAck('log:note', { text: 'IVR menu 3 broken', problem: true })).toMatchObject({ ok: true, data: { kind: 'problem' } });
    expect(await lead.emitWithAck('log:note', { text: '   ' })).toMatchObject({ ok: false, error: 'validation' });
    expect((await log()).entries.map((e) => e.kind)).toEqual(['note', 'problem']);
  });
});

describe('wall tokens', () => {
  it('are created by an admin (shown once), work on /wall, and revoking one drops its displays at once', async () => {
    const created = await request<{ id: string; token: string; label: string }>(server.url, 'POST', '/api/v1/wall-tokens', { token: admin, body: { label: 'floor 2 TV' } });
    expect(created.status).toBe(201);
    const list = await request<{ tokens: { id: string; label: string }[] }>(server.url, 'GET', '/api/v1/wall-tokens', { token: admin });
    expect(list.body.tokens.map((t) => t.label)).toContain('floor 2 TV');
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    const { socket: tv } = await connectFloor(server.url, created.body.token);
    const { socket: other } = await connectFloor(server.url, WALL_TOKEN);
    sockets.push(tv, other);
    const dropped = waitFor(tv, 'disconnect', 1000);
    expect((await request(server.url, 'DELETE', `/api/v1/wall-tokens/${created.body.id}`, { token: admin })).status).toBe(200);
    await dropped;
    expect(other.connected).toBe(true);
    await expect(connect(server.url, '/floor', created.body.token)).rejects.toThrow('unauthorized');
    expect((await request(server.url, 'GET', '/api/v1/floor', { token: created.body.token })).status).toBe(401);
    expect((await request(server.url, 'POST', '/api/v1/wall-tokens', { token: admin, body: { label: '' } })).status).toBe(400);
    expect((await request(server.url, 'DELETE', '/api/v1/wall-tokens/env', { token: admin })).status).toBe(409);
  });
});
