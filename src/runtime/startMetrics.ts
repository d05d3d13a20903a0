// Builds the metrics runtime from options and environment: Resource, readers, catalog views,
// and the scrape endpoint; or the no-op provider when telemetry is off.
import { metrics as metricsApi } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { catalogMetrics } from '../catalog.js';
import type { EnvSource } from '../config/EnvReader.js';
import { loadMetricsConfig } from '../config/loadMetricsConfig.js';
import type { MetricsConfig, MetricsConfigOverrides } from '../config/MetricsConfig.js';
import { FastPathRegistry } from '../core/fast/FastPathRegistry.js';
import { NOOP_METER_PROVIDER } from '../core/noop.js';
import { attachProviderSettings } from '../core/providerSettings.js';
import type { MetricsRuntime } from './MetricsRuntime.js';
import { METRICS_PATH, PrometheusEndpoint, type RouteHandler } from './PrometheusEndpoint.js';
import { buildReaders } from './readers.js';
import { buildResource } from './resource.js';
import { catalogViews } from './views.js';

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
}

/**
 * Starts metrics: resolves the configuration (throwing `MetricsConfigError` listing every invalid
 * setting), then builds the provider, readers and scrape endpoint. Resolves once the endpoint is
 * listening; rejects if its port cannot be bound.
 */
export async function startMetrics(options: StartMetricsOptions = {}): Promise<MetricsRuntime> {
  const { env, registerGlobal = false, shutdownTimeoutMillis, fastPath = true, ...overrides } = options;
  const config = loadMetricsConfig(env ?? process.env, overrides);
  if (!config.enabled || config.exporters.length === 0) return disabledRuntime(config);

  const resource = buildResource(config);
  const fast = fastPath ? new FastPathRegistry(resource, { cardinalityLimit: config.cardinalityLimit, seriesExpiryMillis: config.seriesExpiryMillis }) : undefined;
  const readers = buildReaders(config, fast);
  const provider = new MeterProvider({
    resource,
    readers: readers.all,
    views: catalogViews(catalogMetrics(), config.cardinalityLimit),
  });
  attachProviderSettings(provider, { cardinalityLimit: config.cardinalityLimit, fastPath: fast });

  let endpoint: PrometheusEndpoint | undefined;
  if (readers.prometheus !== undefined) {
    try {
      const exporter = readers.prometheus;
      const routes = new Map<string, RouteHandler>([[METRICS_PATH, (request, response) => exporter.serve(request, response)]]);
      endpoint = await PrometheusEndpoint.listen(routes, config.prometheusHost, config.prometheusPort);
    } catch (error) {
      await provider.shutdown().catch(() => undefined);
      throw new Error(
        `Cannot serve Prometheus metrics on ${config.prometheusHost}:${config.prometheusPort} (METRICS_HOST/METRICS_PORT): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  if (registerGlobal) metricsApi.setGlobalMeterProvider(provider);

  const timeout = shutdownTimeoutMillis ?? config.exportTimeoutMillis + 1000;
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= withTimeout(
      Promise.allSettled([provider.shutdown({ timeoutMillis: timeout }), endpoint?.close()]).then(() => {
        if (registerGlobal) metricsApi.disable();
      }),
      timeout,
    ));

  return {
    meterProvider: provider,
    config,
    enabled: true,
    prometheusUrl: endpoint?.url,
    resourceAttributes: { ...(resource.attributes as Record<string, string | number | boolean>) },
    forceFlush: () => provider.forceFlush(),
    shutdown,
  };
}

function disabledRuntime(config: MetricsConfig): MetricsRuntime {
  return {
    meterProvider: NOOP_METER_PROVIDER,
    config,
    enabled: false,
    prometheusUrl: undefined,
    resourceAttributes: {},
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
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
