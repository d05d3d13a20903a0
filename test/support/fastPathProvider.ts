// A MeterProvider wired as startMetrics wires it (catalog-style views, the fast path's producer on
// each reader), with in-memory readers of the given temporalities.
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider } from '@opentelemetry/sdk-metrics';
import { FastPathRegistry } from '../../src/core/fast/FastPathRegistry.js';
import type { MetricSpec } from '../../src/core/MetricSpec.js';
import { DomainMeterProvider } from '../../src/core/DomainMeterProvider.js';
import { catalogViews } from '../../src/runtime/views.js';
import { TestReader } from './collect.js';
import type { Readout } from '../../src/readout/Readout.js';
import type { DiagnosticsSink } from '../../src/core/DiagnosticsSink.js';

export function runtimeLikeProvider(options: {
  fast: boolean;
  specs: readonly MetricSpec[];
  cardinalityLimit?: number;
  seriesExpiryMillis?: number;
  temporalities?: readonly AggregationTemporality[];
  /** The read-out both paths record into, as the runtime's. */
  readout?: Readout;
  /** Readers that read the fast path's points as the Prometheus endpoint does. */
  readsLocalPoints?: boolean;
  /** Where the fast path's warnings go. @default the process default sink */
  diagnostics?: DiagnosticsSink;
}) {
  const limit = options.cardinalityLimit ?? 2000;
  const resource = resourceFromAttributes({ 'service.name': 'test' });
  const registry = options.fast ? new FastPathRegistry(resource, { cardinalityLimit: limit, seriesExpiryMillis: options.seriesExpiryMillis, readout: options.readout, diagnostics: options.diagnostics }) : undefined;
  const readers = (options.temporalities ?? [AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA]).map((temporality) => {
    const producer = registry?.createProducer();
    const reader = new TestReader(temporality, producer && [producer], options.readsLocalPoints === true);
    producer?.attach(reader);
    return reader;
  });
  const sdkProvider = new MeterProvider({ resource, readers, views: catalogViews(options.specs, limit) });
  const meterProvider = new DomainMeterProvider(sdkProvider, { cardinalityLimit: limit, fastPath: registry, readout: options.readout });
  return { meterProvider, readers };
}
