// Starts the contrib runtime and host-metrics instrumentations on the runtime's own provider, and
// stops them at shutdown. Loaded on demand: a service that turns them off never imports them.
import type { MeterProvider } from '@opentelemetry/api';
import { defaultDiagnosticsSink, type DiagnosticsSink } from '../core/DiagnosticsSink.js';
import { providerSettings } from '../core/providerSettings.js';
import { HOST_METRIC_GROUPS, HOST_METRICS_PACKAGE, RUNTIME_NODE_PACKAGE } from './runtimeMetricNames.js';

/** The part of an OpenTelemetry instrumentation this module uses. */
export interface MetricsInstrumentation {
  setMeterProvider(meterProvider: MeterProvider): void;
  enable(): void;
  disable(): void;
}

/**
 * Loads one contrib package and builds its instrumentation disabled (`enabled: false`); may throw
 * or reject. Built enabled, an instrumentation registers its instruments on the global meter at
 * once, and setMeterProvider later leaves those callbacks behind on the application's own provider.
 */
export type InstrumentationLoader = () => Promise<MetricsInstrumentation>;

export interface RuntimeMetricsLoaders {
  readonly runtimeNode: InstrumentationLoader;
  readonly hostMetrics: InstrumentationLoader;
}

type Constructor<C> = new (config: C & { enabled?: boolean }) => MetricsInstrumentation;

/** The named export of a package loaded by `import()`, whether it was compiled as ESM or CommonJS. */
function exported<C>(module: Record<string, unknown>, name: string): Constructor<C> {
  const direct = module[name] ?? (module['default'] as Record<string, unknown> | undefined)?.[name];
  if (typeof direct !== 'function') throw new TypeError(`it has no export ${name}`);
  return direct as Constructor<C>;
}

export const DEFAULT_LOADERS: RuntimeMetricsLoaders = {
  runtimeNode: async () => {
    const Instrumentation = exported<{ monitoringPrecision?: number }>(await import('@opentelemetry/instrumentation-runtime-node'), 'RuntimeNodeInstrumentation');
    return new Instrumentation({ enabled: false });
  },
  hostMetrics: async () => {
    const Instrumentation = exported<{ metricGroups?: string[] }>(await import('@opentelemetry/instrumentation-host-metrics'), 'HostMetricsInstrumentation');
    return new Instrumentation({ enabled: false, metricGroups: [...HOST_METRIC_GROUPS] });
  },
};

export interface RuntimeMetrics {
  /** The packages whose metrics are being recorded. */
  readonly started: readonly string[];
  /** Stops recording; idempotent. */
  stop(): void;
}

/**
 * Starts every package that loads and reports the ones that do not in one warning: the service
 * starts either way (the packages are optional dependencies, and a lockfile made on another
 * Node line can hold a version this Node cannot run). The warning goes to `diagnostics`: the
 * runtime passes its own sink, so that its `diagnostics` setting decides (the console by default).
 */
export async function startRuntimeMetrics(
  meterProvider: MeterProvider,
  loaders: RuntimeMetricsLoaders = DEFAULT_LOADERS,
  diagnostics: DiagnosticsSink = providerSettings(meterProvider).diagnostics ?? defaultDiagnosticsSink(),
): Promise<RuntimeMetrics> {
  const candidates: [string, InstrumentationLoader][] = [
    [RUNTIME_NODE_PACKAGE, loaders.runtimeNode],
    [HOST_METRICS_PACKAGE, loaders.hostMetrics],
  ];
  const results = await Promise.all(
    candidates.map(async ([packageName, load]) => {
      try {
        const instrumentation = await load();
        // Provider first, then enable: the instruments exist only on the runtime's provider.
        instrumentation.setMeterProvider(meterProvider);
        instrumentation.enable();
        return { packageName, instrumentation };
      } catch (error) {
        return { packageName, error: reasonOf(error) };
      }
    }),
  );
  const running = results.flatMap((r) => (r.instrumentation === undefined ? [] : [r]));
  const failed = results.flatMap((r) => (r.error === undefined ? [] : [`${r.packageName} (${r.error})`]));
  if (failed.length > 0) {
    diagnostics.write(
      `otel-domain-metrics: process and runtime metrics: cannot load ${failed.join(', ')}; their metrics are not recorded. ` +
        'Install the package(s) for this Node.js version, or set runtimeMetrics: false (METRICS_RUNTIME_METRICS=false) to turn them off.',
    );
  }
  let stopped = false;
  return {
    started: running.map((r) => r.packageName),
    stop: () => {
      if (stopped) return;
      stopped = true;
      for (const { instrumentation } of running) {
        try {
          instrumentation.disable();
        } catch {
          // Shutting down goes on: the provider's shutdown stops collection anyway.
        }
      }
    },
  };
}

/** A short reason: the error class and the first line of its message, bounded. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return 'failed to load';
  const code = (error as { code?: unknown }).code;
  const line = error.message.split('\n', 1)[0]!.slice(0, 160);
  return `${typeof code === 'string' ? code : error.name}: ${line}`;
}
