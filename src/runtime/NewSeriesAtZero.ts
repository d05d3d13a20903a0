// Prometheus computes increase() and rate() from the samples it scraped: a counter series that
// first appears already at 1 (the first dead-lettered message of a topic) never shows the step
// from 0, so a single event reads as no increase at all. The scrape endpoint therefore exposes
// every new counter or histogram series at 0 on the first scrape that sees it and at its value
// from the next one; the event is then counted, one scrape later. Series that leave the
// exposition (expired) are forgotten, so a returning series starts at 0 again.
import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  DataPointType,
  type DataPoint,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';

export class NewSeriesAtZero {
  /** Per scope and metric: the series keys exposed by the previous collection. */
  private seen = new Map<string, Set<string>>();

  /** `metrics` with the points of series this reader has not exposed before set to zero. */
  apply(metrics: ResourceMetrics): ResourceMetrics {
    const next = new Map<string, Set<string>>();
    const scopeMetrics = metrics.scopeMetrics.map((scope): ScopeMetrics => ({
      scope: scope.scope,
      metrics: scope.metrics.map((metric) => this.metric(`${scope.scope.name}\u0000${scope.scope.version ?? ''}\u0000`, metric, next)),
    }));
    this.seen = next;
    return { resource: metrics.resource, scopeMetrics };
  }

  private metric(scopeKey: string, metric: MetricData, next: Map<string, Set<string>>): MetricData {
    const counts = (metric.dataPointType === DataPointType.SUM && metric.isMonotonic) || metric.dataPointType === DataPointType.HISTOGRAM;
    if (!counts) return metric;
    const id = scopeKey + metric.descriptor.name;
    const before = this.seen.get(id);
    const now = new Set<string>();
    next.set(id, now);
    let changed = false;
    const dataPoints = (metric.dataPoints as DataPoint<number | Histogram>[]).map((point) => {
      const key = attributesKey(point.attributes);
      now.add(key);
      if (before?.has(key) === true) return point;
      changed = true;
      return zeroPoint(point);
    });
    return changed ? ({ ...metric, dataPoints } as MetricData) : metric;
  }
}

function zeroPoint(point: DataPoint<number | Histogram>): DataPoint<number | Histogram> {
  const { attributes, startTime, endTime } = point as { attributes: Attributes; startTime: HrTime; endTime: HrTime };
  if (typeof point.value === 'number') return { attributes, startTime, endTime, value: 0 };
  const boundaries = point.value.buckets.boundaries;
  return {
    attributes,
    startTime,
    endTime,
    value: { buckets: { boundaries, counts: point.value.buckets.counts.map(() => 0) }, sum: 0, count: 0, min: undefined, max: undefined },
  };
}

function attributesKey(attributes: Attributes): string {
  const names = Object.keys(attributes);
  if (names.length === 0) return '';
  if (names.length > 1) names.sort();
  let key = '';
  for (const name of names) key += `${name}\u0001${String(attributes[name])}\u0000`;
  return key;
}
