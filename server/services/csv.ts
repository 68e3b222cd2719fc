/**
 * CSV imports with the same column names as the JSON bodies. Every bad row is reported by
 * line and field; nothing is applied unless every row is good.
 */
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import type { ValidationIssue } from '../../shared/errors.js';
import { AppError } from './errors.js';

type Converter = (value: string) => unknown;

/**
 * Turns CSV text into objects: `convert` maps each column's text to the JSON value. `unique`
 * names a column whose values must not repeat; a repeat is reported on its own line.
 */
export function parseCsv<T>(text: string, schema: z.ZodType<T>, convert: Record<string, Converter>, what: string, unique?: keyof T & string): T[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true }) as typeof rows;
  } catch (err) {
    throw new AppError('validation', `${what} CSV cannot be read: ${err instanceof Error ? err.message : 'unreadable'}`);
  }
  const out: T[] = [];
  const issues: ValidationIssue[] = [];
  const firstLine = new Map<unknown, number>();
  for (const { record, info } of rows) {
    const obj: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) {
      if (value === '' && !(key in convert)) continue;
      obj[key] = key in convert ? convert[key]!(value) : value;
    }
    const r = schema.safeParse(obj);
    const key = unique && r.success ? r.data[unique] : undefined;
    if (key !== undefined && firstLine.has(key)) {
      issues.push({ path: [`line ${info.lines}`, unique!], message: `duplicate ${unique} "${String(key)}" (first on line ${firstLine.get(key)})` });
    } else if (key !== undefined) firstLine.set(key, info.lines);
    if (r.success) out.push(r.data);
    else for (const i of r.error.issues) issues.push({ path: [`line ${info.lines}`, ...i.path.map((p) => String(p))], message: i.message });
  }
  if (issues.length) {
    const first = issues[0]!;
    throw new AppError(
      'validation',
      `${what} CSV rejected, nothing imported: ${issues.length} problem(s); first: ${first.path[0]}, field ${first.path.slice(1).join('.') || '(row)'}: ${first.message}`,
      issues.slice(0, 200),
    );
  }
  return out;
}

export const toNumber: Converter = (v) => (v.trim() === '' ? undefined : Number(v));
export const toBoolean: Converter = (v) => (/^(true|yes|1)$/i.test(v) ? true : /^(false|no|0|)$/i.test(v) ? false : v);
export const toList: Converter = (v) => v.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
