// The plain SDK recording path: each domain instrument wraps an @opentelemetry/api instrument and
// hands it a cached, normalised attributes object. Used for any MeterProvider.
import type { Attributes, Counter, Gauge, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';
import { BUCKET_SETS } from './buckets.js';
import type {
  DomainCounter,
  DomainGauge,
  DomainHistogram,
  DomainUpDownCounter,
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

class SdkGauge<K extends string> extends SdkInstrument<GaugeSpec<K>> implements DomainGauge<K> {
  constructor(spec: GaugeSpec<K>, private readonly instrument: Gauge, maxCached: number) {
    super(spec, maxCached);
  }
  record(value: number, attributes?: AttributesOf<K>): void {
    try {
      if (acceptFinite(value, this.diagnostics)) this.instrument.record(value, this.series.resolve(attributes) as Attributes);
    } catch (error) {
      this.failed(error);
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
    return new SdkGauge(spec, this.meter.createGauge(spec.name, describe(spec)), this.maxCachedSeries);
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
