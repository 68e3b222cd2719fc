/**
 * Fuzzing ingest: thousands of generated bad payloads against `POST /api/v1/events` and the
 * `/ingest` socket. Every one must be refused with a 4xx (or an error ack) that says why, the
 * server must keep answering, and nothing of any refused batch may be applied.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { ERROR_CODES } from '../../shared/errors.js';
import { ACTIVITIES, EVENT_TYPES, floorEventSchema, SIGN_OUT_REASONS } from '../../shared/events.js';
import type { IngestAck } from '../../shared/protocol.js';
import type { FloorSnapshot } from '../../shared/snapshot.js';
import { ago, connect, ev, INGEST_KEY, postEvents, removeDir, request, startTestServer, WALL_TOKEN, type TestServer } from '../helpers/server.js';

const HTTP_RUNS = 2000;
const RAW_HTTP_RUNS = 600;
const SOCKET_RUNS = 2000;

// ---------------------------------------------------------------------------------------------
// Arbitraries

type Json = Record<string, unknown>;

const idArb = fc.uuid();
const atArb = fc
  .tuple(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }), fc.boolean())
  .map(([d, zulu]) => (zulu ? d.toISOString() : d.toISOString().replace('Z', '+08:00')));
const sourceArb = fc.option(fc.constantFrom('acd-1', 'pbx', 'test'), { nil: undefined });

/** A valid event of any type. */
const goodEventArb: fc.Arbitrary<Json> = fc
  .tuple(
    fc.oneof(
      fc.record({ type: fc.constant('agent.signed_in'), staffId: idArb, seatId: idArb }),
      fc.record({ type: fc.constant('agent.signed_out'), staffId: idArb, reason: fc.option(fc.constantFrom(...SIGN_OUT_REASONS), { nil: undefined }) }),
      fc.record({ type: fc.constant('agent.activity'), staffId: idArb, activity: fc.constantFrom(...ACTIVITIES) }),
      fc.record({ type: fc.constant('call.offered'), callId: idArb, queue: fc.constantFrom('general', 'billing') }),
      fc.record({ type: fc.constant('call.answered'), callId: idArb, staffId: idArb }),
      fc.record({ type: fc.constant('call.abandoned'), callId: idArb }),
      fc.record({ type: fc.constant('call.ended'), callId: idArb, wrapSeconds: fc.option(fc.integer({ min: 0, max: 86_400 }), { nil: undefined }) }),
    ),
    idArb,
    atArb,
    sourceArb,
  )
  .map(([fields, id, at, source]) => {
    const e: Json = { id, at, ...fields };
    if (source !== undefined) e.source = source;
    for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
    return e;
  });

const FIELDS = ['id', 'type', 'at', 'source', 'staffId', 'seatId', 'callId', 'queue', 'activity', 'reason', 'wrapSeconds'];
const REQUIRED = ['id', 'type', 'at', 'staffId', 'seatId', 'callId', 'queue', 'activity'];
/** Keys no event has, including ones that try prototype pollution. */
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isAdmin', 'extra', 'Id', 'TYPE', ''];
const BAD_ATS = [
  'yesterday',
  '',
  'now',
  '2024-13-01T00:00:00Z',
  '2024-02-30T10:00:00Z',
  '2024-01-01T25:00:00Z',
  '2024-01-01T10:61:00Z',
  '2024-01-01 10:00:00Z',
  '2024-01-01T10:00:00',
  '2024-01-01',
  '10:00:00Z',
  '1700000000000',
  'Mon, 01 Jan 2024 10:00:00 GMT',
  '2024-01-01T10:00:00+8',
  '2024-01-01T10:00:00 +08:00',
  '2024-01-01T10:00:00Z ',
  ' 2024-01-01T10:00:00Z',
  '2024-01-01T10:00:00ZZ',
];

/** A value of the wrong JSON type for a string field: numbers, booleans, null, nested junk. */
const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
);

/** Sets `key` as an own, enumerable property, even `__proto__`, so that it is serialised. */
function withOwn(e: Json, key: string, value: unknown): Json {
  const copy: Json = { ...e };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function without(e: Json, key: string): Json {
  const copy: Json = { ...e };
  delete copy[key];
  return copy;
}

/** One way of breaking a valid event. */
const mutationArb: fc.Arbitrary<(e: Json) => unknown> = fc.oneof(
  fc.string({ maxLength: 30 }).filter((t) => !(EVENT_TYPES as readonly string[]).includes(t)).map((t) => (e: Json) => ({ ...e, type: t })),
  fc.constantFrom(...REQUIRED).map((field) => (e: Json) => (field in e ? without(e, field) : without(e, 'id'))),
  fc.tuple(fc.constantFrom(...EXTRA_KEYS), fc.jsonValue({ maxDepth: 3 })).map(([key, value]) => (e: Json) => withOwn(e, key, value)),
  fc.oneof(fc.constantFrom(...BAD_ATS), fc.integer(), fc.constant(null), fc.boolean(), fc.constant({ iso: '2024-01-01T00:00:00Z' })).map((at) => (e: Json) => ({ ...e, at })),
  fc.tuple(fc.constantFrom(...FIELDS.filter((f) => f !== 'wrapSeconds')), junkArb).map(([field, value]) => (e: Json) => withOwn(e, field, value)),
  fc.tuple(fc.constantFrom('id', 'staffId', 'seatId', 'callId', 'queue', 'source'), fc.integer({ min: 129, max: 200_000 })).map(
    ([field, length]) =>
      (e: Json) =>
        withOwn(e, field, 'x'.repeat(length)),
  ),
  fc.constantFrom('id', 'staffId', 'seatId', 'callId', 'queue').map((field) => (e: Json) => withOwn(e, field, '')),
  fc.string({ maxLength: 20 }).filter((a) => !(ACTIVITIES as readonly string[]).includes(a)).map((activity) => (e: Json) => ({ ...e, type: 'agent.activity', staffId: 's1', activity })),
  fc.string({ maxLength: 20 }).filter((r) => !(SIGN_OUT_REASONS as readonly string[]).includes(r)).map((reason) => (e: Json) => ({ ...e, type: 'agent.signed_out', staffId: 's1', reason })),
  fc
    .constantFrom<unknown>(-1, -0.001, 86_401, 1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '5', null, true, [5], { s: 5 })
    .map((wrapSeconds) => (e: Json) => ({ id: e.id, at: e.at, type: 'call.ended', callId: 'c1', wrapSeconds })),
  // Not an object at all.
  fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 20 }), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 })).map((v) => (): unknown => v),
);

const badEventArb: fc.Arbitrary<unknown> = fc.tuple(goodEventArb, mutationArb).map(([e, mutate]) => mutate(e));

/** A whole payload that must be refused. */
const badPayloadArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.anything({ maxDepth: 3 }).filter((v) => !Array.isArray(v)) },
  { weight: 1, arbitrary: fc.constant([]) },
  {
    weight: 12,
    arbitrary: fc
      .tuple(fc.array(goodEventArb, { maxLength: 20 }), badEventArb, fc.nat())
      .map(([good, bad, at]) => [...good.slice(0, at % (good.length + 1)), bad, ...good.slice(at % (good.length + 1))]),
  },
  { weight: 2, arbitrary: fc.array(badEventArb, { minLength: 2, maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(fc.anything({ maxDepth: 2 }), { minLength: 1, maxLength: 5 }).filter((a) => a.some((x) => !floorEventSchema.safeParse(x).success)) },
  { weight: 1, arbitrary: goodEventArb.map((e) => Array.from({ length: 1001 }, (_, i) => ({ ...e, id: `${String(e.id)}-${i}` }))) },
);

/** Text that JSON.parse refuses, sent as `application/json`. */
const invalidJsonArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }).filter((s) => s.trim() !== '' && !parses(s)),
  fc.tuple(fc.array(goodEventArb, { minLength: 1, maxLength: 5 }), fc.nat()).map(([batch, cut]) => {
    const text = JSON.stringify(batch);
    return text.slice(0, 1 + (cut % (text.length - 1)));
  }),
  fc.constantFrom(
    '[{"id":"a","type":"call.ended","at":"2024-01-01T00:00:00Z","callId":"c","wrapSeconds":NaN}]',
    '[{"id":"a","type":"call.ended","at":"2024-01-01T00:00:00Z","callId":"c","wrapSeconds":Infinity}]',
    "[{'id':'a'}]",
    '[{"id":"a",}]',
    '[1,2,]',
    '{"__proto__":',
    '\u0000',
    '[undefined]',
    '<events/>',
  ),
);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=latin1',
  'application/json-patch',
];

// ---------------------------------------------------------------------------------------------

let server: TestServer;
let ingest: Socket;
let before: FloorSnapshot;
let beforeEvents: number;
/** Valid events that rode in refused batches, by id: none of them may have been applied. */
const goodInRefused = new Map<string, Json>();

async function floor(): Promise<FloorSnapshot> {
  const res = await request<FloorSnapshot>(server.url, 'GET', '/api/v1/floor', { token: WALL_TOKEN });
  expect(res.status).toBe(200);
  return res.body;
}

function noteGoodEvents(payload: unknown): void {
  if (!Array.isArray(payload)) return;
  for (const item of payload) {
    if (floorEventSchema.safeParse(item).success) goodInRefused.set(String((item as Json).id), item as Json);
  }
}

/** Sends `body` (already text, or undefined for none) and returns status and parsed body. */
async function rawPost(body: string | undefined, contentType: string | undefined, extraHeaders: Record<string, string> = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${INGEST_KEY}`, ...extraHeaders };
  if (contentType !== undefined) headers['content-type'] = contentType;
  const res = await fetch(`${server.url}/api/v1/events`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, body: parses(text) ? (JSON.parse(text) as { error?: unknown; message?: unknown }) : undefined };
}

function expectRefusal(res: { status: number; text: string; body: { error?: unknown; message?: unknown } | undefined }): void {
  expect(res.status, res.text).toBeGreaterThanOrEqual(400);
  expect(res.status, res.text).toBeLessThan(500);
  expect(res.body, res.text).toBeDefined();
  expect(ERROR_CODES).toContain(res.body!.error);
  expect(typeof res.body!.message === 'string' && res.body!.message.length > 0, res.text).toBe(true);
  expect(server.running.floor.eventsVersion, 'nothing was applied').toBe(beforeEvents);
}

beforeAll(async () => {
  server = await startTestServer();
  // A floor with something on it, and nobody waiting, so that `now` does not move with the clock.
  const baseline = [
    ev.signIn('1001', 'IN-1', ago(600)),
    ev.signIn('1002', 'IN-2', ago(600)),
    ev.activity('1002', 'break', ago(300)),
    ev.offered('c1', 'general', ago(500)),
    ev.answered('c1', '1001', ago(490)),
    ev.ended('c1', ago(400), 30),
    ev.offered('c2', 'general', ago(200)),
    ev.abandoned('c2', ago(150)),
  ];
  expect((await postEvents(server.url, baseline)).body).toEqual({ accepted: baseline.length, duplicates: 0 });
  ingest = await connect(server.url, '/ingest', INGEST_KEY);
  // Let surge evaluation see the baseline, so what it derives is settled before we compare.
  await server.running.ops.tick();
  before = await floor();
  beforeEvents = server.running.floor.eventsVersion;
});

afterAll(async () => {
  ingest?.close();
  await server?.close();
  if (server) await removeDir(server.dataDir);
});

describe('ingest under fuzzing', () => {
  it(`refuses ${HTTP_RUNS} generated bad payloads over HTTP with a 4xx that says why`, { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(badPayloadArb, async (payload) => {
        noteGoodEvents(payload);
        expectRefusal(await rawPost(JSON.stringify(payload), 'application/json'));
      }),
      { numRuns: HTTP_RUNS },
    );
  });

  it(`refuses ${RAW_HTTP_RUNS} invalid JSON bodies and wrong content types over HTTP with a 4xx`, { timeout: 60_000 }, async () => {
    const rawArb = fc.oneof(
      invalidJsonArb.map((text) => ({ text, contentType: 'application/json' as string | undefined, headers: {}, good: undefined as unknown })),
      fc.tuple(fc.array(goodEventArb, { minLength: 1, maxLength: 5 }), fc.constantFrom<string | undefined>(...WRONG_CONTENT_TYPES, undefined)).map(([batch, contentType]) => ({
        text: JSON.stringify(batch),
        contentType,
        headers: {},
        good: batch as unknown,
      })),
      fc.array(goodEventArb, { minLength: 1, maxLength: 5 }).map((batch) => ({
        text: JSON.stringify(batch),
        contentType: 'application/json' as string | undefined,
        headers: { 'content-encoding': 'gzip' },
        good: batch as unknown,
      })),
    );
    await fc.assert(
      fc.asyncProperty(rawArb, async ({ text, contentType, headers, good }) => {
        noteGoodEvents(good);
        expectRefusal(await rawPost(text, contentType, headers));
      }),
      { numRuns: RAW_HTTP_RUNS },
    );
  });

  it(`refuses ${SOCKET_RUNS} generated bad payloads over the /ingest socket with an error ack that says why`, { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(badPayloadArb, async (payload) => {
        noteGoodEvents(payload);
        const ack = (await ingest.timeout(5000).emitWithAck('events', payload)) as IngestAck;
        expect(ack.ok, JSON.stringify(ack)).toBe(false);
        if (ack.ok) return;
        expect(ERROR_CODES).toContain(ack.error);
        expect(ack.error).not.toBe('internal');
        expect(ack.message.length).toBeGreaterThan(0);
        expect(server.running.floor.eventsVersion, 'nothing was applied').toBe(beforeEvents);
      }),
      { numRuns: SOCKET_RUNS },
    );
    expect(ingest.connected).toBe(true);
  });

  it('is still healthy and unchanged afterwards, and applied none of the valid events that rode in refused batches', async () => {
    expect((await request(server.url, 'GET', '/healthz')).status).toBe(200);
    const after = await floor();
    expect(server.running.floor.eventsVersion).toBe(beforeEvents);
    expect(after.version).toBe(before.version);
    expect(after.now).toEqual(before.now);
    // Occupancy alone moves with the clock (staff on the phones keep adding seconds).
    expect({ ...after.today, occupancy: null }).toEqual({ ...before.today, occupancy: null });
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Json).polluted).toBeUndefined();

    // Never applied means never seen either: they are all accepted now, none a duplicate.
    const good = [...goodInRefused.values()].slice(0, 1000);
    expect(good.length).toBeGreaterThan(500);
    expect((await postEvents(server.url, good)).body).toEqual({ accepted: good.length, duplicates: 0 });
  });
});
