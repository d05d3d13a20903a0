// The domain classes on a NodeSDK the user configures: created before sdk.start(), recorded on
// the fast path, exported by the user's own reader with the catalog's names and buckets even
// when a wildcard View would replace them, in the reader's temporality.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { metrics as metricsApi } from '@opentelemetry/api';
import { AggregationTemporalityPreference, OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { describe, expect, it, vi } from 'vitest';
import { BaseMetrics } from '../../src/core/BaseMetrics.js';
import { BUCKET_SETS } from '../../src/core/buckets.js';
import { histogram } from '../../src/core/MetricSpec.js';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import { createMetricsBridge } from '../../src/runtime/MetricsBridge.js';
import { TestReader } from '../support/collect.js';
import { attributesOf, findMetric, numberValue, startOtlpReceiver, type OtlpReceiver } from '../support/otlpReceiver.js';
import { exampleAsReadme, readmeBlocks } from '../support/readmeExamples.js';
import { cleanupAfterEach } from '../support/testKit.js';

const cleanups = cleanupAfterEach();

async function sdkWithBridge(receiver: OtlpReceiver, temporality: 'cumulative' | 'delta') {
  const bridge = createMetricsBridge({ env: {} });
  const exporter = new OTLPMetricExporter({
    url: `${receiver.url}/v1/metrics`,
    temporalityPreference: temporality === 'delta' ? AggregationTemporalityPreference.DELTA : AggregationTemporalityPreference.CUMULATIVE,
  });
  const reader = bridge.reader((metricProducers) => new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000, metricProducers }));
  // Domain objects made before the SDK starts.
  const metrics = new DomainMetrics(bridge);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.instance.id': 'checkout-1' }),
    metricReaders: [reader],
    // A user's wildcard View: it would replace the catalog buckets of SDK instruments.
    views: [{ instrumentName: '*', aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [1, 2, 3] } } }],
    autoDetectResources: false,
    instrumentations: [],
  });
  return { bridge, metrics, sdk, reader };
}

describe.each(['cumulative', 'delta'] as const)('createMetricsBridge with NodeSDK (%s)', (temporality) => {
  it('exports what domain objects made before sdk.start() recorded, with catalog names and buckets despite a wildcard View', async () => {
    const receiver = await startOtlpReceiver();
    cleanups.push(() => receiver.close());
    const { metrics, sdk, reader } = await sdkWithBridge(receiver, temporality);
    expect(metrics.execution.enabled).toBe(true);
    metrics.execution.recordExecution({ status: 'completed', langAndVersion: 'go-1.22', durationSeconds: 0.07 });
    sdk.start();
    cleanups.push(() => sdk.shutdown());
    metrics.execution.recordExecution({ status: 'failed', langAndVersion: 'go-1.22', durationSeconds: 7 });
    metrics.dlq.deadLettered({ topic: 'orders', reason: 'validation_failed' });
    await reader.forceFlush();
    metrics.dlq.deadLettered({ topic: 'orders', reason: 'validation_failed' });
    await reader.forceFlush();

    expect(receiver.requests.length).toBeGreaterThanOrEqual(2);
    const first = receiver.requests[0]!;
    const last = receiver.requests[receiver.requests.length - 1]!;
    expect(attributesOf(first.resourceMetrics[0]!.resource.attributes)).toMatchObject({ 'service.name': 'checkout', 'service.instance.id': 'checkout-1' });
    const duration = findMetric(first, 'script.execution.duration');
    expect(duration.unit).toBe('s');
    expect(duration.histogram!.dataPoints[0]!.explicitBounds).toEqual([...BUCKET_SETS.long]);
    expect(duration.histogram!.dataPoints.map((p) => Number(p.count)).reduce((a, b) => a + b, 0)).toBe(2);
    expect(duration.histogram!.aggregationTemporality).toBe(temporality === 'delta' ? 1 : 2);
    const dlq = findMetric(last, 'dlq.messages.total');
    expect(numberValue(dlq.sum!.dataPoints[0]!)).toBe(temporality === 'delta' ? 1 : 2);
  });
});

describe('createMetricsBridge and the catalog', () => {
  it("refuses a declaration of a catalog name that disagrees with the catalog, so the library's own class records", async () => {
    const bridge = createMetricsBridge({ env: { METRICS_DIAGNOSTICS: 'silent' } });
    const reader = bridge.reader((metricProducers) => new TestReader(AggregationTemporality.CUMULATIVE, metricProducers));
    const provider = new MeterProvider({ readers: [reader] });
    cleanups.push(() => provider.shutdown());
    const mine = histogram({ name: 'script.execution.duration', unit: 's', description: 'Mine', attributes: ['lang_and_version'], buckets: 'request' });
    class Mine extends BaseMetrics {
      readonly duration = this.histogram(mine);
    }
    new Mine(bridge).duration.record(0.2, { lang_and_version: 'mine' });
    new ExecutionMetrics(bridge).recordExecution({ status: 'completed', langAndVersion: 'py', durationSeconds: 2 });
    const exported = await reader.snapshot();
    expect(exported.attributeSets('script.execution.duration')).toEqual([{ lang_and_version: 'py' }]);
    expect(exported.histogram('script.execution.duration', { lang_and_version: 'py' }).boundaries).toEqual([...BUCKET_SETS.long]);
  });
});

describe('domain classes on an unusable provider', () => {
  it("say so instead of claiming to record: the API's global no-op provider before an SDK is registered", () => {
    metricsApi.disable(); // no SDK registered, as at the top of a service's entry file
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    cleanups.push(() => warn.mockRestore());
    const execution = new ExecutionMetrics({ meterProvider: metricsApi.getMeterProvider() });
    expect(execution.enabled).toBe(false);
    const lines = warn.mock.calls.map((call) => String(call[0]));
    expect(lines.some((w) => w.includes('no-op provider') && w.includes('createMetricsBridge'))).toBe(true);
  });

  it('validate the bridge settings like startMetrics does', () => {
    expect(() => createMetricsBridge({ env: {}, cardinalityLimit: 1 })).toThrow(/options\.cardinalityLimit/);
    expect(() => createMetricsBridge({ env: { METRICS_CARDINALITY_LIMIT: 'lots' } })).toThrow(/METRICS_CARDINALITY_LIMIT/);
  });
});

describe('the README example "Already using NodeSDK"', () => {
  it('is the compiled examples/nodesdk/main.ts, and run as a process it exports its recordings with an instance id', async () => {
    expect(readmeBlocks('## Already using NodeSDK')).toEqual([exampleAsReadme('examples/nodesdk/main.ts')]);
    const receiver = await startOtlpReceiver();
    cleanups.push(() => receiver.close());
    const script = fileURLToPath(new URL('../../examples/nodesdk/main.ts', import.meta.url));
    await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      timeout: 30_000,
      env: { ...process.env, OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${receiver.url}/v1/metrics`, OTEL_SERVICE_NAME: 'example', OTEL_METRICS_EXPORTER: 'none' },
    });
    await receiver.waitForRequests(1);
    const request = receiver.requests[receiver.requests.length - 1]!;
    const resource = attributesOf(request.resourceMetrics[0]!.resource.attributes);
    expect(resource['service.name']).toBe('example');
    expect(String(resource['service.instance.id'])).toMatch(/^[0-9a-f-]{36}$/);
    const dlq = findMetric(request, 'dlq.messages.total');
    expect(attributesOf(dlq.sum!.dataPoints[0]!.attributes)).toEqual({ topic: 'orders', reason: 'validation_failed' });
    expect(numberValue(dlq.sum!.dataPoints[0]!)).toBe(1);
  });
});
