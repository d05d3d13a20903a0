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

const EXPORTER_NAMES: readonly string[] = ['otlp', 'prometheus', 'console'];
const TEMPORALITIES: readonly string[] = ['cumulative', 'delta', 'lowmemory'];
const PORT = { min: 0, max: 65_535 } as const;
const MILLIS = { min: 1, max: 2_147_483_647 } as const;
const CARDINALITY = { min: 2, max: 1_000_000 } as const;

/**
 * Reads the metrics configuration. `env` defaults to `process.env`; `overrides` win over it.
 * @throws MetricsConfigError naming every invalid setting.
 */
export function loadMetricsConfig(env: EnvSource = process.env, overrides: MetricsConfigOverrides = {}): MetricsConfig {
  const r = new EnvReader(env);

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
    prometheusHost: overrides.prometheusHost ?? r.firstOf(['METRICS_HOST', 'OTEL_EXPORTER_PROMETHEUS_HOST'])?.value ?? DEFAULTS.prometheusHost,
    prometheusPort: overrides.prometheusPort ?? r.integer(['METRICS_PORT', 'OTEL_EXPORTER_PROMETHEUS_PORT'], PORT) ?? DEFAULTS.prometheusPort,
    cardinalityLimit: overrides.cardinalityLimit ?? r.integer('METRICS_CARDINALITY_LIMIT', CARDINALITY) ?? DEFAULTS.cardinalityLimit,
  };

  validateOverrides(r, overrides);
  if (explicitTimeout !== undefined && explicitTimeout > exportIntervalMillis) {
    const setting = overrides.exportTimeoutMillis !== undefined ? 'options.exportTimeoutMillis' : 'OTEL_METRIC_EXPORT_TIMEOUT';
    r.problem(setting, String(config.exportTimeoutMillis), `at most the export interval (${config.exportIntervalMillis} ms)`);
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

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
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

/** Explicit options come from code and can be wrong too; they are named `options.<field>`. */
function validateOverrides(r: EnvReader, o: MetricsConfigOverrides): void {
  const integer = (field: keyof MetricsConfig, value: number | undefined, range: { min: number; max: number }) => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < range.min || value > range.max) {
      r.problem(`options.${field}`, String(value), `an integer from ${range.min} to ${range.max}`);
    }
  };
  integer('prometheusPort', o.prometheusPort, PORT);
  integer('exportIntervalMillis', o.exportIntervalMillis, MILLIS);
  integer('exportTimeoutMillis', o.exportTimeoutMillis, MILLIS);
  integer('cardinalityLimit', o.cardinalityLimit, CARDINALITY);
  if (o.otlpMetricsUrl !== undefined && !isHttpUrl(o.otlpMetricsUrl)) {
    r.problem('options.otlpMetricsUrl', o.otlpMetricsUrl, 'an absolute http:// or https:// URL');
  }
  if (o.exporters !== undefined) {
    const unknown = o.exporters.filter((n) => !EXPORTER_NAMES.includes(n));
    if (unknown.length > 0) r.problem('options.exporters', o.exporters.join(','), 'a list of otlp, prometheus, console');
  }
  if (o.temporalityPreference !== undefined && !TEMPORALITIES.includes(o.temporalityPreference)) {
    r.problem('options.temporalityPreference', o.temporalityPreference, 'one of cumulative, delta, lowmemory');
  }
  if (o.serviceName !== undefined && o.serviceName.trim() === '') {
    r.problem('options.serviceName', o.serviceName, 'a non-empty string');
  }
}
