/**
 * `npm run forecast -- --history FILE.csv --from YYYY-MM-DD --days N [--interval 30] [--tz ZONE]
 * [--holidays D1,D2]`: reads interval history (CSV `start,queue,offered,answered,abandoned,
 * ahtSeconds`; the last three may be empty) and writes the built-in forecast as CSV
 * `start,queue,offered,ahtSeconds` on stdout, ready for `PUT /api/v1/forecast`. Notes on
 * fallbacks go to stderr. Bad arguments or a bad file: a message on stderr and exit code 2
 * (arguments) or 1 (file). The zone defaults to the site's (`FLOORBOARD_SITE_TIMEZONE`).
 */
import fs from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { forecastWithNotes, ForecastInputError, type HistoryInterval } from '../../shared/forecasting/forecaster.js';
import { isValidTimeZone } from '../../shared/time.js';
import { loadConfig } from '../config.js';
import { AppError } from '../services/errors.js';
import { parseCsv, toNumber } from '../services/csv.js';

const USAGE = 'usage: npm run forecast -- --history FILE.csv --from YYYY-MM-DD --days N [--interval 30] [--tz Asia/Shanghai] [--holidays 2026-10-01,2026-10-02]';
const REQUIRED_COLUMNS = ['start', 'queue', 'offered'];

/** A problem with the arguments (exit 2) or the history file (exit 1), told to the user as is. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

const number = z.number({ error: 'must be a number' }).finite('must be a number');
const historyRowSchema = z.object({
  start: z.iso
    .datetime({ offset: true, message: 'must be ISO 8601 with an offset or Z, e.g. 2026-10-01T08:00:00+08:00' })
    .refine((s) => Number.isFinite(Date.parse(s)), 'is not a real time'),
  queue: z.string({ error: 'must not be empty' }).min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
  offered: number.min(0, 'must be 0 or more'),
  answered: number.min(0, 'must be 0 or more').optional(),
  abandoned: number.min(0, 'must be 0 or more').optional(),
  ahtSeconds: number.min(0, 'must be 0 or more').max(86_400, 'must be at most 86400').optional(),
});

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
function isDate(s: string): boolean {
  const ms = Date.parse(`${s}T00:00:00Z`);
  return DATE_RE.test(s) && Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === s;
}

interface Options {
  history: string;
  from: string;
  days: number;
  intervalMinutes: number;
  timeZone: string;
  holidays: string[];
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        history: { type: 'string' },
        from: { type: 'string' },
        days: { type: 'string' },
        interval: { type: 'string' },
        tz: { type: 'string' },
        holidays: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err), 2);
  }
  if (values.help) return 'help';
  for (const name of ['history', 'from', 'days']) if (typeof values[name] !== 'string' || values[name] === '') throw new CliError(`missing --${name}`, 2);
  const from = values.from as string;
  if (!isDate(from)) throw new CliError(`--from must be a date YYYY-MM-DD, got "${from}"`, 2);
  const daysText = values.days as string;
  if (!/^\d+$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > 366) throw new CliError(`--days must be a whole number from 1 to 366, got "${daysText}"`, 2);
  const intervalText = typeof values.interval === 'string' ? values.interval : '30';
  const intervalMinutes = Number(intervalText);
  if (!/^\d+$/.test(intervalText) || intervalMinutes < 1 || 1440 % intervalMinutes !== 0) throw new CliError(`--interval must be minutes that divide a day (15, 30, 60 …), got "${intervalText}"`, 2);
  let timeZone: string;
  if (typeof values.tz === 'string') {
    timeZone = values.tz;
    if (!isValidTimeZone(timeZone)) throw new CliError(`--tz must be an IANA time zone name such as Asia/Shanghai, got "${timeZone}"`, 2);
  } else {
    try {
      timeZone = loadConfig(env).siteTimeZone;
    } catch (err) {
      throw new CliError(`no --tz given and the site zone cannot be read: ${err instanceof Error ? err.message : String(err)}`, 2);
    }
  }
  const holidays = typeof values.holidays === 'string' ? values.holidays.split(',').map((s) => s.trim()).filter(Boolean) : [];
  for (const h of holidays) if (!isDate(h)) throw new CliError(`--holidays must be dates YYYY-MM-DD separated by commas, got "${h}"`, 2);
  return { history: values.history as string, from, days: Number(daysText), intervalMinutes, timeZone, holidays };
}

/** The history file's rows, or a CliError naming the file, line and field that is wrong. */
function parseHistory(text: string, file: string): HistoryInterval[] {
  let header: string[] = [];
  try {
    header = ((parse(text, { to_line: 1, trim: true, bom: true }) as string[][])[0] ?? []).map((c) => c.trim());
  } catch (err) {
    throw new CliError(`${file}: cannot be read as CSV: ${err instanceof Error ? err.message : String(err)}`, 1);
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new CliError(`${file}: the header must name the columns start,queue,offered,answered,abandoned,ahtSeconds; missing: ${missing.join(', ')}`, 1);
  try {
    const rows = parseCsv(text, historyRowSchema, { offered: toNumber, answered: toNumber, abandoned: toNumber, ahtSeconds: toNumber }, 'history');
    return rows.map((r) => ({ startMs: Date.parse(r.start), queue: r.queue, offered: r.offered, ahtSeconds: r.ahtSeconds ?? null }));
  } catch (err) {
    if (err instanceof AppError && err.issues?.length) {
      const [first] = err.issues;
      const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problem(s))` : '';
      throw new CliError(`${file}: ${first!.path[0]}, field ${first!.path.slice(1).join('.') || '(row)'}: ${first!.message}${more}`, 1);
    }
    throw new CliError(`${file}: ${err instanceof Error ? err.message : String(err)}`, 1);
  }
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** Runs the command; returns the exit code. Output goes through `out` and `err`. */
export async function main(argv: string[], io: { out: (s: string) => void; err: (s: string) => void; env: NodeJS.ProcessEnv }): Promise<number> {
  try {
    const options = parseOptions(argv, io.env);
    if (options === 'help') {
      io.out(`${USAGE}\n`);
      return 0;
    }
    let text: string;
    try {
      text = await fs.readFile(options.history, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(code === 'ENOENT' ? `history file not found: ${options.history}` : `cannot read history file ${options.history}: ${(err as Error).message}`, 1);
    }
    const history = parseHistory(text, options.history);
    const result = forecastWithNotes({ history, from: options.from, days: options.days, timeZone: options.timeZone, intervalMinutes: options.intervalMinutes, holidays: options.holidays });
    for (const note of result.notes) io.err(`note: ${note}\n`);
    const lines = ['start,queue,offered,ahtSeconds'];
    for (const i of result.intervals) lines.push(`${i.start},${csvCell(i.queue)},${Math.round(i.offered * 100) / 100},${Math.round(i.ahtSeconds * 10) / 10}`);
    io.out(`${lines.join('\n')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`forecast: ${err.message}\n${err.exitCode === 2 ? `${USAGE}\n` : ''}`);
      return err.exitCode;
    }
    if (err instanceof ForecastInputError) {
      io.err(`forecast: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await main(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), env: process.env });
  process.exitCode = code;
}
