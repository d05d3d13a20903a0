// Per-record cost, side by side: a plain field add (the physical limit), the raw OpenTelemetry
// SDK, prom-client, and the domain API on its fast path and on the plain-SDK fallback.
import { createNoopMeter } from '@opentelemetry/api';
import client from 'prom-client';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { createMetricsBridge, ExecutionMetrics, NOOP_METER_PROVIDER, type MetricsRuntime } from '../src/index.js';
import { BenchMetrics, benchRuntime, METHODS, ROUTES, STATUSES } from './fixtures.js';
import { measure } from './harness.js';

export interface RecordingResult {
  readonly group: string;
  readonly name: string;
  readonly nsPerOp: number;
}

const latencyOf = (i: number) => (i % 97) * 0.11;

export async function runRecordingBenchmarks(): Promise<{ results: RecordingResult[]; runtimes: MetricsRuntime[] }> {
  const fastRuntime = await benchRuntime(true);
  const sdkRuntime = await benchRuntime(false);
  const fast = new BenchMetrics(fastRuntime);
  const fallback = new BenchMetrics(sdkRuntime);
  const disabled = new BenchMetrics({ meterProvider: NOOP_METER_PROVIDER });
  // A MeterProvider the user owns (as NodeSDK builds it), with the bridge's producer on its reader.
  const bridge = createMetricsBridge({ env: {}, diagnostics: 'silent' });
  const userReader = bridge.reader((metricProducers) => new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000, metricProducers }));
  const userProvider = new MeterProvider({ readers: [userReader] });
  const viaBridge = new BenchMetrics(bridge);
  const rawMeter = fastRuntime.meterProvider.getMeter('raw-sdk');
  const rawCounter = rawMeter.createCounter('raw.requests.total');
  const rawHistogram = rawMeter.createHistogram('raw.latency', { advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] } });
  const noopCounter = createNoopMeter().createCounter('noop.requests.total');

  const registry = new client.Registry();
  const promCounter = new client.Counter({ name: 'prom_requests_total', help: 'Requests', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const promHistogram = new client.Histogram({
    name: 'prom_latency_seconds',
    help: 'Latency',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    registers: [registry],
  });

  const executionFast = new ExecutionMetrics(fastRuntime);
  const executionSdk = new ExecutionMetrics(sdkRuntime);
  const executionDisabled = new ExecutionMetrics();

  const holder = { n: 0 };
  const cases: [string, string, (i: number) => void][] = [
    ['counter, 3 attributes', 'plain field add', (i) => (holder.n += i & 1)],
    ['counter, 3 attributes', 'raw SDK counter.add', (i) => rawCounter.add(1, { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] })],
    ['counter, 3 attributes', 'prom-client counter.inc', (i) => promCounter.inc({ route: ROUTES[i & 3]!, method: METHODS[i & 1]!, status: STATUSES[i % 3]! }, 1)],
    ['counter, 3 attributes', 'domain counter (fast path)', (i) => fast.requests.add(1, { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] })],
    ['counter, 3 attributes', 'domain counter (your SDK, bridge)', (i) => viaBridge.requests.add(1, { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] })],
    ['counter, 3 attributes', 'domain counter (SDK fallback)', (i) => fallback.requests.add(1, { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] })],
    ['histogram, 3 attributes', 'raw SDK histogram.record', (i) => rawHistogram.record(latencyOf(i), { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] })],
    ['histogram, 3 attributes', 'prom-client histogram.observe', (i) => promHistogram.observe({ route: ROUTES[i & 3]!, method: METHODS[i & 1]!, status: STATUSES[i % 3]! }, latencyOf(i))],
    ['histogram, 3 attributes', 'domain histogram (fast path)', (i) => fast.latency.record(latencyOf(i), { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] })],
    ['histogram, 3 attributes', 'domain histogram (your SDK, bridge)', (i) => viaBridge.latency.record(latencyOf(i), { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] })],
    ['histogram, 3 attributes', 'domain histogram (SDK fallback)', (i) => fallback.latency.record(latencyOf(i), { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] })],
    ['disabled', 'raw API no-op counter.add', (i) => noopCounter.add(1, { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] })],
    ['disabled', 'domain counter, disabled', (i) => disabled.requests.add(1, { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] })],
    ['disabled', 'domain histogram, disabled', (i) => disabled.latency.record(latencyOf(i), { route: ROUTES[i & 3], method: METHODS[i & 1], status: STATUSES[i % 3] })],
    ['disabled', 'recordExecution, disabled', (i) => executionDisabled.recordExecution({ status: 'completed', langAndVersion: ROUTES[i & 3]!, durationSeconds: latencyOf(i) })],
    ['domain method', 'recordExecution (fast path)', (i) => executionFast.recordExecution({ status: 'completed', langAndVersion: ROUTES[i & 3]!, durationSeconds: latencyOf(i), memoryMiB: 64 })],
    ['domain method', 'recordExecution (SDK fallback)', (i) => executionSdk.recordExecution({ status: 'completed', langAndVersion: ROUTES[i & 3]!, durationSeconds: latencyOf(i), memoryMiB: 64 })],
  ];

  // Every case runs once before any is measured: the domain classes share their recording code,
  // and in a service many instances use it, so no case gets the one-instance best case that a
  // case measured first alone would see.
  for (const [, , op] of cases) for (let i = 0; i < 200_000; i++) op(i);
  await fastRuntime.forceFlush();
  await userReader.collect();

  const results: RecordingResult[] = [];
  for (const [group, name, op] of cases) {
    results.push({ group, name, nsPerOp: measure(op).nsPerOp });
    // Collect between cases so that no case pays for another's accumulated state.
    await fastRuntime.forceFlush();
    await userReader.collect();
  }
  if (holder.n < 0) console.log(holder.n);
  await userProvider.shutdown();
  return { results, runtimes: [fastRuntime, sdkRuntime] };
}
