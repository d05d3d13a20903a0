// Interval aggregates of the fast path and how they combine. The arithmetic mirrors the SDK's Sum
// and explicit-bucket Histogram aggregators (upper-inclusive buckets, min/max merged, the earlier
// start time kept), so both paths export the same numbers.
import type { Attributes, HrTime } from '@opentelemetry/api';

export interface SumPoint {
  readonly kind: 'sum';
  /** The series' key, the same across collections. */
  readonly key: string;
  readonly attributes: Attributes;
  /** Start of the point's time range, ms since the epoch (converted only when exported over OTLP). */
  startMillis: number;
  value: number;
  /** A text writer's cache of the series' line start (`textLine`), and what it was made for. */
  textFor: string | undefined;
  textLine: string | undefined;
  /** Which scrapes of each Prometheus scraper exposed it (see NewSeriesAtZero). */
  exposedIn: number | number[] | undefined;
}

export interface HistogramPoint {
  readonly kind: 'histogram';
  readonly key: string;
  readonly attributes: Attributes;
  startMillis: number;
  readonly counts: number[];
  sum: number;
  count: number;
  min: number;
  max: number;
  textFor: string | undefined;
  textLine: string | undefined;
  exposedIn: number | number[] | undefined;
}

export type Point = SumPoint | HistogramPoint;

/** millis since the epoch → [seconds, nanoseconds], as @opentelemetry/core converts it. */
export function millisToHrTime(millis: number): HrTime {
  return [Math.trunc(millis / 1000), Math.round((millis % 1000) * 1e6)];
}

export function copyPoint(point: Point): Point {
  return point.kind === 'sum' ? { ...point } : { ...point, counts: point.counts.slice() };
}

/** Adds the later `later` into `target` in place; `target` keeps its (earlier) start. */
export function addInto(target: Point, later: Point): void {
  if (target.kind === 'sum') {
    target.value += (later as SumPoint).value;
    return;
  }
  const b = later as HistogramPoint;
  const counts = target.counts;
  for (let i = 0; i < counts.length; i++) counts[i]! += b.counts[i]!;
  target.sum += b.sum;
  target.count += b.count;
  if (b.min < target.min) target.min = b.min;
  if (b.max > target.max) target.max = b.max;
}
