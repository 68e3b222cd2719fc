import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { floorEventSchema, type FloorEvent } from '../../shared/events.js';
import { forecastIntervalSchema, rosterSchema, type ForecastInterval, type Roster } from '../../shared/roster.js';
import { addDays, dayStart, localDayKey, localParts } from '../../shared/time.js';
import { demoForecast, demoRoster } from '../../server/simulator/demo.js';
import { mulberry32 } from '../../server/simulator/random.js';
import { MAX_STEP_MS, Simulator, type SimulatorDeps } from '../../server/simulator/simulator.js';
import { surgeMultiplier, type SurgeWindow } from '../../server/simulator/surges.js';
import { ForecastIndex } from '../../server/simulator/traffic.js';

const TZ = 'Asia/Shanghai';
const DAY = '2026-03-10';
const START = dayStart(DAY, TZ);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Harness {
  sim: Simulator;
  deps: SimulatorDeps;
  warn: ReturnType<typeof vi.fn>;
  info: ReturnType<typeof vi.fn>;
}

function harness(overrides: Partial<SimulatorDeps> = {}, seed = 7): Harness {
  const roster = demoRoster();
  const warn = vi.fn();
  const info = vi.fn();
  const deps: SimulatorDeps = {
    ingest: async () => undefined,
    now: () => START,
    timeZone: TZ,
    forecast: () => [],
    roster: () => roster,
    logger: { warn, info },
    random: mulberry32(seed),
    ...overrides,
  };
  return { sim: new Simulator(deps), deps, warn, info };
}

function run(sim: Simulator, fromMs: number, toMs: number, stepMs = MINUTE): FloorEvent[] {
  const events: FloorEvent[] = [];
  for (let t = fromMs; t <= toMs; t += stepMs) events.push(...sim.step(t));
  return events;
}

/**
 * Replays `events` as the server would and lists whatever a real floor could not do: a staff
 * member answering while busy or signed out, two people on one seat, a call ending that was
 * never answered, time running backwards, a repeated id.
 */
function floorProblems(events: FloorEvent[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const staff = new Map<string, { seatId: string; activity: string | null; callId: string | null }>();
  const seats = new Map<string, string>();
  const calls = new Map<string, { state: 'waiting' | 'talking' | 'done'; staffId?: string }>();
  let lastMs = -Infinity;
  for (const e of events) {
    const where = `${e.id} ${e.type} at ${e.at}`;
    if (ids.has(e.id)) problems.push(`${where}: duplicate id`);
    ids.add(e.id);
    const atMs = Date.parse(e.at);
    if (atMs < lastMs) problems.push(`${where}: time went backwards`);
    lastMs = atMs;
    switch (e.type) {
      case 'agent.signed_in':
        if (staff.has(e.staffId)) problems.push(`${where}: ${e.staffId} already signed in`);
        if (seats.has(e.seatId)) problems.push(`${where}: seat ${e.seatId} taken by ${seats.get(e.seatId)}`);
        staff.set(e.staffId, { seatId: e.seatId, activity: null, callId: null });
        seats.set(e.seatId, e.staffId);
        break;
      case 'agent.signed_out': {
        const s = staff.get(e.staffId);
        if (!s) problems.push(`${where}: ${e.staffId} not signed in`);
        else if (s.callId) problems.push(`${where}: ${e.staffId} signed out mid-call`);
        if (s) seats.delete(s.seatId);
        staff.delete(e.staffId);
        break;
      }
      case 'agent.activity': {
        const s = staff.get(e.staffId);
        if (!s) problems.push(`${where}: activity while signed out`);
        else s.activity = e.activity;
        break;
      }
      case 'call.offered':
        if (calls.has(e.callId)) problems.push(`${where}: call offered twice`);
        calls.set(e.callId, { state: 'waiting' });
        break;
      case 'call.answered': {
        const c = calls.get(e.callId);
        const s = staff.get(e.staffId);
        if (c?.state !== 'waiting') problems.push(`${where}: call not waiting`);
        if (!s) problems.push(`${where}: answered by ${e.staffId}, who is signed out`);
        else if (s.callId || s.activity !== 'available') problems.push(`${where}: ${e.staffId} busy (${s.activity}, ${s.callId})`);
        if (s) s.callId = e.callId;
        calls.set(e.callId, { state: 'talking', staffId: e.staffId });
        break;
      }
      case 'call.ended': {
        const c = calls.get(e.callId);
        if (c?.state !== 'talking') problems.push(`${where}: call not being talked`);
        const s = c?.staffId ? staff.get(c.staffId) : undefined;
        if (s?.callId === e.callId) s.callId = null;
        calls.set(e.callId, { state: 'done' });
        break;
      }
      case 'call.abandoned':
        if (calls.get(e.callId)?.state !== 'waiting') problems.push(`${where}: abandoned call not waiting`);
        calls.set(e.callId, { state: 'done' });
        break;
    }
  }
  return problems.slice(0, 10);
}

const ofType = <T extends FloorEvent['type']>(events: FloorEvent[], type: T) =>
  events.filter((e): e is Extract<FloorEvent, { type: T }> => e.type === type);

afterEach(() => {
  vi.useRealTimers();
});

describe('demoRoster()', () => {
  const roster = demoRoster();

  it('passes the roster schema', () => {
    expect(rosterSchema.safeParse(roster).success).toBe(true);
  });

  it('has at least 60 inbound, 12 non-phone and 6 emergency seats, each placed in a zone', () => {
    const count = (kind: string) => roster.seats.filter((s) => s.kind === kind).length;
    expect(count('inbound')).toBeGreaterThanOrEqual(60);
    expect(count('non-phone')).toBeGreaterThanOrEqual(12);
    expect(count('emergency')).toBeGreaterThanOrEqual(6);
    expect(new Set(roster.seats.map((s) => `${s.zone}/${s.row}/${s.col}`)).size).toBe(roster.seats.length);
  });

  it('employs about a hundred staff in all four roles, with Chinese names and queue skills', () => {
    expect(roster.staff.length).toBeGreaterThanOrEqual(90);
    expect(roster.staff.length).toBeLessThanOrEqual(130);
    for (const role of ['agent', 'business-supervisor', 'team-lead', 'site-supervisor']) {
      expect(roster.staff.filter((s) => s.role === role).length).toBeGreaterThan(0);
    }
    expect(roster.staff.every((s) => /^[\u4e00-\u9fff]{2,3}$/.test(s.name))).toBe(true);
    const agents = roster.staff.filter((s) => s.role === 'agent');
    expect(agents.filter((s) => s.skills.length === 2).length / agents.length).toBeGreaterThan(0.6);
    expect(agents.some((s) => s.skills.length === 1)).toBe(true);
  });

  it('is the same every time', () => {
    expect(demoRoster()).toEqual(roster);
  });
});

describe('demoForecast()', () => {
  const forecast = demoForecast(DAY, TZ, 30);
  const total = (f: ForecastInterval[]) => f.reduce((sum, i) => sum + i.offered, 0);

  it('covers both queues for every interval of the day, in the schema', () => {
    expect(forecast).toHaveLength(96);
    expect(new Set(forecast.map((i) => i.queue))).toEqual(new Set(['general', 'billing']));
    expect(forecast.every((i) => forecastIntervalSchema.safeParse(i).success)).toBe(true);
  });

  it('totals about 6,000 calls with AHT 240 s on general and 300 s on billing', () => {
    expect(total(forecast)).toBeGreaterThan(5500);
    expect(total(forecast)).toBeLessThan(6500);
    expect(forecast.find((i) => i.queue === 'general')?.ahtSeconds).toBe(240);
    expect(forecast.find((i) => i.queue === 'billing')?.ahtSeconds).toBe(300);
  });

  it('is quiet at night and peaks around 10:00 and 15:00', () => {
    const byHour = new Array<number>(24).fill(0);
    for (const i of forecast) {
      const hour = localParts(Date.parse(i.start), TZ).hour;
      byHour[hour] = (byHour[hour] ?? 0) + i.offered;
    }
    const peak = Math.max(...byHour);
    expect(Math.min(...byHour) / peak).toBeGreaterThan(0.04);
    expect(Math.min(...byHour) / peak).toBeLessThan(0.1);
    expect([9, 10]).toContain(byHour.indexOf(peak));
    const afternoon = byHour.slice(13, 17);
    expect(13 + afternoon.indexOf(Math.max(...afternoon))).toBeGreaterThanOrEqual(14);
    expect(byHour[12]).toBeLessThan(byHour[10] ?? 0);
  });

  it('adds 25% on the billing days at the start of the month', () => {
    expect(total(demoForecast('2026-03-02', TZ, 30)) / total(forecast)).toBeCloseTo(1.25, 2);
    expect(total(demoForecast('2026-03-04', TZ, 30)) / total(forecast)).toBeCloseTo(1, 2);
  });

  it('accepts 15- and 60-minute intervals with the same daily total', () => {
    expect(demoForecast(DAY, TZ, 15)).toHaveLength(192);
    expect(total(demoForecast(DAY, TZ, 60))).toBeCloseTo(total(forecast), 0);
  });
});

describe('a simulated day on the demo floor', () => {
  const h = harness();
  let events: FloorEvent[] = [];
  let surges: SurgeWindow[] = [];

  beforeAll(() => {
    events = run(h.sim, START, START + 24 * HOUR);
    surges = [...h.sim.plannedSurges(addDays(DAY, -1)), ...h.sim.plannedSurges(DAY)];
  });

  it('produces only events that pass the ingest schema', () => {
    const bad = events.filter((e) => !floorEventSchema.safeParse(e).success);
    expect(bad).toEqual([]);
    expect(events.every((e) => e.source === 'simulator' && e.at.endsWith('Z'))).toBe(true);
  });

  it('never does what a real floor could not (nobody answers two calls at once)', () => {
    expect(floorProblems(events)).toEqual([]);
  });

  it('offers calls within 15% of the forecast, surges included', () => {
    const index = new ForecastIndex(demoForecast(DAY, TZ, 30));
    let expected = 0;
    for (let m = START; m < START + 24 * HOUR; m += MINUTE) {
      const multiplier = surgeMultiplier(surges, m);
      for (const queue of index.queues) expected += index.expectedBetween(queue, m, m + MINUTE) * multiplier;
    }
    const offered = ofType(events, 'call.offered').filter((e) => Date.parse(e.at) < START + 24 * HOUR).length;
    expect(offered / expected).toBeGreaterThan(0.85);
    expect(offered / expected).toBeLessThan(1.15);
  });

  it('has two to four surges that lift arrivals well above the forecast', () => {
    const today = h.sim.plannedSurges(DAY);
    expect(today.length).toBeGreaterThanOrEqual(2);
    expect(today.length).toBeLessThanOrEqual(4);
    const index = new ForecastIndex(demoForecast(DAY, TZ, 30));
    let expected = 0;
    let offered = 0;
    for (const w of today) {
      for (const queue of index.queues) expected += index.expectedBetween(queue, w.startMs, w.endMs);
      offered += ofType(events, 'call.offered').filter((e) => Date.parse(e.at) >= w.startMs && Date.parse(e.at) < w.endMs).length;
    }
    expect(offered / expected).toBeGreaterThan(1.15);
    expect(h.info).toHaveBeenCalledWith(expect.objectContaining({ cause: expect.any(String) }), 'simulated surge started');
  });

  it('answers most calls and abandons some', () => {
    const offered = ofType(events, 'call.offered').length;
    const answered = ofType(events, 'call.answered').length;
    const abandoned = ofType(events, 'call.abandoned').length;
    expect(answered / offered).toBeGreaterThan(0.85);
    expect(abandoned).toBeGreaterThan(0);
    expect(ofType(events, 'call.ended').every((e) => (e.wrapSeconds ?? 0) >= 10 && (e.wrapSeconds ?? 0) <= 30)).toBe(true);
  });

  it('answers promptly most of the time', () => {
    const offeredAt = new Map(ofType(events, 'call.offered').map((e) => [e.callId, Date.parse(e.at)]));
    const answers = ofType(events, 'call.answered');
    const within20s = answers.filter((e) => Date.parse(e.at) - (offeredAt.get(e.callId) ?? 0) <= 20_000).length;
    expect(within20s / offeredAt.size).toBeGreaterThan(0.7);
  });

  it('signs staff in before their shifts, out at shift end and for meals, and sends them on breaks', () => {
    const signedIn = new Set(ofType(events, 'agent.signed_in').map((e) => e.staffId));
    expect(signedIn.size).toBeGreaterThan(demoRoster().staff.length * 0.9);
    const outs = ofType(events, 'agent.signed_out');
    expect(outs.filter((e) => e.reason === 'shift-end').length).toBeGreaterThan(90);
    expect(outs.filter((e) => e.reason === 'meal').length).toBeGreaterThan(90);
    const activities = ofType(events, 'agent.activity');
    for (const activity of ['break', 'non-phone', 'training', 'on-call', 'wrap-up', 'available'] as const) {
      expect(activities.some((e) => e.activity === activity)).toBe(true);
    }
    const morningArrivals = ofType(events, 'agent.signed_in').filter((e) => {
      const p = localParts(Date.parse(e.at), TZ);
      return p.hour === 7 && p.minute >= 45;
    });
    expect(morningArrivals.length).toBeGreaterThan(40);
  });

  it('puts phone agents on inbound seats and everyone else on non-phone seats, leaving emergency seats empty', () => {
    const roster = demoRoster();
    const kind = new Map(roster.seats.map((s) => [s.seatId, s.kind]));
    const seatOf = new Map(ofType(events, 'agent.signed_in').map((e) => [e.staffId, kind.get(e.seatId)]));
    const answerers = new Set(ofType(events, 'call.answered').map((e) => e.staffId));
    expect([...answerers].every((staffId) => seatOf.get(staffId) === 'inbound')).toBe(true);
    const nonPhone = new Set(ofType(events, 'agent.activity').filter((e) => e.activity === 'non-phone').map((e) => e.staffId));
    expect([...nonPhone].every((staffId) => seatOf.get(staffId) === 'non-phone')).toBe(true);
    expect([...seatOf.values()]).not.toContain('emergency');
  });

  it('keeps about 45 agents on the phones at the morning peak and about 10 at night', () => {
    const onPhones = (atMs: number) => {
      const activity = new Map<string, string>();
      for (const e of events) {
        if (Date.parse(e.at) > atMs) break;
        if (e.type === 'agent.activity') activity.set(e.staffId, e.activity);
        if (e.type === 'agent.signed_out') activity.delete(e.staffId);
      }
      return [...activity.values()].filter((a) => a === 'available' || a === 'on-call' || a === 'wrap-up').length;
    };
    expect(onPhones(START + 10 * HOUR)).toBeGreaterThanOrEqual(38);
    expect(onPhones(START + 10 * HOUR)).toBeLessThanOrEqual(55);
    expect(onPhones(START + 3 * HOUR)).toBeGreaterThanOrEqual(6);
    expect(onPhones(START + 3 * HOUR)).toBeLessThanOrEqual(14);
  });
});

describe('Simulator.step()', () => {
  it('gives the same events for the same seed, and different ones for another', () => {
    const a = run(harness({}, 42).sim, START + 8 * HOUR, START + 10 * HOUR);
    const b = run(harness({}, 42).sim, START + 8 * HOUR, START + 10 * HOUR);
    const c = run(harness({}, 43).sim, START + 8 * HOUR, START + 10 * HOUR);
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('gives the same events however finely time is stepped', () => {
    const coarse = run(harness().sim, START + 9 * HOUR, START + 11 * HOUR, MINUTE);
    const fine = run(harness().sim, START + 9 * HOUR, START + 11 * HOUR, 7_500);
    expect(fine).toEqual(coarse);
  });

  it('brings the floor to life on the first step: the shift on duty signs in at once', () => {
    const { sim } = harness();
    const first = sim.step(START + 10 * HOUR);
    expect(ofType(first, 'agent.signed_in').length).toBeGreaterThan(45);
    expect(first.every((e) => e.at === new Date(START + 10 * HOUR).toISOString())).toBe(true);
    const next = run(sim, START + 10 * HOUR + MINUTE, START + 10 * HOUR + 5 * MINUTE);
    expect(ofType(next, 'call.answered').length).toBeGreaterThan(10);
    expect(floorProblems([...first, ...next])).toEqual([]);
  });

  it('returns nothing for a time already simulated', () => {
    const { sim } = harness();
    run(sim, START, START + 10 * MINUTE);
    expect(sim.step(START + 5 * MINUTE)).toEqual([]);
  });

  it('skips ahead over a long gap with a warning, ending calls and re-seating the floor as planned', () => {
    const { sim, warn } = harness();
    const before = run(sim, START + 9 * HOUR, START + 9 * HOUR + 30 * MINUTE);
    const jumpTo = START + 17 * HOUR;
    const after = sim.step(jumpTo);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ skippedMinutes: expect.any(Number) }), expect.stringContaining('skipping ahead'));
    expect(after.every((e) => Date.parse(e.at) >= jumpTo - MAX_STEP_MS)).toBe(true);
    const later = run(sim, jumpTo + MINUTE, jumpTo + 30 * MINUTE);
    expect(floorProblems([...before, ...after, ...later])).toEqual([]);
    // the morning crew has gone home and the evening crew is on
    const signedIn = new Set<string>();
    for (const e of [...before, ...after]) {
      if (e.type === 'agent.signed_in') signedIn.add(e.staffId);
      if (e.type === 'agent.signed_out' && e.reason !== 'meal') signedIn.delete(e.staffId);
    }
    expect(signedIn.size).toBeGreaterThan(25);
    expect(signedIn.size).toBeLessThan(50);
  });

  it('follows a changed roster: removed staff sign out and are never heard of again', () => {
    const roster = demoRoster();
    let current: Roster = roster;
    const { sim } = harness({ roster: () => current });
    const before = run(sim, START + 10 * HOUR, START + 10 * HOUR + 20 * MINUTE);
    const removed = new Set(['1001', '1002', '1003', '2001', '3001']);
    current = { ...roster, staff: roster.staff.filter((s) => !removed.has(s.staffId)) };
    const after = run(sim, START + 10 * HOUR + 21 * MINUTE, START + 12 * HOUR);
    const goodbyes = ofType(after, 'agent.signed_out').filter((e) => removed.has(e.staffId));
    expect(goodbyes.map((e) => e.reason)).toEqual(['other', 'other', 'other', 'other', 'other']);
    const lastGoodbye = Math.max(...goodbyes.map((e) => Date.parse(e.at)));
    expect(after.filter((e) => 'staffId' in e && removed.has(e.staffId) && Date.parse(e.at) > lastGoodbye)).toEqual([]);
    expect(floorProblems([...before, ...after])).toEqual([]);
  });

  it('uses the forecast the server holds when there is one', () => {
    const general: ForecastInterval[] = demoForecast(DAY, TZ, 30).filter((i) => i.queue === 'general');
    const { sim } = harness({ forecast: () => general });
    const events = run(sim, START + 10 * HOUR, START + 11 * HOUR);
    const queues = new Set(ofType(events, 'call.offered').map((e) => e.queue));
    expect(queues).toEqual(new Set(['general']));
  });

  it('keeps a consistent floor through a day with a daylight-saving change', () => {
    const zone = 'Europe/Berlin';
    const day = '2026-03-29';
    const from = dayStart(day, zone);
    const { sim } = harness({ timeZone: zone });
    const events = run(sim, from, from + 23 * HOUR, 2 * MINUTE);
    expect(floorProblems(events)).toEqual([]);
    expect(localDayKey(from + 23 * HOUR - 1, zone)).toBe(day);
    const evening = ofType(events, 'agent.signed_in').filter((e) => {
      const p = localParts(Date.parse(e.at), zone);
      return p.hour === 15 && p.minute >= 45;
    });
    expect(evening.length).toBeGreaterThan(20);
  });
});

describe('Simulator.start()', () => {
  it('ingests each tick in batches of at most 1000, carrying on past a rejected batch, until stopped', async () => {
    vi.useFakeTimers();
    const heavy: ForecastInterval[] = [{ start: new Date(START + 10 * HOUR).toISOString(), queue: 'general', offered: 6000, ahtSeconds: 240 }];
    let nowMs = START + 10 * HOUR;
    const batches: number[] = [];
    const ingest = vi.fn(async (batch: FloorEvent[]) => {
      batches.push(batch.length);
      if (batches.length === 2) throw new Error('journal full');
      return { accepted: batch.length, duplicates: 0 };
    });
    const { sim, warn } = harness({ ingest, now: () => nowMs, forecast: () => heavy, tickMs: 1000 });
    sim.start();
    await vi.advanceTimersByTimeAsync(1000);
    nowMs += 10 * MINUTE;
    await vi.advanceTimersByTimeAsync(1000);
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...batches)).toBeLessThanOrEqual(1000);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error) }), 'simulated events were not ingested');
    sim.stop();
    const sent = ingest.mock.calls.length;
    nowMs += 10 * MINUTE;
    await vi.advanceTimersByTimeAsync(5000);
    expect(ingest.mock.calls.length).toBe(sent);
  });

  it('does nothing until started', async () => {
    vi.useFakeTimers();
    const ingest = vi.fn(async () => undefined);
    harness({ ingest });
    await vi.advanceTimersByTimeAsync(5000);
    expect(ingest).not.toHaveBeenCalled();
  });
});
