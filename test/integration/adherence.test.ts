import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdherenceFlag } from '../../shared/floor/adherence.js';
import { localParts } from '../../shared/time.js';
import { ev, login, postEvents, removeDir, request, startTestServer, WALL_TOKEN, type TestServer } from '../helpers/server.js';

const TZ = 'Asia/Shanghai';
const MINUTE = 60_000;
let server: TestServer;
let admin: string;

const hhmm = (ms: number) => {
  const p = localParts(ms, TZ);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};
const iso = (ms: number) => new Date(ms).toISOString();

beforeEach(async () => {
  server = await startTestServer();
  admin = await login(server.url);
});
afterEach(async () => {
  await server.close();
  await removeDir(server.dataDir);
});

interface AdherenceBody {
  at: string;
  allowances: { lateGraceMinutes: number; breakMinutes: number; mealMinutes: number };
  flags: AdherenceFlag[];
}

describe('GET /api/v1/adherence', () => {
  it('flags the late, the absent, the off post and overlong breaks and meals on the shift that is on now', async () => {
    // A home shift that began an hour ago (site time) and runs six more hours: it may wrap midnight.
    const startMs = Math.floor(Date.now() / MINUTE) * MINUTE - 60 * MINUTE;
    const shifts = [
      { name: 'current', start: hhmm(startMs), end: hhmm(startMs + 7 * 60 * MINUTE), night: false },
      { name: 'later', start: hhmm(startMs + 8 * 60 * MINUTE), end: hhmm(startMs + 12 * 60 * MINUTE), night: false },
    ];
    const person = (staffId: string, shift?: string) => ({ staffId, name: `员工${staffId}`, role: 'agent', skills: ['general'], ...(shift ? { shift } : {}) });
    const roster = {
      seats: Array.from({ length: 8 }, (_, i) => ({ seatId: `IN-${i + 1}`, label: `A1-0${i + 1}`, kind: 'inbound', zone: 'A', row: 0, col: i })),
      staff: [
        person('1001', 'current'),
        person('1002', 'current'),
        person('1003', 'current'),
        person('1004', 'current'),
        person('1005', 'current'),
        person('1006', 'current'),
        person('1007'),
        person('1008', 'later'),
      ],
      shifts,
    };
    expect((await request(server.url, 'PUT', '/api/v1/roster', { token: admin, body: roster })).status).toBe(200);
    // A few seconds over each mark: the server judges at its snapshot's time, in whole seconds.
    const minutesAgo = (m: number) => iso(Date.now() - m * MINUTE - 5000);
    const early = startMs - 10 * MINUTE;
    const accepted = await postEvents(server.url, [
      ev.signIn('1001', 'IN-1', iso(early)),
      ev.signIn('1002', 'IN-2', iso(startMs + 20 * MINUTE)),
      ev.signIn('1004', 'IN-4', iso(early)),
      ev.signOut('1004', minutesAgo(10)),
      ev.signIn('1005', 'IN-5', iso(early)),
      ev.activity('1005', 'break', minutesAgo(20)),
      ev.signIn('1006', 'IN-6', iso(early)),
      { ...ev.signOut('1006', minutesAgo(50)), reason: 'meal' },
      ev.signIn('1007', 'IN-7', iso(startMs + 30 * MINUTE)),
    ]);
    expect(accepted.status).toBe(200);

    const lead = await request(server.url, 'POST', '/api/v1/users', { token: admin, body: { username: 'lead', password: 'lead-password', role: 'team-lead' } });
    expect(lead.status).toBe(201);
    const res = await request<AdherenceBody>(server.url, 'GET', '/api/v1/adherence', { token: await login(server.url, 'lead', 'lead-password') });
    expect(res.status).toBe(200);
    expect(res.body.allowances).toEqual({ lateGraceMinutes: 5, breakMinutes: 15, mealMinutes: 45 });
    const flags = res.body.flags.map((f) => ({ staffId: f.staffId, kind: f.kind, shift: f.shift }));
    expect(flags).toEqual([
      { staffId: '1003', kind: 'absent', shift: 'current' },
      { staffId: '1002', kind: 'late', shift: 'current' },
      { staffId: '1004', kind: 'off-post', shift: 'current' },
      { staffId: '1006', kind: 'meal-over', shift: 'current' },
      { staffId: '1005', kind: 'break-over', shift: 'current' },
    ]);
    const byKind = new Map(res.body.flags.map((f) => [f.kind, f]));
    expect(byKind.get('late')).toMatchObject({ sinceMs: startMs + 20 * MINUTE, minutes: 20 });
    expect(byKind.get('absent')).toMatchObject({ sinceMs: startMs });
    expect(byKind.get('absent')!.minutes).toBeGreaterThanOrEqual(60);
    expect(byKind.get('off-post')!.minutes).toBeGreaterThanOrEqual(10);
    expect(byKind.get('break-over')!.minutes).toBeGreaterThanOrEqual(20);
    expect(byKind.get('meal-over')!.minutes).toBeGreaterThanOrEqual(50);
  });

  it('is for team leads and up: the wall token gets 403, no token 401', async () => {
    expect((await request(server.url, 'GET', '/api/v1/adherence', { token: WALL_TOKEN })).status).toBe(403);
    expect((await request(server.url, 'GET', '/api/v1/adherence')).status).toBe(401);
    const res = await request<AdherenceBody>(server.url, 'GET', '/api/v1/adherence', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.flags).toEqual([]);
  });
});
