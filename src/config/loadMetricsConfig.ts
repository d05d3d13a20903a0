// Resolves MetricsConfig as options ?? environment ?? defaults and validates every field,
// reporting all invalid settings in one MetricsConfigError.
import { EnvReader, type EnvSource } from './EnvReader.js';
import {
  METRICS_CONFIG_DEFAULTS as DEFAULTS,
  type MetricsConfig,
  type MetricsConfigOverrides,
  type MetricsExporterName,
  type TemporalityPreference,
} from './MetricsConfig.js';
import { MetricsConfigError } from './MetricsConfigError.js';
import { isListenHost, LISTEN_HOST_EXPECTED } from './listenHost.js';
import { CARDINALITY, checkOptions, EXPIRY_MILLIS, EXPORTER_NAMES, isHttpUrl, MILLIS, PORT, TEMPORALITIES } from './optionChecks.js';

/**
 * Reads the metrics configuration. `env` defaults to `process.env`; `options` win over it. Options
 * are checked at run time too (plain JavaScript can pass anything), each named `options.<field>`.
 * @throws MetricsConfigError naming every invalid setting and option.
 */
export function loadMetricsConfig(env: EnvSource = process.env, options: MetricsConfigOverrides = {}): MetricsConfig {
  const r = new EnvReader(env);
  // Only options that passed their checks take part below; the others are already reported.
  const overrides = checkOptions(options, (p) => r.problems.push(p));

  const resourceAttributes = overrides.resourceAttributes ?? r.keyValueList('OTEL_RESOURCE_ATTRIBUTES') ?? {};
  const serviceName =
    overrides.serviceName ??
    r.string('TRACING_SERVICE_NAME') ??
    r.string('OTEL_SERVICE_NAME') ??
    resourceAttributes['service.name'] ??
    DEFAULTS.serviceName;
  const serviceVersion = overrides.serviceVersion ?? resourceAttributes['service.version'];

  const otlp = resolveOtlpUrl(r, overrides);
  const exporters = overrides.exporters ?? readExporters(r, otlp.url !== undefined);
  const otlpMetricsUrl = exporters.includes('otlp') ? (otlp.url ?? `${DEFAULTS.otlpEndpoint}/v1/metrics`) : otlp.url;

  const exportIntervalMillis = overrides.exportIntervalMillis ?? r.integer('OTEL_METRIC_EXPORT_INTERVAL', MILLIS) ?? DEFAULTS.exportIntervalMillis;
  const explicitTimeout = overrides.exportTimeoutMillis ?? r.integer('OTEL_METRIC_EXPORT_TIMEOUT', MILLIS);
  const explicitExpiry = overrides.seriesExpiryMillis ?? r.integer('METRICS_SERIES_EXPIRY', EXPIRY_MILLIS);

  // `??` evaluates its right side only when needed: an environment variable overridden by an
  // option is not read, so it cannot fail start-up.
  const config: MetricsConfig = {
    enabled: overrides.enabled ?? readEnabled(r) ?? DEFAULTS.enabled,
    serviceName,
    serviceVersion,
    resourceAttributes,
    exporters,
    otlpMetricsUrl,
    otlpHeaders: overrides.otlpHeaders ?? r.keyValueList('OTEL_EXPORTER_OTLP_METRICS_HEADERS') ?? r.keyValueList('OTEL_EXPORTER_OTLP_HEADERS') ?? {},
    temporalityPreference: overrides.temporalityPreference ?? readTemporality(r) ?? DEFAULTS.temporalityPreference,
    exportIntervalMillis,
    // An unset timeout follows a short interval down instead of failing the interval.
    exportTimeoutMillis: explicitTimeout ?? Math.min(DEFAULTS.exportTimeoutMillis, exportIntervalMillis),
    prometheusHost: overrides.prometheusHost ?? readHost(r) ?? DEFAULTS.prometheusHost,
    prometheusPort: overrides.prometheusPort ?? r.integer(['METRICS_PORT', 'OTEL_EXPORTER_PROMETHEUS_PORT'], PORT) ?? DEFAULTS.prometheusPort,
    cardinalityLimit: overrides.cardinalityLimit ?? r.integer('METRICS_CARDINALITY_LIMIT', CARDINALITY) ?? DEFAULTS.cardinalityLimit,
    // An unset expiry follows a long interval up instead of failing the interval.
    seriesExpiryMillis: explicitExpiry ?? Math.max(DEFAULTS.seriesExpiryMillis, 2 * exportIntervalMillis),
  };

  if (explicitTimeout !== undefined && explicitTimeout > exportIntervalMillis) {
    const setting = overrides.exportTimeoutMillis !== undefined ? 'options.exportTimeoutMillis' : 'OTEL_METRIC_EXPORT_TIMEOUT';
    r.problem(setting, String(config.exportTimeoutMillis), `at most the export interval (${config.exportIntervalMillis} ms)`);
  }
  if (explicitExpiry !== undefined && explicitExpiry !== 0 && explicitExpiry < 2 * exportIntervalMillis) {
    const setting = overrides.seriesExpiryMillis !== undefined ? 'options.seriesExpiryMillis' : 'METRICS_SERIES_EXPIRY';
    r.problem(setting, String(explicitExpiry), `0 (never) or at least twice the export interval (${2 * exportIntervalMillis} ms or more)`);
  }
  if (r.problems.length > 0) throw new MetricsConfigError(r.problems);
  return config;
}

/** ENABLE_TRACING=false or OTEL_SDK_DISABLED=true switches off; either reads as unset when absent. */
function readEnabled(r: EnvReader): boolean | undefined {
  const enableTracing = r.boolean('ENABLE_TRACING');
  const sdkDisabled = r.boolean('OTEL_SDK_DISABLED');
  return enableTracing === false || sdkDisabled === true ? false : enableTracing;
}

function resolveOtlpUrl(r: EnvReader, overrides: MetricsConfigOverrides): { url: string | undefined } {
  if (overrides.otlpMetricsUrl !== undefined) return { url: overrides.otlpMetricsUrl };
  const signal = r.string('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  if (signal !== undefined) return { url: checkUrl(r, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', signal) };
  const base = r.string('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base === undefined) return { url: undefined };
  const checked = checkUrl(r, 'OTEL_EXPORTER_OTLP_ENDPOINT', base);
  // The base endpoint gets the signal path appended (OTel specification, "Endpoint URLs for OTLP/HTTP").
  return { url: checked === undefined ? undefined : `${checked.replace(/\/+$/, '')}/v1/metrics` };
}

function checkUrl(r: EnvReader, setting: string, value: string): string | undefined {
  if (isHttpUrl(value)) return value;
  r.problem(setting, value, 'an absolute http:// or https:// URL');
  return undefined;
}

function readExporters(r: EnvReader, otlpEndpointSet: boolean): MetricsExporterName[] {
  const names = r.list('OTEL_METRICS_EXPORTER');
  if (names === undefined) return otlpEndpointSet ? ['prometheus', 'otlp'] : ['prometheus'];
  if (names.length === 1 && names[0] === 'none') return [];
  const unknown = names.filter((n) => !EXPORTER_NAMES.includes(n));
  if (unknown.length > 0 || names.length === 0) {
    r.problem('OTEL_METRICS_EXPORTER', names.join(','), 'a comma-separated list of otlp, prometheus, console, or "none" alone');
    return [];
  }
  return [...new Set(names)] as MetricsExporterName[];
}

function readTemporality(r: EnvReader): TemporalityPreference | undefined {
  const name = 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE';
  const value = r.string(name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (TEMPORALITIES.includes(lower)) return lower as TemporalityPreference;
  r.problem(name, value, 'one of cumulative, delta, lowmemory');
  return undefined;
}

/** METRICS_HOST, or its OTel alias: an address to bind, checked for syntax only (see listenHost). */
function readHost(r: EnvReader): string | undefined {
  const found = r.firstOf(['METRICS_HOST', 'OTEL_EXPORTER_PROMETHEUS_HOST']);
  if (found === undefined) return undefined;
  if (isListenHost(found.value)) return found.value;
  r.problem(found.name, found.value, LISTEN_HOST_EXPECTED);
  return undefined;
}
