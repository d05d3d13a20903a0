// A real Prometheus reads the first increment of a brand-new counter series, and a series that
// expired and came back, the way its alerts would: through increase().
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DlqMetrics } from '../../src/domains/DlqMetrics.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { describeWithBinaries } from '../support/binaries.js';
import { startPrometheus, type PrometheusServer, type PromSample } from '../support/prometheusServer.js';
import { until } from '../support/testKit.js';

const single = (samples: PromSample[]) => Number(samples[0]?.value[1]);
const EXPIRY_MS = 3000;

async function exposition(runtime: MetricsRuntime): Promise<string> {
  return (await fetch(runtime.prometheusUrl!)).text();
}

describeWithBinaries(['prometheus'], 'first increments and returning series in a real Prometheus', (bin) => {
  let runtime: MetricsRuntime;
  let prom: PrometheusServer;
  let dlq: DlqMetrics;

  beforeAll(async () => {
    runtime = await startMetrics({
      env: {},
      prometheusHost: '127.0.0.1',
      prometheusPort: 0,
      exportIntervalMillis: 1000,
      seriesExpiryMillis: EXPIRY_MS,
    });
    dlq = new DlqMetrics(runtime);
    prom = await startPrometheus(bin['prometheus']!, { targets: [new URL(runtime.prometheusUrl!).host] });
    await prom.waitFor('up{job="app"}', (r) => single(r) === 1);
  });

  afterAll(async () => {
    await prom?.stop();
    await runtime?.shutdown();
  });

  it('counts the one message of a brand-new series: increase(...) is 1, so `increase > 0` alerts fire', async () => {
    dlq.deadLettered({ topic: 'orders', reason: 'max_retries_exceeded' });
    const series = 'dlq_messages_total{topic="orders",reason="max_retries_exceeded"}';
    await prom.waitFor(series, (r) => single(r) === 1);
    const increase = single(await prom.query(`increase(${series}[1m])`));
    // Prometheus extrapolates to the window's end, never below the first sample's 0.
    expect(increase).toBeGreaterThanOrEqual(1);
    expect(increase).toBeLessThan(1.6);
    expect(await prom.query(`increase(${series}[1m]) > 0`)).toHaveLength(1);
  });

  it('drops a series after the expiry time and reads its return as a reset counted from 0', async () => {
    dlq.deadLettered({ topic: 'billing', reason: 'deserialization_failed' });
    const series = 'dlq_messages_total{topic="billing",reason="deserialization_failed"}';
    await prom.waitFor(series, (r) => single(r) === 1);
    // Not recorded for longer than the expiry: gone from the endpoint, then stale in Prometheus.
    await until(async () => !(await exposition(runtime)).includes('topic="billing"'), {
      timeoutMs: EXPIRY_MS * 4,
      intervalMs: 200,
      describe: () => 'timed out waiting for the series to expire',
    });
    await prom.waitFor(series, (r) => r.length === 0, 10_000);
    dlq.deadLettered({ topic: 'billing', reason: 'deserialization_failed' });
    // A client that is not a Prometheus scraper sees the value at once and takes nothing away
    // from the scraper, which still gets its zero first.
    expect(await exposition(runtime)).toMatch(/dlq_messages_total\{[^}]*topic="billing"[^}]*\} 1$/m);
    await prom.waitFor(series, (r) => single(r) === 1);
    // Samples 0, 1, …, (gone), 0, 1: two messages, one reset.
    expect(single(await prom.query(`resets(${series}[2m])`))).toBe(1);
    const increase = single(await prom.query(`increase(${series}[2m])`));
    expect(increase).toBeGreaterThanOrEqual(2);
    expect(increase).toBeLessThan(3);
  });
});
