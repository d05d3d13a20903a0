import type { DiagnosticsMode } from '../core/DiagnosticsSink.js';

/** The exporters named by OTEL_METRICS_EXPORTER (besides "none", which means an empty list). */
export type MetricsExporterName = 'otlp' | 'prometheus' | 'console';

/** OTEL_EXPORTER_OTLP_PROTOCOL: OTLP over gRPC, or over HTTP with a protobuf or a JSON body. */
export type OtlpProtocol = 'http/protobuf' | 'grpc' | 'http/json';

/** OTEL_EXPORTER_OTLP_COMPRESSION: the request body as is, or gzipped. */
export type OtlpCompression = 'gzip' | 'none';

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
  /**
   * Where OTLP is pushed: for `http/protobuf` and `http/json` the full metrics URL (…/v1/metrics),
   * for `grpc` the collector's address as given. Set whenever `exporters` includes "otlp".
   */
  readonly otlpMetricsUrl: string | undefined;
  /**
   * The OTLP transport. `grpc` needs the optional packages `@opentelemetry/exporter-metrics-otlp-grpc`
   * and `@grpc/grpc-js`. Environment: OTEL_EXPORTER_OTLP_METRICS_PROTOCOL, then
   * OTEL_EXPORTER_OTLP_PROTOCOL. @default "http/protobuf"
   */
  readonly otlpProtocol: OtlpProtocol;
  /**
   * Compression of OTLP request bodies. Environment: OTEL_EXPORTER_OTLP_METRICS_COMPRESSION, then
   * OTEL_EXPORTER_OTLP_COMPRESSION. @default "none"
   */
  readonly otlpCompression: OtlpCompression;
  /**
   * Headers sent with every OTLP export, often an API key. A secret, like `authToken`: not
   * enumerable on the resolved config and masked in errors. Environment:
   * OTEL_EXPORTER_OTLP_METRICS_HEADERS, then OTEL_EXPORTER_OTLP_HEADERS. @default {}
   */
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
   * Write `otel_scope_name` and `otel_scope_version` on every series of the Prometheus
   * exposition. When false they are written only where a metric name is shared by two
   * instrumentation scopes, the one case where they tell series apart; elsewhere they repeat the
   * same value on every line. Environment: METRICS_PROMETHEUS_SCOPE_LABELS. @default false
   */
  readonly prometheusScopeLabels: boolean;
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
  /**
   * Process and Node.js runtime metrics (CPU, memory, event loop, GC, heap spaces) from the
   * OpenTelemetry contrib packages. Environment: METRICS_RUNTIME_METRICS. @default true
   */
  readonly runtimeMetrics: boolean;
  /**
   * Where the library's warnings go (dropped values, conflicting declarations, failing exports):
   * `console` (console.warn, each line starting "otel-domain-metrics:"), `diag` (the
   * OpenTelemetry diag logger) or `silent`. Each cause is written once, then summarised at most
   * every 5 minutes; an export outage is written when it starts and when it ends. Environment:
   * METRICS_DIAGNOSTICS. @default "console"
   */
  readonly diagnostics: DiagnosticsMode;
  /**
   * Serve the liveness and readiness routes on the runtime's HTTP endpoint, beside /metrics.
   * Environment: METRICS_HEALTH_ENDPOINTS. @default true
   */
  readonly healthEndpoints: boolean;
  /**
   * Keep the read-out: the recent window and percentiles of every series, read by
   * `runtime.snapshot()`, `runtime.summary()` and `AdHocMetrics`' reads, and served beside /metrics
   * as `/metrics/snapshot` and `/metrics/summary` under the same access control. Switched off,
   * series keep only what is exported (about 0.3 KB less per counter series and 1.3 KB less per
   * histogram series), the routes answer 404 and the reads are empty. Environment:
   * METRICS_READOUT. @default true
   */
  readonly readout: boolean;
  /**
   * Keep a quantile sketch per histogram series, so that snapshots report p50 to p99 within 2%.
   * It costs memory per histogram series (see the README's "Reading your own numbers"); false
   * keeps count, sum, min and max only, with percentiles null. Environment: METRICS_PERCENTILES.
   * @default true
   */
  readonly percentiles: boolean;
  /**
   * The length of the read-out's recent window, in seconds. It moves on in sixths (10 s steps for
   * 60 s): a window holds the current sixth so far and the five before it. Environment:
   * METRICS_READOUT_WINDOW. @default 60
   */
  readonly readoutWindowSeconds: number;
  /** Liveness route: an absolute path. Environment: METRICS_LIVENESS_PATH. @default "/health" */
  readonly livenessPath: string;
  /** Readiness route: an absolute path. Environment: METRICS_READINESS_PATH. @default "/ready" */
  readonly readinessPath: string;
  /**
   * A bearer token readers must present (`Authorization: Bearer <token>`). A secret: not
   * enumerable on the resolved config (left out of JSON, `inspect` and spreads) and masked in
   * errors. Environment: METRICS_AUTH_TOKEN.
   */
  readonly authToken: string | undefined;
  /**
   * Basic-auth credentials as `user:password` (the user without a colon). A secret, like
   * `authToken`; when both are set, either credential is accepted. Environment: METRICS_AUTH_BASIC.
   */
  readonly basicAuth: string | undefined;
  /**
   * The paths that require a credential when `authToken` or `basicAuth` is set; undefined
   * protects every path served. Each must be a path the endpoint serves. Environment:
   * METRICS_AUTH_PATHS (comma-separated).
   */
  readonly authPaths: readonly string[] | undefined;
  /**
   * Leave the liveness path open when access control is on, so orchestrators probe without
   * credentials. Environment: METRICS_AUTH_LIVENESS_OPEN. @default true, or false when
   * `authPaths` names the liveness path
   */
  readonly livenessOpen: boolean;
  /**
   * PEM certificate (chain) and private key files: with both, the endpoint serves HTTPS only.
   * Both must be given together and be readable at start-up. Environment:
   * METRICS_TLS_CERT_FILE, METRICS_TLS_KEY_FILE.
   */
  readonly tlsCertFile: string | undefined;
  readonly tlsKeyFile: string | undefined;
  /**
   * A Prometheus Pushgateway (its base URL, e.g. http://pushgateway:9091) that receives the
   * exposition at `shutdown()`, at `forceFlush()` and, with `pushgatewayIntervalMillis`, on an
   * interval: for batch jobs that exit before anything scrapes them. Each push replaces the whole
   * group (HTTP PUT).
   * Environment: METRICS_PUSHGATEWAY_URL.
   */
  readonly pushgatewayUrl: string | undefined;
  /** Milliseconds between pushes while running; 0 pushes only at shutdown and forceFlush(). Environment: METRICS_PUSHGATEWAY_INTERVAL. @default 0 */
  readonly pushgatewayIntervalMillis: number;
  /**
   * The resource attributes that form the push's grouping key besides `job` (always
   * `service.name`); `service.instance.id` becomes the `instance` label, any other attribute a
   * label of its name with dots as underscores. Empty: each run replaces the previous run's
   * group. Environment: METRICS_PUSHGATEWAY_GROUPING (comma-separated). @default []
   */
  readonly pushgatewayGrouping: readonly string[];
  /** Gzip the push body. Environment: METRICS_PUSHGATEWAY_COMPRESSION. @default "none" */
  readonly pushgatewayCompression: 'gzip' | 'none';
  /**
   * A file that receives the exposition at `shutdown()`, at `forceFlush()` and, with
   * `textfileIntervalMillis`, on an interval, written atomically (temporary file in the same
   * directory, fsync, rename) for node_exporter's textfile collector. Must end in ".prom"; its directory must exist.
   * Environment: METRICS_TEXTFILE_PATH.
   */
  readonly textfilePath: string | undefined;
  /** Milliseconds between writes while running; 0 writes only at shutdown and forceFlush(). Environment: METRICS_TEXTFILE_INTERVAL. @default 0 */
  readonly textfileIntervalMillis: number;
}

/** The fields that hold credentials: never enumerable, logged nor shown in an error. */
export const SECRET_CONFIG_FIELDS = ['authToken', 'basicAuth', 'otlpHeaders'] as const satisfies readonly (keyof MetricsConfig)[];

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
  prometheusScopeLabels: false,
  cardinalityLimit: 2000,
  seriesExpiryMillis: 600_000,
  runtimeMetrics: true,
  diagnostics: 'console',
  healthEndpoints: true,
  readout: true,
  percentiles: true,
  readoutWindowSeconds: 60,
  livenessPath: '/health',
  readinessPath: '/ready',
  livenessOpen: true,
  pushgatewayIntervalMillis: 0,
  pushgatewayCompression: 'none',
  textfileIntervalMillis: 0,
  otlpProtocol: 'http/protobuf',
  otlpCompression: 'none',
  /** The OTLP/HTTP default when "otlp" is asked for without an endpoint (OTel specification). */
  otlpEndpoint: 'http://localhost:4318',
  /** The OTLP/gRPC default, likewise. */
  otlpGrpcEndpoint: 'http://localhost:4317',
} as const;
