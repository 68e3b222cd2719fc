import { afterEach, describe, expect, it } from 'vitest';
import { addDays, dayStart } from '../../shared/time.js';
import { ev, startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';

// Aggregates are kept live for the day an event is received and two days before it. The
// floor works that window out once per local day of receipt: these check it moves on at the
// site's midnight (Asia/Shanghai in tests) and follows a change of the service-level target.
const TZ = 'Asia/Shanghai';
const at = (day: string, hours: number) => dayStart(day, TZ) + hours * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

let server: TestServer | undefined;
afterEach(async () => {
  if (server) await stopTestServer(server);
  server = undefined;
});

describe('the live window of the day of receipt', () => {
  it('counts a late event for the oldest live day until the site midnight, and not after', async () => {
    let now = at('2026-11-20', 23.9);
    server = await startTestServer({ clock: { now: () => now } });
    const floor = server.running.floor;
    const oldest = (day: string) => floor.totalsBetween(dayStart(day, TZ), dayStart(addDays(day, 1), TZ)).offered;

    await floor.ingest([ev.offered('c1', 'general', iso(at('2026-11-18', 1)))]);
    expect(oldest('2026-11-18')).toBe(1);

    // One minute before midnight the 18th is still live…
    now = at('2026-11-21', 0) - 60_000;
    await floor.ingest([ev.offered('c2', 'general', iso(at('2026-11-18', 2)))]);
    expect(oldest('2026-11-18')).toBe(2);

    // …one minute after, a late event for it no longer lands, while the 19th still counts.
    now = at('2026-11-21', 0) + 60_000;
    const before = oldest('2026-11-18');
    await floor.ingest([ev.offered('c3', 'general', iso(at('2026-11-18', 3))), ev.offered('c4', 'general', iso(at('2026-11-19', 3)))]);
    expect(oldest('2026-11-18')).toBe(before);
    expect(oldest('2026-11-19')).toBe(1);
  });

  it('applies a new service-level target to calls answered after the change', async () => {
    const now = at('2026-11-20', 10);
    server = await startTestServer({ clock: { now: () => now } });
    const floor = server.running.floor;
    const slOf = () => floor.totalsBetween(at('2026-11-20', 9), at('2026-11-20', 10)).serviceLevel;
    const settings = server.running.store.settings();

    // Answered after 30 s: outside a 20 s target, inside a 40 s one.
    await floor.setSettings({ ...settings, serviceLevelSeconds: 20 });
    await floor.ingest([ev.offered('a', 'general', iso(at('2026-11-20', 9.1))), ev.answered('a', 's1', iso(at('2026-11-20', 9.1) + 30_000))]);
    expect(slOf()).toBe(0);
    await floor.setSettings({ ...settings, serviceLevelSeconds: 40 });
    await floor.ingest([ev.offered('b', 'general', iso(at('2026-11-20', 9.2))), ev.answered('b', 's1', iso(at('2026-11-20', 9.2) + 30_000))]);
    expect(slOf()).toBe(0.5);
  });
});
