import { describe, expect, it } from 'vitest';
import { BENCHMARKS, runAll } from '../bench/run.js';

describe('the benchmark harness', () => {
  it('runs every benchmark at a tiny size and each reports finite figures with units', async () => {
    const { figures } = await runAll(
      'tiny',
      BENCHMARKS.filter((b) => !b.needsBrowser),
    );
    expect(BENCHMARKS.length).toBeGreaterThanOrEqual(5);
    for (const name of ['ingest pipeline', 'ack latency p99', 'requiredStaff', 'false alarm', 'reforecast']) {
      expect(figures.some((f) => f.name.toLowerCase().includes(name.toLowerCase())), `a figure about ${name}`).toBe(true);
    }
    for (const f of figures) {
      expect(Number.isFinite(f.value), `${f.name} = ${f.value}`).toBe(true);
      expect(f.unit.length, f.name).toBeGreaterThan(0);
      if (f.baseline !== undefined) expect(Number.isFinite(f.baseline), `${f.name} baseline`).toBe(true);
    }
  }, 120_000);
});
