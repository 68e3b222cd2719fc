import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { FloorSnapshot, RecommendationView } from '../../shared/snapshot.js';
import type { ShiftLog } from '../../shared/shift-log.js';
import { ago, connect, ev, eventually, login, postEvents, request, startTestServer, stopTestServer, type TestServer, WALL_TOKEN } from '../helpers/server.js';

let server: TestServer;
const sockets: Socket[] = [];
let admin: string;

const inbound = Array.from({ length: 12 }, (_, i) => ({ seatId: `IN-${i + 1}`, label: `IN-${i + 1}`, kind: 'inbound', zone: 'A', row: 0, col: i }));
const nonPhone = [
  { seatId: 'TR-1', label: 'TR-1', kind: 'non-phone', zone: 'D', row: 0, col: 0, work: 'training' },
  { seatId: 'QA-1', label: 'QA-1', kind: 'non-phone', zone: 'D', row: 0, col: 1, work: 'quality' },
  { seatId: 'BO-1', label: 'BO-1', kind: 'non-phone', zone: 'D', row: 0, col: 2, work: 'back-office' },
  { seatId: 'SV-1', label: 'SV-1', kind: 'non-phone', zone: 'D', row: 0, col: 3, work: 'supervisor' },
  { seatId: 'SV-2', label: 'SV-2', kind: 'non-phone', zone: 'D', row: 0, col: 4, work: 'supervisor' },
];
const emergency = Array.from({ length: 6 }, (_, i) => ({ seatId: `EM-${i + 1}`, label: `EM-${i + 1}`, kind: 'emergency', zone: 'E', row: 0, col: i }));
const agent = (staffId: string, role = 'agent') => ({ staffId, name: `Name ${staffId}`, role, skills: ['general'] });
const NON_PHONE_PEOPLE: [string, string, 'non-phone' | 'training'][] = [
  ['2001', 'TR-1', 'training'],
  ['2002', 'QA-1', 'non-phone'],
  ['2003', 'BO-1', 'non-phone'],
  ['3001', 'SV-1', 'non-phone'],
  ['3002', 'SV-2', 'non-phone'],
];

async function setUp(night: boolean): Promise<{ sup: Socket; supToken: string }> {
  const roster = {
    seats: [...inbound, ...nonPhone, ...emergency],
    staff: [agent('1001'), agent('1002'), agent('2001'), agent('2002'), agent('2003'), agent('3001', 'business-supervisor'), agent('3002', 'business-supervisor')],
    shifts: [{ name: night ? 'night' : 'day', start: '00:00', end: '24:00', night }],
  };
  expect((await request(server.url, 'PUT', '/api/v1/roster', { token: admin, body: roster })).status).toBe(200);
  // Quick hysteresis for the test, and only the triggers the scenarios drive.
  const settings = { surge: { waitingCalls: 10, holdOffMinutes: 0.05, minCallsForRates: 100000, longestWaitSeconds: 86400, deviationPct: 10 } };
  expect((await request(server.url, 'PUT', '/api/v1/settings', { token: admin, body: settings })).status).toBe(200);
  expect((await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username: 'sup', password: 'sup-password', role: 'site-supervisor', staffId: 'S900' } })).status).toBe(201);
  const supToken = await login(server.url, 'sup', 'sup-password');
  const sup = await connect(server.url, '/floor', supToken);
  sockets.push(sup);
  await postEvents(server.url, [
    ev.signIn('1001', 'IN-1', ago(600)),
    ev.signIn('1002', 'IN-2', ago(600)),
    ...NON_PHONE_PEOPLE.flatMap(([id, seat, activity]) => [ev.signIn(id, seat, ago(600)), ev.activity(id, activity, ago(590))]),
  ]);
  return { sup, supToken };
}

function offer(n: number, prefix: string) {
  return postEvents(server.url, Array.from({ length: n }, (_, i) => ev.offered(`${prefix}-${i}`, 'general', ago(60 - i))));
}

async function floor(): Promise<FloorSnapshot> {
  return (await request<FloorSnapshot>(server.url, 'GET', '/api/v1/floor', { token: admin })).body;
}

async function recommendation(kind: 'pull' | 'release' = 'pull'): Promise<{ snap: FloorSnapshot; rec: RecommendationView }> {
  return eventually(async () => {
    const snap = await floor();
    return snap.recommendation?.kind === kind && snap.recommendation.status === 'pending' ? { snap, rec: snap.recommendation } : null;
  }, 10_000);
}

async function shiftLog(): Promise<ShiftLog> {
  return (await request<ShiftLog>(server.url, 'GET', '/api/v1/shift-log', { token: admin })).body;
}

beforeEach(async () => {
  server = await startTestServer();
  admin = await login(server.url);
});
afterEach(async () => {
  await stopTestServer(server, sockets);
});

describe('surges and recommendations through the real server', () => {
  it('by day pulls exactly the gap onto free inbound seats', async () => {
    await setUp(false);
    await offer(12, 'day');
    const { snap, rec } = await recommendation();
    expect(snap.surges.map((s) => s.cause)).toContain('queue');
    const gap = snap.now.requiredStaff! - snap.now.onPhones;
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(5);
    expect(rec.pull).toHaveLength(gap);
    expect(rec.pull[0]).toMatchObject({ staffId: '2001', fromSeatId: 'TR-1', toSeatId: 'IN-3' });
    expect(rec.callInEmergency).toBe(0);
    expect(rec.night).toBe(false);
    expect(rec.expectedServiceLevel).toBeGreaterThan(0);
  });

  it('by night pulls every non-phone person but one business supervisor', async () => {
    await setUp(true);
    await offer(12, 'night');
    const { rec } = await recommendation();
    expect(rec.night).toBe(true);
    expect(rec.keepOnFloor).toBe('3001');
    expect(rec.pull.map((p) => p.staffId).sort()).toEqual(['2001', '2002', '2003', '3002']);
  });

  it('asks for emergency seats when the gap is beyond every non-phone person', async () => {
    await setUp(false);
    await offer(80, 'big');
    const { snap, rec } = await recommendation();
    const gap = snap.now.requiredStaff! - snap.now.onPhones;
    expect(gap).toBeGreaterThan(5);
    expect(rec.pull).toHaveLength(5);
    expect(rec.callInEmergency).toBe(Math.min(6, gap - 5));
  });

  it('accepts once, refuses a second accept, logs it with the supervisor\'s staff ID, and recommends release after the hold-off', async () => {
    const { sup } = await setUp(false);
    await offer(12, 'acc');
    const { rec } = await recommendation();
    const ack = await sup.emitWithAck('recommendation:accept', { id: rec.id });
    expect(ack).toMatchObject({ ok: true, data: { id: rec.id, status: 'accepted' } });
    const again = await sup.emitWithAck('recommendation:accept', { id: rec.id });
    expect(again).toMatchObject({ ok: false, error: 'conflict' });
    expect(again.message).toMatch(/already accepted/);

    const moving = await floor();
    expect(moving.moves?.filter((m) => m.reason === 'pull').map((m) => m.staffId).sort()).toEqual(rec.pull.map((p) => p.staffId).sort());
    // The pulled staff sign in at their new seats; the queue is answered.
    await postEvents(server.url, rec.pull.map((p) => ev.signIn(p.staffId, p.toSeatId, ago(1))));
    const answerers = ['1001', '1002', ...rec.pull.map((p) => p.staffId)];
    await postEvents(server.url, Array.from({ length: 12 }, (_, i) => ev.answered(`acc-${i}`, answerers[i % answerers.length]!, ago(0))));
    const { rec: release } = await recommendation('release');
    expect(release.release?.map((r) => [r.staffId, r.toSeatId]).sort()).toEqual(rec.pull.map((p) => [p.staffId, p.fromSeatId]).sort());

    const log = await shiftLog();
    const kinds = log.entries.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['surge-started', 'recommendation', 'recommendation-accepted', 'move-done', 'surge-ended']));
    expect(log.entries.find((e) => e.kind === 'recommendation-accepted')?.actor).toBe('S900');
  });

  it('declines only with a reason, and the log keeps the reason', async () => {
    const { sup } = await setUp(false);
    await offer(12, 'dec');
    const { rec } = await recommendation();
    const noReason = await sup.emitWithAck('recommendation:decline', { id: rec.id, reason: '  ' });
    expect(noReason).toMatchObject({ ok: false, error: 'validation' });
    const ok = await sup.emitWithAck('recommendation:decline', { id: rec.id, reason: 'training session ends in 5 min' });
    expect(ok).toMatchObject({ ok: true, data: { status: 'declined', declineReason: 'training session ends in 5 min' } });
    const entry = (await shiftLog()).entries.find((e) => e.kind === 'recommendation-declined');
    expect(entry).toMatchObject({ actor: 'S900', data: { reason: 'training session ends in 5 min' } });
  });

  it('refuses to accept a superseded recommendation', async () => {
    const { sup } = await setUp(false);
    await offer(12, 'sup1');
    const { rec } = await recommendation();
    await offer(40, 'sup2');
    await eventually(async () => (await floor()).recommendation?.id !== rec.id, 10_000);
    const ack = await sup.emitWithAck('recommendation:accept', { id: rec.id });
    expect(ack).toMatchObject({ ok: false, error: 'conflict' });
    expect(ack.message).toMatch(/superseded/);
  });

  it('does not flap while the queue hovers around the threshold', async () => {
    await request(server.url, 'PUT', '/api/v1/settings', { token: admin, body: {} });
    await setUp(false);
    await request(server.url, 'PUT', '/api/v1/settings', { token: admin, body: { surge: { waitingCalls: 10, holdOffMinutes: 0.1, minCallsForRates: 100000, longestWaitSeconds: 86400, deviationPct: 10 } } });
    await offer(10, 'h');
    for (let i = 0; i < 8; i++) {
      await postEvents(server.url, [ev.answered(`h-${i}`, '1001', ago(0))]);
      await new Promise((r) => setTimeout(r, 600));
      await postEvents(server.url, [ev.offered(`h2-${i}`, 'general', ago(0))]);
      await new Promise((r) => setTimeout(r, 600));
    }
    const started = (await shiftLog()).entries.filter((e) => e.kind === 'surge-started' && e.data?.cause === 'queue');
    expect(started).toHaveLength(1);
  });

  it('lets a surge be declared and ended by a supervisor, and not by the wall', async () => {
    const { sup } = await setUp(false);
    const endsAt = new Date(Date.now() + 3600_000).toISOString();
    const wall = await connect(server.url, '/floor', WALL_TOKEN);
    sockets.push(wall);
    expect(await wall.emitWithAck('surge:declare', { cause: 'sms-campaign', upliftPct: 0.4, endsAt })).toMatchObject({ ok: false, error: 'forbidden' });
    const declared = await sup.emitWithAck('surge:declare', { cause: 'sms-campaign', upliftPct: 0.4, endsAt, note: 'promo SMS at 10:00' });
    expect(declared).toMatchObject({ ok: true, data: { cause: 'sms-campaign' } });
    await eventually(async () => (await floor()).surges.some((s) => s.cause === 'sms-campaign'), 5000);
    const ended = await sup.emitWithAck('surge:end', { id: declared.data.id });
    expect(ended).toMatchObject({ ok: true });
    await eventually(async () => !(await floor()).surges.some((s) => s.cause === 'sms-campaign'), 5000);
    const kinds = (await shiftLog()).entries.map((e) => `${e.kind}:${e.actor}`);
    expect(kinds).toEqual(expect.arrayContaining(['surge-declared:S900', 'surge-ended:S900']));
  });

  it('lets a team lead ask someone to move, and marks it done when they sign in there', async () => {
    await setUp(false);
    await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username: 'lead', password: 'lead-password', role: 'team-lead', staffId: 'L100' } });
    const lead = await connect(server.url, '/floor', await login(server.url, 'lead', 'lead-password'));
    sockets.push(lead);
    const ack = await lead.emitWithAck('staff:move', { staffId: '2003', toSeatId: 'IN-9' });
    expect(ack).toMatchObject({ ok: true, data: { staffId: '2003', toSeatId: 'IN-9', status: 'pending' } });
    expect(await lead.emitWithAck('staff:move', { staffId: '2003', toSeatId: 'NOPE' })).toMatchObject({ ok: false, error: 'not_found' });
    expect(await lead.emitWithAck('recommendation:accept', { id: 'x' })).toMatchObject({ ok: false, error: 'forbidden' });
    await postEvents(server.url, [ev.signIn('2003', 'IN-9', ago(0))]);
    await eventually(async () => (await floor()).moves?.find((m) => m.staffId === '2003')?.status === 'done', 5000);
    const log = await shiftLog();
    expect(log.entries.find((e) => e.kind === 'move')?.actor).toBe('L100');
  });
});
