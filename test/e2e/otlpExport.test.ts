// Pushes over OTLP/HTTP to a loopback receiver and checks what arrives, as a collector would see it.
import { afterEach, describe, expect, it } from 'vitest';
import { BUCKET_SETS } from '../../src/core/buckets.js';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import {
  attributesOf,
  findMetric,
  numberValue,
  startOtlpReceiver,
  type OtlpExportRequest,
  type OtlpReceiver,
} from '../support/otlpReceiver.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function receiver(): Promise<OtlpReceiver> {
  const r = await startOtlpReceiver();
  cleanups.push(() => r.close());
  return r;
}

function last(r: OtlpReceiver): OtlpExportRequest {
  return r.requests[r.requests.length - 1]!;
}

function pointWith<P extends { attributes?: { key: string; value: { stringValue?: string } }[] }>(points: P[], attrs: Record<string, string>): P {
  const found = points.find((p) => JSON.stringify(attributesOf(p.attributes)) === JSON.stringify(attrs));
  if (!found) throw new Error(`no point with ${JSON.stringify(attrs)} in ${JSON.stringify(points.map((p) => attributesOf(p.attributes)))}`);
  return found;
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

    const total = findMetric(request, 'script.executions.total');
    expect(total.unit).toBe('{execution}');
    expect(total.description).toBe('Total executions');
    expect(total.sum!.isMonotonic).toBe(true);
    expect(total.sum!.aggregationTemporality).toBe(2); // cumulative
    expect(numberValue(pointWith(total.sum!.dataPoints, { status: 'completed', lang_and_version: 'python-3.11' }))).toBe(2);
    expect(numberValue(pointWith(total.sum!.dataPoints, { status: 'failed', lang_and_version: 'node-20' }))).toBe(1);

    const duration = findMetric(request, 'script.execution.duration');
    expect(duration.unit).toBe('s');
    const py = pointWith(duration.histogram!.dataPoints, { lang_and_version: 'python-3.11' });
    expect(py.explicitBounds).toEqual([...BUCKET_SETS.long]);
    expect(Number(py.count)).toBe(2);
    expect(py.sum).toBeCloseTo(7.3);
    expect(py.min).toBe(0.3);
    expect(py.max).toBe(7);
    // 0.3 → (0.25, 0.5] is index 4; 7 → (5, 10] is index 8.
    expect(py.bucketCounts.map(Number)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);

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
    m.execution.recordError(new TypeError('x'));
    await otlp.waitForRequests(1);
    const periodic = otlp.requests.length;
    for (let i = 0; i < 7; i++) m.execution.recordError(new TypeError('y'));
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
    m.execution.recordError('Boom');
    m.execution.recordError('Boom');
    await runtime.forceFlush();
    m.execution.recordError('Boom');
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
