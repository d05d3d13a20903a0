// The plain SDK recording path: each domain instrument wraps an @opentelemetry/api instrument and
// hands it a cached, normalised attributes object. Used for any MeterProvider.
import type { Attributes, Meter, MeterProvider, ObservableGauge } from '@opentelemetry/api';
import { BUCKET_SETS } from './buckets.js';
import { DEFAULT_CALLBACK_TIMEOUT_MILLIS, runGaugeCallbacks, type CallbackResult } from './gaugeCallbacks.js';
import { GaugeInstrument, type GaugeState } from './GaugeInstrument.js';
import { GaugeValues, type GaugeSink } from './GaugeValues.js';
import type { DomainCounter, DomainGauge, DomainHistogram, DomainUpDownCounter, InstrumentFactory } from './instruments.js';
import type { DiagnosticsSink } from './DiagnosticsSink.js';
import { MetricDiagnostics } from './MetricDiagnostics.js';
import {
  compatible,
  describeConflict,
  type AttributesOf,
  type CounterSpec,
  type GaugeSpec,
  type HistogramSpec,
  type MetricSpec,
  type UpDownCounterSpec,
} from './MetricSpec.js';
import { NOOP_INSTRUMENTS } from './noop.js';
import { SeriesResolver, type SeriesAttributes } from './SeriesResolver.js';
import { OVERFLOW_ATTRIBUTES, OVERFLOW_KEY, SeriesTable } from './SeriesTable.js';
import type { Readout, ReadoutSource } from '../readout/Readout.js';
import { NO_READOUT, type DistributionReadout, type RecordingReadout, type SumReadout } from '../readout/SeriesReadout.js';
import { acceptFinite, acceptNonNegative } from './valueCheck.js';

type SumOrHistogramSpec = CounterSpec | UpDownCounterSpec | HistogramSpec;

/** An admitted attribute set: the attributes handed to the SDK, and its read-out state. */
interface AdmittedSeries {
  readonly key: string;
  readonly attributes: SeriesAttributes;
  lastActive: number;
  readonly readout: RecordingReadout;
}

/**
 * The series of one metric on one Meter, admitted over its lifetime (see SeriesTable), and the
 * overflow series that takes the rest.
 */
class Admissions {
  readonly table: SeriesTable<AdmittedSeries>;
  readonly overflow: AdmittedSeries;
  /** Whether anything was recorded into the overflow series (only then does a snapshot show it). */
  overflowed = false;

  constructor(cardinalityLimit: number, readonly spec: MetricSpec, readonly readout: Readout | undefined) {
    this.table = new SeriesTable(cardinalityLimit - 1, 0);
    this.overflow = { key: OVERFLOW_KEY, attributes: OVERFLOW_ATTRIBUTES, lastActive: 0, readout: this.newReadout() };
  }

  newReadout(): RecordingReadout {
    return this.readout?.series(this.spec.kind) ?? NO_READOUT;
  }

  forEachSeries(visit: (series: AdmittedSeries) => void): void {
    for (const series of this.table.values()) visit(series);
    if (this.overflowed) visit(this.overflow);
  }
}

/** Which values an instrument takes: counters and histograms none below zero, up-down counters any finite one. */
type Accept = (value: unknown, diagnostics: MetricDiagnostics) => value is number;

/**
 * One synchronous instrument on the SDK path: counters, up-down counters and histograms differ only
 * in the values they accept and the API call they end in (`add` or `record`), so each is this
 * recording under its own method name. Never throws: a refused value or a failing SDK becomes a
 * diagnostic.
 */
class SdkRecording<K extends string> {
  private readonly diagnostics: MetricDiagnostics;
  private readonly series: SeriesResolver<AdmittedSeries>;

  constructor(
    spec: MetricSpec<K>,
    private readonly accept: Accept,
    private readonly write: (value: number, attributes: Attributes) => void,
    admissions: Admissions,
    sink: DiagnosticsSink | undefined,
  ) {
    this.diagnostics = new MetricDiagnostics(spec.name, sink);
    this.series = new SeriesResolver<AdmittedSeries>(spec.attributes, (attributes, key) => admit(admissions, attributes, key, this.diagnostics), this.diagnostics, (admissions.table.capacity + 1) * 2);
  }

  /** A bound function, handed out as the instrument's `add` or `record`. */
  readonly take = (value: number, attributes?: AttributesOf<K>): void => {
    try {
      if (!this.accept(value, this.diagnostics)) return;
      const series = this.series.resolve(attributes);
      this.write(value, series.attributes as Attributes);
      series.readout.record(value);
    } catch (error) {
      this.diagnostics.report('record-failed', error);
    }
  };
}

/**
 * One attributes object per attribute set (200 and "200" must not reach the SDK as two series),
 * and the overflow attributes once the metric holds limit − 1 sets. The SDK applies its limit per
 * collection interval only, so its cumulative state would otherwise keep every set ever seen.
 * This path cannot drop an SDK series again: admitted sets stay for the provider's lifetime
 * (series expiry needs the runtime's fast path).
 */
function admit(admissions: Admissions, attributes: SeriesAttributes, key: string, diagnostics: MetricDiagnostics): AdmittedSeries {
  const known = admissions.table.get(key);
  if (known !== undefined) return known;
  if (!admissions.table.full) {
    // The read-out only for a series that holds a place: a sum's holds a row until released.
    const series = { key, attributes, lastActive: 0, readout: admissions.newReadout() };
    admissions.table.add(series);
    return series;
  }
  diagnostics.report('cardinality-overflow', `${admissions.table.capacity + 1} series`);
  admissions.overflowed = true;
  return admissions.overflow;
}

/**
 * The current values of one gauge metric on one Meter, shared by every instance that declares it:
 * the last value recorded by any of them is the one exported, and the SDK gets one callback,
 * however many instances (request-scoped injection) come and go.
 */
class GaugeStore implements GaugeState {
  readonly values: GaugeValues;
  private readonly callbacks = new Set<(sink: GaugeSink) => CallbackResult>();
  private readonly diagnostics: MetricDiagnostics;

  constructor(spec: GaugeSpec, instrument: ObservableGauge, readonly cardinalityLimit: number, readonly diagnosticsSink: DiagnosticsSink | undefined, readout: Readout | undefined) {
    this.diagnostics = new MetricDiagnostics(spec.name, diagnosticsSink);
    this.values = new GaugeValues(cardinalityLimit, this.diagnostics);
    readout?.addSource({ spec, forEachSeries: (visit: (attributes: SeriesAttributes, value: number) => void) => this.values.forEach(Date.now(), (value, attributes) => visit(attributes, value)) });
    instrument.addCallback((result) => {
      // At most limit − 1 attribute sets per collection, the rest to the overflow series, as on
      // the fast path. A set observed twice is observed with the attributes it was first seen
      // with in this collection: 200 and "200" are one series, which the SDK would tell apart.
      const seen = new Map<string, SeriesAttributes>();
      this.values.forEach(Date.now(), (value, attributes, key) => {
        seen.set(key, attributes);
        result.observe(value, attributes as Attributes);
      });
      const sink: GaugeSink = (value, series) => {
        let attributes = seen.get(series.key);
        if (attributes === undefined) {
          if (seen.size >= this.cardinalityLimit - 1) {
            this.diagnostics.report('cardinality-overflow', `${this.cardinalityLimit} series`);
            result.observe(value, OVERFLOW_ATTRIBUTES as Attributes);
            return;
          }
          seen.set(series.key, (attributes = series.attributes));
        }
        result.observe(value, attributes as Attributes);
      };
      const calls = [...this.callbacks].map((callback) => () => callback(sink));
      // The SDK awaits a returned promise within its own collection timeout.
      return runGaugeCallbacks(calls, DEFAULT_CALLBACK_TIMEOUT_MILLIS, this.diagnostics);
    });
  }

  addCallback(callback: (sink: GaugeSink) => CallbackResult): () => void {
    this.callbacks.add(callback);
    return () => {
      this.callbacks.delete(callback);
    };
  }
}

/** What the domain classes keep per Meter: the admitted series and gauge stores by metric name. */
interface MeterState {
  readonly admissions: Map<string, Admissions>;
  readonly gauges: Map<string, GaugeStore>;
}

/** The first declaration of each name on a provider, across its scopes, by metric name. */
type Declarations = Map<string, { readonly spec: MetricSpec; readonly diagnostics: MetricDiagnostics }>;

// Symbol.for keys on the SDK's own objects: no module-level registry, and the ESM and CommonJS
// builds, if both are loaded, share the state.
const METER_STATE = Symbol.for('otel-domain-metrics.meter-state');
const DECLARATIONS = Symbol.for('otel-domain-metrics.declarations');

/** State kept on `holder` under `key`; a frozen object (someone else's) gets a fresh one each time. */
function attached<T>(holder: object, key: symbol, create: () => T): T {
  const existing = (holder as Record<symbol, T | undefined>)[key];
  if (existing !== undefined) return existing;
  const state = create();
  if (Object.isExtensible(holder)) Object.defineProperty(holder, key, { value: state });
  return state;
}

/**
 * Creates API instruments on `meter`. Histograms carry their catalog boundaries as advice, so
 * they are right even on a MeterProvider this library did not configure. A name already declared
 * on this provider (in any scope) with another kind, unit or buckets is refused (one diagnostic, a no-op
 * instrument): the SDK would export both, and Prometheus rejects a scrape with two TYPE lines
 * for one family.
 */
export class SdkInstrumentFactory implements InstrumentFactory {
  private readonly state: MeterState;
  private readonly declared: Declarations;

  constructor(
    private readonly meter: Meter,
    private readonly cardinalityLimit: number,
    provider: MeterProvider,
    /** Where warnings go. @default the process default sink */
    private readonly sink?: DiagnosticsSink,
    /** Where snapshots read the metrics from; none keeps no read-out state per series. */
    private readonly readout?: Readout,
    /** Metrics declared from the start (see ProviderSettings.catalog). */
    catalog: readonly MetricSpec[] = [],
  ) {
    this.state = attached(meter, METER_STATE, () => ({ admissions: new Map(), gauges: new Map() }));
    this.declared = attached(provider, DECLARATIONS, (): Declarations => new Map(catalog.map((spec) => [spec.name, { spec, diagnostics: new MetricDiagnostics(spec.name, sink) }])));
  }

  counter<K extends string>(spec: CounterSpec<K>): DomainCounter<K> {
    if (!this.declare(spec)) return NOOP_INSTRUMENTS.counter(spec);
    const instrument = this.meter.createCounter(spec.name, describe(spec));
    return startAtZero({ spec, add: this.recording(spec, acceptNonNegative, (value, attributes) => instrument.add(value, attributes)) });
  }
  upDownCounter<K extends string>(spec: UpDownCounterSpec<K>): DomainUpDownCounter<K> {
    if (!this.declare(spec)) return NOOP_INSTRUMENTS.upDownCounter(spec);
    const instrument = this.meter.createUpDownCounter(spec.name, describe(spec));
    return startAtZero({ spec, add: this.recording(spec, acceptFinite, (delta, attributes) => instrument.add(delta, attributes)) });
  }
  histogram<K extends string>(spec: HistogramSpec<K>): DomainHistogram<K> {
    if (!this.declare(spec)) return NOOP_INSTRUMENTS.histogram(spec);
    const options = { ...describe(spec), advice: { explicitBucketBoundaries: [...BUCKET_SETS[spec.buckets]] } };
    const instrument = this.meter.createHistogram(spec.name, options);
    return { spec, record: this.recording(spec, acceptNonNegative, (value, attributes) => instrument.record(value, attributes)) };
  }
  gauge<K extends string>(spec: GaugeSpec<K>): DomainGauge<K> {
    if (!this.declare(spec)) return NOOP_INSTRUMENTS.gauge(spec);
    let store = this.state.gauges.get(spec.name);
    if (store === undefined) {
      store = new GaugeStore(spec, this.meter.createObservableGauge(spec.name, describe(spec)), this.cardinalityLimit, this.sink, this.readout);
      this.state.gauges.set(spec.name, store);
    }
    return new GaugeInstrument(spec, store, this.cardinalityLimit * 2);
  }

  private declare(spec: MetricSpec): boolean {
    const first = this.declared.get(spec.name);
    if (first === undefined) {
      this.declared.set(spec.name, { spec, diagnostics: new MetricDiagnostics(spec.name, this.sink) });
      return true;
    }
    if (compatible(first.spec, spec)) return true;
    first.diagnostics.report('conflicting-declaration', describeConflict(first.spec, spec));
    return false;
  }

  private recording<K extends string>(spec: CounterSpec<K> | UpDownCounterSpec<K> | HistogramSpec<K>, accept: Accept, write: (value: number, attributes: Attributes) => void) {
    return new SdkRecording(spec, accept, write, this.admissions(spec), this.sink).take;
  }

  private admissions(spec: SumOrHistogramSpec): Admissions {
    let admissions = this.state.admissions.get(spec.name);
    if (admissions === undefined) {
      const created = new Admissions(this.cardinalityLimit, spec, this.readout);
      this.readout?.addSource(readoutSource(spec, created));
      this.state.admissions.set(spec.name, created);
      admissions = created;
    }
    return admissions;
  }
}

/**
 * A sum without attributes has exactly one series; it is exported from the start (at 0) so that
 * queries on it (queue depth, active count) return 0 rather than nothing before the first event.
 * The 0 is recorded as any value is, so the series takes its place under the cardinality limit
 * (as on the fast path) and a broken SDK is reported, never thrown.
 */
function startAtZero<I extends { readonly spec: MetricSpec; add(value: number): void }>(instrument: I): I {
  if (instrument.spec.attributes.length === 0) instrument.add(0);
  return instrument;
}

/** The read-out's view of a sum or histogram on this path: its admitted series and their read-out state. */
function readoutSource(spec: SumOrHistogramSpec, admissions: Admissions): ReadoutSource {
  const each = <R>(visit: (attributes: SeriesAttributes, readout: R) => void) => admissions.forEachSeries((s) => visit(s.attributes, s.readout as R));
  if (spec.kind === 'histogram') return { spec, forEachSeries: each<DistributionReadout> };
  return { spec, forEachSeries: each<SumReadout> };
}

function describe(spec: MetricSpec): { unit: string; description: string } {
  return { unit: spec.unit, description: spec.description };
}
