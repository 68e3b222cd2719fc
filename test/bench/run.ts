/** `npm run bench`: every benchmark, one table, and the same as JSON in bench-results.json. */
import fs from 'node:fs/promises';
import os from 'node:os';
import { fanoutBenchmark } from './fanout.bench.js';
import { formatTable, type Benchmark, type Figure, type Size } from './harness.js';
import { historyBenchmark } from './history.bench.js';
import { forecastBenchmark } from './forecast.bench.js';
import { ingestBenchmark } from './ingest.bench.js';
import { reforecastBenchmark } from './reforecast.bench.js';
import { staffingBenchmark } from './staffing.bench.js';
import { surgeBenchmark } from './surge.bench.js';
import { wallBenchmark } from './wall.bench.js';

export const BENCHMARKS: Benchmark[] = [ingestBenchmark, staffingBenchmark, forecastBenchmark, reforecastBenchmark, surgeBenchmark, wallBenchmark, fanoutBenchmark, historyBenchmark];

export async function runAll(size: Size, benchmarks = BENCHMARKS): Promise<{ machine: string; figures: Figure[] }> {
  const figures: Figure[] = [];
  const started = performance.now();
  for (const b of benchmarks) {
    const t0 = performance.now();
    process.stderr.write(`running ${b.name}…\n`);
    figures.push(...(await b.run(size)));
    process.stderr.write(`  ${b.name}: ${((performance.now() - t0) / 1000).toFixed(0)} s (${((performance.now() - started) / 60_000).toFixed(1)} min so far)\n`);
  }
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  return { machine, figures };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size: Size = process.argv.includes('--tiny') ? 'tiny' : 'full';
  // `--only ingest,fanout` runs just those (the JSON file is then written as bench-results.partial.json).
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const result = await runAll(size, only ? BENCHMARKS.filter((b) => only.includes(b.name)) : BENCHMARKS);
  process.stdout.write(`Floorboard benchmarks (${size}) on ${result.machine}\n\n${formatTable(result.figures)}\n`);
  await fs.writeFile(only ? 'bench-results.partial.json' : 'bench-results.json', JSON.stringify({ at: new Date().toISOString(), size, ...result }, null, 2));
  process.exit(0);
}
