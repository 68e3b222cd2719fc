/**
 * Prometheus metrics (prom-client), one registry per server: what operators watch on a
 * running Floorboard. Read at `GET /metrics` by an admin or the metrics token.
 */
import client from 'prom-client';

export class Metrics {
  readonly registry = new client.Registry();
  readonly eventsIngested = new client.Counter({ name: 'floorboard_events_ingested_total', help: 'Events accepted (new), by transport', labelNames: ['transport'], registers: [this.registry] });
  readonly eventsDuplicate = new client.Counter({ name: 'floorboard_events_duplicate_total', help: 'Events repeated (already known), by transport', labelNames: ['transport'], registers: [this.registry] });
  readonly batchesRejected = new client.Counter({ name: 'floorboard_batches_rejected_total', help: 'Ingest batches refused, by reason', labelNames: ['transport', 'reason'], registers: [this.registry] });
  readonly ackSeconds = new client.Histogram({
    name: 'floorboard_ingest_ack_seconds',
    help: 'From receiving a batch to acknowledging it (durable)',
    labelNames: ['transport'],
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly journalFlushSeconds = new client.Histogram({
    name: 'floorboard_journal_flush_seconds',
    help: 'Journal group-commit write + fdatasync',
    buckets: [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1],
    registers: [this.registry],
  });
  readonly fanoutSeconds = new client.Histogram({
    name: 'floorboard_update_fanout_seconds',
    help: 'Building and sending one update to every connected display',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1],
    registers: [this.registry],
  });
  readonly clients = new client.Gauge({ name: 'floorboard_connected_clients', help: 'Sockets connected, by role', labelNames: ['role'], registers: [this.registry] });
  readonly surgesActive = new client.Gauge({ name: 'floorboard_surges_active', help: 'Surges on now', registers: [this.registry] });

  constructor() {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'floorboard_' });
  }

  /** Sets gauges that are read rather than counted, just before a scrape. */
  onScrape(collect: () => void): void {
    this.scrapeHook = collect;
  }

  private scrapeHook: (() => void) | null = null;

  async text(): Promise<string> {
    this.scrapeHook?.();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
