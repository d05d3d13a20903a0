// Run-time checks of explicit options: from plain JavaScript any value can arrive in any field
// (`enabled: 'false'`, `exporters: 'otlp'`), and each must end up in the one MetricsConfigError
// as `options.<field>`, never as a TypeError or a silently wrong setting.
import type { ConfigProblem } from './MetricsConfigError.js';
import { SECRET_CONFIG_FIELDS, type MetricsConfig, type MetricsConfigOverrides } from './MetricsConfig.js';
import {
  BASIC_AUTH_EXPECTED,
  BEARER_TOKEN_EXPECTED,
  isBasicCredentials,
  isBearerToken,
  isRoutePath,
  ROUTE_PATH_EXPECTED,
  SECRET_MASK,
} from './endpointSettings.js';
import { isListenHost, LISTEN_HOST_EXPECTED } from './listenHost.js';
import { isDiagnosticsMode } from '../core/DiagnosticsSink.js';

export const EXPORTER_NAMES: readonly string[] = ['otlp', 'prometheus', 'console'];
export const TEMPORALITIES: readonly string[] = ['cumulative', 'delta', 'lowmemory'];
export const OTLP_PROTOCOLS: readonly string[] = ['http/protobuf', 'grpc', 'http/json'];
export const OTLP_COMPRESSIONS: readonly string[] = ['gzip', 'none'];
export const PORT = { min: 0, max: 65_535 } as const;
export const MILLIS = { min: 1, max: 2_147_483_647 } as const;
export const EXPIRY_MILLIS = { min: 0, max: 2_147_483_647 } as const;
export const CARDINALITY = { min: 2, max: 1_000_000 } as const;
/** The read-out window: at least one second per slice, at most a day. */
export const WINDOW_SECONDS = { min: 6, max: 86_400 } as const;
/** Pushgateway and textfile intervals: 0 means only at shutdown and forceFlush(). */
export const OUTPUT_INTERVAL_MILLIS = { min: 0, max: 2_147_483_647 } as const;
export const TEXTFILE_PATH_EXPECTED = 'a file path ending in ".prom" (node_exporter\'s textfile collector reads only those)';
export const isTextfilePath = (path: string): boolean => /[^/\\]\.prom$/.test(path.trim());
export const PUSHGATEWAY_GROUPING_EXPECTED = 'resource attribute names (service.instance.id, or keys of OTEL_RESOURCE_ATTRIBUTES), comma-separated';

type Kind = 'boolean' | 'string' | 'number' | 'array' | 'object';

interface OptionCheck {
  /** The JavaScript kind the field takes; a value of another kind is named in the message. */
  readonly kind: Kind;
  readonly expected: string;
  readonly valid: (value: unknown) => boolean;
}

const integerIn = ({ min, max }: { min: number; max: number }): OptionCheck => ({
  kind: 'number',
  expected: `an integer from ${min} to ${max}`,
  valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max,
});
const nonEmptyString: OptionCheck = { kind: 'string', expected: 'a non-empty string', valid: (v) => typeof v === 'string' && v.trim() !== '' };
const flag: OptionCheck = { kind: 'boolean', expected: 'true or false', valid: (v) => typeof v === 'boolean' };
const routePath: OptionCheck = { kind: 'string', expected: ROUTE_PATH_EXPECTED, valid: (v) => typeof v === 'string' && isRoutePath(v) };
const stringRecord: OptionCheck = {
  kind: 'object',
  expected: 'an object whose values are strings',
  valid: (v) => isPlainObject(v) && Object.values(v).every((item) => typeof item === 'string'),
};

/** One check per field; the mapped type makes a new MetricsConfig field fail to compile until it has one. */
const OPTION_CHECKS: { readonly [K in keyof MetricsConfig]-?: OptionCheck } = {
  enabled: flag,
  serviceName: nonEmptyString,
  serviceVersion: nonEmptyString,
  resourceAttributes: stringRecord,
  exporters: {
    kind: 'array',
    expected: 'an array of "otlp", "prometheus", "console" (empty for none)',
    valid: (v) => Array.isArray(v) && v.every((name) => typeof name === 'string' && EXPORTER_NAMES.includes(name)),
  },
  otlpMetricsUrl: { kind: 'string', expected: 'an absolute http:// or https:// URL', valid: (v) => typeof v === 'string' && isHttpUrl(v) },
  otlpProtocol: {
    kind: 'string',
    expected: 'one of "http/protobuf", "grpc", "http/json"',
    valid: (v) => typeof v === 'string' && OTLP_PROTOCOLS.includes(v),
  },
  otlpCompression: { kind: 'string', expected: 'one of "gzip", "none"', valid: (v) => typeof v === 'string' && OTLP_COMPRESSIONS.includes(v) },
  otlpHeaders: stringRecord,
  temporalityPreference: {
    kind: 'string',
    expected: 'one of "cumulative", "delta", "lowmemory"',
    valid: (v) => typeof v === 'string' && TEMPORALITIES.includes(v),
  },
  exportIntervalMillis: integerIn(MILLIS),
  exportTimeoutMillis: integerIn(MILLIS),
  prometheusHost: { kind: 'string', expected: LISTEN_HOST_EXPECTED, valid: (v) => typeof v === 'string' && isListenHost(v) },
  prometheusPort: integerIn(PORT),
  prometheusScopeLabels: flag,
  cardinalityLimit: integerIn(CARDINALITY),
  seriesExpiryMillis: integerIn(EXPIRY_MILLIS),
  runtimeMetrics: flag,
  diagnostics: { kind: 'string', expected: 'one of "console", "diag", "silent"', valid: isDiagnosticsMode },
  healthEndpoints: flag,
  readout: flag,
  percentiles: flag,
  readoutWindowSeconds: integerIn(WINDOW_SECONDS),
  livenessPath: routePath,
  readinessPath: routePath,
  authToken: { kind: 'string', expected: BEARER_TOKEN_EXPECTED, valid: (v) => typeof v === 'string' && isBearerToken(v) },
  basicAuth: { kind: 'string', expected: BASIC_AUTH_EXPECTED, valid: (v) => typeof v === 'string' && isBasicCredentials(v) },
  authPaths: {
    kind: 'array',
    expected: 'a non-empty array of absolute paths the endpoint serves',
    valid: (v) => Array.isArray(v) && v.length > 0 && v.every((path) => typeof path === 'string' && isRoutePath(path)),
  },
  livenessOpen: flag,
  // Readability is checked with the environment's value, in loadMetricsConfig.
  tlsCertFile: nonEmptyString,
  tlsKeyFile: nonEmptyString,
  pushgatewayUrl: { kind: 'string', expected: 'an absolute http:// or https:// URL', valid: (v) => typeof v === 'string' && isHttpUrl(v) },
  pushgatewayIntervalMillis: integerIn(OUTPUT_INTERVAL_MILLIS),
  // Whether each name is a resource attribute is checked with the resolved attributes, in loadMetricsConfig.
  pushgatewayGrouping: {
    kind: 'array',
    expected: 'an array of resource attribute names',
    valid: (v) => Array.isArray(v) && v.every((name) => typeof name === 'string' && name.trim() !== ''),
  },
  pushgatewayCompression: { kind: 'string', expected: 'one of "gzip", "none"', valid: (v) => v === 'gzip' || v === 'none' },
  textfilePath: { kind: 'string', expected: TEXTFILE_PATH_EXPECTED, valid: (v) => typeof v === 'string' && isTextfilePath(v) },
  textfileIntervalMillis: integerIn(OUTPUT_INTERVAL_MILLIS),
};

const SECRETS: ReadonlySet<string> = new Set(SECRET_CONFIG_FIELDS);

/**
 * Checks every given option (undefined and null count as not given) and returns the valid ones.
 * Each invalid one is reported and left out, so resolving the rest cannot throw on it.
 */
export function checkOptions(overrides: MetricsConfigOverrides, report: (problem: ConfigProblem) => void): MetricsConfigOverrides {
  const valid: Record<string, unknown> = {};
  for (const field of Object.keys(OPTION_CHECKS) as (keyof MetricsConfig)[]) {
    const value: unknown = overrides[field];
    if (value === undefined || value === null) continue;
    const check = OPTION_CHECKS[field];
    if (check.valid(value)) {
      valid[field] = value;
      continue;
    }
    const kind = kindOf(value);
    const expected = kind === check.kind ? check.expected : `${check.expected}, not ${kind === 'array' || kind === 'object' ? 'an' : 'a'} ${kind}`;
    report({ setting: `options.${field}`, value: SECRETS.has(field) ? SECRET_MASK : describe(value), expected });
  }
  return valid as MetricsConfigOverrides;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** An object literal (or null-prototype object); a Map or class instance would read as empty. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** The value as the error shows it: strings as given, anything else as near to source as is safe. */
function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'function') return '[function]';
  if (typeof value !== 'object') return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
