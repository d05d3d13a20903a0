// The domain classes on an OpenTelemetry setup you already own (NodeSDK, or a MeterProvider you
// built): the same local aggregation as startMetrics() uses, handed to your readers as a
// MetricProducer, so a record costs what it costs on the runtime's own path and the catalog's
// buckets and names come out whatever Views your SDK has.
import type { MeterProvider } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { MetricProducer, MetricReader } from '@opentelemetry/sdk-metrics';
import type { EnvSource } from '../config/EnvReader.js';
import { loadMetricsConfig } from '../config/loadMetricsConfig.js';
import type { MetricsConfig } from '../config/MetricsConfig.js';
import { catalogMetrics } from '../catalog.js';
import { DiagnosticsSink } from '../core/DiagnosticsSink.js';
import { DomainMeterProvider } from '../core/DomainMeterProvider.js';
import { FastPathRegistry } from '../core/fast/FastPathRegistry.js';
import { Readout } from '../readout/Readout.js';
import type { MetricsSnapshot, MetricsSummary } from '../readout/snapshotTypes.js';

export interface MetricsBridgeOptions {
  /**
   * Most series per metric over its lifetime, the overflow series included.
   * @default METRICS_CARDINALITY_LIMIT, else 2000
   */
  readonly cardinalityLimit?: number;
  /**
   * How long a series may go unrecorded before it is dropped; 0 = never.
   * @default METRICS_SERIES_EXPIRY, else 600000
   */
  readonly seriesExpiryMillis?: number;
  /** Where the library's warnings go. @default METRICS_DIAGNOSTICS, else "console" */
  readonly diagnostics?: MetricsConfig['diagnostics'];
  /** Where environment settings are read from. @default process.env */
  readonly env?: EnvSource;
}

export interface MetricsBridge {
  /** Pass this (or the bridge itself) to domain classes: `new DomainMetrics(bridge)`. */
  readonly meterProvider: MeterProvider;
  /** Always true: the domain classes record, and every reader built with `reader()` exports it. */
  readonly enabled: true;
  /**
   * Builds one of your readers with the domain metrics as an extra producer: `build` receives the
   * `metricProducers` to pass to the reader's constructor (readers take producers only there),
   * and the producer then follows that reader's temporality. Call it once per reader.
   */
  reader<R extends MetricReader>(build: (metricProducers: MetricProducer[]) => R): R;
  /** Every metric the domain classes record through this bridge, as `runtime.snapshot()` gives it. */
  snapshot(): MetricsSnapshot;
  /** The busiest metrics, as `runtime.summary()` gives it. */
  summary(): MetricsSummary;
}

/**
 * The domain classes for a MeterProvider or NodeSDK you configure yourself. Domain objects can be
 * created before your SDK starts: what they record is kept until a reader collects it.
 * Settings are read like startMetrics() reads them; invalid ones throw one MetricsConfigError.
 */
export function createMetricsBridge(options: MetricsBridgeOptions = {}): MetricsBridge {
  const { env, cardinalityLimit, seriesExpiryMillis, diagnostics } = options;
  const config = loadMetricsConfig(env ?? process.env, { cardinalityLimit, seriesExpiryMillis, diagnostics });
  const sink = new DiagnosticsSink(config.diagnostics);
  const readout = new Readout({ windowSeconds: config.readoutWindowSeconds, percentiles: config.percentiles });
  // Readers report the resource of their own MeterProvider; the producer's is not used.
  const registry = new FastPathRegistry(resourceFromAttributes({}), {
    cardinalityLimit: config.cardinalityLimit,
    seriesExpiryMillis: config.seriesExpiryMillis,
    diagnostics: sink,
    readout,
    catalog: catalogMetrics(),
  });
  const meterProvider = new DomainMeterProvider(undefined, { cardinalityLimit: config.cardinalityLimit, fastPath: registry, diagnostics: sink, readout });
  return {
    meterProvider,
    enabled: true,
    reader<R extends MetricReader>(build: (metricProducers: MetricProducer[]) => R): R {
      const producer = registry.createProducer();
      const reader = build([producer]);
      producer.attach(reader);
      return reader;
    },
    snapshot: () => readout.snapshot(),
    summary: () => readout.summary(),
  };
}
