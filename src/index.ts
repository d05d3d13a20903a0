// The public API, listed by hand.

// Runtime and configuration
export { startMetrics } from './runtime/startMetrics.js';
export type { StartMetricsOptions } from './runtime/startMetrics.js';
export type { MetricsRuntime } from './runtime/MetricsRuntime.js';
export { shutdownOnSignals } from './runtime/shutdownOnSignals.js';
export type { ShutdownOnSignalsOptions } from './runtime/shutdownOnSignals.js';
export { loadMetricsConfig } from './config/loadMetricsConfig.js';
export { MetricsConfigError } from './config/MetricsConfigError.js';
export type { ConfigProblem } from './config/MetricsConfigError.js';
export type { EnvSource } from './config/EnvReader.js';
export { METRICS_CONFIG_DEFAULTS } from './config/MetricsConfig.js';
export type {
  MetricsConfig,
  MetricsConfigOverrides,
  MetricsExporterName,
  TemporalityPreference,
} from './config/MetricsConfig.js';

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
  UpDownCounterSpec,
} from './core/MetricSpec.js';
export type { DomainCounter, DomainGauge, DomainHistogram, DomainUpDownCounter } from './core/instruments.js';
export { BUCKET_SETS } from './core/buckets.js';
export type { BucketSetName } from './core/buckets.js';
export { MAX_ATTRIBUTE_VALUE_LENGTH } from './core/attributePolicy.js';
export { errorTypeOf, OTHER_ERROR_TYPE } from './core/errorType.js';
export { startTimer } from './core/timing.js';
export { NOOP_METER_PROVIDER } from './core/noop.js';

// Catalog
export { CATALOG, catalogMetrics } from './catalog.js';
export type { CatalogDomain } from './catalog.js';

// Domains
export { DomainMetrics } from './DomainMetrics.js';
export { ExecutionMetrics } from './domains/ExecutionMetrics.js';
export type {
  ExecutionOutcome,
  ExecutionResult,
  ExecutionStatus,
  LangAndVersion,
  RunningExecution,
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

export { VERSION } from './version.js';
