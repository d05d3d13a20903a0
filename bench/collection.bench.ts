// Collection and memory at scale: a scrape of 10 000 series (collect + Prometheus text + HTTP) and
// the heap each active series costs, on the plain SDK path and on the fast path.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BenchMetrics, benchRuntime } from './fixtures.js';
import { measureAsync } from './harness.js';

export const SERIES = 10_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

export interface PathResult {
  readonly scrapeMillis: number;
  readonly bytesPerSeries: number;
  readonly scrapeBytes: number;
}

export async function runCollectionBenchmark(fastPath: boolean): Promise<PathResult> {
  const before = heapUsed();
  const runtime = await benchRuntime(fastPath, SERIES * 2);
  const metrics = new BenchMetrics(runtime);
  const keys = Array.from({ length: SERIES }, (_, i) => `key-${i}`);
  for (let round = 0; round < 3; round++) for (const key of keys) metrics.series.add(1, { key });
  const scrape = async () => (await fetch(runtime.prometheusUrl!)).text();
  const body = await scrape();
  const lines = body.split('\n').filter((l) => l.startsWith('bench_series_total{')).length;
  if (lines !== SERIES) throw new Error(`expected ${SERIES} series in the scrape, found ${lines}`);
  const bytesPerSeries = (heapUsed() - before) / SERIES;
  const scrapeMillis = await measureAsync(scrape);
  await runtime.shutdown();
  return { scrapeMillis, bytesPerSeries, scrapeBytes: body.length };
}
