// The values a gauge was set to with `record`, per attribute set, on either recording path. They
// do not expire: the caller knows when a series goes and says so with `remove`. Past the limit a
// new set's value goes to the overflow series, as sums and histograms do.
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
  private overflow: number | undefined;

  constructor(cardinalityLimit: number, private readonly diagnostics: MetricDiagnostics) {
    this.stored = new SeriesTable(cardinalityLimit - 1, 0);
  }

  set(value: number, series: GaugeSeriesRef): void {
    const known = this.stored.get(series.key);
    if (known !== undefined) {
      known.value = value;
    } else if (!this.stored.add({ attributes: series.attributes, key: series.key, value, lastActive: 0 })) {
      this.diagnostics.report('cardinality-overflow', `${this.stored.capacity + 1} series`);
      this.overflow = value;
    }
  }

  remove(series: GaugeSeriesRef): void {
    this.stored.delete(series.key);
  }

  /** Calls `observe` for every stored value, the overflow series last. */
  forEach(observe: (value: number, attributes: SeriesAttributes, key: string) => void): void {
    for (const { value, attributes, key } of this.stored.values()) observe(value, attributes, key);
    if (this.overflow !== undefined) observe(this.overflow, OVERFLOW_ATTRIBUTES, OVERFLOW_KEY);
  }
}
