import { AggregationType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { BaseMetrics } from '../../src/core/BaseMetrics.js';
import { counter, histogram } from '../../src/core/MetricSpec.js';
import { pointWeight, resourceMetricsParts } from '../../src/runtime/resourceMetricsParts.js';
import { testProvider } from '../support/collect.js';

const SPECS = {
  jobs: counter({ name: 'parts.jobs.total', unit: '{job}', description: 'Jobs', attributes: ['queue'] }),
  latency: histogram({ name: 'parts.latency', unit: 's', description: 'Latency', attributes: ['queue'], buckets: 'request' }),
};

class PartsMetrics extends BaseMetrics {
  readonly jobs = this.counter(SPECS.jobs);
  readonly latency = this.histogram(SPECS.latency);
}

async function collection(options: { jobs: number; latencies: number; exponential?: boolean }): Promise<ResourceMetrics> {
  const views = options.exponential ? [{ instrumentName: 'parts.latency', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }] : [];
  const { meterProvider, reader } = testProvider({ views });
  const m = new PartsMetrics({ meterProvider });
  for (let i = 0; i < options.jobs; i++) m.jobs.add(i + 1, { queue: `q${i}` });
  for (let i = 0; i < options.latencies; i++) {
    m.latency.record(0.001, { queue: `q${i}` });
    m.latency.record(3, { queue: `q${i}` });
  }
  return (await reader.snapshot()).resourceMetrics;
}

/** Each part as metric name → the queues of its points, in order. */
function layout(parts: readonly ResourceMetrics[]): Record<string, string[]>[] {
  return parts.map((part) =>
    Object.fromEntries(part.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m.dataPoints.map((p) => String(p.attributes['queue']))])),
  );
}

describe('resourceMetricsParts', () => {
  it('cuts a metric across parts in order, each part keeping the resource, the scope and the metric’s descriptor', async () => {
    const metrics = await collection({ jobs: 5, latencies: 0 });
    const parts = [...resourceMetricsParts(metrics, 2)];
    expect(layout(parts)).toEqual([{ 'parts.jobs.total': ['q0', 'q1'] }, { 'parts.jobs.total': ['q2', 'q3'] }, { 'parts.jobs.total': ['q4'] }]);
    const original = metrics.scopeMetrics[0]!.metrics[0]!;
    for (const part of parts) {
      expect(part.resource).toBe(metrics.resource);
      expect(part.scopeMetrics[0]!.scope).toBe(metrics.scopeMetrics[0]!.scope);
      const metric = part.scopeMetrics[0]!.metrics[0]!;
      expect(metric.descriptor).toBe(original.descriptor);
      expect(metric.aggregationTemporality).toBe(original.aggregationTemporality);
      expect(metric.dataPointType).toBe(original.dataPointType);
    }
    // The points themselves are shared: values and timestamps are the collection's.
    const points: unknown[] = parts.flatMap((p): unknown[] => p.scopeMetrics[0]!.metrics[0]!.dataPoints);
    expect(points).toEqual(original.dataPoints);
    expect(points[3]).toBe(original.dataPoints[3]);
  });

  it('a collection that fits is one part with the metrics as they were', async () => {
    const metrics = await collection({ jobs: 3, latencies: 1 });
    const parts = [...resourceMetricsParts(metrics, 100)];
    expect(parts).toHaveLength(1);
    expect(parts[0]!.scopeMetrics[0]!.metrics).toEqual(metrics.scopeMetrics[0]!.metrics);
    expect(parts[0]!.scopeMetrics[0]!.metrics[0]).toBe(metrics.scopeMetrics[0]!.metrics[0]);
  });

  it('weighs a histogram point by its buckets, explicit or exponential', async () => {
    const explicit = (await collection({ jobs: 0, latencies: 1 })).scopeMetrics[0]!.metrics[0]!;
    expect(pointWeight(explicit, 0)).toBe(15);
    const exponential = (await collection({ jobs: 0, latencies: 1, exponential: true })).scopeMetrics[0]!.metrics[0]!;
    const { positive, negative } = (exponential.dataPoints[0]!.value as { positive: { bucketCounts: number[] }; negative: { bucketCounts: number[] } });
    expect(pointWeight(exponential, 0)).toBe(positive.bucketCounts.length + negative.bucketCounts.length);
    expect(pointWeight(exponential, 0)).toBeGreaterThan(1);
  });

  it('fills a part up to the weight, and sends a point heavier than a part alone', async () => {
    const metrics = await collection({ jobs: 3, latencies: 3 });
    // Counters weigh 1, histogram points 15: 3 + 15 fit in 20, the next 15 do not.
    expect(layout([...resourceMetricsParts(metrics, 20)])).toEqual([
      { 'parts.jobs.total': ['q0', 'q1', 'q2'], 'parts.latency': ['q0'] },
      { 'parts.latency': ['q1'] },
      { 'parts.latency': ['q2'] },
    ]);
    expect(layout([...resourceMetricsParts(metrics, 10)])).toEqual([
      { 'parts.jobs.total': ['q0', 'q1', 'q2'] },
      { 'parts.latency': ['q0'] },
      { 'parts.latency': ['q1'] },
      { 'parts.latency': ['q2'] },
    ]);
  });

  it('keeps a metric without points, and gives a collection without metrics as one part', async () => {
    const metrics = await collection({ jobs: 2, latencies: 0 });
    const scope = metrics.scopeMetrics[0]!;
    const empty = { ...scope.metrics[0]!, dataPoints: [] } as MetricData;
    const withEmpty: ResourceMetrics = { resource: metrics.resource, scopeMetrics: [{ scope: scope.scope, metrics: [scope.metrics[0]!, empty] }] };
    const parts = [...resourceMetricsParts(withEmpty, 1)];
    expect(parts.map((p) => p.scopeMetrics[0]!.metrics.map((m) => m.dataPoints.length))).toEqual([[1], [1, 0]]);

    const none: ResourceMetrics = { resource: metrics.resource, scopeMetrics: [] };
    expect([...resourceMetricsParts(none, 10)]).toEqual([none]);
  });
});
