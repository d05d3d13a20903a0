// The disabled path. The no-op MeterProvider is recognised by BaseMetrics, which then hands out
// instruments whose methods do nothing at all: a disabled record is one empty call.
import { createNoopMeter, type Meter, type MeterProvider } from '@opentelemetry/api';
import type {
  DomainCounter,
  DomainGauge,
  DomainHistogram,
  DomainUpDownCounter,
  InstrumentFactory,
} from './instruments.js';
import type { CounterSpec, GaugeSpec, HistogramSpec, UpDownCounterSpec } from './MetricSpec.js';

// Symbol.for, not a module-local symbol: the ESM and CommonJS builds may both be loaded.
const NOOP_MARK = Symbol.for('otel-domain-metrics.noop-meter-provider');

class NoopMeterProvider implements MeterProvider {
  readonly [NOOP_MARK] = true;
  private readonly meter = createNoopMeter();
  getMeter(): Meter {
    return this.meter;
  }
}

/** The provider used when telemetry is off; no reader, no timer, no socket. */
export const NOOP_METER_PROVIDER: MeterProvider = Object.freeze(new NoopMeterProvider());

export function isNoopMeterProvider(provider: MeterProvider): boolean {
  return (provider as Partial<Record<typeof NOOP_MARK, boolean>>)[NOOP_MARK] === true;
}

const API_NOOP_METER = createNoopMeter();

/** True for a Meter of the OpenTelemetry API's own no-op provider (not this library's). */
export function isApiNoopMeter(meter: Meter): boolean {
  return meter instanceof API_NOOP_METER.constructor;
}

function nothing(): void {}

const noopInstrument = { add: nothing, record: nothing, remove: nothing, observe: () => nothing };

export const NOOP_INSTRUMENTS: InstrumentFactory = {
  counter: <K extends string>(spec: CounterSpec<K>): DomainCounter<K> => ({ ...noopInstrument, spec }),
  upDownCounter: <K extends string>(spec: UpDownCounterSpec<K>): DomainUpDownCounter<K> => ({ ...noopInstrument, spec }),
  histogram: <K extends string>(spec: HistogramSpec<K>): DomainHistogram<K> => ({ ...noopInstrument, spec }),
  gauge: <K extends string>(spec: GaugeSpec<K>): DomainGauge<K> => ({ ...noopInstrument, spec }),
};
