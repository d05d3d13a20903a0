// The read-out on the runtime's endpoint: /metrics/snapshot and /metrics/summary as JSON beside
// /metrics, switchable, under the same access control, and never holding up a scrape.
import { afterEach, describe, expect, it } from 'vitest';
import { AdHocMetrics, BaseMetrics, histogram, type MetricsSnapshot, type MetricsSummary } from '../../src/index.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics, type StartMetricsOptions } from '../../src/runtime/startMetrics.js';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(options: StartMetricsOptions = {}): Promise<MetricsRuntime> {
  const runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, runtimeMetrics: false, diagnostics: 'silent', ...options });
  cleanups.push(() => runtime.shutdown());
  return runtime;
}

function urlOf(runtime: MetricsRuntime, path: string): string {
  return runtime.prometheusUrl!.replace(/\/metrics$/, path);
}

describe('read-out endpoints', () => {
  for (const fastPath of [true, false]) {
    it(`serves the snapshot and the summary as JSON (${fastPath ? 'fast' : 'SDK'} path)`, async () => {
      const runtime = await start({ fastPath });
      const adhoc = new AdHocMetrics(runtime);
      for (let i = 0; i < 100; i++) {
        adhoc.timing('checkout', 0.1 + i / 1000, { outcome: i < 10 ? 'failure' : 'success' });
        adhoc.increment('orders');
      }
      const response = await fetch(urlOf(runtime, '/metrics/snapshot'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const snapshot = (await response.json()) as MetricsSnapshot;
      expect(snapshot.windowSeconds).toBe(60);
      const checkout = snapshot.metrics.find((m) => m.name === 'checkout.seconds');
      expect(checkout).toMatchObject({ kind: 'histogram', prometheusName: 'checkout_seconds', unit: 's' });
      const orders = snapshot.metrics.find((m) => m.name === 'orders.total');
      expect(orders).toMatchObject({ kind: 'counter', prometheusName: 'orders_total', series: [{ attributes: {}, value: 100 }] });

      const summary = (await (await fetch(urlOf(runtime, '/metrics/summary'))).json()) as MetricsSummary;
      const row = summary.top.find((r) => r.name === 'checkout.seconds')!;
      expect(row.attributes).toEqual({});
      expect(row.errorRatio).toBeCloseTo(0.1, 9);
      expect(row.unit).toBe('s');
      expect(row.ratePerSecond).toBeGreaterThan(0);
      // The busiest series' window percentiles (the successes: 0.11 to 0.199 s).
      expect(Math.abs(row.p50! - 0.155)).toBeLessThanOrEqual(0.02 * 0.155);
      // What the endpoint serves is what the runtime reads in-process.
      expect(runtime.summary().top.find((r) => r.name === 'checkout.seconds')!.p99).toBe(row.p99);
    });
  }

  it('when switched off keeps no read-out: 404 for its paths, empty reads, the export unchanged', async () => {
    const runtime = await start({ readout: false });
    const adHoc = new AdHocMetrics(runtime);
    adHoc.increment('jobs');
    expect((await fetch(urlOf(runtime, '/metrics/snapshot'))).status).toBe(404);
    expect((await fetch(urlOf(runtime, '/metrics/summary'))).status).toBe(404);
    const scrape = await fetch(runtime.prometheusUrl!);
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toMatch(/^jobs_total 1$/m);
    expect(runtime.snapshot().metrics).toEqual([]);
    expect(runtime.summary().top).toEqual([]);
    expect(adHoc.getCounter('jobs')).toBeUndefined();
  });

  it('applies the endpoint access control to the read-out paths', async () => {
    const runtime = await start({ authToken: 'read-out-token' });
    const anonymous = await fetch(urlOf(runtime, '/metrics/snapshot'));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toBe('');
    expect((await fetch(urlOf(runtime, '/metrics/summary'))).status).toBe(401);
    const allowed = await fetch(urlOf(runtime, '/metrics/summary'), { headers: { authorization: 'Bearer read-out-token' } });
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as MetricsSummary).top).toEqual([]);
  });

  it('takes the read-out paths in METRICS_AUTH_PATHS', async () => {
    const runtime = await start({ authToken: 'read-out-token', authPaths: ['/metrics/snapshot'] });
    expect((await fetch(urlOf(runtime, '/metrics/snapshot'))).status).toBe(401);
    expect((await fetch(urlOf(runtime, '/metrics/summary'))).status).toBe(200);
    expect((await fetch(runtime.prometheusUrl!)).status).toBe(200);
  });

  it('answers a scrape while a large snapshot is being built', async () => {
    const runtime = await start({ cardinalityLimit: 20_000 });
    const spec = histogram({ name: 'big.duration', unit: 's', description: 'Many series', attributes: ['id'], buckets: 'long' });
    class Big extends BaseMetrics {
      readonly h = this.histogram(spec);
    }
    const big = new Big(runtime);
    for (let id = 0; id < 15_000; id++) for (let i = 0; i < 3; i++) big.h.record(0.001 * (1 + i + (id % 100)), { id });
    const order: string[] = [];
    const snapshot = fetch(urlOf(runtime, '/metrics/snapshot')).then(async (r) => {
      const body = (await r.json()) as MetricsSnapshot;
      order.push('snapshot');
      return body;
    });
    // Sent once the snapshot request is being served.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const scrape = fetch(runtime.prometheusUrl!).then(async (r) => {
      await r.text();
      order.push('scrape');
      return r.status;
    });
    const probe = fetch(urlOf(runtime, '/health')).then((r) => {
      order.push('probe');
      return r.status;
    });
    const [body, status, probeStatus] = await Promise.all([snapshot, scrape, probe]);
    expect([status, probeStatus]).toEqual([200, 200]);
    // The probe, sent while the snapshot was being built, was answered before the snapshot.
    expect(order.indexOf('probe')).toBeLessThan(order.indexOf('snapshot'));
    expect(body.metrics.find((m) => m.name === 'big.duration')!.series).toHaveLength(15_000);
    expect(order).toContain('scrape');
  }, 60_000);
});
