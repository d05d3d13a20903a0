// Options as plain JavaScript can pass them: every field of the wrong type or out of range is
// named `options.<field>` in the one MetricsConfigError, never a TypeError or a quietly wrong setting.
import { describe, expect, it } from 'vitest';
import { loadMetricsConfig } from '../../src/config/loadMetricsConfig.js';
import type { MetricsConfigOverrides } from '../../src/config/MetricsConfig.js';
import { MetricsConfigError } from '../../src/config/MetricsConfigError.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { configError } from '../support/configError.js';

/** What a JavaScript caller may pass: anything in any field. */
type UntypedOptions = { [K in keyof MetricsConfigOverrides]?: unknown };
const untyped = (options: UntypedOptions) => options as MetricsConfigOverrides;

// [field, value, what the message says after `options.<field>=`]
const WRONG: readonly [keyof MetricsConfigOverrides, unknown, string][] = [
  ['enabled', 'false', '"false": expected true or false, not a string'],
  ['enabled', 0, '"0": expected true or false, not a number'],
  ['serviceName', 42, '"42": expected a non-empty string, not a number'],
  ['serviceName', '  ', '"  ": expected a non-empty string'],
  ['serviceVersion', 2, '"2": expected a non-empty string, not a number'],
  ['resourceAttributes', 'team=blue', '"team=blue": expected an object whose values are strings, not a string'],
  ['resourceAttributes', { replicas: 3 }, '"{\\"replicas\\":3}": expected an object whose values are strings'],
  ['resourceAttributes', new Map([['team', 'blue']]), '"{}": expected an object whose values are strings'],
  ['exporters', 'otlp', '"otlp": expected an array of "otlp", "prometheus", "console" (empty for none), not a string'],
  ['exporters', ['otlp', 'zipkin'], '"[\\"otlp\\",\\"zipkin\\"]": expected an array of'],
  ['exporters', ['OTLP'], '"[\\"OTLP\\"]": expected an array of'],
  ['otlpMetricsUrl', 4318, '"4318": expected an absolute http:// or https:// URL, not a number'],
  ['otlpMetricsUrl', 'collector:4318', '"collector:4318": expected an absolute http:// or https:// URL'],
  ['otlpProtocol', 'http', '"http": expected one of "http/protobuf", "grpc", "http/json"'],
  ['otlpProtocol', 'GRPC', '"GRPC": expected one of "http/protobuf", "grpc", "http/json"'],
  ['otlpCompression', true, '"true": expected one of "gzip", "none", not a boolean'],
  ['otlpCompression', 'deflate', '"deflate": expected one of "gzip", "none"'],
  ['otlpHeaders', ['authorization=x'], '"(hidden)": expected an object whose values are strings, not an array'],
  ['otlpHeaders', { authorization: 'Bearer k', retries: 3 }, '"(hidden)": expected an object whose values are strings'],
  ['temporalityPreference', 'Delta', '"Delta": expected one of "cumulative", "delta", "lowmemory"'],
  ['temporalityPreference', true, '"true": expected one of "cumulative", "delta", "lowmemory", not a boolean'],
  ['exportIntervalMillis', '10000', '"10000": expected an integer from 1 to 2147483647, not a string'],
  ['exportIntervalMillis', 0, '"0": expected an integer from 1 to 2147483647'],
  ['exportIntervalMillis', Number.NaN, '"NaN": expected an integer from 1 to 2147483647'],
  ['exportTimeoutMillis', 1.5, '"1.5": expected an integer from 1 to 2147483647'],
  ['prometheusHost', 0, '"0": expected an IP address'],
  ['prometheusHost', 'localhost:9464', '"localhost:9464": expected an IP address'],
  ['prometheusPort', '9464', '"9464": expected an integer from 0 to 65535, not a string'],
  ['prometheusPort', 65_536, '"65536": expected an integer from 0 to 65535'],
  ['cardinalityLimit', '2000', '"2000": expected an integer from 2 to 1000000, not a string'],
  ['cardinalityLimit', 1, '"1": expected an integer from 2 to 1000000'],
  ['seriesExpiryMillis', '600000', '"600000": expected an integer from 0 to 2147483647, not a string'],
  ['seriesExpiryMillis', -1, '"-1": expected an integer from 0 to 2147483647'],
  ['runtimeMetrics', 'false', '"false": expected true or false, not a string'],
  ['diagnostics', 'stderr', '"stderr": expected one of "console", "diag", "silent"'],
  ['healthEndpoints', 1, '"1": expected true or false, not a number'],
  ['prometheusScopeLabels', 'yes', '"yes": expected true or false, not a string'],
  ['readout', 'on', '"on": expected true or false, not a string'],
  ['percentiles', 0, '"0": expected true or false, not a number'],
  ['readoutWindowSeconds', 5, '"5": expected an integer from 6 to 86400'],
  ['livenessPath', 'health', '"health": expected an absolute path such as /ready'],
  ['readinessPath', '/ready?x=1', '"/ready?x=1": expected an absolute path such as /ready'],
  ['authToken', 'two words', '"(hidden)": expected a bearer token'],
  ['basicAuth', 'no-colon', '"(hidden)": expected user:password'],
  ['authPaths', '/metrics', '"/metrics": expected a non-empty array of absolute paths the endpoint serves, not a string'],
  ['authPaths', [], '"[]": expected a non-empty array of absolute paths'],
  ['livenessOpen', 'true', '"true": expected true or false, not a string'],
  ['tlsCertFile', 42, '"42": expected a non-empty string, not a number'],
  ['tlsKeyFile', '', '"": expected a non-empty string'],
  ['pushgatewayUrl', 'pushgateway:9091', '"pushgateway:9091": expected an absolute http:// or https:// URL'],
  ['pushgatewayIntervalMillis', -1, '"-1": expected an integer from 0 to 2147483647'],
  ['pushgatewayGrouping', 'service.instance.id', '"service.instance.id": expected an array of resource attribute names, not a string'],
  ['pushgatewayCompression', 'deflate', '"deflate": expected one of "gzip", "none"'],
  ['textfilePath', '/var/lib/node_exporter/job.txt', '"/var/lib/node_exporter/job.txt": expected a file path ending in ".prom"'],
  ['textfileIntervalMillis', '5000', '"5000": expected an integer from 0 to 2147483647, not a string'],
];

describe('explicit options checked at run time', () => {
  it('has a wrong value in the table for every option field', () => {
    // Own property names: the credential fields are there but not enumerable.
    expect(new Set(WRONG.map(([field]) => field))).toEqual(new Set(Object.getOwnPropertyNames(loadMetricsConfig({}))));
  });

  it.each(WRONG)('names options.%s = %j in the config error', (field, value, message) => {
    const error = configError(() => loadMetricsConfig({}, untyped({ [field]: value })));
    expect(error.settings).toEqual([`options.${field}`]);
    expect(error.message).toContain(`options.${field}=${message}`);
  });

  it('lists several wrong-typed options in one error, each by its field', () => {
    const error = configError(() =>
      loadMetricsConfig(
        {},
        untyped({ enabled: 'false', exporters: 'otlp', serviceName: 42, prometheusPort: '9464', otlpHeaders: 'a=b', prometheusHost: 'bad host' }),
      ),
    );
    expect(error.settings).toEqual([
      'options.enabled',
      'options.serviceName',
      'options.exporters',
      'options.otlpHeaders',
      'options.prometheusHost',
      'options.prometheusPort',
    ]);
    expect(error.message).toMatch(/^Invalid metrics configuration \(6 settings\)/);
  });

  it('reports wrong options and wrong variables together', () => {
    const error = configError(() => loadMetricsConfig({ METRICS_PORT: 'abc', METRICS_HOST: 'a_b' }, untyped({ serviceName: 42 })));
    expect(error.settings.sort()).toEqual(['METRICS_HOST', 'METRICS_PORT', 'options.serviceName']);
  });

  it('takes null as not given, like undefined, so the environment applies', () => {
    expect(loadMetricsConfig({ METRICS_PORT: '9100' }, untyped({ prometheusPort: null, serviceName: null })).prometheusPort).toBe(9100);
  });

  it('accepts the valid form of every field', () => {
    const options: MetricsConfigOverrides = {
      enabled: true,
      serviceName: 'executor',
      serviceVersion: '1.2.3',
      resourceAttributes: { team: 'blue' },
      exporters: [],
      otlpMetricsUrl: 'https://collector.example/v1/metrics',
      otlpProtocol: 'http/json',
      otlpCompression: 'gzip',
      otlpHeaders: { authorization: 'Bearer x' },
      temporalityPreference: 'delta',
      exportIntervalMillis: 30_000,
      exportTimeoutMillis: 10_000,
      prometheusHost: '::1',
      prometheusPort: 0,
      prometheusScopeLabels: true,
      cardinalityLimit: 500,
      seriesExpiryMillis: 60_000,
      runtimeMetrics: false,
      diagnostics: 'silent',
      healthEndpoints: true,
      readout: false,
      percentiles: false,
      readoutWindowSeconds: 300,
      livenessPath: '/livez',
      readinessPath: '/readyz',
      authToken: 's3cr3t-T0ken.v1~',
      basicAuth: 'prometheus:pass:with:colons',
      authPaths: ['/metrics', '/readyz'],
      livenessOpen: true,
      tlsCertFile: undefined,
      tlsKeyFile: undefined,
      pushgatewayUrl: 'http://pushgateway:9091/prefix',
      pushgatewayIntervalMillis: 0,
      pushgatewayGrouping: ['service.instance.id', 'team'],
      pushgatewayCompression: 'gzip',
      textfilePath: undefined,
      textfileIntervalMillis: 60_000,
    };
    const { authToken, basicAuth, otlpHeaders, ...visible } = options;
    const config = loadMetricsConfig({}, options);
    expect(config).toEqual(visible);
    expect({ authToken: config.authToken, basicAuth: config.basicAuth, otlpHeaders: config.otlpHeaders }).toEqual({ authToken, basicAuth, otlpHeaders });
  });

  it('startMetrics({ enabled: "false" }) from plain JavaScript fails with the option named, instead of starting enabled', async () => {
    const start = startMetrics({ env: {}, ...untyped({ enabled: 'false' }) });
    await expect(start).rejects.toBeInstanceOf(MetricsConfigError);
    await expect(start).rejects.toMatchObject({ settings: ['options.enabled'] });
  });

  it('startMetrics({ exporters: "otlp", serviceName: 42 }) fails with a MetricsConfigError, not a TypeError', async () => {
    await expect(startMetrics({ env: {}, ...untyped({ exporters: 'otlp', serviceName: 42 }) })).rejects.toMatchObject({
      name: 'MetricsConfigError',
      settings: ['options.serviceName', 'options.exporters'],
    });
  });
});
