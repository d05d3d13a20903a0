/** The exporters named by OTEL_METRICS_EXPORTER (besides "none", which means an empty list). */
export type MetricsExporterName = 'otlp' | 'prometheus' | 'console';

/** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE, lower-cased. */
export type TemporalityPreference = 'cumulative' | 'delta' | 'lowmemory';

/** The resolved configuration: explicit options, then environment, then defaults. */
export interface MetricsConfig {
  /** False when ENABLE_TRACING=false or OTEL_SDK_DISABLED=true: the runtime is the no-op provider. */
  readonly enabled: boolean;
  /** `service.name`. @default "unknown_service:node" */
  readonly serviceName: string;
  /** `service.version`, when known. */
  readonly serviceVersion: string | undefined;
  /** Extra resource attributes (OTEL_RESOURCE_ATTRIBUTES). */
  readonly resourceAttributes: Readonly<Record<string, string>>;
  /** The readers to build. Empty means the no-op provider. */
  readonly exporters: readonly MetricsExporterName[];
  /** The full OTLP/HTTP metrics URL (…/v1/metrics). Set whenever `exporters` includes "otlp". */
  readonly otlpMetricsUrl: string | undefined;
  readonly otlpHeaders: Readonly<Record<string, string>>;
  /** @default "cumulative" */
  readonly temporalityPreference: TemporalityPreference;
  /** @default 10000 */
  readonly exportIntervalMillis: number;
  /** @default 5000 */
  readonly exportTimeoutMillis: number;
  /** @default "0.0.0.0" */
  readonly prometheusHost: string;
  /** 0 asks the OS for a free port. @default 9464 */
  readonly prometheusPort: number;
  /**
   * Most series per metric stream; attribute sets beyond it are folded into the SDK's overflow
   * series (`otel.metric.overflow="true"`). @default 2000
   */
  readonly cardinalityLimit: number;
  /**
   * How long a series may go unrecorded before it is dropped from cumulative state and from the
   * scrape, freeing its memory and its place under `cardinalityLimit` (label values that stopped
   * occurring stop costing). Recorded again, it comes back as a new series. 0 keeps every series
   * for the life of the process. Otherwise at least twice `exportIntervalMillis`, so that every
   * push sees a series before it can expire; when unset, a long interval pulls it up to twice the
   * interval. Environment: METRICS_SERIES_EXPIRY (milliseconds).
   * @default 600000 (10 minutes)
   */
  readonly seriesExpiryMillis: number;
}

/** Explicit options: any field of {@link MetricsConfig}; each wins over the environment. */
export type MetricsConfigOverrides = { readonly [K in keyof MetricsConfig]?: MetricsConfig[K] };

export const METRICS_CONFIG_DEFAULTS = {
  enabled: true,
  serviceName: 'unknown_service:node',
  temporalityPreference: 'cumulative',
  exportIntervalMillis: 10_000,
  exportTimeoutMillis: 5_000,
  prometheusHost: '0.0.0.0',
  prometheusPort: 9464,
  cardinalityLimit: 2000,
  seriesExpiryMillis: 600_000,
  /** The OTLP/HTTP default when "otlp" is asked for without an endpoint (OTel specification). */
  otlpEndpoint: 'http://localhost:4318',
} as const;
