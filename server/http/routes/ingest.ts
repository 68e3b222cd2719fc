/** `POST /api/v1/events`: the ACD connector's way in (SPEC "Ingest"). */
import type { Metrics } from '../../metrics.js';
import type { FloorService } from '../../services/floor-service.js';
import { measuredIngest } from '../../services/ingest-metrics.js';
import type { BatchValidator } from '../../services/batch-validator.js';
import type { Router } from '../router.js';

export function ingestRoutes(router: Router, floor: FloorService, validator: BatchValidator, metrics?: Metrics): void {
  router.route('post', '/api/v1/events', async (req, res) => {
    const raw = (req as { rawBody?: Buffer }).rawBody;
    const result = await measuredIngest(metrics, 'http', async () => {
      const json = raw?.toString('utf8');
      const events = await validator.check(req.body, json);
      const r = await floor.ingest(events, json);
      req.log?.debug({ accepted: r.accepted, duplicates: r.duplicates, firstEventId: events[0]?.id, lastEventId: events.at(-1)?.id }, 'batch ingested');
      return r;
    });
    res.json(result);
  });
}
