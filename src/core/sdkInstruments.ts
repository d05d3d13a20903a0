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
  /** One attributes object per attribute set: 200 and "200" must not reach the SDK as two series. */
  private readonly canonical = new Map<string, SeriesAttributes>();

  constructor(readonly spec: S, maxCachedSeries: number) {
    this.diagnostics = new MetricDiagnostics(spec.name);
    this.series = new SeriesResolver<SeriesAttributes>(spec.attributes, (attributes, key) => this.canonicalOf(attributes, key, maxCachedSeries), this.diagnostics, maxCachedSeries);
  }

  private canonicalOf(attributes: SeriesAttributes, key: string, max: number): SeriesAttributes {
    const known = this.canonical.get(key);
    if (known !== undefined) return known;
    if (this.canonical.size < max) this.canonical.set(key, attributes);
    return attributes;
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

/**
 * The current values of one gauge metric on one Meter, shared by every instance that declares it:
 * the last value recorded by any of them is the one exported, and the SDK gets one callback,
 * however many instances (request-scoped injection) come and go.
 */
class GaugeStore {
  readonly values = new Map<string, { readonly attributes: SeriesAttributes; value: number }>();
  readonly callbacks = new Set<(result: ObservableResult) => void>();

  constructor(instrument: ObservableGauge, readonly maxSeries: number) {
    instrument.addCallback((result) => {
      for (const { attributes, value } of this.values.values()) result.observe(value, attributes as Attributes);
      for (const callback of this.callbacks) callback(result);
    });
  }
}

const GAUGE_STORES = Symbol.for('otel-domain-metrics.gauge-stores');

function gaugeStore(meter: Meter, spec: GaugeSpec, maxSeries: number): GaugeStore {
  const holder = meter as { [GAUGE_STORES]?: Map<string, GaugeStore> };
  let stores = holder[GAUGE_STORES];
  if (stores === undefined) {
    stores = new Map();
    // A frozen Meter (someone else's) gets no shared store; each instance then keeps its own.
    if (Object.isExtensible(meter)) Object.defineProperty(meter, GAUGE_STORES, { value: stores });
  }
  let store = stores.get(spec.name);
  if (store === undefined) {
    store = new GaugeStore(meter.createObservableGauge(spec.name, describe(spec)), maxSeries);
    stores.set(spec.name, store);
  }
  return store;
}

/**
 * A gauge over the values set with `record` and those observed by callbacks at collection time.
 * `remove` stops exporting a series; past `maxSeries` stored series a new one is dropped and
 * reported, never silently.
 */
class SdkGauge<K extends string> implements DomainGauge<K> {
  private readonly diagnostics: MetricDiagnostics;
  private readonly series: SeriesResolver<{ readonly attributes: SeriesAttributes; readonly key: string }>;

  constructor(readonly spec: GaugeSpec<K>, private readonly store: GaugeStore) {
    this.diagnostics = new MetricDiagnostics(spec.name);
    this.series = new SeriesResolver(spec.attributes, (attributes, key) => ({ attributes, key }), this.diagnostics, store.maxSeries);
  }

  record(value: number, attributes?: AttributesOf<K>): void {
    try {
      if (!this.accept(value)) return;
      const series = this.series.resolve(attributes);
      const stored = this.store.values.get(series.key);
      if (stored !== undefined) stored.value = value;
      else if (this.store.values.size < this.store.maxSeries) this.store.values.set(series.key, { attributes: series.attributes, value });
      else this.diagnostics.report('too-many-series', `${this.store.maxSeries} series held`);
    } catch (error) {
      this.diagnostics.report('record-failed', error);
    }
  }

  remove(attributes?: AttributesOf<K>): void {
    try {
      this.store.values.delete(this.series.resolve(attributes).key);
    } catch (error) {
      this.diagnostics.report('record-failed', error);
    }
  }

  observe(callback: (observe: GaugeObserver<K>) => void): () => void {
    const registered = (result: ObservableResult) => {
      const observer: GaugeObserver<K> = (value, attributes) => {
        if (this.accept(value)) result.observe(value, this.series.resolve(attributes).attributes as Attributes);
      };
      try {
        callback(observer);
      } catch (error) {
        this.diagnostics.report('record-failed', error);
      }
    };
    this.store.callbacks.add(registered);
    return () => this.store.callbacks.delete(registered);
  }

  private accept(value: unknown): value is number {
    return this.spec.nonNegative ? acceptNonNegative(value, this.diagnostics) : acceptFinite(value, this.diagnostics);
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
    return new SdkGauge(spec, gaugeStore(this.meter, spec, this.maxCachedSeries));
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
