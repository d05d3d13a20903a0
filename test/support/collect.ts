// An in-memory pull reader and helpers that read exported data points by metric name and
// attributes, so that tests assert values exactly as a reader sees them.
import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
  type MetricProducer,
  type ResourceMetrics,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';

export class TestReader extends MetricReader {
  constructor(
    temporality: AggregationTemporality = AggregationTemporality.CUMULATIVE,
    metricProducers?: MetricProducer[],
    /** Reads the fast path's points as the Prometheus endpoint does (see LOCAL_POINTS). */
    readonly readsLocalPoints = false,
  ) {
    super({ aggregationTemporalitySelector: () => temporality, metricProducers });
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }

  async snapshot(): Promise<Snapshot> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length > 0) throw new AggregateError(errors, 'collection errors');
    return new Snapshot(resourceMetrics);
  }
}

/** A plain SDK MeterProvider with one TestReader (no views unless given). */
export function testProvider(options: { views?: ViewOptions[]; temporality?: AggregationTemporality } = {}) {
  const reader = new TestReader(options.temporality);
  const meterProvider = new MeterProvider({ readers: [reader], views: options.views ?? [] });
  return { meterProvider, reader };
}

export class Snapshot {
  constructor(readonly resourceMetrics: ResourceMetrics) {}

  get metrics(): MetricData[] {
    return this.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  }

  names(): string[] {
    return this.metrics.map((m) => m.descriptor.name).sort();
  }

  metric(name: string): MetricData {
    const found = this.metrics.filter((m) => m.descriptor.name === name);
    if (found.length !== 1) {
      throw new Error(`expected one metric "${name}", found ${found.length}; metrics present: ${this.names().join(', ')}`);
    }
    return found[0]!;
  }

  has(name: string): boolean {
    return this.metrics.some((m) => m.descriptor.name === name && m.dataPoints.length > 0);
  }

  /** The data point of `name` whose attributes equal `attributes` exactly. */
  point(name: string, attributes: Attributes = {}): DataPoint<number | Histogram> {
    const metric = this.metric(name);
    const points = metric.dataPoints as DataPoint<number | Histogram>[];
    const match = points.find((p) => sameAttributes(p.attributes, attributes));
    if (match === undefined) {
      const seen = points.map((p) => JSON.stringify(p.attributes)).join(' ');
      throw new Error(`no point of "${name}" with ${JSON.stringify(attributes)}; points: ${seen || 'none'}`);
    }
    return match;
  }

  /** A sum or gauge value. */
  value(name: string, attributes: Attributes = {}): number {
    const metric = this.metric(name);
    if (metric.dataPointType === DataPointType.HISTOGRAM) throw new Error(`${name} is a histogram`);
    return this.point(name, attributes).value as number;
  }

  histogram(name: string, attributes: Attributes = {}): Histogram & { boundaries: number[]; counts: number[] } {
    const metric = this.metric(name);
    if (metric.dataPointType !== DataPointType.HISTOGRAM) throw new Error(`${name} is not a histogram`);
    const value = this.point(name, attributes).value as Histogram;
    return { ...value, boundaries: value.buckets.boundaries, counts: value.buckets.counts };
  }

  /** Attribute sets present for `name`. */
  attributeSets(name: string): Attributes[] {
    return this.metric(name).dataPoints.map((p) => p.attributes);
  }
}

function sameAttributes(a: Attributes, b: Attributes): boolean {
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  return ak.length === bk.length && ak.every((k) => a[k] === b[k]);
}
