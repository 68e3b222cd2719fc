/** `/ingest`: the same events as `POST /api/v1/events`, with an ack of the same shape. */
import type { IngestAck } from '../../shared/protocol.js';
import type { Metrics } from '../metrics.js';
import type { FloorService } from '../services/floor-service.js';
import { measuredIngest } from '../services/ingest-metrics.js';
import { parseEventBatch } from '../services/ingest-validation.js';
import type { SocketRegistry } from './registry.js';

export function ingestNamespace(registry: SocketRegistry, floor: FloorService, metrics?: Metrics): void {
  const nsp = registry.namespace('/ingest');
  nsp.on('connection', (socket) => {
    registry.on(socket, 'events', async (_principal, batch: unknown): Promise<IngestAck> => {
      const result = await measuredIngest(metrics, 'socket', () => floor.ingest(parseEventBatch(batch)));
      return { ok: true, ...result };
    });
  });
}
