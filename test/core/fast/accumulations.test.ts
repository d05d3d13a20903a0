// The bucket search of the fast path's histograms against the definition it implements (the
// first boundary at or above the value, upper-inclusive as in the SDK), for every catalog bucket
// set and values on, just below and just above each boundary.
import { describe, expect, it } from 'vitest';
import { BUCKET_SETS } from '../../../src/core/buckets.js';
import { bucketIndex } from '../../../src/core/fast/accumulations.js';

function firstAtOrAbove(boundaries: readonly number[], value: number): number {
  const found = boundaries.findIndex((b) => value <= b);
  return found < 0 ? boundaries.length : found;
}

describe('bucketIndex', () => {
  it.each(Object.entries(BUCKET_SETS))('places values in the %s buckets as the definition does', (_name, boundaries) => {
    const values = [0, Number.MIN_VALUE, 1e-12, 1e300, Number.MAX_VALUE];
    for (const b of boundaries) values.push(b, b * (1 - 1e-15), b * (1 + 1e-15), b - 1e-9, b + 1e-9, b / 2, b * 2);
    for (const value of values) expect(bucketIndex(boundaries, value), `${value}`).toBe(firstAtOrAbove(boundaries, value));
  });

  it('handles no boundaries and a single one', () => {
    expect([bucketIndex([], 5), bucketIndex([1], 0.5), bucketIndex([1], 1), bucketIndex([1], 1.5)]).toEqual([0, 0, 0, 1]);
  });
});
