/** `POST /api/v1/events`: the ACD connector's way in (SPEC "Ingest"). */
import type { FloorService } from '../../services/floor-service.js';
import { parseEventBatch } from '../../services/ingest-validation.js';
import type { Router } from '../router.js';

export function ingestRoutes(router: Router, floor: FloorService): void {
  router.route('post', '/api/v1/events', async (req, res) => {
    const raw = (req as { rawBody?: Buffer }).rawBody;
    res.json(await floor.ingest(parseEventBatch(req.body), raw?.toString('utf8')));
  });
}

