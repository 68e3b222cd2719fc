/** Generate a forecast from history (saves nothing) and publish one over the days it covers (admin). */
import type { ForecastGenService } from '../../services/forecast-gen-service.js';
import type { Router } from '../router.js';

export function forecastGenRoutes(router: Router, gen: ForecastGenService): void {
  router.route('post', '/api/v1/forecast/generate', async (req, res) => {
    res.json(await gen.generate(req.body));
  });
  router.route('post', '/api/v1/forecast/publish', async (req, res) => {
    res.json(await gen.publish(req.body));
  });
}
