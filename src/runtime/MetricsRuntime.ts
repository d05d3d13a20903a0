import type { MeterProvider } from '@opentelemetry/api';
import type { MetricsConfig } from '../config/MetricsConfig.js';

/** What `startMetrics()` returns: the provider to inject into domain classes, and its lifecycle. */
export interface MetricsRuntime {
  /** Pass this to domain classes (`new ExecutionMetrics(runtime)` works too). */
  readonly meterProvider: MeterProvider;
  readonly config: MetricsConfig;
  /** False when telemetry is off or no exporter is configured: the no-op provider. */
  readonly enabled: boolean;
  /** The scrape URL when the Prometheus endpoint is serving, e.g. http://localhost:9464/metrics. */
  readonly prometheusUrl: string | undefined;
  /** The resource attributes every metric carries (service.name, service.instance.id, …). */
  readonly resourceAttributes: Readonly<Record<string, string | number | boolean>>;
  /** Collects and pushes now (OTLP, console). */
  forceFlush(): Promise<void>;
  /**
   * Flushes what was recorded since the last export, stops readers and closes the endpoint.
   * Idempotent (later calls return the first call's promise) and bounded in time.
   */
  shutdown(): Promise<void>;
}
