// Pushes over OTLP/HTTP to a loopback receiver and checks what arrives, as a collector would see it.
import { describe, expect, it } from 'vitest';
import { BUCKET_SETS } from '../../src/core/buckets.js';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { expectExecutionsExported, pointWith } from '../support/executionExport.js';
import {
  attributesOf,
  findMetric,
  numberValue,
  startOtlpReceiver,
  type OtlpExportRequest,
  type OtlpReceiver,
} from '../support/otlpReceiver.js';
import { cleanupAfterEach } from '../support/testKit.js';

const cleanups = cleanupAfterEach();

async function receiver(): Promise<OtlpReceiver> {
  const r = await startOtlpReceiver();
  cleanups.push(() => r.close());
  return r;
}

function last(r: OtlpReceiver): OtlpExportRequest {
  return r.requests[r.requests.length - 1]!;
}

describe('OTLP/HTTP export', () => {
  it('delivers resource, names, units, bucket boundaries and values; headers from the environment', async () => {
    const otlp = await receiver();
    const runtime = await startMetrics({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=blue',
        OTEL_METRICS_EXPORTER: 'otlp',
        TRACING_SERVICE_NAME: 'executor',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=ci',
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
      },
    });
    cleanups.push(() => runtime.shutdown());
    const m = new DomainMetrics(runtime);
    m.execution.recordExecution({ status: 'completed', langAndVersion: 'python-3.11', durationSeconds: 0.3, memoryMiB: 20 });
    m.execution.recordExecution({ status: 'completed', langAndVersion: 'python-3.11', durationSeconds: 7 });
    m.execution.recordExecution({ status: 'failed', langAndVersion: 'node-20', durationSeconds: 0.02 });
    m.coordinator.enqueued();
    m.coordinator.enqueued();

    await runtime.forceFlush();
    await otlp.waitForRequests(1);
    const request = last(otlp);

    expect(otlp.headers[0]!['x-tenant']).toBe('blue');
    // http/protobuf is the default protocol (OTel specification).
    expect(otlp.headers[0]!['content-type']).toBe('application/x-protobuf');
    const resource = attributesOf(request.resourceMetrics[0]!.resource.attributes);
    expect(resource).toMatchObject({
      'service.name': 'executor',
      'service.instance.id': runtime.resourceAttributes['service.instance.id'],
      'deployment.environment.name': 'ci',
      'telemetry.sdk.language': 'nodejs',
    });

    expectExecutionsExported(request);
    expect(findMetric(request, 'script.executions.total').description).toBe('Total executions');

    const memory = findMetric(request, 'script.memory.usage');
    expect(memory.unit).toBe('MiBy');
    expect(pointWith(memory.histogram!.dataPoints, { lang_and_version: 'python-3.11' }).explicitBounds).toEqual([...BUCKET_SETS.mebibytes]);

    const depth = findMetric(request, 'execution.queue.depth');
    expect(depth.sum!.isMonotonic).toBeFalsy();
    expect(numberValue(depth.sum!.dataPoints[0]!)).toBe(2);
  });

  it('shutdown delivers what was recorded after the last periodic export: nothing is lost', async () => {
    const otlp = await receiver();
    const runtime = await startMetrics({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_METRICS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '300', OTEL_METRIC_EXPORT_TIMEOUT: '300' },
    });
    const m = new DomainMetrics(runtime);
    m.execution.errorOccurred({ error: new TypeError('x') });
    await otlp.waitForRequests(1);
    const periodic = otlp.requests.length;
    for (let i = 0; i < 7; i++) m.execution.errorOccurred({ error: new TypeError('y') });
    await runtime.shutdown();

    expect(otlp.requests.length).toBeGreaterThan(periodic);
    const errors = findMetric(last(otlp), 'script.errors.total');
    expect(numberValue(pointWith(errors.sum!.dataPoints, { error_type: 'TypeError' }))).toBe(8);
    const count = otlp.requests.length;
    await runtime.shutdown(); // idempotent: nothing more is sent
    expect(otlp.requests.length).toBe(count);
  });

  it('exports deltas when the temporality preference is delta', async () => {
    const otlp = await receiver();
    const runtime = await startMetrics({
      env: {
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${otlp.url}/v1/metrics`,
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
      },
    });
    cleanups.push(() => runtime.shutdown());
    const m = new DomainMetrics(runtime);
    m.execution.errorOccurred({ error: 'Boom' });
    m.execution.errorOccurred({ error: 'Boom' });
    await runtime.forceFlush();
    m.execution.errorOccurred({ error: 'Boom' });
    await runtime.forceFlush();
    await otlp.waitForRequests(2);
    const values = otlp.requests.map((r) => {
      const errors = findMetric(r, 'script.errors.total');
      expect(errors.sum!.aggregationTemporality).toBe(1); // delta
      return numberValue(errors.sum!.dataPoints[0]!);
    });
    expect(values).toEqual([2, 1]);
  });
});
