import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { ago, connectFloor, ev, login, postEvents, request, startTestServer, stopTestServer, type TestServer, WALL_TOKEN } from '../helpers/server.js';

const METRICS_TOKEN = 'metrics-token-0123456789';
let server: TestServer;
const sockets: Socket[] = [];

beforeEach(async () => {
  server = await startTestServer({ env: { FLOORBOARD_METRICS_TOKEN: METRICS_TOKEN } });
});
afterEach(async () => {
  await stopTestServer(server, sockets);
});

function value(text: string, metric: string): number {
  const line = text.split('\n').find((l) => l.startsWith(metric));
  return line ? Number(line.split(' ').at(-1)) : NaN;
}

describe('GET /metrics', () => {
  it('counts ingested, repeated and rejected events, acks, flushes and connected clients by role', async () => {
    const batch = [ev.offered('m1', 'general', ago(5)), ev.offered('m2', 'general', ago(4))];
    await postEvents(server.url, batch);
    await postEvents(server.url, batch);
    expect((await postEvents(server.url, [{ id: 'bad' }])).status).toBe(400);
    const { socket } = await connectFloor(server.url, WALL_TOKEN);
    sockets.push(socket);

    const res = await request<string>(server.url, 'GET', '/metrics', { token: METRICS_TOKEN });
    expect(res.status).toBe(200);
    const text = res.body;
    expect(value(text, 'floorboard_events_ingested_total{transport="http"}')).toBe(2);
    expect(value(text, 'floorboard_events_duplicate_total{transport="http"}')).toBe(2);
    expect(value(text, 'floorboard_batches_rejected_total{transport="http",reason="validation"}')).toBe(1);
    expect(value(text, 'floorboard_ingest_ack_seconds_count{transport="http"}')).toBe(2);
    expect(value(text, 'floorboard_journal_flush_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'floorboard_connected_clients{role="wall"}')).toBe(1);
    expect(text).toContain('floorboard_nodejs_eventloop_lag_seconds');
    expect(text).toContain('floorboard_process_resident_memory_bytes');
    expect(text).toContain('floorboard_surges_active');
    expect(text).toContain('floorboard_update_fanout_seconds');
  });

  it('is for an admin or the metrics token only', async () => {
    expect((await request(server.url, 'GET', '/metrics')).status).toBe(401);
    expect((await request(server.url, 'GET', '/metrics', { token: WALL_TOKEN })).status).toBe(403);
    expect((await request(server.url, 'GET', '/metrics', { token: await login(server.url) })).status).toBe(200);
  });

  it('gives every response a request id, keeping a sane one the caller sent', async () => {
    const mine = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'acd-batch-42' } });
    expect(mine.headers.get('x-request-id')).toBe('acd-batch-42');
    const generated = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'no spaces allowed!' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
