/**
 * `npm run forecast` as a user runs it: a real process on a history CSV in a temp dir, CSV on
 * stdout, messages on stderr, the exit code.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO_ROOT, 'server/cli/forecast.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
let historyFile: string;

/** 4 weeks of 15-minute history in Shanghai time for two queues; AHT only for `cards`. */
function historyCsv(): string {
  const lines = ['start,queue,offered,answered,abandoned,ahtSeconds'];
  const startMs = Date.parse('2026-08-31T00:00:00+08:00');
  for (let q = 0; q < 96 * 28; q++) {
    const local = new Date(startMs + q * 15 * 60_000 + 8 * 3_600_000).toISOString().slice(0, 19);
    const hour = Math.floor((q % 96) / 4);
    const offered = hour >= 8 && hour < 20 ? 12 : 1;
    lines.push(`${local}+08:00,cards,${offered},${offered},0,180`);
    lines.push(`${local}+08:00,loans,${offered / 2},,,`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'floorboard-forecast-'));
  historyFile = path.join(dir, 'history.csv');
  await fs.writeFile(historyFile, historyCsv());
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('the forecast command', () => {
  it('writes a forecast CSV with one row per queue and half-hour of each day', async () => {
    const r = await run(['--history', historyFile, '--from', '2026-09-28', '--days', '7', '--tz', 'Asia/Shanghai', '--holidays', '2026-10-01,2026-10-02']);
    expect(r.stderr).toMatch(/note: .*default factor 0.5/);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(r.stdout.split('\n')[0]).toBe('start,queue,offered,ahtSeconds');
    expect(rows).toHaveLength(7 * 48 * 2);
    expect(rows[0]).toEqual({ start: '2026-09-28T00:00:00+08:00', queue: 'cards', offered: '2', ahtSeconds: '180' });
    for (const row of rows) {
      expect(row.start).toMatch(/^2026-(09-(28|29|30)|10-0[1-4])T\d{2}:\d{2}:00\+08:00$/);
      expect(Number(row.offered)).toBeGreaterThanOrEqual(0);
      expect(row.offered).toMatch(/^\d+(\.\d{1,2})?$/);
    }
    const at = (start: string, queue: string) => rows.find((row) => row.start === start && row.queue === queue)!;
    expect(at('2026-09-28T10:00:00+08:00', 'cards')).toMatchObject({ offered: '24', ahtSeconds: '180' });
    // loans has no handle times: the default 240 s. 1 October is a holiday: half a normal day.
    expect(at('2026-10-01T10:00:00+08:00', 'loans')).toMatchObject({ offered: '6', ahtSeconds: '240' });
  }, 60_000);

  it('takes the interval length from --interval', async () => {
    const r = await run(['--history', historyFile, '--from', '2026-09-28', '--days', '1', '--tz', 'Asia/Shanghai', '--interval', '60']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1 + 24 * 2);
  }, 60_000);

  it.each([
    ['no --history', ['--from', '2026-09-28', '--days', '1'], 2, /missing --history/],
    ['a missing file', ['--history', 'no/such/file.csv', '--from', '2026-09-28', '--days', '1'], 1, /history file not found: no\/such\/file\.csv/],
    ['a bad date', ['--history', 'HISTORY', '--from', '2026-02-30', '--days', '1'], 2, /--from must be a date YYYY-MM-DD, got "2026-02-30"/],
    ['days of 0', ['--history', 'HISTORY', '--from', '2026-09-28', '--days', '0'], 2, /--days must be a whole number from 1 to 366, got "0"/],
    ['days not a number', ['--history', 'HISTORY', '--from', '2026-09-28', '--days', 'seven'], 2, /--days must be a whole number/],
    ['an interval that does not divide a day', ['--history', 'HISTORY', '--from', '2026-09-28', '--days', '1', '--interval', '7'], 2, /--interval must be minutes that divide a day/],
    ['an unknown zone', ['--history', 'HISTORY', '--from', '2026-09-28', '--days', '1', '--tz', 'Mars/Olympus'], 2, /--tz must be an IANA time zone name/],
    ['a bad holiday', ['--history', 'HISTORY', '--from', '2026-09-28', '--days', '1', '--holidays', '2026-10-01,tomorrow'], 2, /--holidays must be dates .* got "tomorrow"/],
    ['an unknown option', ['--history', 'HISTORY', '--from', '2026-09-28', '--days', '1', '--weeks', '2'], 2, /Unknown option '--weeks'/],
  ])('refuses %s with a message and a non-zero exit', async (_, args, code, message) => {
    const r = await run(args.map((a) => (a === 'HISTORY' ? historyFile : a)));
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  }, 60_000);

  it.each([
    ['a bad number', 'start,queue,offered,answered,abandoned,ahtSeconds\n2026-09-01T08:00:00+08:00,cards,12,12,0,180\n2026-09-01T08:15:00+08:00,cards,lots,,,\n', /line 3, field offered: must be a number/],
    ['a negative count', 'start,queue,offered,answered,abandoned,ahtSeconds\n2026-09-01T08:00:00+08:00,cards,-1,,,\n', /line 2, field offered: must be 0 or more/],
    ['a time without an offset', 'start,queue,offered,answered,abandoned,ahtSeconds\n2026-09-01T08:00:00+08:00,cards,1,,,\n2026-09-01 08:15,cards,1,,,\n', /line 3, field start: must be ISO 8601 with an offset/],
    ['an empty queue', 'start,queue,offered,answered,abandoned,ahtSeconds\n2026-09-01T08:00:00+08:00,,1,,,\n', /line 2, field queue: must not be empty/],
    ['a missing column', 'start,queue,calls\n2026-09-01T08:00:00+08:00,cards,1\n', /missing: offered/],
    ['a row with too many fields', 'start,queue,offered,answered,abandoned,ahtSeconds\n2026-09-01T08:00:00+08:00,cards,1,,,,,\n', /cannot be read|line 2/i],
  ])('refuses a history file with %s, naming the line and field', async (_, text, message) => {
    const file = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.csv`);
    await fs.writeFile(file, text);
    const r = await run(['--history', file, '--from', '2026-09-28', '--days', '1', '--tz', 'Asia/Shanghai']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(file);
    expect(r.stdout).toBe('');
  }, 60_000);

  it('writes only the header, with a note, for a history file without rows', async () => {
    const file = path.join(dir, 'empty.csv');
    await fs.writeFile(file, 'start,queue,offered,answered,abandoned,ahtSeconds\n');
    const r = await run(['--history', file, '--from', '2026-09-28', '--days', '1', '--tz', 'Asia/Shanghai']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('start,queue,offered,ahtSeconds\n');
    expect(r.stderr).toMatch(/note: history before 2026-09-28 is empty/);
  }, 60_000);

  it('uses the site zone from FLOORBOARD_SITE_TIMEZONE without --tz', async () => {
    const r = await run(['--history', historyFile, '--from', '2026-09-28', '--days', '1'], { FLOORBOARD_SITE_TIMEZONE: 'Europe/Berlin' });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[1]).toMatch(/^2026-09-28T00:00:00\+02:00,/);
  }, 60_000);
});
