// Cuts one collection into parts of bounded serialization cost, one part at a time, so that an
// exporter can send a large collection as several requests with the event loop free in between.
import { DataPointType, type MetricData, type ResourceMetrics, type ScopeMetrics } from '@opentelemetry/sdk-metrics';

/**
 * What a data point costs to serialize, in units of one number point: a histogram point costs one
 * unit per bucket, as its bucket counts are most of its bytes.
 */
export function pointWeight(metric: MetricData, index: number): number {
  switch (metric.dataPointType) {
    case DataPointType.HISTOGRAM:
      return Math.max(1, metric.dataPoints[index]!.value.buckets.counts.length);
    case DataPointType.EXPONENTIAL_HISTOGRAM: {
      const { positive, negative } = metric.dataPoints[index]!.value;
      return Math.max(1, positive.bucketCounts.length + negative.bucketCounts.length);
    }
    default:
      return 1;
  }
}

/**
 * The parts of `metrics`, each at most `maxWeight` (a single heavier point makes a part alone; a
 * function is asked again as each part starts, so the caller can size a part by the last one), in
 * the collection's order. Points are shared, not copied, so every part keeps the collection's
 * timestamps; a metric cut across parts appears in each with its own share of the points, and every
 * part repeats the resource and the scope (an OTLP receiver merges them). A metric without points
 * is kept, in the part its position falls in. Lazy, so that cutting a large collection is itself
 * spread over the parts rather than done in one go.
 */
export function* resourceMetricsParts(metrics: ResourceMetrics, maxWeight: number | (() => number)): Generator<ResourceMetrics, void, undefined> {
  const limitOf = typeof maxWeight === 'number' ? () => maxWeight : maxWeight;
  let limit = limitOf();
  let part: ScopeMetrics[] = [];
  let weight = 0;
  let yielded = false;
  for (const scope of metrics.scopeMetrics) {
    let scopeInPart: ScopeMetrics | undefined;
    for (const metric of scope.metrics) {
      const points = metric.dataPoints.length;
      if (points === 0) {
        scopeInPart ??= addScope(part, scope);
        scopeInPart.metrics.push(metric);
        continue;
      }
      let start = 0;
      let end = 0;
      while (start < points) {
        // Take points while they fit; a part's first point is taken whatever it weighs.
        while (end < points) {
          const w = pointWeight(metric, end);
          if (weight > 0 && weight + w > limit) break;
          weight += w;
          end += 1;
        }
        if (end > start) {
          scopeInPart ??= addScope(part, scope);
          scopeInPart.metrics.push(start === 0 && end === points ? metric : sliceOf(metric, start, end));
          start = end;
        }
        if (start < points) {
          yield { resource: metrics.resource, scopeMetrics: part };
          yielded = true;
          part = [];
          weight = 0;
          limit = limitOf();
          scopeInPart = undefined;
        }
      }
    }
  }
  if (part.length > 0) yield { resource: metrics.resource, scopeMetrics: part };
  // A collection without metrics is one part as it is: the exporter still gets it, and answers.
  else if (!yielded) yield metrics;
}

/** The weight of a part: its points, a histogram point one per bucket (see pointWeight). */
export function partWeight(part: ResourceMetrics): number {
  let weight = 0;
  for (const scope of part.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (let i = 0; i < metric.dataPoints.length; i++) weight += pointWeight(metric, i);
    }
  }
  return weight;
}

function addScope(part: ScopeMetrics[], scope: ScopeMetrics): ScopeMetrics {
  const copy: ScopeMetrics = { scope: scope.scope, metrics: [] };
  part.push(copy);
  return copy;
}

function sliceOf(metric: MetricData, start: number, end: number): MetricData {
  // The union's variants differ only in the point type, which slicing keeps.
  return { ...metric, dataPoints: metric.dataPoints.slice(start, end) } as MetricData;
}
