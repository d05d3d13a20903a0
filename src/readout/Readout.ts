// The read-out of one runtime: the window settings, the coarse clock, and every metric its
// instruments record (on either path), from which snapshots and summaries are built on demand.
import type { CounterSpec, GaugeSpec, HistogramSpec, MetricSpec, UpDownCounterSpec } from '../core/MetricSpec.js';
import { QUANTILES, type QuantileSketch } from '../core/distribution/QuantileSketch.js';
import type { SeriesAttributes } from '../core/SeriesResolver.js';
import { prometheusName } from '../naming/prometheusNames.js';
import { ReadoutClock, type TimeSource } from './ReadoutClock.js';
import { DistributionReadout, SumReadout, type RecordingReadout, type WindowShape } from './SeriesReadout.js';
import { SumWindows } from './SumWindows.js';
import type { DistributionSummary, MetricSnapshot, MetricsSnapshot, MetricsSummary, SnapshotAttributes } from './snapshotTypes.js';
import { summarize } from './summary.js';

/** A window is cut into this many slices: 60 s windows move on in 10 s steps. */
export const WINDOW_SLICES = 6;

export interface ReadoutSettings {
  /** How long the recent window is, in seconds. */
  readonly windowSeconds: number;
  /** Keep quantile buckets per series (percentiles), or only count, sum, min and max. */
  readonly percentiles: boolean;
  /** Where time comes from. @default Date.now */
  readonly now?: TimeSource;
  /** Advance the clock on an unref'd timer; tests that move time by hand turn it off. @default true */
  readonly timer?: boolean;
}

type SeriesVisitor<R> = (attributes: SeriesAttributes, readout: R) => void;

/** A metric as the read-out sees it: its spec and a way to visit its current series. */
export type ReadoutSource =
  | { readonly spec: CounterSpec | UpDownCounterSpec; forEachSeries(visit: SeriesVisitor<SumReadout>): void }
  | { readonly spec: HistogramSpec; forEachSeries(visit: SeriesVisitor<DistributionReadout>): void }
  | { readonly spec: GaugeSpec; forEachSeries(visit: SeriesVisitor<number>): void };

/** Series visited per turn of the event loop by `snapshotAsync`, so that a scrape is never kept waiting long. */
const SERIES_PER_TURN = 500;

export class Readout {
  readonly clock: ReadoutClock;
  readonly windowSeconds: number;
  private readonly shape: WindowShape;
  /** The windows of every counter and up-down counter series, moved on with the clock. */
  private readonly sums = new SumWindows(WINDOW_SLICES);
  /** Per metric name, the sources recording it (one per scope or meter that declares it). */
  private readonly sources = new Map<string, ReadoutSource[]>();

  constructor(settings: ReadoutSettings) {
    this.windowSeconds = settings.windowSeconds;
    this.clock = new ReadoutClock((settings.windowSeconds * 1000) / WINDOW_SLICES, settings.now, (steps) => this.sums.advance(steps));
    if (settings.timer !== false) this.clock.start();
    this.shape = { clock: this.clock, slices: WINDOW_SLICES, percentiles: settings.percentiles };
  }

  /**
   * A new series' read-out for a metric of `kind`. A sum's holds a row of the read-out's windows
   * until it is released: ask for it when the series is admitted, release it when it leaves.
   */
  series(kind: MetricSpec['kind']): RecordingReadout {
    return kind === 'histogram' ? new DistributionReadout(this.shape) : new SumReadout(this.sums, this.sums.allocate());
  }

  /**
   * The windows of every counter and up-down counter series (a row each while the series lives),
   * for a recording path that keeps their rows itself.
   */
  get sumWindows(): SumWindows {
    return this.sums;
  }

  addSource(source: ReadoutSource): void {
    const list = this.sources.get(source.spec.name);
    if (list === undefined) this.sources.set(source.spec.name, [source]);
    else if (!list.includes(source)) list.push(source);
  }

  /** Every metric now. Synchronous: on a large registry prefer `snapshotAsync`, which yields. */
  snapshot(): MetricsSnapshot {
    const now = this.clock.advance();
    const metrics: MetricSnapshot[] = [];
    for (const sources of this.sources.values()) {
      const metric = this.metric(sources, now);
      if (metric !== undefined) metrics.push(metric);
    }
    return { takenAt: new Date(now).toISOString(), windowSeconds: this.windowSeconds, metrics };
  }

  /** The same as `snapshot`, built a few hundred series per turn of the event loop. */
  async snapshotAsync(): Promise<MetricsSnapshot> {
    const now = this.clock.advance();
    const metrics: MetricSnapshot[] = [];
    let visited = 0;
    for (const sources of [...this.sources.values()]) {
      const metric = this.metric(sources, now);
      if (metric === undefined) continue;
      metrics.push(metric);
      visited += metric.series.length;
      if (visited >= SERIES_PER_TURN) {
        visited = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return { takenAt: new Date(now).toISOString(), windowSeconds: this.windowSeconds, metrics };
  }

  summary(snapshot: MetricsSnapshot = this.snapshot()): MetricsSummary {
    return summarize(snapshot);
  }

  /** One metric by its OpenTelemetry name, now; undefined when nothing declares it. */
  find(name: string): MetricSnapshot | undefined {
    const sources = this.sources.get(name);
    return sources === undefined ? undefined : this.metric(sources, this.clock.advance());
  }

  /** Starts the read-out view of the named metrics again from zero; what is exported is not touched. */
  reset(names: Iterable<string>): void {
    for (const name of names) {
      for (const source of this.sources.get(name) ?? []) {
        if (source.spec.kind === 'gauge') continue;
        (source.forEachSeries as (visit: SeriesVisitor<SumReadout | DistributionReadout>) => void)((_, readout) => readout.reset());
      }
    }
  }

  stop(): void {
    this.clock.stop();
  }

  private metric(sources: readonly ReadoutSource[], now: number): MetricSnapshot | undefined {
    const spec = sources[0]!.spec;
    const base = { name: spec.name, prometheusName: prometheusName(spec), unit: spec.unit, description: spec.description };
    const coveredSeconds = this.coveredSeconds(now);
    if (spec.kind === 'gauge') {
      const series: { attributes: SnapshotAttributes; value: number }[] = [];
      for (const source of sources) (source.forEachSeries as (visit: SeriesVisitor<number>) => void)((attributes, value) => series.push({ attributes: plain(attributes), value }));
      return { ...base, kind: 'gauge', series };
    }
    if (spec.kind === 'histogram') {
      const series: { attributes: SnapshotAttributes; lifetime: DistributionSummary; window: DistributionSummary & { ratePerSecond: number } }[] = [];
      for (const source of sources) {
        (source.forEachSeries as (visit: SeriesVisitor<DistributionReadout>) => void)((attributes, readout) => {
          const state = readout.read();
          if (state === undefined) return;
          const [first, ...rest] = state.window;
          const window = describe(first!, rest);
          series.push({
            attributes: plain(attributes),
            lifetime: describe(state.lifetime, state.window),
            window: { ...window, ratePerSecond: window.count / coveredSeconds },
          });
        });
      }
      return { ...base, kind: 'histogram', series };
    }
    const series: { attributes: SnapshotAttributes; value: number; window: { count: number; ratePerSecond: number } }[] = [];
    for (const source of sources) {
      (source.forEachSeries as (visit: SeriesVisitor<SumReadout>) => void)((attributes, readout) => {
        const { value, window } = readout.read();
        series.push({ attributes: plain(attributes), value, window: { count: window, ratePerSecond: window / coveredSeconds } });
      });
    }
    return { ...base, kind: spec.kind, series };
  }

  /**
   * What a window holds at `now`: the current slice so far and the slices before it, up to the
   * window's length, never before the clock started.
   */
  private coveredSeconds(now: number): number {
    const slice = this.clock.sliceMillis;
    const covered = (WINDOW_SLICES - 1) * slice + (now - this.clock.tick * slice);
    return Math.max(1, Math.min(covered, now - this.clock.startedAt)) / 1000;
  }
}

/** The summary of a lifetime or window: `first` read as if `others` were merged into it. */
function describe(first: QuantileSketch, others: readonly QuantileSketch[]): DistributionSummary {
  let count = first.count;
  let sum = first.sum;
  let min = first.min;
  let max = first.max;
  for (const o of others) {
    count += o.count;
    sum += o.sum;
    if (o.min < min) min = o.min;
    if (o.max > max) max = o.max;
  }
  const [p50, p75, p90, p95, p99] = QUANTILES.map((q) => first.quantile(q, others));
  return {
    count,
    sum,
    min: count === 0 ? null : min,
    max: count === 0 ? null : max,
    mean: count === 0 ? null : sum / count,
    p50: p50 ?? null,
    p75: p75 ?? null,
    p90: p90 ?? null,
    p95: p95 ?? null,
    p99: p99 ?? null,
  };
}

/** The attributes as JSON shows them; the overflow series' `true` becomes "true". */
function plain(attributes: SeriesAttributes): SnapshotAttributes {
  const result: Record<string, string | number> = {};
  for (const key of Object.keys(attributes)) {
    const value = attributes[key] as unknown;
    result[key] = typeof value === 'number' ? value : String(value);
  }
  return result;
}
