// The values a gauge was set to with `record`, per attribute set, on either recording path. A value
// stays until `remove` or, when an expiry time is set, until it has not been set again for that
// long (a partition that moved away without a `remove`). Past the limit a new set's value goes to
// the overflow series, as sums and histograms do.
import type { MetricDiagnostics } from './MetricDiagnostics.js';
import type { SeriesAttributes } from './SeriesResolver.js';
import { OVERFLOW_ATTRIBUTES, OVERFLOW_KEY, SeriesTable } from './SeriesTable.js';

/** A resolved attribute set, as a gauge's SeriesResolver hands it out. */
export interface GaugeSeriesRef {
  readonly attributes: SeriesAttributes;
  readonly key: string;
}

/** Receives one observation from a gauge callback during a collection. */
export type GaugeSink = (value: number, series: GaugeSeriesRef) => void;

interface StoredValue extends GaugeSeriesRef {
  value: number;
  lastActive: number;
}

export class GaugeValues {
  private readonly stored: SeriesTable<StoredValue>;
  private overflow: { value: number; lastActive: number } | undefined;

  constructor(
    cardinalityLimit: number,
    private readonly diagnostics: MetricDiagnostics,
    /** A value not set again for this long is dropped; 0 keeps values until removed. */
    private readonly expiryMillis = 0,
  ) {
    this.stored = new SeriesTable(cardinalityLimit - 1, expiryMillis);
  }

  set(value: number, series: GaugeSeriesRef): void {
    // The clock is read only when values can expire; gauges are set far less often than counted.
    const now = this.expiryMillis > 0 ? Date.now() : 0;
    const known = this.stored.get(series.key);
    if (known !== undefined) {
      known.value = value;
      known.lastActive = now;
    } else if (!this.stored.add({ attributes: series.attributes, key: series.key, value, lastActive: now })) {
      this.diagnostics.report('cardinality-overflow', `${this.stored.capacity + 1} series`);
      this.overflow = { value, lastActive: now };
    }
  }

  remove(series: GaugeSeriesRef): void {
    this.stored.delete(series.key);
  }

  /** Calls `observe` for every current value at `now`, the overflow series last. */
  forEach(now: number, observe: (value: number, attributes: SeriesAttributes, key: string) => void): void {
    if (this.expiryMillis > 0) {
      this.stored.sweep(now, () => undefined);
      if (this.overflow !== undefined && this.overflow.lastActive < now - this.expiryMillis) this.overflow = undefined;
    }
    for (const { value, attributes, key } of this.stored.values()) observe(value, attributes, key);
    if (this.overflow !== undefined) observe(this.overflow.value, OVERFLOW_ATTRIBUTES, OVERFLOW_KEY);
  }
}
