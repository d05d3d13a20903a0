// The fast path's bucket lookup against the definition it implements (the first boundary at or
// above the value, upper-inclusive as in the SDK): every catalog bucket set with values on and
// one float step either side of each boundary, random values over 27 orders of magnitude, and
// boundary sets made to reach the lookup's edge cases.
import { describe, expect, it } from 'vitest';
import { BUCKET_SETS } from '../../../src/core/buckets.js';
import { BucketLookup } from '../../../src/core/fast/BucketLookup.js';
import { prng } from '../../support/prng.js';

function firstAtOrAbove(boundaries: readonly number[], value: number): number {
  const found = boundaries.findIndex((b) => value <= b);
  return found < 0 ? boundaries.length : found;
}

const view = new DataView(new ArrayBuffer(8));
/** The next double above (step 1) or below (step −1) a value > 0. */
function step(value: number, by: 1 | -1): number {
  view.setFloat64(0, value);
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(by));
  return view.getFloat64(0);
}

/**
 * Fixed edge values, the given boundaries with their neighbours, and random values from 1e-12 to
 * 1e15; only values a histogram records (≥ 0, and −0).
 */
function valuesFor(boundaries: readonly number[], random: () => number, count = 20_000): number[] {
  const values = [0, -0, Number.MIN_VALUE, 1e-300, 1e-12, 1, 1e300, Number.MAX_VALUE, Infinity];
  for (const b of boundaries) {
    values.push(b, b / 2, b * 2, b - 1e-9, b + 1e-9);
    if (b > 0 && b < Infinity) values.push(step(b, 1), step(b, -1));
  }
  for (let i = 0; i < count; i++) values.push(10 ** (-12 + 27 * random()));
  return values.filter((value) => value >= 0);
}

function mismatches(boundaries: readonly number[], values: readonly number[]): string[] {
  const lookup = new BucketLookup(boundaries);
  const wrong: string[] = [];
  for (const value of values) {
    const got = lookup.indexOf(value);
    const expected = firstAtOrAbove(boundaries, value);
    if (got !== expected) wrong.push(`${value}: ${got}, expected ${expected}`);
  }
  return wrong;
}

describe('BucketLookup', () => {
  it.each(Object.entries(BUCKET_SETS))('places values in the %s buckets as the definition does', (_name, boundaries) => {
    expect(mismatches(boundaries, valuesFor(boundaries, prng(boundaries.length)))).toEqual([]);
  });

  it.each([
    ['no boundaries', []],
    ['only zero', [0]],
    ['negative, zero and positive', [-5, -1, 0, 1, 5]],
    ['only negative', [-3, -2]],
    ['several in one cell', [1, 1.001, 1.002, 1.003, 1.004]],
    ['300 orders of magnitude either side (coarser cells)', [1e-300, 1e-100, 1, 1e100, 1e300]],
    ['an infinite last boundary', [1, 10, Infinity]],
    ['a denormal smallest boundary', [Number.MIN_VALUE, 1e-310, 1e-300, 1]],
    ['a boundary of −0', [-0, 1, 2]],
    ['repeated boundaries', [1, 1, 2, 2, 2, 3]],
  ] as [string, number[]][])('places values as the definition does with %s', (_name, boundaries) => {
    expect(mismatches(boundaries, valuesFor(boundaries, prng(7)))).toEqual([]);
  });

  it('places values as the definition does with more boundaries than the table can name', () => {
    // 65 600 boundaries 1, 2, 3 …: the table's entries stop at 65 535, the compares go on from there.
    const boundaries = Array.from({ length: 65_600 }, (_, i) => i + 1);
    const random = prng(11);
    const values = valuesFor(boundaries.filter((b) => b % 4096 === 0 || b > 65_500), random, 1000);
    for (let i = 0; i < 2000; i++) values.push(70_000 * random());
    expect(mismatches(boundaries, values)).toEqual([]);
  });

  it('gives the same bucket as the definition on and around a boundary in every cell of the request set', () => {
    // Values from 1e-3 to 100 at a step finer than a cell, so every cell and its edges are met.
    const boundaries = BUCKET_SETS.request;
    const values: number[] = [];
    for (let v = 1e-3; v < 100; v *= 1.001) values.push(v, step(v, 1), step(v, -1));
    expect(mismatches(boundaries, values)).toEqual([]);
  });
});
