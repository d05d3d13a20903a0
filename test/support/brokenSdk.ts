import type { MeterProvider } from '@opentelemetry/api';

/** A MeterProvider whose instruments throw on every record: recording must never pass that on. */
export function throwingMeterProvider(): MeterProvider {
  const fail = () => {
    throw new Error('sdk bug');
  };
  return {
    getMeter: () =>
      ({
        createCounter: () => ({ add: fail }),
        createUpDownCounter: () => ({ add: fail }),
        createHistogram: () => ({ record: fail }),
        createObservableGauge: () => ({ addCallback: () => {} }),
      }) as never,
  };
}
