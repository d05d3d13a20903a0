// Cost of recording an ordinary series before and after a metric has seen 100,000 distinct
// attribute sets (ids passed as values by mistake), and of recording while past the cardinality
// limit (every record a set never seen before, so it lands in the overflow series).
import type { MetricsRuntime } from '../src/index.js';
import { BenchMetrics, benchRuntime, METHODS, ROUTES, STATUSES } from './fixtures.js';
import { measure } from './harness.js';

export interface ChurnResult {
  readonly path: 'fast path' | 'SDK path';
  /** ns/op on 24 attribute sets, before any churn. */
  readonly before: number;
  /** The same after 100,000 distinct sets were recorded, with collections in between. */
  readonly after: number;
  /** ns/op when every record is a new set past the limit. */
  readonly pastLimit: number;
}

export const CHURN_SETS = 100_000;
/** Distinct ids prepared up front, so the measured loop does not pay for building strings. */
const FRESH = Array.from({ length: 1 << 18 }, (_, i) => `/fresh/${i.toString(36)}`);

async function churnCase(fastPath: boolean): Promise<{ result: ChurnResult; runtime: MetricsRuntime }> {
  const runtime = await benchRuntime(fastPath);
  const m = new BenchMetrics(runtime);
  const steady = (i: number) => m.requests.add(1, { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] });
  const before = measure(steady).nsPerOp;
  for (let i = 0; i < CHURN_SETS; i++) {
    m.requests.add(1, { route: `/churn/${i}`, method: METHODS[i & 1], status: STATUSES[i % 3] });
    if (i % 10_000 === 0) await scrape(runtime);
  }
  await scrape(runtime);
  const after = measure(steady).nsPerOp;
  let next = 0;
  const pastLimit = measure(() => {
    m.requests.add(1, { route: FRESH[next++ & (FRESH.length - 1)], method: 'GET', status: '200' });
  }).nsPerOp;
  return { result: { path: fastPath ? 'fast path' : 'SDK path', before, after, pastLimit }, runtime };
}

async function scrape(runtime: MetricsRuntime): Promise<void> {
  await (await fetch(runtime.prometheusUrl!)).text();
}

export async function runChurnBenchmarks(): Promise<ChurnResult[]> {
  const results: ChurnResult[] = [];
  for (const fastPath of [true, false]) {
    const { result, runtime } = await churnCase(fastPath);
    results.push(result);
    await runtime.shutdown();
  }
  return results;
}
