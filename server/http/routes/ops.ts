/** The shift log and the what-if staffing calculator. */
import { z } from 'zod';
import { requiredStaff, supportableCalls } from '../../../shared/staffing/erlang.js';
import { AppError, validationError } from '../../services/errors.js';
import type { ShiftLogService } from '../../services/shift-log-service.js';
import type { Store } from '../../store/store.js';
import type { Router } from '../router.js';

const num = z.coerce.number().finite();
const staffingQuery = z.strictObject({
  offered: num.min(0).max(1_000_000),
  ahtSeconds: num.gt(0).max(86_400),
  intervalMinutes: num.int().min(1).max(1440).optional(),
  targetServiceLevel: num.gt(0).max(1).optional(),
  targetAnswerSeconds: num.min(0).max(3600).optional(),
  maxOccupancy: num.gt(0).max(1).optional(),
  shrinkage: num.min(0).lt(1).optional(),
  patienceSeconds: num.gt(0).max(86_400).optional(),
  maxAbandonRate: num.gt(0).max(1).optional(),
});

export function opsRoutes(router: Router, log: ShiftLogService, store: Store): void {
  router.route('get', '/api/v1/shift-log', async (req, res) => {
    const shift = typeof req.query.shift === 'string' ? req.query.shift : undefined;
    res.json(await log.read(shift));
  });
  router.route('get', '/api/v1/staffing', (req, res) => {
    const q = staffingQuery.safeParse(req.query);
    if (!q.success) throw validationError(q.error, 'staffing query');
    const settings = store.settings();
    const { intervalMinutes, ...rest } = q.data;
    try {
      const result = requiredStaff({
        targetServiceLevel: settings.serviceLevelTarget,
        targetAnswerSeconds: settings.serviceLevelSeconds,
        maxOccupancy: settings.maxOccupancy,
        ...rest,
        intervalSeconds: (intervalMinutes ?? settings.intervalMinutes) * 60,
      });
      res.json({ ...result, busyHourCallsPerAgent: settings.busyHourCallsPerAgent, supportableCallsPerHour: supportableCalls(result.staff, settings.busyHourCallsPerAgent) });
    } catch (err) {
      throw new AppError('validation', err instanceof Error ? err.message : 'bad staffing input');
    }
  });
}
