// Process and runtime metrics from the contrib packages: on by default on both export paths and
// both recording paths, absent when switched off, and a package that cannot load costs one
// warning, not the start.
import { metrics as metricsApi } from '@opentelemetry/api';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { describe, expect, it, vi } from 'vitest';
import { DiagnosticsSink } from '../../src/core/DiagnosticsSink.js';
import { prometheusName } from '../../src/naming/prometheusNames.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { HOST_METRICS_PACKAGE, RUNTIME_NODE_PACKAGE, runtimeMetricSpecs, runtimeMetricViews } from '../../src/runtime/runtimeMetricNames.js';
import { DEFAULT_LOADERS, startRuntimeMetrics } from '../../src/runtime/runtimeMetrics.js';
import { startMetrics, type StartMetricsOptions } from '../../src/runtime/startMetrics.js';
import { testProvider } from '../support/collect.js';
import { captureDiag } from '../support/diagnostics.js';
import { metricsOf, numberValue, startOtlpReceiver, type OtlpExportRequest, type OtlpReceiver } from '../support/otlpReceiver.js';
import { cleanupAfterEach, sampleValues } from '../support/testKit.js';

const cleanups = cleanupAfterEach(() => metricsApi.disable());

async function receiver(): Promise<OtlpReceiver> {
  const r = await startOtlpReceiver();
  cleanups.push(() => r.close());
  return r;
}

/** Starts with both exporters: the Prometheus endpoint and OTLP to a loopback receiver. */
async function start(otlp: OtlpReceiver, options: StartMetricsOptions = {}, env: Record<string, string> = {}): Promise<MetricsRuntime> {
  const runtime = await startMetrics({
    env: { OTEL_METRICS_EXPORTER: 'prometheus,otlp', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_METRIC_EXPORT_INTERVAL: '60000', ...env },
    prometheusHost: '127.0.0.1',
    prometheusPort: 0,
    ...options,
  });
  cleanups.push(() => runtime.shutdown());
  return runtime;
}

/**
 * Keeps the event loop busy and the young generation churning for ~150 ms, in timer turns: the
 * delay monitor needs several samples, utilization needs work, and garbage gets collected.
 */
async function work(): Promise<void> {
  let keep = 0;
  for (let turn = 0; turn < 15; turn++) {
    const until = performance.now() + 5;
    while (performance.now() < until) keep += new Array(1000).fill(turn).length;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(keep).toBeGreaterThan(0);
}

function otlpValues(request: OtlpExportRequest, name: string): number[] {
  return metricsOf(request)
    .filter((m) => m.name === name)
    .flatMap((m) => [...(m.sum?.dataPoints ?? []), ...(m.gauge?.dataPoints ?? [])].map(numberValue));
}

const RUNTIME_PREFIX = /^(nodejs|v8js|process|system)_/m;
const runtimeNames = new Set(runtimeMetricSpecs().map((spec) => spec.name));

describe.each([
  ['fast path', true],
  ['SDK path', false],
])('process and runtime metrics (%s)', (_label, fastPath) => {
  it('are on by default: every one the packages define is on /metrics and in the OTLP push, with non-zero event-loop and heap values', async () => {
    const otlp = await receiver();
    const runtime = await start(otlp, { fastPath });
    expect(runtime.config.runtimeMetrics).toBe(true);
    await work();

    const body = await (await fetch(runtime.prometheusUrl!)).text();
    for (const spec of runtimeMetricSpecs()) {
      const family = prometheusName(spec);
      const series = spec.kind === 'histogram' ? sampleValues(body, `${family}_count`) : sampleValues(body, family);
      expect(series.length, `${family} on /metrics`).toBeGreaterThan(0);
    }
    expect(Math.max(...sampleValues(body, 'nodejs_eventloop_utilization'))).toBeGreaterThan(0);
    expect(Math.max(...sampleValues(body, 'nodejs_eventloop_delay_p99'))).toBeGreaterThan(0);
    expect(sampleValues(body, 'nodejs_eventloop_time_total').reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(sampleValues(body, 'v8js_memory_heap_used').reduce((a, b) => a + b, 0)).toBeGreaterThan(1e6);
    expect(sampleValues(body, 'process_cpu_time_total').reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(sampleValues(body, 'process_memory_usage')[0]).toBeGreaterThan(1e6);
    // The packages' own names and the counter renames, nothing hand-written beside them.
    expect(body).toMatch(/^# TYPE nodejs_eventloop_time_total counter$/m);
    expect(body).toMatch(/^# TYPE v8js_gc_duration histogram$/m);
    expect(body).not.toMatch(/_total_total/);

    await work();
    await runtime.forceFlush();
    await otlp.waitForRequests(1);
    const push = otlp.requests.at(-1)!;
    const pushed = new Set(metricsOf(push).map((m) => m.name));
    expect([...runtimeNames].filter((n) => !pushed.has(n))).toEqual([]);
    const scopes = push.resourceMetrics.flatMap((r) => r.scopeMetrics.map((s) => s.scope.name));
    expect(scopes).toEqual(expect.arrayContaining([RUNTIME_NODE_PACKAGE, HOST_METRICS_PACKAGE]));
    expect(Math.max(...otlpValues(push, 'nodejs.eventloop.delay.max'))).toBeGreaterThan(0);
    expect(otlpValues(push, 'v8js.memory.heap.used').reduce((a, b) => a + b, 0)).toBeGreaterThan(1e6);
    expect(otlpValues(push, 'nodejs.eventloop.time.total').reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const gc = metricsOf(push).find((m) => m.name === 'v8js.gc.duration')!;
    expect(gc.histogram!.dataPoints.reduce((n, p) => n + Number(p.count), 0)).toBeGreaterThan(0);
  });

  it.each([
    ['runtimeMetrics: false', { runtimeMetrics: false }, {}],
    ['METRICS_RUNTIME_METRICS=false', {}, { METRICS_RUNTIME_METRICS: 'false' }],
  ] as const)('are absent with %s, on /metrics and in the OTLP push', async (_how, options, env) => {
    const otlp = await receiver();
    const runtime = await start(otlp, { fastPath, ...options }, env);
    expect(runtime.config.runtimeMetrics).toBe(false);
    // Something to push: a reader sends no empty export.
    runtime.meterProvider.getMeter('app').createCounter('jobs.done.total').add(1);
    await work();
    const body = await (await fetch(runtime.prometheusUrl!)).text();
    expect(body).toMatch(/^target_info\{/m);
    expect(body.match(RUNTIME_PREFIX)).toBeNull();
    await runtime.forceFlush();
    await otlp.waitForRequests(1);
    expect(otlp.requests.flatMap((r) => metricsOf(r).map((m) => m.name)).filter((n) => runtimeNames.has(n))).toEqual([]);
  });
});

describe('startRuntimeMetrics', () => {
  it("records nothing on the application's global MeterProvider, neither while running nor after shutdown", async () => {
    // The application's own SDK, registered globally before the runtime starts.
    const { meterProvider: appProvider, reader: appReader } = testProvider();
    metricsApi.setGlobalMeterProvider(appProvider);
    const runtimeProvider = testProvider({ views: runtimeMetricViews() });
    const runtime = await startRuntimeMetrics(runtimeProvider.meterProvider);
    cleanups.push(() => runtime.stop());
    expect(runtime.started).toEqual([RUNTIME_NODE_PACKAGE, HOST_METRICS_PACKAGE]);
    await work();
    expect((await runtimeProvider.reader.snapshot()).value('process.memory.usage')).toBeGreaterThan(1e6);
    const withData = async () => (await appReader.snapshot()).metrics.filter((m) => m.dataPoints.length > 0).map((m) => m.descriptor.name);
    expect(await withData()).toEqual([]);
    runtime.stop();
    expect(await withData()).toEqual([]);
  });

  it("leaves the application's global MeterProvider alone when started by startMetrics()", async () => {
    const { meterProvider: appProvider, reader: appReader } = testProvider();
    metricsApi.setGlobalMeterProvider(appProvider);
    const runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0 });
    let stopped = false;
    cleanups.push(() => (stopped ? undefined : runtime.shutdown()));
    await work();
    expect(sampleValues(await (await fetch(runtime.prometheusUrl!)).text(), 'process_memory_usage')[0]).toBeGreaterThan(1e6);
    expect((await appReader.snapshot()).metrics.filter((m) => m.dataPoints.length > 0)).toEqual([]);
    await runtime.shutdown();
    stopped = true;
    expect((await appReader.snapshot()).metrics.filter((m) => m.dataPoints.length > 0)).toEqual([]);
  });

  it('starts what loads when a package is missing, with one warning naming it and the way to turn the metrics off', async () => {
    const { meterProvider, reader } = testProvider({ views: runtimeMetricViews() });
    const diag = captureDiag();
    cleanups.push(diag.restore);
    const missing = Object.assign(new Error(`Cannot find package '${RUNTIME_NODE_PACKAGE}' imported from /srv/app`), { code: 'ERR_MODULE_NOT_FOUND' });
    const runtime = await startRuntimeMetrics(meterProvider, { runtimeNode: () => Promise.reject(missing), hostMetrics: DEFAULT_LOADERS.hostMetrics });
    cleanups.push(() => runtime.stop());

    expect(runtime.started).toEqual([HOST_METRICS_PACKAGE]);
    expect(diag.warnings).toHaveLength(1);
    expect(diag.warnings[0]).toContain(`cannot load ${RUNTIME_NODE_PACKAGE} (ERR_MODULE_NOT_FOUND: Cannot find package`);
    expect(diag.warnings[0]).toContain('METRICS_RUNTIME_METRICS=false');
    const snapshot = await reader.snapshot();
    expect(snapshot.value('process.memory.usage')).toBeGreaterThan(1e6);
    expect(snapshot.has('nodejs.eventloop.utilization')).toBe(false);
  });

  it('reports a package that throws while loading (a version for another Node.js line) and one that loads without the export, in the same warning', async () => {
    const { meterProvider } = testProvider();
    const diag = captureDiag();
    cleanups.push(diag.restore);
    const runtime = await startRuntimeMetrics(meterProvider, {
      runtimeNode: () => {
        throw new SyntaxError('Unexpected token {\n    at compileFunction');
      },
      hostMetrics: () => Promise.reject(new TypeError('it has no export HostMetricsInstrumentation')),
    });
    expect(runtime.started).toEqual([]);
    expect(diag.warnings).toEqual([expect.stringContaining(`${RUNTIME_NODE_PACKAGE} (SyntaxError: Unexpected token {), ${HOST_METRICS_PACKAGE} (TypeError: it has no export`)]);
    expect(() => runtime.stop()).not.toThrow();
  });

  it('a runtime whose packages cannot load still starts and serves its other metrics', async () => {
    const diag = captureDiag();
    cleanups.push(diag.restore);
    // What startMetrics does with a failing loader: nothing thrown into start-up.
    const { meterProvider, reader } = testProvider();
    meterProvider.getMeter('app').createCounter('jobs.done.total').add(2);
    const runtime = await startRuntimeMetrics(meterProvider, {
      runtimeNode: () => Promise.reject(new Error('boom')),
      hostMetrics: () => Promise.reject(new Error('boom')),
    });
    expect(runtime.started).toEqual([]);
    expect((await reader.snapshot()).value('jobs.done.total')).toBe(2);
    expect(diag.warnings).toHaveLength(1);
  });

  it("writes the warning for packages that cannot load to the console by default, where it is seen without a diag logger, and follows the runtime's diagnostics setting", async () => {
    const lines: unknown[][] = [];
    const spy = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void lines.push(args));
    cleanups.push(() => spy.mockRestore());
    const { meterProvider } = testProvider();
    const failing = { runtimeNode: () => Promise.reject(new Error('Cannot find package')), hostMetrics: () => Promise.reject(new Error('Cannot find package')) };
    await startRuntimeMetrics(meterProvider, failing);
    expect(lines).toHaveLength(1);
    expect(lines[0]![0]).toMatch(new RegExp(`^otel-domain-metrics: process and runtime metrics: cannot load ${RUNTIME_NODE_PACKAGE} \\(Error: Cannot find package\\), ${HOST_METRICS_PACKAGE}`));
    // The sink startMetrics passes: silent writes nothing, console one more line.
    await startRuntimeMetrics(meterProvider, failing, new DiagnosticsSink('silent'));
    expect(lines).toHaveLength(1);
    await startRuntimeMetrics(meterProvider, failing, new DiagnosticsSink('console'));
    expect(lines).toHaveLength(2);
  });

  it('stops recording at stop(): no runtime data points are collected afterwards', async () => {
    // Delta: a cumulative reader would repeat the last observations of a silent callback.
    const { meterProvider, reader } = testProvider({ views: runtimeMetricViews(), temporality: AggregationTemporality.DELTA });
    const runtime = await startRuntimeMetrics(meterProvider);
    expect(runtime.started).toEqual([RUNTIME_NODE_PACKAGE, HOST_METRICS_PACKAGE]);
    await work();
    const before = await reader.snapshot();
    expect(before.value('process.memory.usage')).toBeGreaterThan(1e6);
    expect(before.value('nodejs.eventloop.time.total', { 'nodejs.eventloop.state': 'active' })).toBeGreaterThan(0);
    runtime.stop();
    runtime.stop();
    await work();
    const after = await reader.snapshot();
    for (const name of ['process.memory.usage', 'nodejs.eventloop.utilization', 'v8js.memory.heap.used', 'system.cpu.utilization']) expect(after.has(name), name).toBe(false);
  });
});
