// What a backend knows after every collection a test made: on a cumulative reader the last
// collection; on a delta reader the sums and histograms added up over the collections, and the
// gauges as the last collection saw them. So one set of exact assertions holds on both.
import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import { Snapshot, type TestReader } from './collect.js';

export class SoFar {
  /** Per scope, per metric name: the merged metric on a delta reader. */
  private readonly scopes = new Map<string, { scope: ScopeMetrics['scope']; metrics: Map<string, MetricData> }>();

  constructor(private readonly reader: TestReader, private readonly temporality: AggregationTemporality) {}

  /** Collects once more and returns everything known so far. */
  async snapshot(): Promise<Snapshot> {
    const latest = await this.reader.snapshot();
    for (const metric of latest.metrics) {
      // A setup that silently exported the other temporality would make half the matrix a copy of the other half.
      if (metric.dataPointType !== DataPointType.GAUGE && metric.aggregationTemporality !== this.temporality) {
        throw new Error(`${metric.descriptor.name} was exported with temporality ${metric.aggregationTemporality}, the reader asked for ${this.temporality}`);
      }
    }
    if (this.temporality === AggregationTemporality.CUMULATIVE) return latest;
    return new Snapshot(this.merge(latest.resourceMetrics));
  }

  private merge(latest: ResourceMetrics): ResourceMetrics {
    // Gauges are current values on every temporality: only the last collection counts.
    for (const { metrics } of this.scopes.values()) {
      for (const [name, metric] of metrics) if (metric.dataPointType === DataPointType.GAUGE) metrics.delete(name);
    }
    for (const { scope, metrics } of latest.scopeMetrics) {
      const scopeKey = `${scope.name}\u0000${scope.version ?? ''}`;
      let known = this.scopes.get(scopeKey);
      if (known === undefined) this.scopes.set(scopeKey, (known = { scope, metrics: new Map() }));
      for (const metric of metrics) {
        const previous = known.metrics.get(metric.descriptor.name);
        known.metrics.set(metric.descriptor.name, previous === undefined || metric.dataPointType === DataPointType.GAUGE ? copyMetric(metric) : addPoints(previous, metric));
      }
    }
    const scopeMetrics = [...this.scopes.values()].map(({ scope, metrics }) => ({ scope, metrics: [...metrics.values()] }));
    return { resource: latest.resource, scopeMetrics };
  }
}

function copyMetric(metric: MetricData): MetricData {
  return { ...metric, dataPoints: (metric.dataPoints as DataPoint<number | Histogram>[]).map(copyPoint) } as MetricData;
}

function copyPoint(point: DataPoint<number | Histogram>): DataPoint<number | Histogram> {
  if (typeof point.value === 'number') return { ...point };
  const { buckets } = point.value;
  return { ...point, value: { ...point.value, buckets: { boundaries: [...buckets.boundaries], counts: [...buckets.counts] } } };
}

/** `previous` with this interval's delta points of `metric` added, series by series. */
function addPoints(previous: MetricData, metric: MetricData): MetricData {
  const points = new Map((previous.dataPoints as DataPoint<number | Histogram>[]).map((p) => [attributesKey(p.attributes), p]));
  for (const point of metric.dataPoints as DataPoint<number | Histogram>[]) {
    const key = attributesKey(point.attributes);
    const known = points.get(key);
    points.set(key, known === undefined ? copyPoint(point) : { ...point, startTime: known.startTime, value: addValues(known.value, point.value) });
  }
  return { ...metric, dataPoints: [...points.values()] } as MetricData;
}

function addValues(a: number | Histogram, b: number | Histogram): number | Histogram {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'number' || typeof b === 'number') throw new Error('a series changed its point type between collections');
  if (a.buckets.boundaries.join() !== b.buckets.boundaries.join()) throw new Error(`bucket boundaries changed: ${a.buckets.boundaries.join()} → ${b.buckets.boundaries.join()}`);
  return {
    buckets: { boundaries: [...a.buckets.boundaries], counts: a.buckets.counts.map((c, i) => c + b.buckets.counts[i]!) },
    count: a.count + b.count,
    sum: (a.sum ?? 0) + (b.sum ?? 0),
    min: extreme(Math.min, a.min, b.min),
    max: extreme(Math.max, a.max, b.max),
  };
}

function extreme(pick: (x: number, y: number) => number, a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return pick(a, b);
}

function attributesKey(attributes: Attributes): string {
  return JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
