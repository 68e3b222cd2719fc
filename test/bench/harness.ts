/** The benchmark harness: each benchmark returns figures; `run.ts` prints one table. */

export interface Figure {
  /** What was measured, e.g. "ingest throughput, batches of 100". */
  name: string;
  value: number;
  unit: string;
  /** The goal, as text (e.g. "≥ 0.5× baseline"). */
  goal?: string;
  /** The baseline measured in the same run, same unit. */
  baseline?: number;
  /** value / baseline (or as the benchmark defines it). */
  ratio?: number;
  /** Whether the goal is met, when it can be judged. */
  met?: boolean;
}

export type Size = 'full' | 'tiny';

export interface Benchmark {
  name: string;
  /** Drives real Chromium: its harness check runs with the browser tests. */
  needsBrowser?: boolean;
  run(size: Size): Promise<Figure[]>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    `${round(f.value)} ${f.unit}`,
    f.baseline === undefined ? '' : `${round(f.baseline)} ${f.unit}`,
    f.ratio === undefined ? '' : `${round(f.ratio)}×`,
    f.goal ?? '',
    f.met === undefined ? '' : f.met ? 'met' : 'MISSED',
  ]);
  const header = ['figure', 'value', 'baseline (same run)', 'ratio', 'goal', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
