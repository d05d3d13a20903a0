// The series a metric holds over its lifetime: one entry per attribute-set key, at most
// `capacity` of them, and entries left untouched for the expiry time dropped. Both recording
// paths and the gauges admit series through it, so the cardinality limit holds over weeks of id
// churn, not only within one collection interval.

/** An entry is anything that knows its key and when it was last active (ms since the epoch). */
export interface SeriesEntry {
  readonly key: string;
  lastActive: number;
}

import type { SeriesAttributes } from './SeriesResolver.js';

/** Where attribute sets beyond the limit are recorded: the SDK's overflow series. */
export const OVERFLOW_KEY = '\u0002otel.metric.overflow';
export const OVERFLOW_ATTRIBUTES = Object.freeze({ 'otel.metric.overflow': true }) as unknown as SeriesAttributes;

/** The key of the attribute set without attributes: a metric's only series, which never expires. */
export const EMPTY_SERIES_KEY = '';

export class SeriesTable<E extends SeriesEntry> {
  private readonly entries = new Map<string, E>();
  private nextSweep = 0;

  constructor(
    /** Most entries held; `add` refuses past it. */
    readonly capacity: number,
    /** Entries not active for this long are dropped by `sweep`; 0 never drops. */
    readonly expiryMillis: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** True while no entry can be added. */
  get full(): boolean {
    return this.entries.size >= this.capacity;
  }

  get(key: string): E | undefined {
    return this.entries.get(key);
  }

  /** Holds `entry` under its key when there is room; false when the table is full. */
  add(entry: E): boolean {
    if (this.full) return false;
    this.entries.set(entry.key, entry);
    return true;
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  values(): IterableIterator<E> {
    return this.entries.values();
  }

  /**
   * Drops the entries not active since `now - expiryMillis`, calling `evicted` for each; the
   * series without attributes stays. Runs at most once per quarter of the expiry time or per
   * minute, whichever is shorter, so a collection pays for it rarely.
   */
  sweep(now: number, evicted: (entry: E) => void): void {
    for (const _ of this.sweeping(now, evicted, Infinity));
  }

  /**
   * `sweep` in steps: a pause is offered after every `slice` entries looked at, so that a table
   * of a million series does not hold the event loop for the whole walk. Entries added during a
   * pause are looked at too; each must then already say when it was active.
   */
  *sweeping(now: number, evicted: (entry: E) => void, slice: number): Generator<void, void> {
    if (this.expiryMillis <= 0 || now < this.nextSweep) return;
    this.nextSweep = now + Math.min(this.expiryMillis / 4, 60_000);
    const cutoff = now - this.expiryMillis;
    let looked = 0;
    for (const [key, entry] of this.entries) {
      if (entry.lastActive < cutoff && key !== EMPTY_SERIES_KEY) {
        this.entries.delete(key);
        evicted(entry);
      }
      if (++looked === slice) {
        looked = 0;
        yield;
      }
    }
  }
}
