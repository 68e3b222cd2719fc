/** `GET /metrics`: Prometheus text format, for an admin or the metrics token. */
import type { Metrics } from '../../metrics.js';
import type { Router } from '../router.js';

export function metricsRoutes(router: Router, metrics: Metrics): void {
  router.route('get', '/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.text());
  });
}
