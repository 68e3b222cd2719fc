/** The shift plan and its checks, the holiday calendar, and monthly attendance with leave. */
import { AppError } from '../../services/errors.js';
import type { PlanService } from '../../services/plan-service.js';
import type { Router } from '../router.js';

export function planRoutes(router: Router, plan: PlanService): void {
  router.route('get', '/api/v1/plan', async (req, res) => {
    res.json(await plan.view(plan.month(req.query.month)));
  });
  router.route('put', '/api/v1/plan', async (req, res) => {
    const replaced = req.is('text/csv') ? await plan.replaceFromCsv(String(req.body ?? ''), req.query.month) : await plan.replaceFromJson(req.body);
    res.json(replaced);
  });
  router.route('get', '/api/v1/plan/checks', async (req, res) => {
    res.json(await plan.checks(plan.month(req.query.month)));
  });

  router.route('get', '/api/v1/holidays', (_req, res) => {
    res.json(plan.holidays());
  });
  router.route('put', '/api/v1/holidays', async (req, res) => {
    res.json(await plan.setHolidays(req.body));
  });

  router.route('get', '/api/v1/attendance', async (req, res) => {
    res.json(await plan.attendance(plan.month(req.query.month)));
  });
  router.route('get', '/api/v1/attendance.csv', async (req, res) => {
    const month = plan.month(req.query.month);
    res.type('text/csv').attachment(`attendance-${month}.csv`).send(await plan.attendanceCsv(month));
  });
  router.route('post', '/api/v1/attendance/leave', async (req, res, principal) => {
    if (principal?.kind !== 'user') throw new AppError('unauthorized', 'not signed in');
    res.status(201).json(await plan.addLeave(req.body, principal.username));
  });
  router.route('delete', '/api/v1/attendance/leave/:id', async (req, res) => {
    await plan.removeLeave(String(req.params.id));
    res.json({ ok: true });
  });
}
