// Builds the OTLP push exporter for the configured protocol, importing only that protocol's package
// when it is asked for: a Prometheus-only service never loads an OTLP exporter.
import type { OTLPMetricExporter as GrpcExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import type { AggregationTemporalityPreference, OTLPMetricExporter as HttpExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { MetricsConfig, OtlpProtocol, TemporalityPreference } from '../config/MetricsConfig.js';
import { OptionalPackageError } from '../errors.js';
import { ChunkedExporter } from './ChunkedExporter.js';

/** The package that implements each protocol, as a user would install it. */
export const OTLP_EXPORTER_PACKAGES: Readonly<Record<OtlpProtocol, string>> = {
  'http/protobuf': '@opentelemetry/exporter-metrics-otlp-proto',
  grpc: '@opentelemetry/exporter-metrics-otlp-grpc',
  'http/json': '@opentelemetry/exporter-metrics-otlp-http',
};

/** The gRPC exporter takes its headers as gRPC metadata, a class of this package. */
export const GRPC_PACKAGE = '@grpc/grpc-js';

/** Imports one package; replaceable so that a test can stand in for a package that is not installed. */
export type ModuleLoader = () => Promise<unknown>;

export interface OtlpModuleLoaders {
  readonly http: ModuleLoader;
  readonly proto: ModuleLoader;
  readonly grpc: ModuleLoader;
  readonly grpcJs: ModuleLoader;
}

export const DEFAULT_OTLP_LOADERS: OtlpModuleLoaders = {
  http: () => import('@opentelemetry/exporter-metrics-otlp-http'),
  proto: () => import('@opentelemetry/exporter-metrics-otlp-proto'),
  grpc: () => import('@opentelemetry/exporter-metrics-otlp-grpc'),
  grpcJs: () => import('@grpc/grpc-js'),
};

type HttpOptions = NonNullable<ConstructorParameters<typeof HttpExporter>[0]>;
type GrpcOptions = NonNullable<ConstructorParameters<typeof GrpcExporter>[0]>;
type Exporter<O> = new (options: O) => PushMetricExporter;

/**
 * The OTLP exporter `config` asks for, sending each collection in parts so that a large one does
 * not hold the event loop (nor exceed a gRPC receiver's 4 MiB message limit). Rejects with an error
 * naming the packages to install when the protocol's optional packages are missing, so a
 * misconfigured service fails at start-up.
 */
export async function createOtlpExporter(config: MetricsConfig, loaders: OtlpModuleLoaders = DEFAULT_OTLP_LOADERS): Promise<PushMetricExporter> {
  return new ChunkedExporter(await protocolExporter(config, loaders), { timeoutMillis: config.exportTimeoutMillis });
}

/** The package's own exporter for the configured protocol. */
async function protocolExporter(config: MetricsConfig, loaders: OtlpModuleLoaders): Promise<PushMetricExporter> {
  const protocol = config.otlpProtocol;
  // Every OTLP exporter package builds on the http one, so this import costs nothing extra.
  const http = await load(protocol, loaders.http);
  const temporality = exported<Record<string, AggregationTemporalityPreference>>(http, 'AggregationTemporalityPreference');
  const common = {
    url: config.otlpMetricsUrl,
    temporalityPreference: temporality[TEMPORALITY_KEYS[config.temporalityPreference]],
    timeoutMillis: config.exportTimeoutMillis,
    // The packages type this as an enum whose values are these same strings.
    compression: config.otlpCompression as HttpOptions['compression'],
  };
  switch (protocol) {
    case 'http/json': {
      const Exporter = exported<Exporter<HttpOptions>>(http, 'OTLPMetricExporter');
      return new Exporter({ ...common, headers: { ...config.otlpHeaders } });
    }
    case 'http/protobuf': {
      const proto = await load(protocol, loaders.proto);
      const Exporter = exported<Exporter<HttpOptions>>(proto, 'OTLPMetricExporter');
      return new Exporter({ ...common, headers: { ...config.otlpHeaders } });
    }
    case 'grpc': {
      const grpc = await load(protocol, loaders.grpc);
      const Exporter = exported<Exporter<GrpcOptions>>(grpc, 'OTLPMetricExporter');
      return new Exporter({ ...common, compression: common.compression as GrpcOptions['compression'], metadata: await grpcMetadata(config.otlpHeaders, loaders.grpcJs) });
    }
  }
}

const TEMPORALITY_KEYS: Record<TemporalityPreference, string> = { cumulative: 'CUMULATIVE', delta: 'DELTA', lowmemory: 'LOWMEMORY' };

/** Headers as gRPC metadata; none given leaves the exporter's own (which reads the environment too). */
async function grpcMetadata(headers: Readonly<Record<string, string>>, loader: ModuleLoader): Promise<GrpcOptions['metadata']> {
  const entries = Object.entries(headers);
  if (entries.length === 0) return undefined;
  const grpcJs = await load('grpc', loader);
  const Metadata = exported<new () => NonNullable<GrpcOptions['metadata']>>(grpcJs, 'Metadata');
  const metadata = new Metadata();
  for (const [key, value] of entries) metadata.set(key.toLowerCase(), value);
  return metadata;
}

/** Imports a package, turning "not installed" into a start-up error that says what to install. */
async function load(protocol: OtlpProtocol, importer: ModuleLoader): Promise<Record<string, unknown>> {
  try {
    return (await importer()) as Record<string, unknown>;
  } catch (error) {
    if (!isModuleNotFound(error)) throw error;
    const packages = protocol === 'grpc' ? [OTLP_EXPORTER_PACKAGES.grpc, GRPC_PACKAGE] : [OTLP_EXPORTER_PACKAGES[protocol]];
    throw new OptionalPackageError(
      `OTLP protocol "${protocol}" (OTEL_EXPORTER_OTLP_PROTOCOL / otlpProtocol) needs packages that are not installed: npm install ${packages.join(' ')}`,
      packages,
      { cause: error },
    );
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** The named export of a package loaded by `import()`, whether it was compiled as ESM or CommonJS. */
function exported<T>(module: Record<string, unknown>, name: string): T {
  const found = module[name] ?? (module['default'] as Record<string, unknown> | undefined)?.[name];
  if (found === undefined) throw new OptionalPackageError(`the OTLP exporter package has no export ${name}`, []);
  return found as T;
}
