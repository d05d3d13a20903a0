// The health routes of the runtime's endpoint: on by default beside /metrics, switchable, with
// configurable paths; 200/503 with a health+json body; one check run for a burst of probes; and
// readiness failing at shutdown before the final flush leaves.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { HealthBody } from '../../src/health/healthBody.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics, type StartMetricsOptions } from '../../src/runtime/startMetrics.js';
import { startOtlpReceiver } from '../support/otlpReceiver.js';
import { cleanupAfterEach } from '../support/testKit.js';

const cleanups = cleanupAfterEach();

async function start(options: StartMetricsOptions = {}): Promise<MetricsRuntime> {
  const runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, ...options });
  cleanups.push(() => runtime.shutdown());
  return runtime;
}

function urlOf(runtime: MetricsRuntime, path: string): string {
  return runtime.prometheusUrl!.replace(/\/metrics$/, path);
}

async function probe(runtime: MetricsRuntime, path: string): Promise<{ status: number; type: string | null; cache: string | null; body: HealthBody }> {
  const response = await fetch(urlOf(runtime, path));
  return { status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control'), body: (await response.json()) as HealthBody };
}

describe('health endpoints of startMetrics()', () => {
  it('serves /health and /ready beside /metrics without more code', async () => {
    const runtime = await start();
    for (const [path, description] of [['/health', 'liveness'], ['/ready', 'readiness']] as const) {
      const answer = await probe(runtime, path);
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('application/health+json; charset=utf-8');
      expect(answer.cache).toBe('no-store');
      expect(answer.body).toEqual({ status: 'pass', description, checks: {} });
    }
    expect((await fetch(runtime.prometheusUrl!)).status).toBe(200);
  });

  it('answers 503 with the failing check, 200 with "warn" when only a non-critical check fails', async () => {
    const runtime = await start();
    let databaseUp = true;
    runtime.health.register({ name: 'database', scope: 'readiness', cacheMillis: 0, check: () => databaseUp });
    runtime.health.register({ name: 'search', critical: false, cacheMillis: 0, check: () => Promise.reject(new Error('index unavailable')) });

    const degraded = await probe(runtime, '/ready');
    expect(degraded.status).toBe(200);
    expect(degraded.body.status).toBe('warn');
    expect(degraded.body.checks['search']![0]).toMatchObject({ status: 'fail', critical: false, output: 'Error: index unavailable' });

    databaseUp = false;
    const down = await probe(runtime, '/ready');
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('fail');
    expect(down.body.checks['database']![0]).toMatchObject({ componentId: 'database', status: 'fail', critical: true, observedUnit: 'ms' });
    // Checks count for readiness unless scoped otherwise: liveness stays 200.
    const live = await probe(runtime, '/health');
    expect(live.status).toBe(200);
    expect(live.body.checks).toEqual({});
  });

  it('answers HEAD with the status and no body, and other methods with 405', async () => {
    const runtime = await start();
    runtime.health.register({ name: 'broken', check: () => false });
    const head = await fetch(urlOf(runtime, '/ready'), { method: 'HEAD' });
    expect(head.status).toBe(503);
    expect(await head.text()).toBe('');
    const post = await fetch(urlOf(runtime, '/ready'), { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('serves the configured paths, from options or environment', async () => {
    const fromOptions = await start({ livenessPath: '/livez', readinessPath: '/readyz' });
    expect((await fetch(urlOf(fromOptions, '/livez'))).status).toBe(200);
    expect((await fetch(urlOf(fromOptions, '/readyz'))).status).toBe(200);
    expect((await fetch(urlOf(fromOptions, '/health'))).status).toBe(404);
    const fromEnv = await start({ env: { METRICS_READINESS_PATH: '/internal/ready' } });
    expect((await probe(fromEnv, '/internal/ready')).body.description).toBe('readiness');
  });

  it('leaves them out with healthEndpoints: false (or METRICS_HEALTH_ENDPOINTS=false), while checks still run on demand', async () => {
    for (const runtime of [await start({ healthEndpoints: false }), await start({ env: { METRICS_HEALTH_ENDPOINTS: 'false' } })]) {
      expect((await fetch(urlOf(runtime, '/health'))).status).toBe(404);
      expect((await fetch(urlOf(runtime, '/ready'))).status).toBe(404);
      expect((await fetch(runtime.prometheusUrl!)).status).toBe(200);
      runtime.health.register({ name: 'db', check: () => false });
      expect((await runtime.health.evaluate('readiness')).httpStatus).toBe(503);
    }
  });

  it('gives a health registry even when telemetry is off, for a handler mounted elsewhere', async () => {
    const runtime = await start({ enabled: false });
    runtime.health.register({ name: 'db', check: () => 'degraded' as const });
    expect(await runtime.health.evaluate('readiness')).toMatchObject({ status: 'degraded', httpStatus: 200 });
  });

  it('runs a check once for 100 concurrent GET /ready, and again only after its cache period', async () => {
    const runtime = await start();
    let runs = 0;
    runtime.health.register({
      name: 'database',
      cacheMillis: 300,
      check: async () => {
        runs++;
        await sleep(30);
      },
    });
    const burst = async () => Promise.all(Array.from({ length: 100 }, () => fetch(urlOf(runtime, '/ready')).then((r) => r.status)));
    expect(await burst()).toEqual(Array.from({ length: 100 }, () => 200));
    expect(runs).toBe(1);
    await sleep(350);
    await burst();
    expect(runs).toBe(2);
  });

  it('records the runs behind the probes as health metrics on /metrics', async () => {
    const runtime = await start();
    runtime.health.register({ name: 'redis', cacheMillis: 60_000, check: () => false });
    await Promise.all(Array.from({ length: 5 }, () => fetch(urlOf(runtime, '/ready'))));
    const text = await (await fetch(runtime.prometheusUrl!)).text();
    expect(text).toMatch(/^health_checks_total\{.*service="redis".*status="unhealthy".*\} 1$/m);
    expect(text).toMatch(/^health_dependencies_status\{.*dependency="redis".*\} 0$/m);
  });
});

describe('readiness at shutdown', () => {
  it('turns 503 before the final flush reaches the collector, and the endpoint closes after it', async () => {
    const otlp = await startOtlpReceiver();
    cleanups.push(() => otlp.close());
    const runtime = await startMetrics({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_METRIC_EXPORT_INTERVAL: '60000' },
      prometheusHost: '127.0.0.1',
      prometheusPort: 0,
    });
    cleanups.push(() => runtime.shutdown());
    const readyUrl = urlOf(runtime, '/ready');
    expect((await fetch(readyUrl)).status).toBe(200);
    // A collection that takes a while, so that the final flush leaves well after shutdown() starts.
    runtime.meterProvider
      .getMeter('test')
      .createObservableGauge('slow.collection')
      .addCallback(async (result) => {
        await sleep(300);
        result.observe(1);
      });

    let readinessWhenFlushArrived: number | undefined;
    let flushArrivedAt = Number.POSITIVE_INFINITY;
    const flushed = otlp.waitForRequests(1).then(async () => {
      flushArrivedAt = performance.now();
      readinessWhenFlushArrived = (await runtime.health.evaluate('readiness')).httpStatus;
    });

    const shutdownStartedAt = performance.now();
    const stopped = runtime.shutdown();
    const during = await fetch(readyUrl);
    const answeredAt = performance.now();
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ status: 'fail', description: 'readiness', output: 'shutting down', checks: {} });
    // Liveness is not part of draining.
    expect((await fetch(urlOf(runtime, '/health'))).status).toBe(200);

    await flushed;
    await stopped;
    expect(answeredAt).toBeLessThan(flushArrivedAt);
    expect(flushArrivedAt - shutdownStartedAt).toBeGreaterThanOrEqual(250);
    expect(readinessWhenFlushArrived).toBe(503);
    expect(otlp.requests).toHaveLength(1);
    await expect(fetch(readyUrl)).rejects.toThrow();
  });
});
