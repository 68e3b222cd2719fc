/** `POST /api/v1/events`: the ACD connector's way in (SPEC "Ingest"). */
import type { Metrics } from '../../metrics.js';
import type { FloorService } from '../../services/floor-service.js';
import { measuredIngest } from '../../services/ingest-metrics.js';
import type { BatchValidator } from '../../services/batch-validator.js';
import type { Router } from '../router.js';

/** A request to POST /api/v1/events: its JSON body as UTF-8 text, when it had one. */
export interface EventsRequest {
  eventsJson?: string;
}

export function ingestRoutes(router: Router, floor: FloorService, validator: BatchValidator, metrics?: Metrics): void {
  router.route('post', '/api/v1/events', async (req, res) => {
    // The body arrives as text (see app.ts): large batches are parsed on the validator's thread.
    const text = (req as EventsRequest).eventsJson;
    const result = await measuredIngest(metrics, 'http', async () => {
      const events = await validator.read(text);
      const r = await floor.ingest(events, text);
      req.log?.debug({ accepted: r.accepted, duplicates: r.duplicates, firstEventId: events[0]?.id, lastEventId: events.at(-1)?.id }, 'batch ingested');
      return r;
    });
    res.json(result);
  });
}
