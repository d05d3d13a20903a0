import { describe, expect, it } from 'vitest';
import { loadMetricsConfig } from '../../src/config/loadMetricsConfig.js';
import { configError } from '../support/configError.js';

describe('loadMetricsConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    const config = loadMetricsConfig({});
    expect(config).toEqual({
      enabled: true,
      serviceName: 'unknown_service:node',
      serviceVersion: undefined,
      resourceAttributes: {},
      exporters: ['prometheus'],
      otlpMetricsUrl: undefined,
      otlpProtocol: 'http/protobuf',
      otlpCompression: 'none',
      temporalityPreference: 'cumulative',
      exportIntervalMillis: 10_000,
      exportTimeoutMillis: 5_000,
      prometheusHost: '0.0.0.0',
      prometheusPort: 9464,
      prometheusScopeLabels: false,
      cardinalityLimit: 2000,
      seriesExpiryMillis: 600_000,
      runtimeMetrics: true,
      diagnostics: 'console',
      healthEndpoints: true,
      readout: true,
      percentiles: true,
      readoutWindowSeconds: 60,
      livenessPath: '/health',
      readinessPath: '/ready',
      authPaths: undefined,
      livenessOpen: true,
      tlsCertFile: undefined,
      tlsKeyFile: undefined,
      pushgatewayUrl: undefined,
      pushgatewayIntervalMillis: 0,
      pushgatewayGrouping: [],
      pushgatewayCompression: 'none',
      textfilePath: undefined,
      textfileIntervalMillis: 0,
    });
    expect(config.authToken).toBeUndefined();
    expect(config.basicAuth).toBeUndefined();
    expect(config.otlpHeaders).toEqual({});
  });

  it('reads every variable of the configuration table', () => {
    const config = loadMetricsConfig({
      ENABLE_TRACING: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-tenant=blue',
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'Delta',
      OTEL_METRIC_EXPORT_INTERVAL: '2000',
      OTEL_METRIC_EXPORT_TIMEOUT: '1500',
      TRACING_SERVICE_NAME: 'executor',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,service.version=1.2.3',
      METRICS_PORT: '9100',
      METRICS_HOST: '127.0.0.1',
      METRICS_READOUT: 'false',
      METRICS_PERCENTILES: 'false',
      METRICS_READOUT_WINDOW: '120',
    });
    expect(config).toMatchObject({
      readout: false,
      percentiles: false,
      readoutWindowSeconds: 120,
      enabled: true,
      serviceName: 'executor',
      serviceVersion: '1.2.3',
      resourceAttributes: { 'deployment.environment.name': 'staging', 'service.version': '1.2.3' },
      exporters: ['prometheus', 'otlp'],
      otlpMetricsUrl: 'http://collector:4318/v1/metrics',
      otlpHeaders: { authorization: 'Bearer abc', 'x-tenant': 'blue' },
      temporalityPreference: 'delta',
      exportIntervalMillis: 2000,
      exportTimeoutMillis: 1500,
      prometheusHost: '127.0.0.1',
      prometheusPort: 9100,
    });
  });

  it('uses the metrics-specific OTLP endpoint as given, without appending a path', () => {
    const config = loadMetricsConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'https://collector.example:4318/custom/metrics',
    });
    expect(config.otlpMetricsUrl).toBe('https://collector.example:4318/custom/metrics');
    expect(config.exporters).toEqual(['prometheus', 'otlp']);
  });

  describe('OTLP protocol and compression', () => {
    it('reads the per-signal variable first, then the general one, case-insensitively', () => {
      expect(loadMetricsConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).otlpProtocol).toBe('grpc');
      expect(loadMetricsConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'HTTP/JSON' }).otlpProtocol).toBe('http/json');
      expect(loadMetricsConfig({ OTEL_EXPORTER_OTLP_COMPRESSION: 'GZIP' }).otlpCompression).toBe('gzip');
      expect(loadMetricsConfig({ OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip', OTEL_EXPORTER_OTLP_METRICS_COMPRESSION: 'none' }).otlpCompression).toBe('none');
    });

    it('lets the options win over both variables', () => {
      const env = { OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_METRICS_COMPRESSION: 'gzip' };
      expect(loadMetricsConfig(env, { otlpProtocol: 'http/json', otlpCompression: 'none' })).toMatchObject({ otlpProtocol: 'http/json', otlpCompression: 'none' });
    });

    it('does not read a variable an option overrides, so an invalid one cannot fail start-up', () => {
      const config = loadMetricsConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift', OTEL_EXPORTER_OTLP_COMPRESSION: 'br' }, { otlpProtocol: 'grpc', otlpCompression: 'gzip' });
      expect(config).toMatchObject({ otlpProtocol: 'grpc', otlpCompression: 'gzip' });
    });

    it('names every invalid protocol and compression in the one error', () => {
      const error = configError(() => loadMetricsConfig({ OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http', OTEL_EXPORTER_OTLP_COMPRESSION: 'deflate' }));
      expect(error.problems.map((p) => p.setting).sort()).toEqual(['OTEL_EXPORTER_OTLP_COMPRESSION', 'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL']);
      expect(error.message).toContain('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL="http": expected one of http/protobuf, grpc, http/json');
      expect(error.message).toContain('OTEL_EXPORTER_OTLP_COMPRESSION="deflate": expected one of gzip, none');
    });

    it('appends /v1/metrics to the base endpoint for http/protobuf and http/json, and uses it as given for grpc', () => {
      const base = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' };
      expect(loadMetricsConfig(base).otlpMetricsUrl).toBe('http://collector:4318/v1/metrics');
      expect(loadMetricsConfig({ ...base, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).otlpMetricsUrl).toBe('http://collector:4318/v1/metrics');
      const grpc = loadMetricsConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
      expect(grpc).toMatchObject({ otlpMetricsUrl: 'https://collector:4317', exporters: ['prometheus', 'otlp'] });
      // The per-signal endpoint is used as given whatever the protocol.
      const signal = { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://collector:4317/' };
      expect(loadMetricsConfig({ ...signal, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).otlpMetricsUrl).toBe('http://collector:4317/');
    });

    it('defaults the endpoint to the protocol\'s standard port on localhost when otlp is asked for', () => {
      expect(loadMetricsConfig({ OTEL_METRICS_EXPORTER: 'otlp' }).otlpMetricsUrl).toBe('http://localhost:4318/v1/metrics');
      expect(loadMetricsConfig({ OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).otlpMetricsUrl).toBe('http://localhost:4318/v1/metrics');
      expect(loadMetricsConfig({ OTEL_METRICS_EXPORTER: 'otlp' }, { otlpProtocol: 'grpc' }).otlpMetricsUrl).toBe('http://localhost:4317');
    });
  });

  it('prefers TRACING_SERVICE_NAME, then OTEL_SERVICE_NAME, then service.name in OTEL_RESOURCE_ATTRIBUTES', () => {
    expect(loadMetricsConfig({ TRACING_SERVICE_NAME: 'a', OTEL_SERVICE_NAME: 'b' }).serviceName).toBe('a');
    expect(loadMetricsConfig({ OTEL_SERVICE_NAME: 'b', OTEL_RESOURCE_ATTRIBUTES: 'service.name=c' }).serviceName).toBe('b');
    expect(loadMetricsConfig({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=c' }).serviceName).toBe('c');
  });

  it('lets explicit options win over the environment, including falsy values such as port 0', () => {
    const config = loadMetricsConfig(
      { METRICS_PORT: '9100', TRACING_SERVICE_NAME: 'from-env', ENABLE_TRACING: 'true' },
      { prometheusPort: 0, serviceName: 'from-options', enabled: false },
    );
    expect(config.prometheusPort).toBe(0);
    expect(config.serviceName).toBe('from-options');
    expect(config.enabled).toBe(false);
  });

  it('treats blank values as unset', () => {
    const config = loadMetricsConfig({
      METRICS_PORT: '  ',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      ENABLE_TRACING: '',
      OTEL_METRICS_EXPORTER: ' ',
      TRACING_SERVICE_NAME: '',
      OTEL_SERVICE_NAME: 'svc',
    });
    expect(config.prometheusPort).toBe(9464);
    expect(config.otlpMetricsUrl).toBeUndefined();
    expect(config.enabled).toBe(true);
    expect(config.exporters).toEqual(['prometheus']);
    expect(config.serviceName).toBe('svc');
  });

  it('reads the OTEL_EXPORTER_PROMETHEUS_* aliases when METRICS_* are unset', () => {
    const config = loadMetricsConfig({ OTEL_EXPORTER_PROMETHEUS_PORT: '9999', OTEL_EXPORTER_PROMETHEUS_HOST: '::1' });
    expect(config.prometheusPort).toBe(9999);
    expect(config.prometheusHost).toBe('::1');
    expect(loadMetricsConfig({ METRICS_PORT: '1', OTEL_EXPORTER_PROMETHEUS_PORT: '2' }).prometheusPort).toBe(1);
  });

  it.each([
    [{ ENABLE_TRACING: 'false' }, false],
    [{ ENABLE_TRACING: 'FALSE' }, false],
    [{ OTEL_SDK_DISABLED: 'true' }, false],
    [{ ENABLE_TRACING: 'true', OTEL_SDK_DISABLED: 'true' }, false],
    [{ ENABLE_TRACING: 'true', OTEL_SDK_DISABLED: 'false' }, true],
    [{}, true],
  ])('switches off with either master switch: %j → enabled=%s', (env, enabled) => {
    expect(loadMetricsConfig(env).enabled).toBe(enabled);
  });

  it('reads OTEL_METRICS_EXPORTER as a list, "none" as no exporter', () => {
    expect(loadMetricsConfig({ OTEL_METRICS_EXPORTER: 'none' }).exporters).toEqual([]);
    expect(loadMetricsConfig({ OTEL_METRICS_EXPORTER: 'otlp' })).toMatchObject({
      exporters: ['otlp'],
      otlpMetricsUrl: 'http://localhost:4318/v1/metrics',
    });
    expect(loadMetricsConfig({ OTEL_METRICS_EXPORTER: 'Console, prometheus,console' }).exporters).toEqual(['console', 'prometheus']);
  });

  it('reports every invalid setting at once, by variable name', () => {
    const error = configError(() =>
      loadMetricsConfig({
        METRICS_PORT: 'abc',
        OTEL_METRIC_EXPORT_INTERVAL: '-5',
        OTEL_METRICS_EXPORTER: 'otlp,zipkin',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_HEADERS: 'novalue',
        ENABLE_TRACING: 'maybe',
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'sometimes',
        OTEL_RESOURCE_ATTRIBUTES: '=x',
      }),
    );
    expect(error.settings.sort()).toEqual(
      [
        'ENABLE_TRACING',
        'METRICS_PORT',
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'OTEL_EXPORTER_OTLP_HEADERS',
        'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
        'OTEL_METRICS_EXPORTER',
        'OTEL_METRIC_EXPORT_INTERVAL',
        'OTEL_RESOURCE_ATTRIBUTES',
      ].sort(),
    );
    expect(error.message).toContain('METRICS_PORT="abc": expected an integer from 0 to 65535');
    expect(error.message).toContain('OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318": expected an absolute http:// or https:// URL');
    expect(error.message).toMatch(/^Invalid metrics configuration \(8 settings\)/);
  });

  it.each([
    ['METRICS_PORT', '65536'],
    ['METRICS_PORT', '80.5'],
    ['OTEL_EXPORTER_PROMETHEUS_PORT', '-1'],
    ['OTEL_METRIC_EXPORT_TIMEOUT', '0'],
    ['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', 'ftp://collector/v1/metrics'],
    ['OTEL_EXPORTER_OTLP_HEADERS', 'a=%E0%A4%A'],
    ['OTEL_METRICS_EXPORTER', 'none,otlp'],
    ['METRICS_CARDINALITY_LIMIT', '1'],
  ])('rejects %s=%s', (name, value) => {
    expect(configError(() => loadMetricsConfig({ [name]: value })).settings).toEqual([name]);
  });

  it('rejects an export timeout longer than the interval, naming the timeout', () => {
    const error = configError(() => loadMetricsConfig({ OTEL_METRIC_EXPORT_INTERVAL: '1000', OTEL_METRIC_EXPORT_TIMEOUT: '5000' }));
    expect(error.settings).toEqual(['OTEL_METRIC_EXPORT_TIMEOUT']);
  });

  it('lets a short interval pull the unset timeout down with it; only an explicit timeout above the interval fails', () => {
    expect(loadMetricsConfig({ OTEL_METRIC_EXPORT_INTERVAL: '1000' })).toMatchObject({ exportIntervalMillis: 1000, exportTimeoutMillis: 1000 });
    expect(loadMetricsConfig({ OTEL_METRIC_EXPORT_INTERVAL: '60000' }).exportTimeoutMillis).toBe(5000);
    expect(configError(() => loadMetricsConfig({}, { exportIntervalMillis: 500, exportTimeoutMillis: 900 })).settings).toEqual(['options.exportTimeoutMillis']);
  });

  it('does not read, and so cannot fail on, a variable an explicit option overrides', () => {
    expect(loadMetricsConfig({ ENABLE_TRACING: 'yes', METRICS_PORT: 'abc' }, { enabled: false, prometheusPort: 0 })).toMatchObject({ enabled: false, prometheusPort: 0 });
  });

  it('validates explicit options too, naming them options.<field>', () => {
    const error = configError(() =>
      loadMetricsConfig({}, { prometheusPort: -1, exportIntervalMillis: Number.NaN, otlpMetricsUrl: 'nope', serviceName: ' ' }),
    );
    expect(error.settings.sort()).toEqual(
      ['options.exportIntervalMillis', 'options.otlpMetricsUrl', 'options.prometheusPort', 'options.serviceName'].sort(),
    );
  });

  it.each([
    ['the default', {}, {}, 600_000],
    ['0: never', { METRICS_SERIES_EXPIRY: '0' }, {}, 0],
    ['exactly twice the default interval', { METRICS_SERIES_EXPIRY: '20000' }, {}, 20_000],
    ['an hour', { METRICS_SERIES_EXPIRY: '3600000' }, {}, 3_600_000],
    ['unset, raised to twice a five-minute interval', { OTEL_METRIC_EXPORT_INTERVAL: '300000' }, {}, 600_000],
    ['unset, raised to twice a seven-minute interval', { OTEL_METRIC_EXPORT_INTERVAL: '420000' }, {}, 840_000],
    ['the option over the variable', { METRICS_SERIES_EXPIRY: 'abc' }, { seriesExpiryMillis: 0 }, 0],
    ['the option, twice an option interval', {}, { exportIntervalMillis: 1000, seriesExpiryMillis: 2000 }, 2000],
  ])('reads the series expiry: %s', (_, env, options, expected) => {
    expect(loadMetricsConfig(env, options).seriesExpiryMillis).toBe(expected);
  });

  it.each([
    [{ METRICS_SERIES_EXPIRY: '19999' }, {}, 'METRICS_SERIES_EXPIRY', '0 (never) or at least twice the export interval (20000 ms or more)'],
    [{ METRICS_SERIES_EXPIRY: '100000', OTEL_METRIC_EXPORT_INTERVAL: '60000' }, {}, 'METRICS_SERIES_EXPIRY', 'at least twice the export interval (120000 ms or more)'],
    [{ METRICS_SERIES_EXPIRY: '-1' }, {}, 'METRICS_SERIES_EXPIRY', 'an integer from 0 to 2147483647'],
    [{ METRICS_SERIES_EXPIRY: '10m' }, {}, 'METRICS_SERIES_EXPIRY', 'an integer from 0 to 2147483647'],
    [{}, { seriesExpiryMillis: 1000 }, 'options.seriesExpiryMillis', 'at least twice the export interval (20000 ms or more)'],
    [{ OTEL_METRIC_EXPORT_INTERVAL: '5000' }, { seriesExpiryMillis: 9999 }, 'options.seriesExpiryMillis', '(10000 ms or more)'],
  ])('rejects a series expiry that is not 0 or at least twice the interval: %j %j', (env, options, setting, expected) => {
    const error = configError(() => loadMetricsConfig(env, options));
    expect(error.settings).toEqual([setting]);
    expect(error.problems[0]!.expected).toContain(expected);
  });

  it('reads process.env when no source is given', () => {
    const saved = process.env['METRICS_PORT'];
    process.env['METRICS_PORT'] = '9777';
    try {
      expect(loadMetricsConfig().prometheusPort).toBe(9777);
    } finally {
      if (saved === undefined) delete process.env['METRICS_PORT'];
      else process.env['METRICS_PORT'] = saved;
    }
  });
});
