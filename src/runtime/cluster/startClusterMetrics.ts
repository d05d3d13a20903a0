// The primary's one call for node:cluster: serves the shared Prometheus endpoint and answers each
// scrape with every reporting worker's metrics added up (see ClusterAggregate for what is summed
// and what is shown per worker).
import cluster from 'node:cluster';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { EnvSource } from '../../config/EnvReader.js';
import { loadMetricsConfig } from '../../config/loadMetricsConfig.js';
import type { MetricsConfig, MetricsConfigOverrides } from '../../config/MetricsConfig.js';
import { MetricsConfigError, type ConfigProblem } from '../../config/MetricsConfigError.js';
import { DiagnosticsSink } from '../../core/DiagnosticsSink.js';
import { HealthRegistry } from '../../health/HealthRegistry.js';
import { buildRoutes, checkAuthPaths, readTls } from '../endpointRoutes.js';
import { PrometheusEndpoint } from '../PrometheusEndpoint.js';
import { DomainPrometheusExporter } from '../readers.js';
import { buildResource } from '../resource.js';
import { sdkCardinalityLimit } from '../views.js';
import { ClusterAggregate } from './ClusterAggregate.js';
import { CLUSTER_PRIMARY_ENV } from './clusterMessages.js';
import { WorkerCollector } from './WorkerCollector.js';
import { ClusterRoleError } from '../../errors.js';
import { endpointStartError } from '../endpointStartError.js';

export const DEFAULT_WORKER_TIMEOUT_MILLIS = 1000;

export interface ClusterMetricsOptions extends MetricsConfigOverrides {
  /** Where environment settings are read from. @default process.env */
  readonly env?: EnvSource;
  /**
   * Longest wait, per scrape, for the workers' answers. A worker that answers later (busy, or
   * its event loop blocked) counts with its previous report for that scrape. @default 1000
   */
  readonly workerTimeoutMillis?: number;
}

/** What `startClusterMetrics()` returns. */
export interface ClusterMetrics {
  /** False when telemetry is off (OTEL_SDK_DISABLED): nothing is served, workers run as without it. */
  readonly enabled: boolean;
  readonly config: MetricsConfig;
  /** The shared scrape URL, e.g. http://localhost:9464/metrics. */
  readonly prometheusUrl: string | undefined;
  /** The primary's resource attributes (shown once, in target_info, for the whole cluster). */
  readonly resourceAttributes: Readonly<Record<string, string | number | boolean>>;
  /** Liveness and readiness of the shared endpoint, when METRICS_HEALTH_ENDPOINTS is on. */
  readonly health: HealthRegistry;
  /** The `cluster.worker.id`s of the workers whose metrics are currently being added up. */
  reportingWorkers(): number[];
  /** Stops serving; workers forked afterwards serve their own endpoint again. Idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Call in the cluster primary before forking: workers forked afterwards that call `startMetrics()`
 * report to this primary instead of binding the port (see `StartMetricsOptions.cluster`).
 * Throws outside a primary, with `MetricsConfigError` for invalid settings, and when Prometheus is
 * not among the exporters (with OTLP only, each worker pushes by itself and no primary is needed).
 */
export async function startClusterMetrics(options: ClusterMetricsOptions = {}): Promise<ClusterMetrics> {
  if (!cluster.isPrimary) {
    throw new ClusterRoleError('startClusterMetrics() runs in the node:cluster primary (cluster.isPrimary is false here); workers call startMetrics()');
  }
  const { env, workerTimeoutMillis = DEFAULT_WORKER_TIMEOUT_MILLIS, ...overrides } = options;
  const problems: ConfigProblem[] = [];
  if (typeof workerTimeoutMillis !== 'number' || !Number.isInteger(workerTimeoutMillis) || workerTimeoutMillis <= 0) {
    problems.push({ setting: 'options.workerTimeoutMillis', value: String(workerTimeoutMillis), expected: 'a positive whole number of milliseconds' });
  }
  const config = loadMetricsConfig(env ?? process.env, overrides);
  if (config.enabled && !config.exporters.includes('prometheus')) {
    problems.push({
      setting: overrides.exporters !== undefined ? 'options.exporters' : 'OTEL_METRICS_EXPORTER',
      value: config.exporters.join(','),
      expected: 'a list including "prometheus": startClusterMetrics() serves the Prometheus endpoint for all workers; OTLP is pushed by each worker itself',
    });
  }
  if (problems.length > 0) throw new MetricsConfigError(problems);
  const health = new HealthRegistry();
  if (!config.enabled) {
    return { enabled: false, config, prometheusUrl: undefined, resourceAttributes: {}, health, reportingWorkers: () => [], shutdown: () => Promise.resolve() };
  }
  checkAuthPaths(config, overrides);

  const resource = buildResource(config);
  const diagnostics = new DiagnosticsSink(config.diagnostics);
  const aggregate = new ClusterAggregate(diagnostics);
  const collector = new WorkerCollector(aggregate, resource, workerTimeoutMillis, diagnostics);
  // The same exporter as a single process's endpoint, fed only by the workers' totals, so that
  // names, units and the exposition are identical.
  const exporter = new DomainPrometheusExporter(sdkCardinalityLimit(config.cardinalityLimit), [collector], { scopeLabels: config.prometheusScopeLabels });
  const provider = new MeterProvider({ resource, readers: [exporter] });
  const recordedHealth = new HealthRegistry({ meterProvider: provider });
  let endpoint: PrometheusEndpoint;
  try {
    const routes = buildRoutes(config, (request, response) => exporter.serve(request, response), recordedHealth);
    endpoint = await PrometheusEndpoint.listen(routes, config.prometheusHost, config.prometheusPort, readTls(config));
  } catch (error) {
    collector.stop();
    await provider.shutdown().catch(() => undefined);
    throw endpointStartError(config.prometheusHost, config.prometheusPort, error);
  }
  // Inherited by the workers forked from now on: their startMetrics() reports here.
  process.env[CLUSTER_PRIMARY_ENV] = String(process.pid);

  let stopping: Promise<void> | undefined;
  return {
    enabled: true,
    config,
    prometheusUrl: endpoint.url,
    resourceAttributes: { ...(resource.attributes as Record<string, string | number | boolean>) },
    health: recordedHealth,
    reportingWorkers: () => aggregate.workers(),
    shutdown: () =>
      (stopping ??= (async () => {
        if (process.env[CLUSTER_PRIMARY_ENV] === String(process.pid)) delete process.env[CLUSTER_PRIMARY_ENV];
        recordedHealth.beginShutdown();
        collector.stop();
        await provider.shutdown().catch(() => undefined);
        await endpoint.close();
      })()),
  };
}
