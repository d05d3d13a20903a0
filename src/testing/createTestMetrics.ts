// A metrics runtime for tests: the provider startMetrics() builds (catalog views, the fast path
// unless switched off) over one in-memory reader, with no endpoint, no exporter and no timers.
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider } from '@opentelemetry/sdk-metrics';
import type { MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import { catalogMetrics } from '../catalog.js';
import { METRICS_CONFIG_DEFAULTS } from '../config/MetricsConfig.js';
import { DIAGNOSTICS_PREFIX, DiagnosticsSink } from '../core/DiagnosticsSink.js';
import { DomainMeterProvider } from '../core/DomainMeterProvider.js';
import { FastPathRegistry } from '../core/fast/FastPathRegistry.js';
import type { MetricSpec } from '../core/MetricSpec.js';
import { catalogViews } from '../runtime/views.js';
import { CollectedMetrics } from './CollectedMetrics.js';
import { MemoryReader } from './MemoryReader.js';

export interface TestMetricsOptions {
  /**
   * Record as a runtime from `startMetrics()` does by default (locally aggregated, handed to the
   * reader at collection), or through plain SDK instruments (`false`, as `fastPath: false`). @default true
   */
  readonly fastPath?: boolean;
  /**
   * `cumulative`: every `collect()` returns totals since the start; `delta`: what was recorded
   * since the previous `collect()`. @default 'cumulative'
   */
  readonly temporality?: 'cumulative' | 'delta';
  /** As the runtime's `cardinalityLimit`. @default 2000 */
  readonly cardinalityLimit?: number;
  /**
   * Your own classes' specs, so that their histograms get their declared buckets through views as
   * the catalog's do (without, they get them through the instruments' advice, which is the same
   * on this SDK). @default []
   */
  readonly specs?: readonly MetricSpec[];
  /** Also print the library's warnings to the console (they are always kept in `warnings`). @default false */
  readonly printWarnings?: boolean;
}

/** What `createTestMetrics()` returns: pass it (or its `meterProvider`) to your domain classes. */
export interface TestMetrics {
  readonly meterProvider: ApiMeterProvider;
  /** Collects what was recorded so far (or since the last collect, under `delta`). */
  collect(): Promise<CollectedMetrics>;
  /** The library's warnings since the start (dropped values, unknown attribute keys, conflicting declarations), in order. */
  readonly warnings: readonly string[];
  /** Stops the provider; further recordings are dropped. */
  shutdown(): Promise<void>;
}

/** Warnings kept in memory, every line, without the rate limit's summaries getting in a test's way. */
class CapturingSink extends DiagnosticsSink {
  readonly lines: string[] = [];
  constructor(private readonly print: boolean) {
    super('console');
  }
  override write(message: string): void {
    this.lines.push(message.startsWith(DIAGNOSTICS_PREFIX) ? message : `${DIAGNOSTICS_PREFIX} ${message}`);
    if (this.print) super.write(message);
  }
}

/**
 * A metrics runtime over an in-memory reader, recording on the same path as `startMetrics()`:
 * what `collect()` returns is what an exporter would have been handed.
 */
export function createTestMetrics(options: TestMetricsOptions = {}): TestMetrics {
  const cardinalityLimit = options.cardinalityLimit ?? METRICS_CONFIG_DEFAULTS.cardinalityLimit;
  const temporality = options.temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
  const resource = resourceFromAttributes({ 'service.name': 'test' });
  const diagnostics = new CapturingSink(options.printWarnings ?? false);
  const catalog = catalogMetrics();
  const fast = options.fastPath === false ? undefined : new FastPathRegistry(resource, { cardinalityLimit, diagnostics, catalog });
  const producer = fast?.createProducer();
  const reader = new MemoryReader(temporality, producer && [producer]);
  producer?.attach(reader);
  const catalogNames = new Set(catalog.map((spec) => spec.name));
  const ownSpecs = (options.specs ?? []).filter((spec) => !catalogNames.has(spec.name));
  const provider = new MeterProvider({ resource, readers: [reader], views: catalogViews([...catalog, ...ownSpecs], cardinalityLimit) });
  const meterProvider = new DomainMeterProvider(provider, { cardinalityLimit, fastPath: fast, diagnostics, catalog });
  return {
    meterProvider,
    collect: async () => new CollectedMetrics(await reader.read()),
    warnings: diagnostics.lines,
    shutdown: () => provider.shutdown(),
  };
}
