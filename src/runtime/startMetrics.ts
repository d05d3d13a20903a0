// Builds the metrics runtime from options and environment: Resource, readers, catalog views,
// and the scrape endpoint; or the no-op provider when telemetry is off.
import nodeCluster from 'node:cluster';
import { metrics as metricsApi } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { catalogMetrics } from '../catalog.js';
import type { EnvSource } from '../config/EnvReader.js';
import { loadMetricsConfig } from '../config/loadMetricsConfig.js';
import type { MetricsConfig, MetricsConfigOverrides } from '../config/MetricsConfig.js';
import { DiagnosticsSink } from '../core/DiagnosticsSink.js';
import { FastPathRegistry } from '../core/fast/FastPathRegistry.js';
import { NOOP_METER_PROVIDER } from '../core/noop.js';
import { DomainMeterProvider } from '../core/DomainMeterProvider.js';
import { HealthRegistry } from '../health/HealthRegistry.js';
import { startClusterReporting, withoutPrometheus } from './cluster/ClusterReporter.js';
import { reportsToPrimary, type ClusterRole } from './cluster/clusterRole.js';
import { BatchOutputs, wantsBatchOutputs } from './BatchOutputs.js';
import { buildRoutes, checkAuthPaths, readTls } from './endpointRoutes.js';
import type { MetricsRuntime } from './MetricsRuntime.js';
import { PrometheusEndpoint } from './PrometheusEndpoint.js';
import { buildReaders } from './readers.js';
import { buildResource } from './resource.js';
import { runtimeMetricViews } from './runtimeMetricNames.js';
import { startRuntimeMetrics } from './runtimeMetrics.js';
import { catalogViews } from './views.js';
import { Readout } from '../readout/Readout.js';
import type { MetricsSnapshot, MetricsSummary } from '../readout/snapshotTypes.js';
import { endpointStartError } from './endpointStartError.js';

export interface StartMetricsOptions extends MetricsConfigOverrides {
  /** Where environment settings are read from. @default process.env */
  readonly env?: EnvSource;
  /**
   * Also install the provider as the global MeterProvider (for third-party instrumentation that
   * reads the global). Domain classes never need it. @default false
   */
  readonly registerGlobal?: boolean;
  /** Longest wait for `shutdown()`. @default exportTimeoutMillis + 1000 */
  readonly shutdownTimeoutMillis?: number;
  /**
   * Aggregate counters, up-down counters and histograms of the domain classes locally and hand
   * the aggregates to the readers at collection time (same data, a fraction of the cost per
   * record). `false` records through plain SDK instruments. @default true
   */
  readonly fastPath?: boolean;
  /**
   * In a node:cluster worker: report to the primary's shared endpoint (`startClusterMetrics()`)
   * instead of serving one; OTLP is still pushed by the worker itself. `'auto'` does so only when
   * the primary called `startClusterMetrics()` before forking. @default 'auto'
   */
  readonly cluster?: ClusterRole;
}

/**
 * Starts metrics: resolves the configuration (throwing `MetricsConfigError` listing every invalid
 * setting), then builds the provider, readers and scrape endpoint. Resolves once the endpoint is
 * listening; rejects if its port cannot be bound.
 */
export async function startMetrics(options: StartMetricsOptions = {}): Promise<MetricsRuntime> {
  const { env, registerGlobal = false, shutdownTimeoutMillis, fastPath = true, cluster, ...overrides } = options;
  const config = loadMetricsConfig(env ?? process.env, overrides);
  const toPrimary = reportsToPrimary(cluster);
  if (!config.enabled || (config.exporters.length === 0 && !wantsBatchOutputs(config))) return disabledRuntime(config);
  if (config.exporters.includes('prometheus')) checkAuthPaths(config, overrides);

  const resource = buildResource(config);
  // The runtime's warnings, for every domain class recording through its provider.
  const diagnostics = new DiagnosticsSink(config.diagnostics);
  // What snapshots and ad-hoc reads come from, fed by the instruments of either path; switched
  // off, the series keep no read-out state at all (only what is exported).
  const readout = config.readout ? new Readout({ windowSeconds: config.readoutWindowSeconds, percentiles: config.percentiles }) : undefined;
  // The catalog's definitions hold on both paths: its views fix the buckets of its names on the SDK.
  const catalog = catalogMetrics();
  const fast = fastPath ? new FastPathRegistry(resource, { cardinalityLimit: config.cardinalityLimit, seriesExpiryMillis: config.seriesExpiryMillis, diagnostics, readout, catalog }) : undefined;
  const readers = await buildReaders(toPrimary ? withoutPrometheus(config) : config, fast);
  const reporter = toPrimary ? startClusterReporting(fast, config.cardinalityLimit) : undefined;
  const provider = new MeterProvider({
    resource,
    readers: reporter === undefined ? readers.all : [...readers.all, reporter.reader],
    views: [...catalogViews(catalog, config.cardinalityLimit), ...runtimeMetricViews()],
  });
  // What domain classes get: the SDK's meters plus the settings of the fast path.
  const meterProvider = new DomainMeterProvider(provider, { cardinalityLimit: config.cardinalityLimit, fastPath: fast, diagnostics, readout, catalog });
  const health = new HealthRegistry({ meterProvider });

  let endpoint: PrometheusEndpoint | undefined;
  if (readers.prometheus !== undefined) {
    try {
      const exporter = readers.prometheus;
      const routes = buildRoutes(config, (request, response) => exporter.serve(request, response), health, readout);
      endpoint = await PrometheusEndpoint.listen(routes, config.prometheusHost, config.prometheusPort, readTls(config));
    } catch (error) {
      await provider.shutdown().catch(() => undefined);
      readout?.stop();
      throw endpointStartError(
        config.prometheusHost,
        config.prometheusPort,
        error,
        nodeCluster.isWorker ? '. In a Node cluster, give each worker its own METRICS_PORT, or call startClusterMetrics() in the primary to serve one endpoint with the sum of all workers' : '',
      );
    }
  }
  if (registerGlobal) metricsApi.setGlobalMeterProvider(provider);
  const runtimeMetrics = config.runtimeMetrics ? await startRuntimeMetrics(provider, undefined, diagnostics) : undefined;
  // Pushgateway and textfile: rendered from a Prometheus reader, at shutdown and on their intervals.
  const batchOutputs = readers.exposition && BatchOutputs.fromConfig(config, readers.exposition, resource.attributes, diagnostics);

  const timeout = shutdownTimeoutMillis ?? config.exportTimeoutMillis + 1000;
  let stopping: Promise<void> | undefined;
  // Readiness fails first and the endpoint stays up through the final flush, so that a load
  // balancer sees 503 and drains while the last interval is exported; then the endpoint closes.
  const stop = async () => {
    const started = Date.now();
    health.beginShutdown();
    await withTimeout(reporter?.stop() ?? Promise.resolve(), timeout);
    // The final push and textfile are rendered before the readers shut down, then delivered
    // while the final OTLP export runs; a failed push is reported before the time limit cuts in.
    const final = await batchOutputs?.finish(started + timeout * 0.9);
    await Promise.all([withTimeout(provider.shutdown({ timeoutMillis: timeout }), timeout), final?.delivered]);
    runtimeMetrics?.stop();
    readout?.stop();
    await endpoint?.close();
    if (registerGlobal) metricsApi.disable();
  };
  // Past the time limit the endpoint closes anyway: a hung flush must not leave the port bound.
  const shutdown = () => (stopping ??= withTimeout(stop(), timeout).then(() => endpoint?.close()));

  return {
    meterProvider,
    config,
    enabled: true,
    prometheusUrl: endpoint?.url,
    resourceAttributes: { ...(resource.attributes as Record<string, string | number | boolean>) },
    health,
    // The Pushgateway and the textfile get the state of now as well, after any delivery under way.
    forceFlush: async () => {
      await Promise.all([provider.forceFlush(), batchOutputs?.flush(Date.now() + timeout)]);
    },
    shutdown,
    snapshot: () => readout?.snapshot() ?? emptySnapshot(config),
    summary: () => readout?.summary() ?? emptySummary(config),
  };
}

function disabledRuntime(config: MetricsConfig): MetricsRuntime {
  // Checks still run and answer (for a handler mounted elsewhere); their results are not recorded.
  const health = new HealthRegistry();
  return {
    health,
    meterProvider: NOOP_METER_PROVIDER,
    config,
    enabled: false,
    prometheusUrl: undefined,
    resourceAttributes: {},
    forceFlush: () => Promise.resolve(),
    snapshot: () => emptySnapshot(config),
    summary: () => emptySummary(config),
    shutdown: () => {
      health.beginShutdown();
      return Promise.resolve();
    },
  };
}

function emptySummary(config: MetricsConfig): MetricsSummary {
  return { takenAt: new Date().toISOString(), windowSeconds: config.readoutWindowSeconds, top: [] };
}

/** What a disabled runtime, or one without read-out, reads: nothing is kept. */
function emptySnapshot(config: MetricsConfig): MetricsSnapshot {
  return { takenAt: new Date().toISOString(), windowSeconds: config.readoutWindowSeconds, metrics: [] };
}

/** Resolves when `work` settles or after `millis`, whichever is first; never rejects. */
function withTimeout(work: Promise<unknown>, millis: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, millis);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
