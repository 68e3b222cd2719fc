/**
 * The server as an operator runs it: `server/main.ts` in its own process, started, stopped
 * and restarted on one data dir.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FloorEvent } from '../../shared/events.js';
import type { FloorSnapshot } from '../../shared/snapshot.js';
import { killAllServers, spawnServer, type ServerProcess } from '../helpers/child-server.js';
import { ago, connect, ev, INGEST_KEY, makeDataDir, postEvents, removeDir, request, WALL_TOKEN } from '../helpers/server.js';

const dirs: string[] = [];

/** Sends SIGTERM and resolves with the exit and how long it took. */
async function terminate(server: ServerProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const started = Date.now();
  server.child.kill('SIGTERM');
  const exit = await Promise.race([server.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still running 10 s after SIGTERM')), 10_000))]);
  return { ...exit, ms: Date.now() - started };
}

async function kill(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

async function freshDir(): Promise<string> {
  const dir = await makeDataDir();
  dirs.push(dir);
  return dir;
}

async function floor(url: string): Promise<FloorSnapshot> {
  const res = await request<FloorSnapshot>(url, 'GET', '/api/v1/floor', { token: WALL_TOKEN });
  expect(res.status).toBe(200);
  return res.body;
}

/** Every event is known to the server: sent again, all are duplicates. */
async function expectAllPresent(url: string, events: FloorEvent[]): Promise<void> {
  expect((await postEvents(url, events)).body).toEqual({ accepted: 0, duplicates: events.length });
}

function someEvents(): FloorEvent[] {
  return [
    ev.signIn('1001', 'IN-1', ago(900)),
    ev.signIn('1002', 'IN-2', ago(900)),
    ev.offered('c1', 'general', ago(600)),
    ev.answered('c1', '1001', ago(590)),
    ev.ended('c1', ago(400), 20),
    ev.offered('c2', 'general', ago(300)),
    ev.abandoned('c2', ago(250)),
    ev.offered('c3', 'billing', ago(60)),
  ];
}

afterEach(async () => {
  killAllServers();
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

describe('one server per data dir', () => {
  it('a second server on the same data dir exits at once with code 3, naming the data dir, and the first keeps serving', async () => {
    const dir = await freshDir();
    const first = spawnServer(dir);
    const url = await first.listening;
    expect((await request(url, 'GET', '/healthz')).status).toBe(200);

    const started = Date.now();
    const second = spawnServer(dir);
    const exit = await second.exited;
    expect(exit).toEqual({ code: 3, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(second.stderr()).toContain(dir);
    expect(second.stderr()).toMatch(/another Floorboard server .*already using the data dir/);
    expect(second.stdout()).not.toContain('running at');

    expect((await request(url, 'GET', '/healthz')).status).toBe(200);
    expect((await postEvents(url, [ev.offered('c1', 'general', ago(5))])).status).toBe(200);
  });
});

describe('stopping and starting', () => {
  it('answers /healthz with 200 while running', async () => {
    const server = spawnServer(await freshDir());
    const url = await server.listening;
    const res = await request<{ status: string }>(url, 'GET', '/healthz');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('exits 0 within 5 s of SIGTERM, with clients connected, and keeps every acknowledged event', async () => {
    const dir = await freshDir();
    const server = spawnServer(dir);
    const url = await server.listening;
    const events = someEvents();
    expect((await postEvents(url, events)).body).toEqual({ accepted: events.length, duplicates: 0 });
    const before = await floor(url);
    // An open keep-alive connection and a live socket must not hold the shutdown up.
    const wall = await connect(url, '/floor', WALL_TOKEN);

    const exit = await terminate(server);
    wall.close();
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(5000);
    await expect(fs.stat(path.join(dir, 'server.lock'))).rejects.toThrow();

    const again = spawnServer(dir);
    const url2 = await again.listening;
    const after = await floor(url2);
    expect(after.version).toBe(before.version);
    expect(after.today).toMatchObject({ offered: 3, answered: 1, abandoned: 1 });
    expect(after.now).toMatchObject({ waiting: 1, signedIn: 2 });
    await expectAllPresent(url2, events);
  });

  it.each([
    ['half a record with no newline', '0badc0de {"seq":999,"receivedAtMs":1,"ev'],
    ['a whole line whose checksum is wrong', `00000000 ${JSON.stringify({ seq: 999, receivedAtMs: 1, events: [] })}\n`],
    ['binary junk', Buffer.from([0x00, 0xff, 0x13, 0x0a, 0x37, 0x00, 0x9c])],
  ])('starts after a crash that left %s at the end of the journal, with every acknowledged event', async (_name, garbage) => {
    const dir = await freshDir();
    const server = spawnServer(dir);
    const url = await server.listening;
    const events = someEvents();
    expect((await postEvents(url, events)).status).toBe(200);
    const before = await floor(url);
    // Killed, not stopped: no checkpoint at shutdown, so the events live only in the journal.
    await kill(server);
    const journalDir = path.join(dir, 'journal');
    const segments = (await fs.readdir(journalDir)).filter((f) => /^journal-\d+\.log$/.test(f)).sort();
    expect(segments.length).toBeGreaterThan(0);
    const newest = path.join(journalDir, segments.at(-1)!);
    const intactBytes = (await fs.stat(newest)).size;
    await fs.appendFile(newest, garbage);

    const again = spawnServer(dir);
    const url2 = await again.listening;
    expect((await request(url2, 'GET', '/healthz')).status).toBe(200);
    const after = await floor(url2);
    expect(after.version).toBe(before.version);
    // Occupancy alone moves with the clock.
    expect({ ...after.today, occupancy: null }).toEqual({ ...before.today, occupancy: null });
    await expectAllPresent(url2, events);
    expect((await fs.stat(newest)).size, 'the torn tail is cut off, so the next record starts on a clean line').toBe(intactBytes);

    // What comes after the torn tail is kept too.
    const later = [ev.offered('c9', 'general', ago(10))];
    expect((await postEvents(url2, later)).body).toEqual({ accepted: 1, duplicates: 0 });
    await kill(again);
    const third = spawnServer(dir);
    const url3 = await third.listening;
    await expectAllPresent(url3, [...events, ...later]);
    expect((await floor(url3)).now.waiting).toBe(before.now.waiting + 1);
  });
});

describe('generated secrets', () => {
  const unconfigured = { FLOORBOARD_INGEST_KEY: '', FLOORBOARD_WALL_TOKEN: '', FLOORBOARD_ADMIN_PASSWORD: '' };

  it('are generated on first start, kept in secrets.json, printed once, and work', async () => {
    const dir = await freshDir();
    const first = spawnServer(dir, unconfigured);
    const url = await first.listening;
    const printed = first.stdout();
    const wallToken = /\/wall\?token=(\S+)/.exec(printed)?.[1];
    const adminPassword = /admin \/ (\S+)/.exec(printed)?.[1];
    const ingestKey = /ingest key:\s+(\S+)/.exec(printed)?.[1];
    expect(wallToken, printed).toBeDefined();
    expect(adminPassword, printed).toBeDefined();
    expect(ingestKey, printed).toBeDefined();

    const secrets = JSON.parse(await fs.readFile(path.join(dir, 'secrets.json'), 'utf8')) as { ingestKey: string; wallTokens: { token: string }[] };
    expect(secrets.wallTokens.map((w) => w.token)).toContain(decodeURIComponent(wallToken!));
    expect(secrets.ingestKey).toBe(ingestKey);
    expect(((await fs.stat(path.join(dir, 'secrets.json'))).mode & 0o077).toString(8), 'secrets.json is private to its owner').toBe('0');

    const login = await request<{ token: string; role: string }>(url, 'POST', '/api/v1/login', { body: { username: 'admin', password: adminPassword } });
    expect(login).toMatchObject({ status: 200, body: { role: 'admin' } });
    expect((await request(url, 'GET', '/api/v1/floor', { token: decodeURIComponent(wallToken!) })).status).toBe(200);
    expect((await postEvents(url, [ev.offered('c1', 'general', ago(5))], ingestKey)).status).toBe(200);
    expect((await postEvents(url, [ev.offered('c2', 'general', ago(5))], INGEST_KEY)).status, 'the test key is not configured').toBe(401);
    expect((await terminate(first)).code).toBe(0);

    const second = spawnServer(dir, unconfigured);
    const url2 = await second.listening;
    const printedAgain = second.stdout();
    expect(printedAgain).toContain('Floorboard is running at');
    expect(printedAgain).not.toContain('/wall?token=');
    expect(printedAgain).not.toContain('admin /');
    for (const secret of [wallToken!, decodeURIComponent(wallToken!), adminPassword!, ingestKey!]) expect(printedAgain).not.toContain(secret);
    const loginAgain = await request(url2, 'POST', '/api/v1/login', { body: { username: 'admin', password: adminPassword } });
    expect(loginAgain.status).toBe(200);
  });
});
