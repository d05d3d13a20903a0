// The public API, listed by hand.

// Runtime and configuration
export { startMetrics } from './runtime/startMetrics.js';
export type { StartMetricsOptions } from './runtime/startMetrics.js';
export type { MetricsRuntime } from './runtime/MetricsRuntime.js';
export { createMetricsBridge } from './runtime/MetricsBridge.js';
export type { MetricsBridge, MetricsBridgeOptions } from './runtime/MetricsBridge.js';
export { shutdownOnSignals } from './runtime/shutdownOnSignals.js';
export type { ShutdownOnSignalsOptions } from './runtime/shutdownOnSignals.js';
export { startClusterMetrics } from './runtime/cluster/startClusterMetrics.js';
export type { ClusterMetrics, ClusterMetricsOptions } from './runtime/cluster/startClusterMetrics.js';
export type { ClusterRole } from './runtime/cluster/clusterRole.js';
export { CLUSTER_WORKER_ATTRIBUTE } from './runtime/cluster/ClusterAggregate.js';
export { loadMetricsConfig } from './config/loadMetricsConfig.js';
export { MetricsConfigError } from './config/MetricsConfigError.js';
export {
  ClusterRoleError,
  EndpointStartError,
  ExpositionError,
  InvalidArgumentError,
  OptionalPackageError,
  OtelDomainMetricsError,
  PortInUseError,
  TimeoutError,
} from './errors.js';
export type { ConfigProblem } from './config/MetricsConfigError.js';
export type { EnvSource } from './config/EnvReader.js';
export type { CauseCounter, DiagnosticMessage, DiagnosticsMode, DiagnosticsSink, DiagnosticsSinkOptions } from './core/DiagnosticsSink.js';
export { METRICS_CONFIG_DEFAULTS } from './config/MetricsConfig.js';
export type {
  MetricsConfig,
  MetricsConfigOverrides,
  MetricsExporterName,
  OtlpCompression,
  OtlpProtocol,
  TemporalityPreference,
} from './config/MetricsConfig.js';

// Reading your own numbers
export { AdHocMetrics } from './readout/AdHocMetrics.js';
export type { Tags, TimerHandle, TimingReading } from './readout/AdHocMetrics.js';
export { READOUT_CONTENT_TYPE, SNAPSHOT_PATH, SUMMARY_PATH } from './readout/readoutRoutes.js';
export { RELATIVE_ACCURACY } from './core/distribution/QuantileSketch.js';
export type {
  CounterSnapshot,
  DistributionSummary,
  GaugeSnapshot,
  HistogramSnapshot,
  MetricSnapshot,
  MetricSnapshotBase,
  MetricsSnapshot,
  MetricsSummary,
  SnapshotAttributes,
  SumWindow,
  SummaryRow,
} from './readout/snapshotTypes.js';

// Health checks
export { HealthRegistry } from './health/HealthRegistry.js';
export type { HealthRegistryOptions } from './health/HealthRegistry.js';
export { healthHandler } from './health/healthHandler.js';
export type { HealthHandlerOptions } from './health/healthHandler.js';
export { HEALTH_CONTENT_TYPE } from './health/healthBody.js';
export type { HealthBody, HealthBodyCheck, HealthBodyStatus, HealthEvaluation } from './health/healthBody.js';
export type {
  HealthCheckDefinition,
  HealthCheckOutcome,
  HealthCheckRun,
  HealthCheckScope,
  HealthProbe,
} from './health/HealthCheck.js';

// Building blocks for domain classes
export { BaseMetrics, DEFAULT_METER_NAME } from './core/BaseMetrics.js';
export type { BaseMetricsOptions } from './core/BaseMetrics.js';
export { counter, gauge, histogram, upDownCounter } from './core/MetricSpec.js';
export type {
  AttributesOf,
  AttributeValueInput,
  CounterSpec,
  GaugeSpec,
  HistogramSpec,
  InstrumentKind,
  MetricSpec,
  SpecBase,
  SpecDefinition,
  UpDownCounterSpec,
} from './core/MetricSpec.js';
export type {
  DomainCounter,
  DomainGauge,
  DomainHistogram,
  DomainUpDownCounter,
  GaugeCallback,
  GaugeObserver,
} from './core/instruments.js';
export { BUCKET_SETS } from './core/buckets.js';
export type { BucketSetName } from './core/buckets.js';
export { MAX_ATTRIBUTE_VALUE_LENGTH } from './core/attributePolicy.js';
export { errorTypeOf, OTHER_ERROR_TYPE } from './core/errorType.js';
export { startTimer } from './core/timing.js';
export { routeTemplate } from './core/routeTemplate.js';
export type { InProgress } from './core/inProgress.js';
export { NOOP_METER_PROVIDER } from './core/noop.js';

// Catalog and names
export { CATALOG, catalogMetrics } from './catalog.js';
export type { CatalogDomain } from './catalog.js';
export type { OutcomeRatio, RatioExample, RatioMatch, RatioTerm } from './core/outcomeRatio.js';
export {
  PROMETHEUS_PATHS,
  prometheusLabel,
  prometheusName,
  prometheusSeriesNames,
  prometheusType,
} from './naming/prometheusNames.js';
export type { PrometheusPath } from './naming/prometheusNames.js';
export { HOST_METRIC_GROUPS, packageInstrumentName, RUNTIME_METRIC_GROUPS, runtimeMetricSpecs } from './runtime/runtimeMetricNames.js';
export type { RuntimeMetricGroup } from './runtime/runtimeMetricNames.js';

// Domains
export { DomainMetrics } from './DomainMetrics.js';
export { ExecutionMetrics } from './domains/ExecutionMetrics.js';
export type {
  ExecutionError,
  ExecutionOutcome,
  ExecutionResult,
  ExecutionStart,
  ExecutionStatus,
  LangAndVersion,
} from './domains/ExecutionMetrics.js';
export { EXECUTION_METRICS } from './domains/executionCatalog.js';
export { CoordinatorMetrics } from './domains/CoordinatorMetrics.js';
export type {
  ScheduledExecution,
  SchedulingFailure,
  SchedulingPriority,
  SchedulingStatus,
} from './domains/CoordinatorMetrics.js';
export { COORDINATOR_METRICS } from './domains/coordinatorCatalog.js';
export { RateLimitMetrics } from './domains/RateLimitMetrics.js';
export type { RateLimitAlgorithm, RateLimitBypass, RateLimitCheck, RedisOperation } from './domains/RateLimitMetrics.js';
export { RATE_LIMIT_METRICS } from './domains/rateLimitCatalog.js';
export { EventMetrics } from './domains/EventMetrics.js';
export type { ConsumerLag, LagKey, ProcessedEvent, ProducedEvent, RevokedPartition } from './domains/EventMetrics.js';
export { EVENT_METRICS } from './domains/eventCatalog.js';
export { DatabaseMetrics } from './domains/DatabaseMetrics.js';
export type { DatabaseOperation, DatabaseOperationRecord } from './domains/DatabaseMetrics.js';
export { DATABASE_METRICS } from './domains/databaseCatalog.js';
export { ConnectionMetrics } from './domains/ConnectionMetrics.js';
export type { ConnectionOpening, ConnectionType, MessagesBroadcast, MessagesSent, OpenConnection } from './domains/ConnectionMetrics.js';
export { CONNECTION_METRICS } from './domains/connectionCatalog.js';
export { HealthMetrics } from './domains/HealthMetrics.js';
export type { DependencyStatus, HealthCheckProbe, HealthCheckResult, HealthStatus } from './domains/HealthMetrics.js';
export { HEALTH_METRICS } from './domains/healthCatalog.js';
export { NotificationMetrics } from './domains/NotificationMetrics.js';
export type { NotificationChannel, NotificationDelivery } from './domains/NotificationMetrics.js';
export { NOTIFICATION_METRICS } from './domains/notificationCatalog.js';
export { DlqMetrics } from './domains/DlqMetrics.js';
export type { DeadLetter, DeadLetterReason, DlqRetry, DlqSize } from './domains/DlqMetrics.js';
export { DLQ_METRICS } from './domains/dlqCatalog.js';
export { OperationMetrics, timedWith } from './domains/OperationMetrics.js';
export type {
  OperationFailure,
  OperationLabels,
  OperationLatency,
  OperationMetricsOptions,
  OperationRecord,
  OperationRetry,
  OperationSuccess,
  Outcome,
  TimedMethod,
  TimingDecorator,
} from './domains/OperationMetrics.js';
export { OPERATION_METRICS } from './domains/operationCatalog.js';
export { WorkerMetrics } from './domains/WorkerMetrics.js';
export type {
  ApiRequest,
  ExternalPayload,
  PayloadType,
  TaskExecution,
  TaskStatus,
  TaskStep,
  TaskTypeEvent,
  WorkflowStart,
  WorkflowStartFailure,
} from './domains/WorkerMetrics.js';
export { WORKER_METRICS } from './domains/workerCatalog.js';
export { HttpServerMetrics } from './domains/HttpServerMetrics.js';
export { normalizeHttpMethod } from './core/httpMethod.js';
export type { HttpMiddlewareOptions, NextFunction, RequestEnd, RequestStart } from './domains/HttpServerMetrics.js';
export { HTTP_SERVER_METRICS } from './domains/httpServerCatalog.js';
export { CacheMetrics } from './domains/CacheMetrics.js';
export type { CacheEviction, CacheLookup, CacheResult, CacheSize } from './domains/CacheMetrics.js';
export { CACHE_METRICS } from './domains/cacheCatalog.js';

export { VERSION } from './version.js';
