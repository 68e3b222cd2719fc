/** `/ingest`: the same events as `POST /api/v1/events`, with an ack of the same shape. */
import type { IngestAck } from '../../shared/protocol.js';
import type { FloorService } from '../services/floor-service.js';
import { parseEventBatch } from '../services/ingest-validation.js';
import type { SocketRegistry } from './registry.js';

export function ingestNamespace(registry: SocketRegistry, floor: FloorService): void {
  const nsp = registry.namespace('/ingest');
  nsp.on('connection', (socket) => {
    registry.on(socket, 'events', async (_principal, batch: unknown): Promise<IngestAck> => {
      const result = await floor.ingest(parseEventBatch(batch));
      return { ok: true, ...result };
    });
  });
}
