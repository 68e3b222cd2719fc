/** Attendance flags for the team lead's board: who is late, absent, off post or on an overlong break. */
import { adherenceFlags, DEFAULT_ALLOWANCES } from '../../../shared/floor/adherence.js';
import { isoInZone } from '../../../shared/time.js';
import type { FloorService } from '../../services/floor-service.js';
import type { Store } from '../../store/store.js';
import type { Router } from '../router.js';

export function adherenceRoutes(router: Router, floor: FloorService, store: Store): void {
  router.route('get', '/api/v1/adherence', (_req, res) => {
    // The floor's own clock and zone, so flags and the floor agree (and no snapshot is built for it).
    const now = floor.now();
    const flags = adherenceFlags({
      now,
      timeZone: floor.timeZone,
      roster: store.roster(),
      presences: floor.presences(),
      allowances: DEFAULT_ALLOWANCES,
      observedSinceMs: floor.observedSinceMs || undefined,
    });
    res.json({ at: isoInZone(now, floor.timeZone), allowances: DEFAULT_ALLOWANCES, flags });
  });
}
