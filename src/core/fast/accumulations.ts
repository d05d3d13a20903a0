// Interval aggregates of the fast path and how they combine. The arithmetic mirrors the SDK's Sum
// and explicit-bucket Histogram aggregators (upper-inclusive buckets, min/max merged, the earlier
// start time kept), so both paths export the same numbers.
import type { Attributes, HrTime } from '@opentelemetry/api';

export interface SumPoint {
  readonly kind: 'sum';
  readonly attributes: Attributes;
  startTime: HrTime;
  value: number;
}

export interface HistogramPoint {
  readonly kind: 'histogram';
  readonly attributes: Attributes;
  startTime: HrTime;
  readonly counts: number[];
  sum: number;
  count: number;
  min: number;
  max: number;
}

export type Point = SumPoint | HistogramPoint;

/** millis since the epoch → [seconds, nanoseconds], as @opentelemetry/core converts it. */
export function millisToHrTime(millis: number): HrTime {
  return [Math.trunc(millis / 1000), Math.round((millis % 1000) * 1e6)];
}

/** Index of the bucket `value` falls in: the first boundary ≥ value, or the overflow bucket. */
export function bucketIndex(boundaries: readonly number[], value: number): number {
  let i = 0;
  const n = boundaries.length;
  while (i < n && boundaries[i]! < value) i++;
  return i;
}

export function copyPoint(point: Point): Point {
  return point.kind === 'sum' ? { ...point } : { ...point, counts: point.counts.slice() };
}

/** `earlier` combined with the later `later`; a new object, the inputs untouched. */
export function mergePoints(earlier: Point, later: Point): Point {
  if (earlier.kind === 'sum' && later.kind === 'sum') {
    return { kind: 'sum', attributes: earlier.attributes, startTime: earlier.startTime, value: earlier.value + later.value };
  }
  const a = earlier as HistogramPoint;
  const b = later as HistogramPoint;
  const counts = a.counts.map((c, i) => c + b.counts[i]!);
  return {
    kind: 'histogram',
    attributes: a.attributes,
    startTime: a.startTime,
    counts,
    sum: a.sum + b.sum,
    count: a.count + b.count,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
  };
}
