// Resolves MetricsConfig as options ?? environment ?? defaults and validates every field,
// reporting all invalid settings in one MetricsConfigError.
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { EnvReader, type EnvSource } from './EnvReader.js';
import {
  AUTH_PATHS_EXPECTED,
  BASIC_AUTH_EXPECTED,
  BEARER_TOKEN_EXPECTED,
  isBasicCredentials,
  isBearerToken,
  isRoutePath,
  ROUTE_PATH_EXPECTED,
  SECRET_MASK,
  splitPaths,
} from './endpointSettings.js';
import {
  METRICS_CONFIG_DEFAULTS as DEFAULTS,
  type MetricsConfig,
  type MetricsConfigOverrides,
  type MetricsExporterName,
  type OtlpCompression,
  type OtlpProtocol,
  type TemporalityPreference,
  SECRET_CONFIG_FIELDS,
} from './MetricsConfig.js';
import { MetricsConfigError } from './MetricsConfigError.js';
import { DIAGNOSTICS_MODES, isDiagnosticsMode, type DiagnosticsMode } from '../core/DiagnosticsSink.js';
import { isListenHost, LISTEN_HOST_EXPECTED } from './listenHost.js';
import {
  CARDINALITY,
  checkOptions,
  EXPIRY_MILLIS,
  EXPORTER_NAMES,
  isHttpUrl,
  MILLIS,
  OTLP_COMPRESSIONS,
  OTLP_PROTOCOLS,
  PORT,
  TEMPORALITIES,
  OUTPUT_INTERVAL_MILLIS,
  isTextfilePath,
  TEXTFILE_PATH_EXPECTED,
  PUSHGATEWAY_GROUPING_EXPECTED,
  WINDOW_SECONDS,
} from './optionChecks.js';

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

  // The protocol comes first: it decides whether the base endpoint gets the /v1/metrics path.
  const otlpProtocol = overrides.otlpProtocol ?? readOtlpChoice<OtlpProtocol>(r, 'PROTOCOL', OTLP_PROTOCOLS) ?? DEFAULTS.otlpProtocol;
  const otlp = resolveOtlpUrl(r, overrides, otlpProtocol);
  const pushgatewayUrl = overrides.pushgatewayUrl ?? checkUrl(r, 'METRICS_PUSHGATEWAY_URL', r.string('METRICS_PUSHGATEWAY_URL'));
  const textfilePath = overrides.textfilePath ?? readTextfilePath(r);
  const exporters = overrides.exporters ?? readExporters(r, otlp.url !== undefined, pushgatewayUrl !== undefined || textfilePath !== undefined);
  const otlpMetricsUrl = exporters.includes('otlp') ? (otlp.url ?? defaultOtlpUrl(otlpProtocol)) : otlp.url;

  const exportIntervalMillis = overrides.exportIntervalMillis ?? r.integer('OTEL_METRIC_EXPORT_INTERVAL', MILLIS) ?? DEFAULTS.exportIntervalMillis;
  const explicitTimeout = overrides.exportTimeoutMillis ?? r.integer('OTEL_METRIC_EXPORT_TIMEOUT', MILLIS);
  const explicitExpiry = overrides.seriesExpiryMillis ?? r.integer('METRICS_SERIES_EXPIRY', EXPIRY_MILLIS);

  // `??` evaluates its right side only when needed: an environment variable overridden by an
  // option is not read, so it cannot fail start-up.
  const livenessPath = overrides.livenessPath ?? readPath(r, 'METRICS_LIVENESS_PATH') ?? DEFAULTS.livenessPath;
  const readinessPath = overrides.readinessPath ?? readPath(r, 'METRICS_READINESS_PATH') ?? DEFAULTS.readinessPath;
  const authPaths = overrides.authPaths ?? readAuthPaths(r);
  const explicitLivenessOpen = overrides.livenessOpen ?? r.boolean('METRICS_AUTH_LIVENESS_OPEN');

  const config: MetricsConfig = {
    enabled: overrides.enabled ?? readEnabled(r) ?? DEFAULTS.enabled,
    serviceName,
    serviceVersion,
    resourceAttributes,
    exporters,
    otlpMetricsUrl,
    otlpProtocol,
    otlpCompression: overrides.otlpCompression ?? readOtlpChoice<OtlpCompression>(r, 'COMPRESSION', OTLP_COMPRESSIONS) ?? DEFAULTS.otlpCompression,
    // Headers usually carry an API key: an invalid list is reported without its value.
    otlpHeaders: overrides.otlpHeaders ?? r.keyValueList('OTEL_EXPORTER_OTLP_METRICS_HEADERS', SECRET_MASK) ?? r.keyValueList('OTEL_EXPORTER_OTLP_HEADERS', SECRET_MASK) ?? {},
    temporalityPreference: overrides.temporalityPreference ?? readTemporality(r) ?? DEFAULTS.temporalityPreference,
    exportIntervalMillis,
    // An unset timeout follows a short interval down instead of failing the interval.
    exportTimeoutMillis: explicitTimeout ?? Math.min(DEFAULTS.exportTimeoutMillis, exportIntervalMillis),
    prometheusHost: overrides.prometheusHost ?? readHost(r) ?? DEFAULTS.prometheusHost,
    prometheusPort: overrides.prometheusPort ?? r.integer(['METRICS_PORT', 'OTEL_EXPORTER_PROMETHEUS_PORT'], PORT) ?? DEFAULTS.prometheusPort,
    prometheusScopeLabels: overrides.prometheusScopeLabels ?? r.boolean('METRICS_PROMETHEUS_SCOPE_LABELS') ?? DEFAULTS.prometheusScopeLabels,
    cardinalityLimit: overrides.cardinalityLimit ?? r.integer('METRICS_CARDINALITY_LIMIT', CARDINALITY) ?? DEFAULTS.cardinalityLimit,
    // An unset expiry follows a long interval up instead of failing the interval.
    seriesExpiryMillis: explicitExpiry ?? Math.max(DEFAULTS.seriesExpiryMillis, 2 * exportIntervalMillis),
    runtimeMetrics: overrides.runtimeMetrics ?? r.boolean('METRICS_RUNTIME_METRICS') ?? DEFAULTS.runtimeMetrics,
    diagnostics: overrides.diagnostics ?? readDiagnostics(r) ?? DEFAULTS.diagnostics,
    healthEndpoints: overrides.healthEndpoints ?? r.boolean('METRICS_HEALTH_ENDPOINTS') ?? DEFAULTS.healthEndpoints,
    readout: overrides.readout ?? r.boolean('METRICS_READOUT') ?? DEFAULTS.readout,
    percentiles: overrides.percentiles ?? r.boolean('METRICS_PERCENTILES') ?? DEFAULTS.percentiles,
    readoutWindowSeconds: overrides.readoutWindowSeconds ?? r.integer('METRICS_READOUT_WINDOW', WINDOW_SECONDS) ?? DEFAULTS.readoutWindowSeconds,
    livenessPath,
    readinessPath,
    authToken: overrides.authToken ?? readSecret(r, 'METRICS_AUTH_TOKEN', isBearerToken, BEARER_TOKEN_EXPECTED),
    basicAuth: overrides.basicAuth ?? readSecret(r, 'METRICS_AUTH_BASIC', isBasicCredentials, BASIC_AUTH_EXPECTED),
    authPaths,
    // Naming the liveness path in authPaths asks for it to be protected, unless said otherwise.
    livenessOpen: explicitLivenessOpen ?? (authPaths?.includes(livenessPath) !== true && DEFAULTS.livenessOpen),
    tlsCertFile: overrides.tlsCertFile ?? r.string('METRICS_TLS_CERT_FILE'),
    tlsKeyFile: overrides.tlsKeyFile ?? r.string('METRICS_TLS_KEY_FILE'),
    pushgatewayUrl,
    pushgatewayIntervalMillis: overrides.pushgatewayIntervalMillis ?? r.integer('METRICS_PUSHGATEWAY_INTERVAL', OUTPUT_INTERVAL_MILLIS) ?? DEFAULTS.pushgatewayIntervalMillis,
    pushgatewayGrouping: overrides.pushgatewayGrouping ?? splitNames(r.string('METRICS_PUSHGATEWAY_GROUPING')),
    pushgatewayCompression: overrides.pushgatewayCompression ?? readPushCompression(r) ?? DEFAULTS.pushgatewayCompression,
    textfilePath,
    textfileIntervalMillis: overrides.textfileIntervalMillis ?? r.integer('METRICS_TEXTFILE_INTERVAL', OUTPUT_INTERVAL_MILLIS) ?? DEFAULTS.textfileIntervalMillis,
  };

  if (explicitTimeout !== undefined && explicitTimeout > exportIntervalMillis) {
    const setting = overrides.exportTimeoutMillis !== undefined ? 'options.exportTimeoutMillis' : 'OTEL_METRIC_EXPORT_TIMEOUT';
    r.problem(setting, String(config.exportTimeoutMillis), `at most the export interval (${config.exportIntervalMillis} ms)`);
  }
  if (explicitExpiry !== undefined && explicitExpiry !== 0 && explicitExpiry < 2 * exportIntervalMillis) {
    const setting = overrides.seriesExpiryMillis !== undefined ? 'options.seriesExpiryMillis' : 'METRICS_SERIES_EXPIRY';
    r.problem(setting, String(explicitExpiry), `0 (never) or at least twice the export interval (${2 * exportIntervalMillis} ms or more)`);
  }
  checkEndpointPaths(r, overrides, config);
  checkTls(r, overrides, config);
  checkBatchOutputs(r, overrides, config);
  if (r.problems.length > 0) throw new MetricsConfigError(r.problems);
  return hideSecrets(config);
}

/** The setting a value came from: the option when one was given, else the variable. */
function settingOf(overrides: MetricsConfigOverrides, field: keyof MetricsConfig, variable: string): string {
  return overrides[field] !== undefined ? `options.${field}` : variable;
}

function readPath(r: EnvReader, name: string): string | undefined {
  const value = r.string(name);
  if (value === undefined || isRoutePath(value)) return value;
  r.problem(name, value, ROUTE_PATH_EXPECTED);
  return undefined;
}

function readAuthPaths(r: EnvReader): string[] | undefined {
  const value = r.string('METRICS_AUTH_PATHS');
  if (value === undefined) return undefined;
  const paths = splitPaths(value);
  if (paths.length > 0 && paths.every(isRoutePath)) return [...new Set(paths)];
  r.problem('METRICS_AUTH_PATHS', value, AUTH_PATHS_EXPECTED);
  return undefined;
}

/** A credential from the environment; an invalid one is reported masked. */
function readSecret(r: EnvReader, name: string, valid: (value: string) => boolean, expected: string): string | undefined {
  const value = r.string(name);
  if (value === undefined || valid(value)) return value;
  r.problem(name, SECRET_MASK, expected);
  return undefined;
}

/** The routes share one server: each path must answer one thing, and a protected path must exist. */
function checkEndpointPaths(r: EnvReader, overrides: MetricsConfigOverrides, config: MetricsConfig): void {
  const metricsPath = '/metrics';
  if (config.livenessPath === metricsPath) {
    r.problem(settingOf(overrides, 'livenessPath', 'METRICS_LIVENESS_PATH'), config.livenessPath, `a path other than ${metricsPath}`);
  }
  if (config.readinessPath === metricsPath || config.readinessPath === config.livenessPath) {
    r.problem(
      settingOf(overrides, 'readinessPath', 'METRICS_READINESS_PATH'),
      config.readinessPath,
      `a path other than ${metricsPath} and the liveness path (${config.livenessPath})`,
    );
  }
  if (config.authPaths !== undefined && config.livenessOpen && config.authPaths.includes(config.livenessPath)) {
    r.problem(
      settingOf(overrides, 'livenessOpen', 'METRICS_AUTH_LIVENESS_OPEN'),
      String(config.livenessOpen),
      `false, since the access-controlled paths include the liveness path (${config.livenessPath})`,
    );
  }
}

/** TLS needs both files, and both readable now: a deploy should fail at start, not at the first scrape. */
function checkTls(r: EnvReader, overrides: MetricsConfigOverrides, config: MetricsConfig): void {
  const files = [
    ['tlsCertFile', 'METRICS_TLS_CERT_FILE', config.tlsCertFile, 'tlsKeyFile', 'METRICS_TLS_KEY_FILE'],
    ['tlsKeyFile', 'METRICS_TLS_KEY_FILE', config.tlsKeyFile, 'tlsCertFile', 'METRICS_TLS_CERT_FILE'],
  ] as const;
  for (const [field, variable, path, otherField, otherVariable] of files) {
    if (path === undefined) continue;
    const setting = settingOf(overrides, field, variable);
    if (config[otherField] === undefined) {
      r.problem(setting, path, `to be given together with ${settingOf(overrides, otherField, otherVariable)}`);
    } else if (!isReadableFile(path)) {
      r.problem(setting, path, 'a readable file');
    }
  }
}

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, fsConstants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Credentials stay readable as fields but are not enumerable, so that JSON, `inspect` and object
 * spreads of the configuration (a logged `runtime.config`) do not carry them.
 */
function hideSecrets(config: MetricsConfig): MetricsConfig {
  for (const field of SECRET_CONFIG_FIELDS) {
    Object.defineProperty(config, field, { value: config[field], enumerable: false, writable: false, configurable: false });
  }
  return config;
}

/** ENABLE_TRACING=false or OTEL_SDK_DISABLED=true switches off; either reads as unset when absent. */
function readEnabled(r: EnvReader): boolean | undefined {
  const enableTracing = r.boolean('ENABLE_TRACING');
  const sdkDisabled = r.boolean('OTEL_SDK_DISABLED');
  return enableTracing === false || sdkDisabled === true ? false : enableTracing;
}

/**
 * OTEL_EXPORTER_OTLP_METRICS_<setting>, else OTEL_EXPORTER_OTLP_<setting>, lower-cased and one of
 * `allowed`.
 */
function readOtlpChoice<T extends string>(r: EnvReader, setting: 'PROTOCOL' | 'COMPRESSION', allowed: readonly string[]): T | undefined {
  const found = r.firstOf([`OTEL_EXPORTER_OTLP_METRICS_${setting}`, `OTEL_EXPORTER_OTLP_${setting}`]);
  if (found === undefined) return undefined;
  const lower = found.value.toLowerCase();
  if (allowed.includes(lower)) return lower as T;
  r.problem(found.name, found.value, `one of ${allowed.join(', ')}`);
  return undefined;
}

/** The collector on this host at the protocol's standard port (OTel specification). */
function defaultOtlpUrl(protocol: OtlpProtocol): string {
  return protocol === 'grpc' ? DEFAULTS.otlpGrpcEndpoint : `${DEFAULTS.otlpEndpoint}/v1/metrics`;
}

function resolveOtlpUrl(r: EnvReader, overrides: MetricsConfigOverrides, protocol: OtlpProtocol): { url: string | undefined } {
  if (overrides.otlpMetricsUrl !== undefined) return { url: overrides.otlpMetricsUrl };
  const signal = r.string('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  if (signal !== undefined) return { url: checkUrl(r, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', signal) };
  const base = r.string('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base === undefined) return { url: undefined };
  const checked = checkUrl(r, 'OTEL_EXPORTER_OTLP_ENDPOINT', base);
  // gRPC has no per-signal path: the service name travels in the call, so the base is used as given.
  if (protocol === 'grpc') return { url: checked };
  // The base endpoint gets the signal path appended (OTel specification, "Endpoint URLs for OTLP/HTTP").
  return { url: checked === undefined ? undefined : `${checked.replace(/\/+$/, '')}/v1/metrics` };
}

function checkUrl(r: EnvReader, setting: string, value: string | undefined): string | undefined {
  if (value === undefined || isHttpUrl(value)) return value;
  r.problem(setting, value, 'an absolute http:// or https:// URL');
  return undefined;
}

/**
 * Unset, the Prometheus endpoint is served unless the process pushes to a Pushgateway or writes a
 * textfile: a batch job has nothing to be scraped, and two of them on one host would fight for
 * the port. Named explicitly, "prometheus" serves the endpoint beside those outputs.
 */
function readExporters(r: EnvReader, otlpEndpointSet: boolean, batchOutputs: boolean): MetricsExporterName[] {
  const names = r.list('OTEL_METRICS_EXPORTER');
  if (names === undefined) {
    const served: MetricsExporterName[] = batchOutputs ? [] : ['prometheus'];
    return otlpEndpointSet ? [...served, 'otlp'] : served;
  }
  if (names.length === 1 && names[0] === 'none') return [];
  const unknown = names.filter((n) => !EXPORTER_NAMES.includes(n));
  if (unknown.length > 0 || names.length === 0) {
    r.problem('OTEL_METRICS_EXPORTER', names.join(','), 'a comma-separated list of otlp, prometheus, console, or "none" alone');
    return [];
  }
  return [...new Set(names)] as MetricsExporterName[];
}

function readDiagnostics(r: EnvReader): DiagnosticsMode | undefined {
  const value = r.string('METRICS_DIAGNOSTICS');
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (isDiagnosticsMode(lower)) return lower;
  r.problem('METRICS_DIAGNOSTICS', value, `one of ${DIAGNOSTICS_MODES.join(', ')}`);
  return undefined;
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

// Pushgateway and textfile settings (short-lived processes) ----------------------------------

function splitNames(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [...new Set(value.split(',').map((name) => name.trim()).filter((name) => name !== ''))];
}

function readTextfilePath(r: EnvReader): string | undefined {
  const value = r.string('METRICS_TEXTFILE_PATH');
  if (value === undefined || isTextfilePath(value)) return value;
  r.problem('METRICS_TEXTFILE_PATH', value, TEXTFILE_PATH_EXPECTED);
  return undefined;
}

function readPushCompression(r: EnvReader): 'gzip' | 'none' | undefined {
  const value = r.string('METRICS_PUSHGATEWAY_COMPRESSION');
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'gzip' || lower === 'none') return lower;
  r.problem('METRICS_PUSHGATEWAY_COMPRESSION', value, 'one of gzip, none');
  return undefined;
}

/** The grouping names resource attributes this process will have; the textfile's directory exists. */
function checkBatchOutputs(r: EnvReader, overrides: MetricsConfigOverrides, config: MetricsConfig): void {
  // service.instance.id is always set (generated when not given); service.name is always `job`.
  const known = new Set(['service.name', 'service.instance.id', ...Object.keys(config.resourceAttributes)]);
  if (config.serviceVersion !== undefined) known.add('service.version');
  const unknown = config.pushgatewayGrouping.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    r.problem(settingOf(overrides, 'pushgatewayGrouping', 'METRICS_PUSHGATEWAY_GROUPING'), unknown.join(','), PUSHGATEWAY_GROUPING_EXPECTED);
  }
  if (config.textfilePath !== undefined) {
    const directory = dirname(config.textfilePath);
    let isDirectory = false;
    try {
      isDirectory = statSync(directory).isDirectory();
    } catch {
      // reported below
    }
    if (!isDirectory) {
      r.problem(settingOf(overrides, 'textfilePath', 'METRICS_TEXTFILE_PATH'), config.textfilePath, `a path in an existing directory (${directory} is not one)`);
    }
  }
}
