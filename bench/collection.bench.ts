// Collection and memory at scale: a scrape of 10 000 series (collect + Prometheus text + HTTP) and
// the heap each active series costs, on the plain SDK path and on the fast path. The two paths'
// scrapes alternate, so that warm-up and background noise fall on both alike.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { MetricsRuntime } from '../src/index.js';
import { BenchMetrics, benchRuntime } from './fixtures.js';

export const SERIES = 10_000;
const ROUNDS = 15;

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

interface Prepared {
  readonly runtime: MetricsRuntime;
  readonly bytesPerSeries: number;
  readonly scrapeBytes: number;
}

async function scrape(runtime: MetricsRuntime): Promise<string> {
  return (await fetch(runtime.prometheusUrl!)).text();
}

/** A runtime holding SERIES active series, and the heap they took. */
async function prepare(fastPath: boolean): Promise<Prepared> {
  const before = heapUsed();
  const runtime = await benchRuntime(fastPath, SERIES * 2);
  const metrics = new BenchMetrics(runtime);
  const keys = Array.from({ length: SERIES }, (_, i) => `key-${i}`);
  for (let round = 0; round < 3; round++) for (const key of keys) metrics.series.add(1, { key });
  const body = await scrape(runtime);
  const lines = body.split('\n').filter((l) => l.startsWith('bench_series_total{')).length;
  if (lines !== SERIES) throw new Error(`expected ${SERIES} series in the scrape, found ${lines}`);
  return { runtime, bytesPerSeries: (heapUsed() - before) / SERIES, scrapeBytes: body.length };
}

export async function runCollectionBenchmark(): Promise<{ sdkPath: PathResult; fastPath: PathResult }> {
  const sdk = await prepare(false);
  const fast = await prepare(true);
  const times = { sdk: [] as number[], fast: [] as number[] };
  for (let round = -2; round < ROUNDS; round++) {
    for (const [name, prepared] of [['sdk', sdk], ['fast', fast]] as const) {
      const start = process.hrtime.bigint();
      await scrape(prepared.runtime);
      if (round >= 0) times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  await sdk.runtime.shutdown();
  await fast.runtime.shutdown();
  return {
    sdkPath: { scrapeMillis: median(times.sdk), bytesPerSeries: sdk.bytesPerSeries, scrapeBytes: sdk.scrapeBytes },
    fastPath: { scrapeMillis: median(times.fast), bytesPerSeries: fast.bytesPerSeries, scrapeBytes: fast.scrapeBytes },
  };
}
