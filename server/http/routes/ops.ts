/** The shift log and the what-if staffing calculator. */
import { z } from 'zod';
import { requiredStaff, supportableCalls } from '../../../shared/staffing/erlang.js';
import { AppError, validationError } from '../../services/errors.js';
import type { ShiftLogService } from '../../services/shift-log-service.js';
import type { Store } from '../../store/store.js';
import type { OpenProblem, ShiftLogView } from '../../../shared/shift-log.js';
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

export function opsRoutes(router: Router, log: ShiftLogService, store: Store, openProblems: () => OpenProblem[]): void {
  router.route('get', '/api/v1/shift-log', async (req, res) => {
    const shift = typeof req.query.shift === 'string' ? req.query.shift : undefined;
    const view: ShiftLogView = { ...(await log.read(shift)), openProblems: openProblems() };
    res.json(view);
  });
  router.route('get', '/api/v1/shift-log.csv', async (req, res) => {
    const shift = typeof req.query.shift === 'string' ? req.query.shift : undefined;
    const l = await log.read(shift);
    const cell = (v: unknown) => {
      const text = v === null || v === undefined ? '' : String(v);
      return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const rows = [['at', 'kind', 'actor', 'text'], ...l.entries.map((e) => [e.at, e.kind, e.actor, e.text])];
    if (l.handover) rows.push([l.handover.signedAt, 'handover-signed', l.handover.signedBy, ''], [l.handover.confirmedAt ?? '', 'handover-confirmed', l.handover.confirmedBy ?? '', '']);
    res.type('text/csv').attachment(`shift-log-${l.key.replace('/', '-')}.csv`).send(`\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`);
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
