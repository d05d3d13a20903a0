// The quantile sketch against exact quantiles of known distributions: every reported percentile
// within the stated relative error of the exact nearest-rank quantile of the same samples.
import { describe, expect, it } from 'vitest';
import { QUANTILES, QuantileSketch, RELATIVE_ACCURACY } from '../../../src/core/distribution/QuantileSketch.js';
import { prng } from '../../support/prng.js';


function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const SAMPLES = 200_000;
const DISTRIBUTIONS: [string, (random: () => number) => number][] = [
  ['uniform 0–2 s', (r) => r() * 2],
  ['exponential, mean 50 ms', (r) => -Math.log(1 - r()) * 0.05],
  ['lognormal with a heavy tail (μ = ln 20 ms, σ = 1.5)', (r) => Math.exp(Math.log(0.02) + 1.5 * normal(r))],
  ['bimodal: 90% cache hits near 2 ms, 10% misses near 400 ms', (r) => (r() < 0.9 ? 0.002 * (1 + 0.2 * normal(r)) ** 2 : 0.4 * Math.exp(0.3 * normal(r)))],
  ['constant 0.25 s', () => 0.25],
  ['byte sizes, lognormal around 16 KiB', (r) => Math.round(Math.exp(Math.log(16_384) + 2 * normal(r)))],
];

function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe('QuantileSketch', () => {
  it('states a bound within the 2% the read-out promises', () => {
    expect(RELATIVE_ACCURACY).toBeLessThanOrEqual(0.02);
  });

  for (const [name, draw] of DISTRIBUTIONS) {
    it(`reports p50–p99 within ${RELATIVE_ACCURACY * 100}% of the exact quantiles: ${name}`, () => {
      const random = prng(42);
      const values = new Float64Array(SAMPLES);
      const sketch = new QuantileSketch(true, true);
      for (let i = 0; i < SAMPLES; i++) {
        values[i] = draw(random);
        sketch.add(values[i]!);
      }
      const sorted = values.slice().sort();
      for (const q of [...QUANTILES, 0.001, 0.999, 1]) {
        const exact = exactQuantile(sorted, q);
        const reported = sketch.quantile(q)!;
        expect(Math.abs(reported - exact), `q=${q}: exact ${exact}, reported ${reported}`).toBeLessThanOrEqual(RELATIVE_ACCURACY * exact + 1e-12);
      }
      expect(sketch.count).toBe(SAMPLES);
      expect(sketch.min).toBe(sorted[0]);
      expect(sketch.max).toBe(sorted[SAMPLES - 1]);
    });
  }

  it('gives the same quantiles read across slices as merged into one sketch', () => {
    const random = prng(7);
    const slices = Array.from({ length: 6 }, () => new QuantileSketch(false, true));
    const all = new QuantileSketch(true, true);
    for (let i = 0; i < 60_000; i++) {
      const v = Math.exp(Math.log(0.05) + normal(random));
      slices[i % 6]!.add(v);
      all.add(v);
    }
    const merged = new QuantileSketch(true, true);
    for (const s of slices) merged.merge(s);
    const [first, ...rest] = slices;
    for (const q of QUANTILES) {
      expect(first!.quantile(q, rest)).toBe(all.quantile(q));
      expect(merged.quantile(q)).toBe(all.quantile(q));
    }
    expect(merged.count).toBe(60_000);
    expect(merged.sum).toBeCloseTo(all.sum, 6);
  });

  it('counts zero and sub-nanosecond values as 0, exactly', () => {
    const sketch = new QuantileSketch(true, true);
    for (let i = 0; i < 60; i++) sketch.add(0);
    for (let i = 0; i < 40; i++) sketch.add(1);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(sketch.quantile(0.6)).toBe(0);
    expect(Math.abs(sketch.quantile(0.61)! - 1)).toBeLessThanOrEqual(RELATIVE_ACCURACY);
  });

  it('holds memory bounded by the range of values, whatever their number', () => {
    const random = prng(3);
    const sketch = new QuantileSketch(true, true);
    for (let i = 0; i < 1_000_000; i++) sketch.add(0.001 + random() * 9.999); // 1 ms to 10 s: four decades
    // About 61 buckets per decade, 8 bytes each, plus the growth slack.
    expect(sketch.bucketBytes).toBeLessThanOrEqual(4 * 62 * 8 + 32 * 8);
    // Extremes do not make it unbounded: the index range is capped.
    sketch.add(1e-300);
    sketch.add(1e300);
    expect(sketch.bucketBytes).toBeLessThanOrEqual(1400 * 8);
    expect(sketch.max).toBe(1e300);
  });

  it('keeps count, sum, min and max without buckets when percentiles are off', () => {
    const sketch = new QuantileSketch(true, false);
    for (const v of [0.1, 0.2, 0.7]) sketch.add(v);
    expect([sketch.count, sketch.sum, sketch.min, sketch.max]).toEqual([3, 0.1 + 0.2 + 0.7, 0.1, 0.7]);
    expect(sketch.quantile(0.5)).toBeNull();
    expect(sketch.bucketBytes).toBe(0);
  });
});
