/** Attendance flags for the team lead's board: who is late, absent, off post or on an overlong break. */
import { adherenceFlags, DEFAULT_ALLOWANCES } from '../../../shared/floor/adherence.js';
import type { FloorService } from '../../services/floor-service.js';
import type { Store } from '../../store/store.js';
import type { Router } from '../router.js';

export function adherenceRoutes(router: Router, floor: FloorService, store: Store): void {
  router.route('get', '/api/v1/adherence', (_req, res) => {
    // The snapshot carries the server clock and the site's zone, so flags and the floor agree.
    const snapshot = floor.snapshot();
    const now = Date.parse(snapshot.at);
    const flags = adherenceFlags({
      now,
      timeZone: snapshot.site.timeZone,
      roster: store.roster(),
      presences: floor.presences(),
      allowances: DEFAULT_ALLOWANCES,
      observedSinceMs: floor.observedSinceMs || undefined,
    });
    res.json({ at: snapshot.at, allowances: DEFAULT_ALLOWANCES, flags });
  });
}
