// Unbounded input through the public methods must leave the number of exported series bounded
// (templating, error classes, the cardinality limit) and memory growth small.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const runtimes: MetricsRuntime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.shutdown();
});

async function setup() {
  const runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0 });
  runtimes.push(runtime);
  const scrape = async (name: string) => {
    const text = await (await fetch(runtime.prometheusUrl!)).text();
    return text.split('\n').filter((line) => line.startsWith(`${name}{`));
  };
  return { metrics: new DomainMetrics(runtime), scrape, limit: runtime.config.cardinalityLimit };
}

const N = 100_000;
const MiB = 1024 * 1024;

describe('cardinality under unbounded input', () => {
  it(`${N} distinct raw paths become one route-template series per metric`, async () => {
    const { metrics, scrape } = await setup();
    for (let i = 0; i < N; i++) {
      metrics.rateLimit.recordCheck({
        endpoint: `/users/${i}/orders/${crypto.randomUUID()}?token=${i}`,
        authenticated: true,
        algorithm: 'token_bucket',
        allowed: true,
        durationSeconds: 0.0001,
      });
      metrics.workers.apiRequest({ method: 'GET', uri: `/tasks/${i}`, status: 200, durationSeconds: 0.01 });
    }
    const requests = await scrape('rate_limit_requests_total');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain('endpoint="/users/{id}/orders/{uuid}"');
    expect(requests[0]).toMatch(new RegExp(` ${N}$`));
    expect(await scrape('api_request_duration_count')).toHaveLength(1);
  });

  it(`${N} distinct error messages become one series per error class`, async () => {
    const { metrics, scrape } = await setup();
    for (let i = 0; i < N; i++) {
      metrics.execution.recordError(`connection to 10.0.${i >> 8}.${i & 255} refused after ${i} ms`);
      metrics.events.eventProcessed({ eventType: 'order.created', topic: 'orders', durationSeconds: 0.001, error: new TypeError(`bad field #${i}`) });
    }
    expect(await scrape('script_errors_total')).toEqual([expect.stringMatching(new RegExp(`error_type="_OTHER".* ${N}$`))]);
    expect(await scrape('events_errors_total')).toEqual([expect.stringMatching(new RegExp(`error_type="TypeError".* ${N}$`))]);
  });

  it(`${N} distinct identifier-like values are capped at the cardinality limit, counts kept in the overflow series, heap growth < 16 MiB`, async () => {
    const { metrics, scrape, limit } = await setup();
    const before = heapUsed();
    for (let i = 0; i < N; i++) metrics.execution.recordError(`E${i}`);
    const lines = await scrape('script_errors_total');
    const grown = heapUsed() - before;
    expect(lines.length).toBeLessThanOrEqual(limit);
    const overflow = lines.filter((l) => l.includes('otel_metric_overflow="true"'));
    expect(overflow).toHaveLength(1);
    const total = lines.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    expect(total).toBe(N);
    console.log(`cardinality: ${N} distinct error types → ${lines.length} series (limit ${limit}); heap growth ${(grown / MiB).toFixed(1)} MiB`);
    expect(grown).toBeLessThan(16 * MiB);
  });
});
