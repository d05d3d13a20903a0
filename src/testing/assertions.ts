// Framework-agnostic assertions over a collection: they throw node:assert's AssertionError, which
// vitest, jest and node:test all report, with a message that lists what was recorded instead.
import { AssertionError } from 'node:assert';
import { formatAttributes, type CollectedHistogram, type CollectedMetrics } from './CollectedMetrics.js';

/** What `assertHistogram` compares; fields left out are not compared. */
export interface ExpectedHistogram {
  readonly count?: number;
  /** Compared within a relative 1e-9, so that sums of decimal fractions compare as written. */
  readonly sum?: number;
  readonly min?: number;
  readonly max?: number;
  /** Observations per bucket (not cumulative), one more than the boundaries. */
  readonly bucketCounts?: readonly number[];
}

type Attributes = Readonly<Record<string, unknown>>;

/** Asserts that the counter (or up-down counter) series of `name` with exactly `attributes` has the value `expected`. */
export function assertCounter(collected: CollectedMetrics, name: string, attributes: Attributes, expected: number): void {
  const actual = collected.counter(name, attributes);
  if (actual !== expected) mismatch(`${name} ${formatAttributes(attributes)}: expected ${expected}, recorded ${actual}`, actual, expected);
}

/** Asserts that the gauge series of `name` with exactly `attributes` has the value `expected`. */
export function assertGauge(collected: CollectedMetrics, name: string, attributes: Attributes, expected: number): void {
  const actual = collected.gauge(name, attributes);
  if (actual !== expected) mismatch(`${name} ${formatAttributes(attributes)}: expected ${expected}, recorded ${actual}`, actual, expected);
}

/** Asserts the given fields of the histogram series of `name` with exactly `attributes`. */
export function assertHistogram(collected: CollectedMetrics, name: string, attributes: Attributes, expected: ExpectedHistogram): void {
  const histogram = collected.histogram(name, attributes);
  const differences: string[] = [];
  const actual: Record<string, unknown> = {};
  for (const field of ['count', 'min', 'max'] as const) {
    const want = expected[field];
    if (want === undefined) continue;
    actual[field] = histogram[field];
    if (histogram[field] !== want) differences.push(`${field} expected ${want}, recorded ${histogram[field]}`);
  }
  if (expected.sum !== undefined) {
    actual['sum'] = histogram.sum;
    if (!closeTo(histogram.sum, expected.sum)) differences.push(`sum expected ${expected.sum}, recorded ${histogram.sum}`);
  }
  if (expected.bucketCounts !== undefined) {
    actual['bucketCounts'] = histogram.bucketCounts;
    if (!sameNumbers(histogram.bucketCounts, expected.bucketCounts)) {
      differences.push(`bucketCounts expected [${expected.bucketCounts.join(', ')}], recorded [${histogram.bucketCounts.join(', ')}] (boundaries ${describeBoundaries(histogram)})`);
    }
  }
  if (differences.length > 0) mismatch(`${name} ${formatAttributes(attributes)}: ${differences.join('; ')}`, actual, expected);
}

/** Asserts that `name` has no series with exactly `attributes`, or none at all when `attributes` is left out. */
export function assertNoSeries(collected: CollectedMetrics, name: string, attributes?: Attributes): void {
  const metric = collected.find(name);
  if (metric === undefined) return;
  if (attributes === undefined) {
    throw new AssertionError({ message: `${name} was recorded: ${metric.series.map((s) => formatAttributes(s.attributes)).join(', ')}` });
  }
  if (collected.findSeries(name, attributes) !== undefined) throw new AssertionError({ message: `${name} ${formatAttributes(attributes)} was recorded` });
}

function mismatch(message: string, actual: unknown, expected: unknown): never {
  // No operator: Node would append its own diff to the message; actual and expected still give runners theirs.
  throw new AssertionError({ message, actual, expected });
}

function closeTo(actual: number, expected: number): boolean {
  return actual === expected || Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(actual), Math.abs(expected));
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function describeBoundaries(h: CollectedHistogram): string {
  return `[${h.boundaries.join(', ')}]`;
}
