// A distribution with relative-error quantiles: values fall in buckets whose bounds grow by a
// constant factor (19 per doubling), so any quantile is known to within a fixed percentage of the
// true value whatever the distribution, in memory that grows with the range of values (orders of
// magnitude), not with their number. The bucket of a value is found from the bits of its float
// (exponent, and a table over the top 12 bits of the mantissa) rather than a logarithm, which
// keeps a record to a few nanoseconds.

import { highWord } from '../floatBits.js';

/** Buckets per doubling of the value: bucket bounds grow by γ = 2^(1/19) ≈ 1.0372. */
const PER_OCTAVE = 19;
const GAMMA = Math.pow(2, 1 / PER_OCTAVE);
/** Mantissa bits the table reads; a value may land one bucket low by at most a factor 1 + 2^-12. */
const TABLE_BITS = 12;

/**
 * The relative accuracy: every quantile a sketch reports is within this fraction of the exact
 * quantile of the recorded values (|estimate − exact| ≤ α·exact) for values from MIN_VALUE to
 * MAX_VALUE: 1 − 2/((1+γ)(1+2^-12)) ≈ 1.85%, inside the 2% the read-out promises. About 63
 * buckets per factor of ten.
 */
export const RELATIVE_ACCURACY = 1 - 2 / ((1 + GAMMA) * (1 + Math.pow(2, -TABLE_BITS)));

/** Smallest value with its own bucket; anything from 0 up to it is counted as 0 (1 ns in seconds). */
export const MIN_VALUE = 1e-9;
/** Largest value with its own bucket; larger ones share the top bucket (min/max stay exact). */
export const MAX_VALUE = 1e12;

/** Sub-bucket within the doubling for each value of the top mantissa bits: ⌊19·log2(1 + m)⌋. */
const SUB_BUCKET = new Uint8Array(1 << TABLE_BITS);
for (let j = 0; j < SUB_BUCKET.length; j++) SUB_BUCKET[j] = Math.floor(PER_OCTAVE * Math.log2(1 + j / SUB_BUCKET.length));

/** The bucket of a positive normal value: (exponent − 1023)·19 + sub-bucket. */
function indexOf(value: number): number {
  const high = highWord(value);
  return ((high >>> 20) - 1023) * PER_OCTAVE + SUB_BUCKET[(high >>> (20 - TABLE_BITS)) & ((1 << TABLE_BITS) - 1)]!;
}

const MIN_INDEX = indexOf(MIN_VALUE);
const MAX_INDEX = indexOf(MAX_VALUE);
/** Extra buckets allocated beside the used range when it grows, so that a drifting series grows rarely. */
const GROWTH_SLACK = 8;

/** The ranks the read-out reports. */
export const QUANTILES = [0.5, 0.75, 0.9, 0.95, 0.99] as const;

export class QuantileSketch {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** Values up to MIN_VALUE (zero durations, empty payloads). */
  private zeros = 0;
  /** Bucket counts over the used index range only, allocated at the first bucketed value. */
  private counts: Float64Array | Uint32Array | undefined;
  /** The bucket index of `counts[0]`. */
  private offset = 0;

  constructor(
    /** Float64 counts for a lifetime total; 32-bit counts (half the memory) for a slice of a window. */
    private readonly wide: boolean,
    /** False keeps count, sum, min and max only: no buckets, no quantiles, a few bytes. */
    readonly buckets: boolean,
  ) {}

  add(value: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (!this.buckets) return;
    if (value <= MIN_VALUE) {
      this.zeros++;
      return;
    }
    const index = value < MAX_VALUE ? indexOf(value) : MAX_INDEX;
    const counts = this.counts;
    const slot = index - this.offset;
    if (counts !== undefined && slot >= 0 && slot < counts.length) counts[slot]!++;
    else this.grow(index)[index - this.offset]!++;
  }

  /** Adds everything `other` holds (a slice leaving the window into the lifetime total). */
  merge(other: QuantileSketch): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    this.zeros += other.zeros;
    const from = other.counts;
    if (from === undefined || !this.buckets) return;
    let first = -1;
    let last = -1;
    for (let i = 0; i < from.length; i++) {
      if (from[i] !== 0) {
        if (first < 0) first = i;
        last = i;
      }
    }
    if (first < 0) return;
    this.grow(other.offset + first);
    const counts = this.grow(other.offset + last);
    for (let i = first; i <= last; i++) counts[other.offset + i - this.offset]! += from[i]!;
  }

  /** Empties the sketch; the bucket array is kept (zeroed) for the next slice of the same series. */
  clear(): void {
    if (this.count === 0) return;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.zeros = 0;
    this.counts?.fill(0);
  }

  /**
   * The value at rank ⌈q·count⌉ of the recorded values in ascending order (the nearest-rank
   * quantile), within RELATIVE_ACCURACY, and never outside [min, max]; null when empty or
   * without buckets. `others` are read as if merged into this sketch (a window's slices).
   */
  quantile(q: number, others: readonly QuantileSketch[] = []): number | null {
    let count = this.count;
    let min = this.min;
    let max = this.max;
    for (const o of others) {
      count += o.count;
      if (o.min < min) min = o.min;
      if (o.max > max) max = o.max;
    }
    if (count === 0 || !this.buckets) return null;
    const rank = Math.max(1, Math.ceil(q * count));
    let seen = this.zeros;
    for (const o of others) seen += o.zeros;
    if (seen >= rank) return Math.max(0, min);
    // Walk the union of the index ranges in ascending order.
    let low = Infinity;
    let high = -Infinity;
    for (const s of [this, ...others]) {
      if (s.counts === undefined) continue;
      low = Math.min(low, s.offset);
      high = Math.max(high, s.offset + s.counts.length - 1);
    }
    for (let index = low; index <= high; index++) {
      seen += this.at(index);
      for (const o of others) seen += o.at(index);
      if (seen >= rank) return clamp(representative(index), min, max);
    }
    return max;
  }

  /** Bytes held by the bucket array (for the memory figures in the documentation and tests). */
  get bucketBytes(): number {
    return this.counts?.byteLength ?? 0;
  }

  private at(index: number): number {
    const counts = this.counts;
    if (counts === undefined) return 0;
    const slot = index - this.offset;
    return slot >= 0 && slot < counts.length ? counts[slot]! : 0;
  }

  /** The bucket array, extended to hold `index`. */
  private grow(index: number): Float64Array | Uint32Array {
    const counts = this.counts;
    if (counts === undefined) {
      const first = Math.max(MIN_INDEX, index - GROWTH_SLACK);
      this.offset = first;
      return (this.counts = this.allocate(Math.min(MAX_INDEX, index + GROWTH_SLACK) - first + 1));
    }
    const end = this.offset + counts.length - 1;
    if (index >= this.offset && index <= end) return counts;
    const first = Math.max(MIN_INDEX, Math.min(this.offset, index - GROWTH_SLACK));
    const last = Math.min(MAX_INDEX, Math.max(end, index + GROWTH_SLACK));
    const grown = this.allocate(last - first + 1);
    grown.set(counts, this.offset - first);
    this.offset = first;
    return (this.counts = grown);
  }

  private allocate(length: number): Float64Array | Uint32Array {
    return this.wide ? new Float64Array(length) : new Uint32Array(length);
  }
}

/**
 * The value reported for bucket `index`, [lo, lo·γ) with lo = 2^⌊index/19⌋·γ^(index mod 19):
 * 2·lo·hi/(lo+hi), whose relative distance to either bound is (γ−1)/(γ+1).
 */
function representative(index: number): number {
  const lo = Math.pow(2, Math.floor(index / PER_OCTAVE)) * Math.pow(GAMMA, ((index % PER_OCTAVE) + PER_OCTAVE) % PER_OCTAVE);
  const hi = lo * GAMMA;
  return (2 * lo * hi) / (lo + hi);
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
