// The plain SDK recording path: each domain instrument wraps an @opentelemetry/api instrument and
// hands it a cached, normalised attributes object. Used for any MeterProvider.
import type { Attributes, Counter, Histogram, Meter, ObservableGauge, ObservableResult, UpDownCounter } from '@opentelemetry/api';
import { BUCKET_SETS } from './buckets.js';
import type {
  DomainCounter,
  DomainGauge,
  DomainHistogram,
  DomainUpDownCounter,
  GaugeObserver,
  InstrumentFactory,
} from './instruments.js';
import { MetricDiagnostics } from './MetricDiagnostics.js';
import type {
  AttributesOf,
  CounterSpec,
  GaugeSpec,
  HistogramSpec,
  MetricSpec,
  UpDownCounterSpec,
} from './MetricSpec.js';
import { SeriesResolver, type SeriesAttributes } from './SeriesResolver.js';
import { acceptFinite, acceptNonNegative } from './valueCheck.js';

abstract class SdkInstrument<S extends MetricSpec> {
  protected readonly diagnostics: MetricDiagnostics;
  protected readonly series: SeriesResolver<SeriesAttributes>;

  constructor(readonly spec: S, maxCachedSeries: number) {
    this.diagnostics = new MetricDiagnostics(spec.name);
    this.series = new SeriesResolver<SeriesAttributes>(spec.attributes, (attributes) => attributes, this.diagnostics, maxCachedSeries);
  }

  protected failed(error: unknown): void {
    this.diagnostics.report('record-failed', error);
  }
}

class SdkCounter<K extends string> extends SdkInstrument<CounterSpec<K>> implements DomainCounter<K> {
  constructor(spec: CounterSpec<K>, private readonly instrument: Counter, maxCached: number) {
    super(spec, maxCached);
  }
  add(value: number, attributes?: AttributesOf<K>): void {
    try {
      if (acceptNonNegative(value, this.diagnostics)) this.instrument.add(value, this.series.resolve(attributes) as Attributes);
    } catch (error) {
      this.failed(error);
    }
  }
}

class SdkUpDownCounter<K extends string> extends SdkInstrument<UpDownCounterSpec<K>> implements DomainUpDownCounter<K> {
  constructor(spec: UpDownCounterSpec<K>, private readonly instrument: UpDownCounter, maxCached: number) {
    super(spec, maxCached);
  }
  add(delta: number, attributes?: AttributesOf<K>): void {
    try {
      if (acceptFinite(delta, this.diagnostics)) this.instrument.add(delta, this.series.resolve(attributes) as Attributes);
    } catch (error) {
      this.failed(error);
    }
  }
}

class SdkHistogram<K extends string> extends SdkInstrument<HistogramSpec<K>> implements DomainHistogram<K> {
  constructor(spec: HistogramSpec<K>, private readonly instrument: Histogram, maxCached: number) {
    super(spec, maxCached);
  }
  record(value: number, attributes?: AttributesOf<K>): void {
    try {
      if (acceptNonNegative(value, this.diagnostics)) this.instrument.record(value, this.series.resolve(attributes) as Attributes);
    } catch (error) {
      this.failed(error);
    }
  }
}

interface GaugeSeries {
  readonly attributes: SeriesAttributes;
  value: number;
}

/**
 * An observable gauge over the values set with `record` and those observed by callbacks. The
 * stored values are bounded like every series cache: past the bound a new series is dropped.
 */
class SdkGauge<K extends string> implements DomainGauge<K> {
  private readonly diagnostics: MetricDiagnostics;
  private readonly series: SeriesResolver<GaugeSeries>;
  private readonly values = new Map<string, GaugeSeries>();
  private readonly callbacks = new Set<(observe: GaugeObserver<K>) => void>();

  constructor(readonly spec: GaugeSpec<K>, instrument: ObservableGauge, private readonly maxSeries: number) {
    this.diagnostics = new MetricDiagnostics(spec.name);
    this.series = new SeriesResolver<GaugeSeries>(spec.attributes, (attributes, key) => this.seriesFor(attributes, key), this.diagnostics, maxSeries);
    instrument.addCallback((result) => this.collect(result));
  }

  record(value: number, attributes?: AttributesOf<K>): void {
    try {
      if (this.accept(value)) this.series.resolve(attributes).value = value;
    } catch (error) {
      this.diagnostics.report('record-failed', error);
    }
  }

  remove(attributes?: AttributesOf<K>): void {
    try {
      // NaN marks "not exported"; the series object stays, as the resolver may hand it out again.
      this.series.resolve(attributes).value = Number.NaN;
    } catch (error) {
      this.diagnostics.report('record-failed', error);
    }
  }

  observe(callback: (observe: GaugeObserver<K>) => void): () => void {
    this.callbacks.add(callback);
    return () => this.callbacks.delete(callback);
  }

  private accept(value: unknown): value is number {
    return this.spec.nonNegative ? acceptNonNegative(value, this.diagnostics) : acceptFinite(value, this.diagnostics);
  }

  private seriesFor(attributes: SeriesAttributes, key: string): GaugeSeries {
    let series = this.values.get(key);
    if (series === undefined) {
      series = { attributes, value: Number.NaN };
      if (this.values.size < this.maxSeries) this.values.set(key, series);
    }
    return series;
  }

  private collect(result: ObservableResult): void {
    for (const series of this.values.values()) {
      if (!Number.isNaN(series.value)) result.observe(series.value, series.attributes as Attributes);
    }
    if (this.callbacks.size === 0) return;
    const observer: GaugeObserver<K> = (value, attributes) => {
      if (this.accept(value)) result.observe(value, this.series.resolve(attributes).attributes as Attributes);
    };
    for (const callback of this.callbacks) {
      try {
        callback(observer);
      } catch (error) {
        this.diagnostics.report('record-failed', error);
      }
    }
  }
}

/**
 * Creates API instruments on `meter`. Histograms carry their catalog boundaries as advice, so
 * they are right even on a MeterProvider this library did not configure.
 */
export class SdkInstrumentFactory implements InstrumentFactory {
  constructor(private readonly meter: Meter, private readonly maxCachedSeries: number) {}

  counter<K extends string>(spec: CounterSpec<K>): DomainCounter<K> {
    return new SdkCounter(spec, startAtZero(spec, this.meter.createCounter(spec.name, describe(spec))), this.maxCachedSeries);
  }
  upDownCounter<K extends string>(spec: UpDownCounterSpec<K>): DomainUpDownCounter<K> {
    return new SdkUpDownCounter(spec, startAtZero(spec, this.meter.createUpDownCounter(spec.name, describe(spec))), this.maxCachedSeries);
  }
  histogram<K extends string>(spec: HistogramSpec<K>): DomainHistogram<K> {
    const options = { ...describe(spec), advice: { explicitBucketBoundaries: [...BUCKET_SETS[spec.buckets]] } };
    return new SdkHistogram(spec, this.meter.createHistogram(spec.name, options), this.maxCachedSeries);
  }
  gauge<K extends string>(spec: GaugeSpec<K>): DomainGauge<K> {
    return new SdkGauge(spec, this.meter.createObservableGauge(spec.name, describe(spec)), this.maxCachedSeries);
  }
}

/**
 * A sum without attributes has exactly one series; it is exported from the start (at 0) so that
 * queries on it (queue depth, active count) return 0 rather than nothing before the first event.
 */
function startAtZero<I extends Counter | UpDownCounter>(spec: MetricSpec, instrument: I): I {
  if (spec.attributes.length === 0) {
    try {
      instrument.add(0);
    } catch {
      // Reported by the first real recording; construction never fails on a broken SDK.
    }
  }
  return instrument;
}

function describe(spec: MetricSpec): { unit: string; description: string } {
  return { unit: spec.unit, description: spec.description };
}
