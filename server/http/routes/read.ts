/** Reads: health and the live floor. */
import { wallProjection } from '../../../shared/snapshot.js';
import type { FloorService } from '../../services/floor-service.js';
import type { Store } from '../../store/store.js';
import type { Router } from '../router.js';

export function readRoutes(router: Router, floor: FloorService, store: Store): void {
  router.route('get', '/healthz', async (_req, res) => {
    const writable = await store.probeWritable();
    res.status(writable ? 200 : 503).json({ status: writable ? 'ok' : 'store not writable', version: floor.version, eventsVersion: floor.eventsVersion });
  });
  router.route('get', '/api/v1/floor', (_req, res, principal) => {
    const snapshot = floor.snapshot();
    res.json(principal?.role === 'wall' ? wallProjection(snapshot) : snapshot);
  });
}
