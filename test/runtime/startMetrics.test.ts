import { createServer } from 'node:http';
import { metrics as metricsApi } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { MetricsConfigError } from '../../src/config/MetricsConfigError.js';
import { BUCKET_SETS } from '../../src/core/buckets.js';
import { NOOP_METER_PROVIDER } from '../../src/core/noop.js';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import { AdHocMetrics } from '../../src/readout/AdHocMetrics.js';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import { OperationMetrics } from '../../src/domains/OperationMetrics.js';
import { BaseMetrics } from '../../src/core/BaseMetrics.js';
import { histogram } from '../../src/core/MetricSpec.js';
import { captureDiag } from '../support/diagnostics.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics, type StartMetricsOptions } from '../../src/runtime/startMetrics.js';
import { attributesOf, metricsOfAll, numberValue, startOtlpReceiver, type OtlpReceiver } from '../support/otlpReceiver.js';
import { freePort, isListening } from '../support/ports.js';
import { cleanupAfterEach } from '../support/testKit.js';

const cleanups = cleanupAfterEach(() => metricsApi.disable());

async function start(options: StartMetricsOptions = {}): Promise<MetricsRuntime> {
  const runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, ...options });
  cleanups.push(() => runtime.shutdown());
  return runtime;
}

async function receiver(): Promise<OtlpReceiver> {
  const r = await startOtlpReceiver();
  cleanups.push(() => r.close());
  return r;
}

async function scrape(runtime: MetricsRuntime): Promise<string> {
  const response = await fetch(runtime.prometheusUrl!);
  expect(response.status).toBe(200);
  return response.text();
}

describe('startMetrics', () => {
  it('serves the Prometheus endpoint with domain metrics, catalog buckets and the resource as target_info', async () => {
    const runtime = await start({ env: { TRACING_SERVICE_NAME: 'executor', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test' } });
    expect(runtime.enabled).toBe(true);
    expect(runtime.prometheusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    new ExecutionMetrics(runtime).recordExecution({ status: 'completed', langAndVersion: 'python-3.11', durationSeconds: 42 });

    const text = await scrape(runtime);
    expect(text).toMatch(/^script_executions_total\{.*status="completed".*lang_and_version="python-3.11".*\} 1$/m);
    // 42 s lands in (30, 60]; the long bucket set reaches 3600.
    expect(text).toMatch(/^script_execution_duration_bucket\{.*le="30".*\} 0$/m);
    expect(text).toMatch(/^script_execution_duration_bucket\{.*le="60".*\} 1$/m);
    expect(text).toMatch(/^script_execution_duration_bucket\{.*le="3600".*\} 1$/m);
    expect(text).toMatch(/^target_info\{.*service_name="executor".*\} 1$/m);
    expect(text).toMatch(/deployment_environment_name="test"/);
    expect(text).toMatch(new RegExp(`service_instance_id="${runtime.resourceAttributes['service.instance.id']}"`));
    expect((await fetch(runtime.prometheusUrl!.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('gives every process its own service.instance.id, unless one is configured', async () => {
    const a = await start();
    const b = await start();
    const idA = a.resourceAttributes['service.instance.id'];
    expect(idA).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.resourceAttributes['service.instance.id']).not.toBe(idA);
    const fixed = await start({ env: { OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=pod-7' }, serviceVersion: '2.0.0' });
    expect(fixed.resourceAttributes).toMatchObject({ 'service.instance.id': 'pod-7', 'service.version': '2.0.0' });
  });

  it('applies catalog bucket views to catalog histograms created without advice', async () => {
    const runtime = await start();
    const h = runtime.meterProvider.getMeter('plain').createHistogram('coordinator.scheduling.duration');
    h.record(0.0003);
    const text = await scrape(runtime);
    const les = [...text.matchAll(/^coordinator_scheduling_duration_bucket\{[^}]*le="([^"]+)"/gm)].map((m) => m[1]);
    expect(les).toEqual([...BUCKET_SETS.fast.map(String), '+Inf']);
  });

  it('caps series per metric at the cardinality limit, folding the rest into the overflow series', async () => {
    const runtime = await start({ cardinalityLimit: 5 });
    const m = new ExecutionMetrics(runtime);
    for (let i = 0; i < 50; i++) m.errorOccurred({ error: `Error${i}` });
    const text = await scrape(runtime);
    const series = text.split('\n').filter((l) => l.startsWith('script_errors_total{'));
    expect(series).toHaveLength(5);
    const overflow = series.find((l) => l.includes('otel_metric_overflow="true"'));
    expect(overflow).toBeDefined();
    const total = series.reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    expect(total).toBe(50);
  });

  // The SDK caps every instrument without a view of its own at 2000 series: a limit configured
  // above that must still reach domain, ad-hoc and plain instruments, on both outputs.
  it.each([
    { name: 'fast path', fastPath: true },
    { name: 'SDK path', fastPath: false },
  ])('keeps a cardinality limit above 2000 on every output and every kind of instrument ($name)', async ({ fastPath }) => {
    const otlp = await receiver();
    const runtime = await start({
      fastPath,
      cardinalityLimit: 2600,
      env: { OTEL_METRICS_EXPORTER: 'prometheus,otlp', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_METRIC_EXPORT_INTERVAL: '600000' },
    });
    const domain = new ExecutionMetrics(runtime);
    const adhoc = new AdHocMetrics(runtime);
    const plain = runtime.meterProvider.getMeter('plain').createCounter('plain.jobs');
    const sets = 2500;
    for (let i = 0; i < sets; i++) {
      domain.errorOccurred({ error: `Error${i}` });
      adhoc.increment('adhoc.jobs', 1, { job: `j${i}` });
      plain.add(1, { job: `j${i}` });
    }

    const text = await scrape(runtime);
    for (const name of ['script_errors_total', 'adhoc_jobs_total', 'plain_jobs_total']) {
      const series = text.split('\n').filter((l) => l.startsWith(`${name}{`));
      expect(series, name).toHaveLength(sets);
      expect(series.filter((l) => l.includes('otel_metric_overflow')), name).toEqual([]);
    }

    await runtime.forceFlush();
    await otlp.waitForRequests(1);
    const pushed = metricsOfAll(otlp.requests);
    for (const name of ['script.errors.total', 'adhoc.jobs.total', 'plain.jobs']) {
      const points = pushed.filter((m) => m.name === name).flatMap((m) => m.sum!.dataPoints);
      expect(points, name).toHaveLength(sets);
      expect(points.filter((p) => 'otel.metric.overflow' in attributesOf(p.attributes)), name).toEqual([]);
      expect(points.reduce((sum, p) => sum + numberValue(p), 0), name).toBe(sets);
    }
  });

  // A catalog name keeps the catalog's definition on both paths (the SDK path's views fix its
  // buckets), even when an application's own class declares it first with other buckets.
  it.each([
    { name: 'fast path', fastPath: true },
    { name: 'SDK path', fastPath: false },
  ])('refuses a declaration of a catalog name that disagrees with the catalog ($name)', async ({ fastPath }) => {
    const diag = captureDiag();
    cleanups.push(diag.restore);
    const runtime = await start({ fastPath, diagnostics: 'diag' });
    const mine = histogram({ name: 'operation.duration', unit: 's', description: 'Mine', attributes: ['operation'], buckets: 'long' });
    class Mine extends BaseMetrics {
      readonly latency = this.histogram(mine);
    }
    new Mine({ meterProvider: runtime.meterProvider }).latency.record(20, { operation: 'mine' });
    new OperationMetrics(runtime).recordLatency({ operation: 'theirs', durationSeconds: 0.3 });

    const text = await scrape(runtime);
    const les = [...text.matchAll(/^operation_duration_bucket\{[^}]*operation="theirs"[^}]*le="([^"]+)"/gm)].map((m) => m[1]);
    expect(les).toEqual([...BUCKET_SETS.request.map(String), '+Inf']);
    expect(text).not.toMatch(/operation="mine"/);
    expect(diag.warnings.join('\n')).toContain('operation.duration: is already declared with another kind, unit or buckets; this declaration is refused and records nothing (declared as histogram in "s" on request buckets, refused as histogram in "s" on long buckets)');
  });

  it('is the no-op provider when disabled: no port, no timer, no socket, no request', async () => {
    const otlp = await receiver();
    const port = await freePort();
    const before = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
    for (const env of [
      { ENABLE_TRACING: 'false' },
      { OTEL_SDK_DISABLED: 'true' },
      { OTEL_METRICS_EXPORTER: 'none' },
    ]) {
      const runtime = await startMetrics({
        env: { ...env, METRICS_PORT: String(port), OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_METRIC_EXPORT_INTERVAL: '50', OTEL_METRIC_EXPORT_TIMEOUT: '50' },
      });
      expect(runtime.enabled).toBe(false);
      expect(runtime.meterProvider).toBe(NOOP_METER_PROVIDER);
      expect(runtime.prometheusUrl).toBeUndefined();
      const domains = new DomainMetrics(runtime);
      expect(domains.execution.enabled).toBe(false);
      domains.execution.recordExecution({ status: 'completed', langAndVersion: 'py', durationSeconds: 1 });
      expect(process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap')).toEqual(before);
      await runtime.forceFlush();
      await runtime.shutdown();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await isListening(port)).toBe(false);
    expect(otlp.requests).toHaveLength(0);
  });

  it('rejects with a clear error when the metrics port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    await expect(startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: port })).rejects.toThrow(
      new RegExp(`Cannot serve Prometheus metrics on 127\\.0\\.0\\.1:${port} \\(METRICS_HOST/METRICS_PORT\\): .*EADDRINUSE`),
    );
  });

  it('rejects invalid configuration before opening anything', async () => {
    const port = await freePort();
    const error = await startMetrics({ env: { METRICS_PORT: String(port), OTEL_METRIC_EXPORT_INTERVAL: 'soon', OTEL_METRICS_EXPORTER: 'statsd' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsConfigError);
    expect((error as MetricsConfigError).settings.sort()).toEqual(['OTEL_METRICS_EXPORTER', 'OTEL_METRIC_EXPORT_INTERVAL']);
    expect(await isListening(port)).toBe(false);
  });

  it('shuts down once: idempotent, closes the endpoint', async () => {
    const runtime = await start();
    const port = Number(new URL(runtime.prometheusUrl!).port);
    expect(await isListening(port)).toBe(true);
    const first = runtime.shutdown();
    expect(runtime.shutdown()).toBe(first);
    await first;
    await runtime.shutdown();
    expect(await isListening(port)).toBe(false);
  });

  it('bounds the shutdown wait when the collector never answers', async () => {
    const silent = createServer(() => {
      /* never responds */
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => {
      silent.close(() => resolve());
      silent.closeAllConnections();
    }));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const runtime = await start({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_METRICS_EXPORTER: 'otlp' },
      exportIntervalMillis: 60_000,
      exportTimeoutMillis: 500,
      shutdownTimeoutMillis: 1000,
    });
    new ExecutionMetrics(runtime).errorOccurred({ error: 'Boom' });
    const began = Date.now();
    await runtime.shutdown();
    expect(Date.now() - began).toBeLessThan(2500);
  });

  it('sets the global MeterProvider only when asked', async () => {
    const plain = await start();
    expect(metricsApi.getMeterProvider()).not.toBe(plain.meterProvider);
    const global = await start({ registerGlobal: true });
    metricsApi.getMeter('third-party').createCounter('third_party.calls.total').add(3);
    expect(await scrape(global)).toMatch(/^third_party_calls_total(\{.*\})? 3$/m);
  });
});
