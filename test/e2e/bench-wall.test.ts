import { describe, expect, it } from 'vitest';
import { wallBenchmark } from '../bench/wall.bench.js';

describe('the wall benchmark', () => {
  it('measures bundle size, event to glass and memory at a tiny size, every figure finite', async () => {
    const figures = await wallBenchmark.run('tiny');
    for (const name of ['wall loads, gzip', "largest page's JavaScript", 'event to glass p50', 'event to glass p99', 'JS heap, first', 'JS heap over the next', 'DOM nodes']) {
      expect(figures.some((f) => f.name.includes(name)), `a figure about ${name}`).toBe(true);
    }
    for (const f of figures) expect(Number.isFinite(f.value) && f.value > 0, `${f.name} = ${f.value}`).toBe(true);
  });
});
