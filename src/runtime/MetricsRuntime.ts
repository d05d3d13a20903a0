import type { MeterProvider } from '@opentelemetry/api';
import type { MetricsConfig } from '../config/MetricsConfig.js';
import type { HealthRegistry } from '../health/HealthRegistry.js';
import type { MetricsSnapshot, MetricsSummary } from '../readout/snapshotTypes.js';

/** What `startMetrics()` returns: the provider to inject into domain classes, and its lifecycle. */
export interface MetricsRuntime {
  /** Pass this to domain classes (`new ExecutionMetrics(runtime)` works too). */
  readonly meterProvider: MeterProvider;
  /** The resolved configuration; credentials are readable but not enumerable (kept out of JSON and logs). */
  readonly config: MetricsConfig;
  /** False when telemetry is off or nothing is configured to export to (no exporter, Pushgateway or textfile): the no-op provider. */
  readonly enabled: boolean;
  /** The scrape URL when the Prometheus endpoint is serving, e.g. http://localhost:9464/metrics. */
  readonly prometheusUrl: string | undefined;
  /** The resource attributes every metric carries (service.name, service.instance.id, …). */
  readonly resourceAttributes: Readonly<Record<string, string | number | boolean>>;
  /**
   * The health checks: register them here; the endpoint's liveness and readiness routes answer
   * from them, and each run is recorded as health metrics.
   */
  readonly health: HealthRegistry;
  /**
   * Every metric the domain classes and ad-hoc metrics of this runtime record, as plain JSON-ready
   * data: counters and gauges per attribute set, histograms with count, sum, min, max, mean and
   * p50–p99 (within 2%), each over the series' lifetime and over the recent window. Runtime
   * metrics (process, Node.js) are not included. Empty when the runtime is disabled.
   */
  snapshot(): MetricsSnapshot;
  /** The busiest metrics of a snapshot: every duration, error ratios and percentiles over the recent window. */
  summary(): MetricsSummary;
  /**
   * Collects and delivers now: OTLP and console exports, and the Pushgateway push and the textfile
   * when configured (a failed push or write is reported, not thrown; the returned promise then
   * still resolves).
   */
  forceFlush(): Promise<void>;
  /**
   * Turns readiness to 503 first, then flushes what was recorded since the last export, stops
   * readers and closes the endpoint.
   * Idempotent (later calls return the first call's promise) and bounded in time.
   */
  shutdown(): Promise<void>;
}
