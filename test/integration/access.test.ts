import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { HTTP_RULES, NAMESPACE_RULES, SOCKET_RULES } from '../../server/auth/authz.js';
import { ADMIN_PASSWORD, ago, connect, connectFloor, ev, eventually, login, postEvents, request, startTestServer, stopTestServer, type TestServer, waitFor, WALL_TOKEN } from '../helpers/server.js';

let server: TestServer;
const sockets: Socket[] = [];
async function track(p: Promise<Socket>): Promise<Socket> {
  const s = await p;
  sockets.push(s);
  return s;
}

beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await stopTestServer(server, sockets);
});

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

const RESERVED_SOCKET_EVENTS = new Set(['disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);

describe('the authorisation table', () => {
  it('has a rule for every registered HTTP route', () => {
    const stack = (server.running.app.express as unknown as { router: { stack: ExpressLayer[] } }).router.stack;
    const routes = stack.flatMap((l) => (l.route ? Object.keys(l.route.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`) : []));
    expect(routes.length).toBeGreaterThan(10);
    for (const r of routes) expect(HTTP_RULES[r], `rule for ${r}`).toBeDefined();
    expect(new Set(routes)).toEqual(new Set(server.running.app.routes));
  });

  it('has a rule for every socket event a connected client can send', async () => {
    const admin = await login(server.url);
    await track(connect(server.url, '/floor', admin));
    await track(connect(server.url, '/ingest', server.running.ingestKey));
    const seen: string[] = [];
    for (const [name, nsp] of server.running.app.io._nsps) {
      expect(NAMESPACE_RULES[name], `rule for namespace ${name}`).toBeDefined();
      for (const socket of nsp.sockets.values()) {
        for (const event of socket.eventNames()) if (!RESERVED_SOCKET_EVENTS.has(String(event))) seen.push(`${name} ${String(event)}`);
      }
    }
    expect(seen.length).toBeGreaterThan(0);
    for (const key of seen) expect(SOCKET_RULES[key], `rule for ${key}`).toBeDefined();
  });

  it('lets the wall token change nothing: every mutating route answers 403', async () => {
    const mutating = Object.entries(HTTP_RULES).filter(([key, rule]) => 'mutates' in rule && rule.mutates && server.running.app.routes.includes(key));
    expect(mutating.length).toBeGreaterThan(5);
    for (const [key] of mutating) {
      const [method, path] = key.split(' ') as [string, string];
      const res = await request(server.url, method, path.replace(':username', 'admin').replace(':id', 'w1'), { token: WALL_TOKEN, body: {} });
      expect(res.status, key).toBe(403);
      expect(res.body).toMatchObject({ error: 'forbidden' });
    }
    expect((await login(server.url)).length).toBeGreaterThan(10);
  });

  it('lets the wall token send no mutating socket event', async () => {
    const mutating = Object.entries(SOCKET_RULES).filter(([, rule]) => 'mutates' in rule && rule.mutates);
    expect(mutating.length).toBeGreaterThan(0);
    for (const [key] of mutating) {
      const [namespace, event] = key.split(' ') as [string, string];
      try {
        const socket = await track(connect(server.url, namespace, WALL_TOKEN));
        const ack = await socket.timeout(2000).emitWithAck(event, [ev.offered('w1', 'general', ago(1))]);
        expect(ack, key).toMatchObject({ ok: false, error: 'forbidden' });
      } catch (err) {
        expect(String(err), key).toMatch(/forbidden/);
      }
    }
    const snap = await request<{ now: { waiting: number } }>(server.url, 'GET', '/api/v1/floor', { token: WALL_TOKEN });
    expect(snap.body.now.waiting).toBe(0);
  });

  it('never sends staff names to the wall, over HTTP or socket', async () => {
    const admin = await login(server.url);
    await request(server.url, 'PUT', '/api/v1/roster', {
      token: admin,
      body: { seats: [{ seatId: 'IN-1', label: 'IN-1', kind: 'inbound', zone: 'A', row: 1, col: 1 }], staff: [{ staffId: '1001', name: '王芳', role: 'agent', skills: [] }], shifts: [] },
    });
    await postEvents(server.url, [ev.signIn('1001', 'IN-1', ago(5))]);
    const http = await request(server.url, 'GET', '/api/v1/floor', { token: WALL_TOKEN });
    expect(JSON.stringify(http.body)).toContain('1001');
    expect(JSON.stringify(http.body)).not.toContain('王芳');
    const { socket: wall, snapshot } = await connectFloor(server.url, WALL_TOKEN);
    sockets.push(wall);
    const snap = await snapshot;
    expect(JSON.stringify(snap)).not.toContain('王芳');
    const staffView = await request(server.url, 'GET', '/api/v1/floor', { token: admin });
    expect(JSON.stringify(staffView.body)).toContain('王芳');
    // A renamed person: the update that carries the change reaches the wall without the name.
    const deltas: string[] = [];
    wall.on('floor:updated', (d: unknown) => deltas.push(JSON.stringify(d)));
    const { socket: staffSocket, snapshot: staffSnap } = await connectFloor(server.url, admin);
    sockets.push(staffSocket);
    await staffSnap;
    const staffDeltas: string[] = [];
    staffSocket.on('floor:updated', (d: unknown) => staffDeltas.push(JSON.stringify(d)));
    await request(server.url, 'PUT', '/api/v1/roster', {
      token: admin,
      body: { seats: [{ seatId: 'IN-1', label: 'IN-1', kind: 'inbound', zone: 'A', row: 1, col: 1 }], staff: [{ staffId: '1001', name: '李强', role: 'agent', skills: [] }], shifts: [] },
    });
    await eventually(() => staffDeltas.some((d) => d.includes('李强')), 5000);
    await new Promise((r) => setTimeout(r, 300));
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.join('')).not.toMatch(/李强|王芳/);
  });
});

describe('sign-in and users', () => {
  it('returns a token, role and expiry for the admin, and 401 for a wrong password', async () => {
    const ok = await request<{ token: string; role: string; expiresAt: string }>(server.url, 'POST', '/api/v1/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('admin');
    expect(Date.parse(ok.body.expiresAt)).toBeGreaterThan(Date.now());
    const bad = await request(server.url, 'POST', '/api/v1/login', { body: { username: 'admin', password: 'nope-nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ error: 'unauthorized', message: 'wrong username or password' });
  });

  it('lets a team lead read the floor but not change the roster', async () => {
    const admin = await login(server.url);
    expect((await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username: 'lead1', password: 'lead-password', role: 'team-lead' } })).status).toBe(201);
    const lead = await login(server.url, 'lead1', 'lead-password');
    expect((await request(server.url, 'GET', '/api/v1/floor', { token: lead })).status).toBe(200);
    expect((await request(server.url, 'PUT', '/api/v1/roster', { token: lead, body: { seats: [], staff: [], shifts: [] } })).status).toBe(403);
  });

  it('drops a user\'s live sockets within 1 s of a password change, and the old token stops working', async () => {
    const admin = await login(server.url);
    await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username: 'sup1', password: 'sup-password-1', role: 'site-supervisor' } });
    const sup = await login(server.url, 'sup1', 'sup-password-1');
    const socket = await track(connect(server.url, '/floor', sup));
    const dropped = waitFor(socket, 'disconnect', 1000);
    const changed = await request(server.url, 'PUT', '/api/v1/users/sup1/password', { token: admin, body: { password: 'sup-password-2' } });
    expect(changed.status).toBe(200);
    await dropped;
    expect((await request(server.url, 'GET', '/api/v1/floor', { token: sup })).status).toBe(401);
    await expect(connect(server.url, '/floor', sup)).rejects.toThrow('unauthorized');
    expect(await login(server.url, 'sup1', 'sup-password-2')).toMatch(/^fb1\./);
  });

  it('drops a revoked user\'s sockets and refuses their sign-in', async () => {
    const admin = await login(server.url);
    await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username: 'lead2', password: 'lead-password', role: 'team-lead' } });
    const lead = await login(server.url, 'lead2', 'lead-password');
    const socket = await track(connect(server.url, '/floor', lead));
    const dropped = waitFor(socket, 'disconnect', 1000);
    expect((await request(server.url, 'DELETE', '/api/v1/users/lead2', { token: admin })).status).toBe(200);
    await dropped;
    expect((await request(server.url, 'POST', '/api/v1/login', { body: { username: 'lead2', password: 'lead-password' } })).status).toBe(401);
  });

  it('rejects a socket handshake from a foreign Origin', async () => {
    await expect(connect(server.url, '/floor', WALL_TOKEN, { origin: 'http://evil.example' })).rejects.toThrow();
    const same = await track(connect(server.url, '/floor', WALL_TOKEN, { origin: server.url }));
    expect(same.connected).toBe(true);
  });

  it('sends security headers and answers /healthz', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
