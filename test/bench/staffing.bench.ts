/**
 * Staffing math: `requiredStaff()` for a day of 96 realistic intervals (offered 0–3,000 per
 * 30 min, AHT 180–400 s, 80 % in 20 s, occupancy ≤ 85 %), against a straightforward Erlang C
 * measured in the same run that recomputes Erlang B from n = 0 for every candidate N from
 * N = 1. Both must give the same staff for every interval. Also Erlang A on the same day and
 * one very large interval (A = 15,000 Erlangs).
 */
import { requiredStaff, type StaffingInput } from '../../shared/staffing/erlang.js';
import type { Benchmark, Figure, Size } from './harness.js';

/** 96 intervals: a night trough near 0, a morning and an afternoon peak near 3,000 calls. */
export function realisticDay(): StaffingInput[] {
  const day: StaffingInput[] = [];
  for (let i = 0; i < 96; i++) {
    const hour = (i % 48) / 2;
    const morning = Math.exp(-(((hour - 10.5) / 2.2) ** 2));
    const afternoon = 0.85 * Math.exp(-(((hour - 15) / 2.5) ** 2));
    const offered = Math.round(3000 * Math.max(morning, afternoon) * (i < 48 ? 1 : 0.8));
    const ahtSeconds = 180 + ((i * 37) % 96) * (220 / 95);
    day.push({ offered, intervalSeconds: 1800, ahtSeconds, targetServiceLevel: 0.8, targetAnswerSeconds: 20, maxOccupancy: 0.85, shrinkage: 0.3 });
  }
  return day;
}

/** The baseline: Erlang B rebuilt from n = 0 for every candidate N, N tried from 1 upwards. */
function naiveRequiredStaff(input: StaffingInput): number {
  const a = (input.offered * input.ahtSeconds) / input.intervalSeconds;
  if (a === 0) return 0;
  for (let n = 1; ; n++) {
    let b = 1;
    for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
    if (n <= a) continue; // unstable: Erlang C needs N > A
    const c = (n * b) / (n - a * (1 - b));
    const sl = 1 - c * Math.exp((-(n - a) * input.targetAnswerSeconds) / input.ahtSeconds);
    if (sl >= input.targetServiceLevel && a / n <= (input.maxOccupancy ?? 1)) return n;
  }
}

/** Mean milliseconds per call of `fn` over `rounds` rounds, after one warm-up round. */
function timeMs(rounds: number, fn: () => void): number {
  fn();
  const started = performance.now();
  for (let r = 0; r < rounds; r++) fn();
  return (performance.now() - started) / rounds;
}

let sink = 0;

export const staffingBenchmark: Benchmark = {
  name: 'staffing',
  async run(size: Size): Promise<Figure[]> {
    const day = realisticDay();
    const ours = day.map((input) => requiredStaff(input).staff);
    const naive = day.map(naiveRequiredStaff);
    const mismatch = ours.findIndex((n, i) => n !== naive[i]);
    if (mismatch >= 0) throw new Error(`staffing bench: interval ${mismatch} needs ${ours[mismatch]} by requiredStaff() but ${naive[mismatch]} by the naive Erlang C`);

    const full = size === 'full';
    const oursMs = timeMs(full ? 2000 : 20, () => {
      for (const input of day) sink += requiredStaff(input).staff;
    });
    const naiveMs = timeMs(full ? 10 : 1, () => {
      for (const input of day) sink += naiveRequiredStaff(input);
    });
    const withPatience = day.map((input) => ({ ...input, patienceSeconds: 90 }));
    const erlangAMs = timeMs(full ? 100 : 3, () => {
      for (const input of withPatience) sink += requiredStaff(input).staff;
    });
    const huge: StaffingInput = { offered: 90_000, intervalSeconds: 1800, ahtSeconds: 300, targetServiceLevel: 0.8, targetAnswerSeconds: 20 };
    const hugeCMs = timeMs(full ? 50 : 2, () => {
      sink += requiredStaff(huge).staff;
    });
    const hugeAMs = timeMs(full ? 20 : 1, () => {
      sink += requiredStaff({ ...huge, patienceSeconds: 120 }).staff;
    });
    if (sink < 0) process.stderr.write(''); // keeps `sink` observable so the loops are not optimised away

    return [
      {
        name: 'requiredStaff() Erlang C, 96 intervals (ratio = naive ÷ ours, speed-up)',
        value: oursMs,
        unit: 'ms',
        baseline: naiveMs,
        ratio: naiveMs / oursMs,
        goal: '≤ 1 ms',
        met: oursMs <= 1,
      },
      { name: 'requiredStaff() Erlang A (patience 90 s), 96 intervals', value: erlangAMs, unit: 'ms' },
      { name: 'requiredStaff() Erlang C, A = 15,000 Erlangs (N = 15,021)', value: hugeCMs, unit: 'ms' },
      { name: 'requiredStaff() Erlang A, A = 15,000 Erlangs, patience 120 s', value: hugeAMs, unit: 'ms' },
    ];
  },
};
