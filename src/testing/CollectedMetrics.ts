// One collection of a test runtime as plain data, with look-ups that fail with a message listing
// what was recorded instead (the metric names, or the attribute sets of the asked-for metric).
import { AssertionError } from 'node:assert';
import { DataPointType, type DataPoint, type Histogram, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

export type CollectedKind = 'counter' | 'upDownCounter' | 'gauge' | 'histogram';

/** Attribute values as exported: the attribute policy keeps strings, finite numbers and booleans. */
export type CollectedAttributes = Readonly<Record<string, string | number | boolean>>;

export interface CollectedHistogram {
  readonly count: number;
  readonly sum: number;
  /** Undefined when the exporting path keeps no minimum (never on this library's paths). */
  readonly min: number | undefined;
  readonly max: number | undefined;
  /** The upper bounds of the buckets; the last bucket (to +Inf) has none. */
  readonly boundaries: readonly number[];
  /** One more than `boundaries`: observations per bucket, not cumulative. */
  readonly bucketCounts: readonly number[];
}

export interface CollectedSeries<V = number | CollectedHistogram> {
  readonly attributes: CollectedAttributes;
  readonly value: V;
}

export interface CollectedMetric {
  readonly name: string;
  readonly kind: CollectedKind;
  readonly unit: string;
  readonly description: string;
  readonly series: readonly CollectedSeries[];
}

/**
 * What a reader received in one collection. `counter`, `gauge` and `histogram` return the value
 * of the series whose attributes are exactly the given ones (`{}` or nothing: the series without
 * attributes); attribute values compare as Prometheus shows them, so `200` matches `"200"`.
 * They throw an AssertionError saying what exists when there is no such series.
 */
export class CollectedMetrics {
  readonly metrics: readonly CollectedMetric[];

  constructor(resourceMetrics: ResourceMetrics) {
    this.metrics = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics.map(toCollected)).filter((m) => m.series.length > 0);
  }

  /** The names of the metrics with at least one series, sorted. */
  names(): string[] {
    return [...new Set(this.metrics.map((m) => m.name))].sort();
  }

  /** The metric named `name` (its series merged over instrumentation scopes), or undefined. */
  find(name: string): CollectedMetric | undefined {
    const found = this.metrics.filter((m) => m.name === name);
    if (found.length <= 1) return found[0];
    return { ...found[0]!, series: found.flatMap((m) => m.series) };
  }

  /** The series of `name` with exactly `attributes`, or undefined. */
  findSeries(name: string, attributes: Readonly<Record<string, unknown>> = {}): CollectedSeries | undefined {
    return this.find(name)?.series.find((s) => sameAttributes(s.attributes, attributes));
  }

  /** A counter's or up-down counter's value. */
  counter(name: string, attributes: Readonly<Record<string, unknown>> = {}): number {
    return this.valueOf(name, attributes, ['counter', 'upDownCounter'], 'counter') as number;
  }

  gauge(name: string, attributes: Readonly<Record<string, unknown>> = {}): number {
    return this.valueOf(name, attributes, ['gauge'], 'gauge') as number;
  }

  histogram(name: string, attributes: Readonly<Record<string, unknown>> = {}): CollectedHistogram {
    return this.valueOf(name, attributes, ['histogram'], 'histogram') as CollectedHistogram;
  }

  private valueOf(name: string, attributes: Readonly<Record<string, unknown>>, kinds: readonly CollectedKind[], asked: string): number | CollectedHistogram {
    const metric = this.find(name);
    if (metric === undefined) {
      const names = this.names();
      fail(`no metric ${name}; recorded: ${names.length === 0 ? 'nothing' : names.join(', ')}`);
    }
    if (!kinds.includes(metric.kind)) fail(`${name} is ${article(metric.kind)} ${metric.kind}, not ${article(asked)} ${asked}`);
    const series = metric.series.find((s) => sameAttributes(s.attributes, attributes));
    if (series === undefined) fail(`no series of ${name} with ${formatAttributes(attributes)}; recorded: ${describeSeries(metric)}`);
    return series.value;
  }
}

/** `{status: "ok", code: 200}`, keys sorted. */
export function formatAttributes(attributes: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`).join(', ')}}`;
}

/** Every series of `metric` with its value, e.g. `{status: "failure"} = 2, {status: "ok"} = 5`. */
export function describeSeries(metric: CollectedMetric): string {
  return metric.series.map((s) => `${formatAttributes(s.attributes)} = ${formatValue(s.value)}`).join(', ');
}

function formatValue(value: number | CollectedHistogram): string {
  return typeof value === 'number' ? String(value) : `histogram(count ${value.count}, sum ${value.sum})`;
}

function fail(message: string): never {
  throw new AssertionError({ message });
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

// An absent or undefined attribute equals a missing one: the recording path drops undefined values.
function sameAttributes(recorded: CollectedAttributes, asked: Readonly<Record<string, unknown>>): boolean {
  const askedKeys = Object.keys(asked).filter((k) => asked[k] !== undefined);
  const recordedKeys = Object.keys(recorded);
  return askedKeys.length === recordedKeys.length && askedKeys.every((k) => Object.hasOwn(recorded, k) && String(recorded[k]) === String(asked[k]));
}

function toCollected(metric: MetricData): CollectedMetric {
  const base = { name: metric.descriptor.name, unit: metric.descriptor.unit, description: metric.descriptor.description };
  switch (metric.dataPointType) {
    case DataPointType.HISTOGRAM:
      return { ...base, kind: 'histogram', series: metric.dataPoints.map((p) => ({ attributes: plain(p), value: histogramOf(p.value) })) };
    case DataPointType.GAUGE:
      return { ...base, kind: 'gauge', series: metric.dataPoints.map((p) => ({ attributes: plain(p), value: p.value })) };
    case DataPointType.SUM:
      return { ...base, kind: metric.isMonotonic ? 'counter' : 'upDownCounter', series: metric.dataPoints.map((p) => ({ attributes: plain(p), value: p.value })) };
    default:
      // Exponential histograms are not produced by this library's views; read their count and sum.
      return {
        ...base,
        kind: 'histogram',
        series: (metric.dataPoints as DataPoint<{ count: number; sum?: number; min?: number; max?: number }>[]).map((p) => ({
          attributes: plain(p),
          value: { count: p.value.count, sum: p.value.sum ?? 0, min: p.value.min, max: p.value.max, boundaries: [], bucketCounts: [] },
        })),
      };
  }
}

function plain(point: DataPoint<unknown>): CollectedAttributes {
  return { ...(point.attributes as CollectedAttributes) };
}

function histogramOf(value: Histogram): CollectedHistogram {
  return {
    count: value.count,
    sum: value.sum ?? 0,
    min: value.min,
    max: value.max,
    boundaries: [...value.buckets.boundaries],
    bucketCounts: [...value.buckets.counts],
  };
}
