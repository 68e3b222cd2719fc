/** Setup (admin): roster, forecast and settings, as JSON or CSV (SPEC "Setup"). */
import type { Request } from 'express';
import { z } from 'zod';
import { forecastIntervalSchema, forecastSchema, rosterSchema, seatSchema, shiftSchema, staffSchema, type Roster } from '../../../shared/roster.js';
import { settingsSchema } from '../../../shared/settings.js';
import { parseCsv as parseAnyCsv, toBoolean, toList, toNumber } from '../../services/csv.js';
import { AppError, validationError } from '../../services/errors.js';
import type { FloorService } from '../../services/floor-service.js';
import type { Store } from '../../store/store.js';
import type { Router } from '../router.js';

/** Setup CSVs replace a whole part: a file with a header and no rows is refused, not applied. */
const parseCsv: typeof parseAnyCsv = (text, schema, convert, what, unique) => {
  const rows = parseAnyCsv(text, schema, convert, what, unique);
  if (rows.length === 0) throw new AppError('validation', `${what} CSV has no rows; nothing was imported`);
  return rows;
};

const isCsv = (req: Request) => req.is('text/csv') !== false && req.is('text/csv') !== null;
const csvPart = z.enum(['seats', 'staff', 'shifts']);

function rosterFromCsv(req: Request, current: Roster): unknown {
  const part = csvPart.safeParse(req.query.part);
  if (!part.success) throw new AppError('validation', 'a roster CSV needs ?part=seats, ?part=staff or ?part=shifts');
  const text = String(req.body ?? '');
  if (part.data === 'seats') return { ...current, seats: parseCsv(text, seatSchema, { row: toNumber, col: toNumber }, 'seats', 'seatId') };
  if (part.data === 'staff') return { ...current, staff: parseCsv(text, staffSchema, { skills: toList }, 'staff', 'staffId') };
  return { ...current, shifts: parseCsv(text, shiftSchema, { night: toBoolean }, 'shifts', 'name') };
}

export function setupRoutes(router: Router, floor: FloorService, store: Store): void {
  router.route('get', '/api/v1/roster', (_req, res) => res.json(store.roster()));
  router.route('put', '/api/v1/roster', async (req, res) => {
    const body = isCsv(req) ? rosterFromCsv(req, store.roster()) : req.body;
    const r = rosterSchema.safeParse(body);
    if (!r.success) throw validationError(r.error, 'roster');
    await floor.setRoster(r.data);
    res.json({ seats: r.data.seats.length, staff: r.data.staff.length, shifts: r.data.shifts.length });
  });
  router.route('get', '/api/v1/forecast', (_req, res) => res.json({ intervals: store.forecast() }));
  router.route('put', '/api/v1/forecast', async (req, res) => {
    const body = isCsv(req)
      ? { intervals: parseCsv(String(req.body ?? ''), forecastIntervalSchema, { offered: toNumber, ahtSeconds: toNumber }, 'forecast') }
      : req.body;
    const r = forecastSchema.safeParse(body);
    if (!r.success) throw validationError(r.error, 'forecast');
    await floor.setForecast(r.data.intervals);
    res.json({ intervals: r.data.intervals.length });
  });
  router.route('get', '/api/v1/settings', (_req, res) => res.json(store.settings()));
  router.route('put', '/api/v1/settings', async (req, res) => {
    const r = settingsSchema.safeParse({ ...store.settings(), ...(typeof req.body === 'object' && req.body ? req.body : {}) });
    if (!r.success) throw validationError(r.error, 'settings');
    await floor.setSettings(r.data);
    res.json(r.data);
  });
}
