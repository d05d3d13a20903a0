// The base of every domain class: one Meter from an explicitly given provider, and typed
// instrument creation from catalog specs.
import type { Meter, MeterProvider } from '@opentelemetry/api';
import { reportArgument, usableOptions } from './argumentGuard.js';
import { defaultDiagnosticsSink, type DiagnosticsSink } from './DiagnosticsSink.js';
import type {
  DomainCounter,
  DomainGauge,
  DomainHistogram,
  DomainUpDownCounter,
  InstrumentFactory,
} from './instruments.js';
import { BUCKET_SETS } from './buckets.js';
import { describeDetail } from './MetricDiagnostics.js';
import type { CounterSpec, GaugeSpec, HistogramSpec, UpDownCounterSpec } from './MetricSpec.js';
import { isApiNoopMeter, isNoopMeterProvider, NOOP_INSTRUMENTS, NOOP_METER_PROVIDER } from './noop.js';
import { providerSettings } from './providerSettings.js';
import { FastInstrumentFactory } from './fast/fastInstruments.js';
import { SdkInstrumentFactory } from './sdkInstruments.js';
import { VERSION } from '../version.js';

/** The instrumentation scope every domain class records under unless told otherwise. */
export const DEFAULT_METER_NAME = 'otel-domain-metrics';

export interface BaseMetricsOptions {
  /**
   * Where the instruments come from: `runtime.meterProvider` from `startMetrics()`, or any
   * MeterProvider you built. Without one the class records nothing, on purpose: it never falls
   * back to the global provider, because a Meter taken from the global before the SDK is
   * registered stays a no-op for ever (opentelemetry-js #3622).
   */
  readonly meterProvider?: MeterProvider;
  /**
   * The instrumentation scope name. All domain classes share one by default, so that two classes
   * declaring the same catalog metric (the execution queue depth, for one) feed one stream.
   * @default "otel-domain-metrics"
   */
  readonly meterName?: string;
  /** @default this package's version */
  readonly meterVersion?: string;
}

/**
 * Subclasses create their instruments in field initialisers (`private readonly runs =
 * this.counter(SPEC)`), which run after this constructor: the base never calls into a
 * half-initialised subclass.
 */
export abstract class BaseMetrics {
  /** False when recording through the no-op provider (telemetry switched off). */
  readonly enabled: boolean;
  protected readonly meter: Meter;
  /** Where this instance's warnings go: the runtime's sink on a runtime's provider, else the process default. */
  protected readonly diagnosticsSink: DiagnosticsSink;
  private readonly instruments: InstrumentFactory;

  constructor(givenOptions: BaseMetricsOptions = {}) {
    // Plain JavaScript may pass null or a provider that is not one: recording is then off, reported once.
    const options = usableOptions(givenOptions, new.target.name);
    const provider = options.meterProvider ?? NOOP_METER_PROVIDER;
    this.meter = provider.getMeter(options.meterName ?? DEFAULT_METER_NAME, options.meterVersion ?? VERSION);
    const settings = providerSettings(provider);
    this.diagnosticsSink = settings.diagnostics ?? defaultDiagnosticsSink();
    // The API's own no-op provider is what `metrics.getMeterProvider()` returns before an SDK
    // registers one, and it stays a no-op for ever: say so instead of claiming to record.
    const ownNoop = isNoopMeterProvider(provider);
    const apiNoop = !ownNoop && settings.fastPath === undefined && isApiNoopMeter(this.meter);
    if (apiNoop) {
      reportArgument(new.target.name, 'wrong-type', "meterProvider: the OpenTelemetry API's no-op provider records nothing (a global taken before the SDK started?); use createMetricsBridge()", this.diagnosticsSink);
    }
    this.enabled = !ownNoop && !apiNoop;
    // Remember at most twice the cardinality limit of raw attribute combinations per instrument.
    const maxCachedSeries = settings.cardinalityLimit * 2;
    const scope = { name: options.meterName ?? DEFAULT_METER_NAME, version: options.meterVersion ?? VERSION };
    if (!this.enabled) this.instruments = NOOP_INSTRUMENTS;
    else if (settings.fastPath !== undefined) this.instruments = new FastInstrumentFactory(settings.fastPath, scope, maxCachedSeries);
    else this.instruments = new SdkInstrumentFactory(this.meter, settings.cardinalityLimit, provider, settings.diagnostics, settings.readout, settings.catalog);
  }

  protected counter<K extends string>(spec: CounterSpec<K>): DomainCounter<K> {
    return this.instruments.counter(spec);
  }

  protected upDownCounter<K extends string>(spec: UpDownCounterSpec<K>): DomainUpDownCounter<K> {
    return this.instruments.upDownCounter(spec);
  }

  protected histogram<K extends string>(spec: HistogramSpec<K>): DomainHistogram<K> {
    // A spec from plain JavaScript or a cast may name no bucket set: refused alike on both paths,
    // with one warning (rate-limited across instances), rather than throwing from the constructor
    // on one and dropping every record with an SDK error on the other.
    if (typeof spec.buckets !== 'string' || !Object.hasOwn(BUCKET_SETS, spec.buckets)) {
      const name = describeDetail(spec.name);
      if (this.enabled) {
        this.diagnosticsSink.warn(`${name}|no-bucket-set`, () => `${name}: declares no known bucket set (buckets: ${describeDetail(spec.buckets)}; the sets are ${Object.keys(BUCKET_SETS).join(', ')}); this histogram is refused and records nothing`);
      }
      return NOOP_INSTRUMENTS.histogram(spec);
    }
    return this.instruments.histogram(spec);
  }

  protected gauge<K extends string>(spec: GaugeSpec<K>): DomainGauge<K> {
    return this.instruments.gauge(spec);
  }
}
