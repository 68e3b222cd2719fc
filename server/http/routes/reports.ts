/** Interval history (read and import) and the five tables, as JSON and CSV. */
import type { Request } from 'express';
import { z } from 'zod';
import { csvFileName, fiveTablesCsv } from '../../../shared/reports/five-tables-csv.js';
import { monthSchema } from '../../../shared/reports/five-tables.js';
import { dayKeySchema } from '../../../shared/reports/history.js';
import { addDays } from '../../../shared/time.js';
import { validationError } from '../../services/errors.js';
import { MAX_HISTORY_DAYS, type HistoryService } from '../../services/history-service.js';
import type { Router } from '../router.js';

const isCsv = (req: Request) => typeof req.is('text/csv') === 'string';

const historyQuery = z
  .strictObject({ from: dayKeySchema, to: dayKeySchema })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => addDays(q.from, MAX_HISTORY_DAYS - 1) >= q.to, { path: ['to'], message: `at most ${MAX_HISTORY_DAYS} days at a time` });
const reportQuery = z.strictObject({ month: monthSchema.optional() });
const csvQuery = z.strictObject({
  month: monthSchema.optional(),
  table: z.enum(['1', '2', '3', '4', '5']).transform((t) => Number(t) as 1 | 2 | 3 | 4 | 5),
  lang: z.enum(['en', 'zh-CN']).default('en'),
});

export function reportRoutes(router: Router, history: HistoryService): void {
  router.route('get', '/api/v1/history', async (req, res) => {
    const q = historyQuery.safeParse(req.query);
    if (!q.success) throw validationError(q.error, 'history query');
    res.json({ from: q.data.from, to: q.data.to, timeZone: history.timeZone, at: history.nowIso(), days: await history.days(q.data.from, q.data.to) });
  });
  router.route('post', '/api/v1/history', async (req, res) => {
    const summary = isCsv(req) ? await history.importCsv(String(req.body ?? '')) : await history.importJson(req.body);
    res.json(summary);
  });
  router.route('get', '/api/v1/reports/five-tables', async (req, res) => {
    const q = reportQuery.safeParse(req.query);
    if (!q.success) throw validationError(q.error, 'report query');
    res.json({ ...(await history.fiveTables(q.data.month ?? history.currentMonth())), at: history.nowIso() });
  });
  router.route('get', '/api/v1/reports/five-tables.csv', async (req, res) => {
    const q = csvQuery.safeParse(req.query);
    if (!q.success) throw validationError(q.error, 'report query');
    const month = q.data.month ?? history.currentMonth();
    const report = await history.fiveTables(month);
    res.type('text/csv').attachment(csvFileName(month, q.data.table)).send(fiveTablesCsv(report, q.data.table, q.data.lang));
  });
}
