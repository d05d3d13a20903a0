// The read-out's public shapes: plain, JSON-serialisable data about every metric a runtime records.

/** Attribute values as exported (allowed keys only, bounded strings or finite numbers). */
export type SnapshotAttributes = Readonly<Record<string, string | number>>;

/**
 * Count, sum, extremes and percentiles of a set of recorded values.
 *
 * Percentiles are nearest-rank quantiles (p99 is the value at rank ⌈0.99·count⌉ in ascending order)
 * of the values recorded, each within 2% relative error (|reported − exact| ≤ 0.02·exact; the
 * sketch's own bound is 1.9%) for any distribution of values between 1e-9 and 1e12, and never
 * outside [min, max]. Values up to 1e-9 count as 0. `min`, `max`, `count` and `sum` are exact.
 * Percentiles are null when the series is empty, when percentiles are switched off
 * (METRICS_PERCENTILES=false), and on the SDK recording path.
 */
export interface DistributionSummary {
  readonly count: number;
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p75: number | null;
  readonly p90: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export interface MetricSnapshotBase {
  /** The OpenTelemetry name, e.g. "http.server.request.duration". */
  readonly name: string;
  /** The name on the runtime's /metrics endpoint, e.g. "http_server_request_duration". */
  readonly prometheusName: string;
  /** UCUM unit, e.g. "s", "By", "{request}". */
  readonly unit: string;
  readonly description: string;
}

/** The recent window of a sum: how much it changed over the window, and that change per second. */
export interface SumWindow {
  /** The increase (net change, for an up-down counter) over the window. */
  readonly count: number;
  readonly ratePerSecond: number;
}

export interface CounterSnapshot extends MetricSnapshotBase {
  readonly kind: 'counter' | 'upDownCounter';
  readonly series: readonly {
    readonly attributes: SnapshotAttributes;
    /** The total since the series started (or since the read-out was reset). */
    readonly value: number;
    readonly window: SumWindow;
  }[];
}

export interface GaugeSnapshot extends MetricSnapshotBase {
  readonly kind: 'gauge';
  readonly series: readonly { readonly attributes: SnapshotAttributes; readonly value: number }[];
}

export interface HistogramSnapshot extends MetricSnapshotBase {
  readonly kind: 'histogram';
  readonly series: readonly {
    readonly attributes: SnapshotAttributes;
    /** Every value since the series started (or since the read-out was reset). */
    readonly lifetime: DistributionSummary;
    /** The values of the recent window, and how many per second. */
    readonly window: DistributionSummary & { readonly ratePerSecond: number };
  }[];
}

export type MetricSnapshot = CounterSnapshot | GaugeSnapshot | HistogramSnapshot;

export interface MetricsSnapshot {
  /** When the snapshot was taken (ISO 8601). */
  readonly takenAt: string;
  /** How many seconds the windows cover at most; see `readoutWindowSeconds` for what they hold exactly. */
  readonly windowSeconds: number;
  readonly metrics: readonly MetricSnapshot[];
}

/** One line of the summary: a series (or a group of series differing only in outcome) and its recent activity. */
export interface SummaryRow {
  readonly name: string;
  /** The series' attributes without the outcome attributes the error ratio is computed from. */
  readonly attributes: SnapshotAttributes;
  /** Records (histograms) or increase (counters) per second over the window. */
  readonly ratePerSecond: number;
  /** The share of the window's records that were failures; null when the metric carries no outcome. */
  readonly errorRatio: number | null;
  /** Percentiles of the window (histograms only). */
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly unit: string;
}

export interface MetricsSummary {
  readonly takenAt: string;
  readonly windowSeconds: number;
  /** Every duration histogram, then the busiest other metrics, busiest first. */
  readonly top: readonly SummaryRow[];
}
