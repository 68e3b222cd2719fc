import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { ShiftLogView } from '../../shared/shift-log.js';
import { connect, ev, login, postEvents, request, startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';

/** A clock the test moves: 07:50 in Shanghai, ten minutes before the morning shift. */
let nowMs = Date.parse('2026-11-26T23:50:00Z');
const clock = { now: () => nowMs };
let server: TestServer;
let admin: string;
const sockets: Socket[] = [];

async function user(username: string, role: string, staffId: string): Promise<Socket> {
  await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username, password: `${username}-password`, role, staffId } });
  const s = await connect(server.url, '/floor', await login(server.url, username, `${username}-password`));
  sockets.push(s);
  return s;
}
const log = async (shift?: string) => (await request<ShiftLogView>(server.url, 'GET', `/api/v1/shift-log${shift ? `?shift=${encodeURIComponent(shift)}` : ''}`, { token: admin })).body;

beforeEach(async () => {
  nowMs = Date.parse('2026-11-26T23:50:00Z');
  server = await startTestServer({ clock });
  admin = await login(server.url);
  await request(server.url, 'PUT', '/api/v1/roster', {
    token: admin,
    body: { seats: [{ seatId: 'IN-1', label: 'IN-1', kind: 'inbound', zone: 'A', row: 0, col: 0 }], staff: [], shifts: [{ name: 'night', start: '00:00', end: '08:00', night: true }, { name: 'morning', start: '08:00', end: '16:00', night: false }, { name: 'evening', start: '16:00', end: '24:00', night: false }] },
  });
  await server.running.ops.tick();
});
afterEach(async () => {
  await stopTestServer(server, sockets);
});

describe('the shift handover', () => {
  it('is signed by the outgoing supervisor and confirmed by the incoming one, each once', async () => {
    const night = await user('nightsup', 'site-supervisor', 'S100');
    const morning = await user('morningsup', 'site-supervisor', 'S200');
    expect((await log()).key).toBe('2026-11-27/night');
    const signed = await night.emitWithAck('handover:sign', {});
    expect(signed).toMatchObject({ ok: true, data: { signedBy: 'S100', confirmedBy: null } });
    expect(await night.emitWithAck('handover:sign', {})).toMatchObject({ ok: false, error: 'conflict' });
    expect(await night.emitWithAck('handover:confirm', { shift: '2026-11-27/night' })).toMatchObject({ ok: false, error: 'conflict' });

    nowMs = Date.parse('2026-11-27T00:05:00Z');
    await server.running.ops.tick();
    expect((await log()).key).toBe('2026-11-27/morning');
    expect(await morning.emitWithAck('handover:confirm', { shift: '2026-11-27/night' })).toMatchObject({ ok: true, data: { signedBy: 'S100', confirmedBy: 'S200' } });
    const nightLog = await log('2026-11-27/night');
    expect(nightLog.handover).toMatchObject({ signedBy: 'S100', signedAt: '2026-11-27T07:50:00+08:00', confirmedBy: 'S200', confirmedAt: '2026-11-27T08:05:00+08:00' });
    expect(nightLog.entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['handover-signed', 'shift-figures', 'handover-confirmed']));
  });

  it('carries open problems to the next shift until closed, and closes them once', async () => {
    const night = await user('nightsup', 'site-supervisor', 'S100');
    const problem = await night.emitWithAck('log:note', { text: 'IVR option 3 drops calls', problem: true });
    expect(problem.ok).toBe(true);
    expect((await log()).openProblems.map((p) => p.text)).toEqual(['IVR option 3 drops calls']);

    nowMs = Date.parse('2026-11-27T00:05:00Z');
    await server.running.ops.tick();
    const morningLog = await log();
    expect(morningLog.entries.find((e) => e.kind === 'problem-carried')?.text).toContain('IVR option 3 drops calls');
    expect(morningLog.openProblems).toHaveLength(1);

    const lead = await user('lead', 'team-lead', 'L300');
    expect(await lead.emitWithAck('log:close-problem', { id: problem.data.id, text: 'vendor fixed it' })).toMatchObject({ ok: true, data: { kind: 'problem-closed', actor: 'L300' } });
    expect(await lead.emitWithAck('log:close-problem', { id: problem.data.id })).toMatchObject({ ok: false, error: 'not_found' });
    expect((await log()).openProblems).toEqual([]);
  });

  it('never edits an entry: a correction follows it', async () => {
    const night = await user('nightsup', 'site-supervisor', 'S100');
    const note = await night.emitWithAck('log:note', { text: 'Zone B aircon at 30°C' });
    expect(await night.emitWithAck('log:correct', { entryId: note.data.id, text: 'it was 26°C' })).toMatchObject({ ok: true, data: { kind: 'correction', data: { correctsId: note.data.id } } });
    expect(await night.emitWithAck('log:correct', { entryId: 'nope', text: 'x' })).toMatchObject({ ok: false, error: 'not_found' });
    const entries = (await log()).entries;
    expect(entries.find((e) => e.id === note.data.id)?.text).toBe('Zone B aircon at 30°C');
  });

  it('writes the ended shift\'s headline figures to its log', async () => {
    await postEvents(server.url, [ev.offered('f1', 'general', '2026-11-26T23:10:00Z'), ev.answered('f1', '1001', '2026-11-26T23:10:05Z'), ev.offered('f2', 'general', '2026-11-26T23:20:00Z'), ev.abandoned('f2', '2026-11-26T23:21:00Z')]);
    nowMs = Date.parse('2026-11-27T00:01:00Z');
    await server.running.ops.tick();
    const figures = (await log('2026-11-27/night')).entries.find((e) => e.kind === 'shift-figures');
    expect(figures?.data).toMatchObject({ offered: 2, answered: 1, abandoned: 1, serviceLevel: 0.5 });
  });

  it('lets no team lead sign or confirm, and no wall do anything', async () => {
    const lead = await user('lead', 'team-lead', 'L300');
    expect(await lead.emitWithAck('handover:sign', {})).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await lead.emitWithAck('handover:confirm', { shift: '2026-11-27/night' })).toMatchObject({ ok: false, error: 'forbidden' });
  });

  it('exports a shift log as CSV', async () => {
    const night = await user('nightsup', 'site-supervisor', 'S100');
    await night.emitWithAck('log:note', { text: 'quote "this", and a comma' });
    const res = await fetch(`${server.url}/api/v1/shift-log.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await res.text();
    expect(text).toContain('at,kind,actor,text');
    expect(text).toContain('note,S100,"quote ""this"", and a comma"');
  });
});
