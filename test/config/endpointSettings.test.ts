// The health routes, access control and TLS settings: environment, defaults, cross-field rules,
// and credentials that never show up in an error, in JSON or in a logged configuration.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadMetricsConfig } from '../../src/config/loadMetricsConfig.js';
import { configError } from '../support/configError.js';

const TOKEN = 'Zm9vYmFyLXNlY3JldC10b2tlbg==';
const BASIC = 'prometheus:correct horse battery staple';

describe('health endpoint settings', () => {
  it('reads switches and paths from the environment', () => {
    const config = loadMetricsConfig({
      METRICS_RUNTIME_METRICS: 'false',
      METRICS_HEALTH_ENDPOINTS: 'FALSE',
      METRICS_LIVENESS_PATH: '/livez',
      METRICS_READINESS_PATH: '/internal/readyz',
    });
    expect(config).toMatchObject({ runtimeMetrics: false, healthEndpoints: false, livenessPath: '/livez', readinessPath: '/internal/readyz' });
  });

  it.each([
    [{ METRICS_LIVENESS_PATH: 'health' }, 'METRICS_LIVENESS_PATH', 'an absolute path'],
    [{ METRICS_READINESS_PATH: '/re ady' }, 'METRICS_READINESS_PATH', 'an absolute path'],
    [{ METRICS_LIVENESS_PATH: '/metrics' }, 'METRICS_LIVENESS_PATH', 'a path other than /metrics'],
    [{ METRICS_READINESS_PATH: '/metrics' }, 'METRICS_READINESS_PATH', 'a path other than /metrics'],
    [{ METRICS_READINESS_PATH: '/health' }, 'METRICS_READINESS_PATH', 'the liveness path (/health)'],
    [{ METRICS_HEALTH_ENDPOINTS: 'yes' }, 'METRICS_HEALTH_ENDPOINTS', '"true" or "false"'],
    [{ METRICS_RUNTIME_METRICS: 'on' }, 'METRICS_RUNTIME_METRICS', '"true" or "false"'],
    [{ METRICS_AUTH_PATHS: ' , ' }, 'METRICS_AUTH_PATHS', 'a non-empty, comma-separated list'],
    [{ METRICS_AUTH_PATHS: '/metrics,ready' }, 'METRICS_AUTH_PATHS', 'a non-empty, comma-separated list'],
  ])('rejects %j, naming %s', (env, setting, expected) => {
    const error = configError(() => loadMetricsConfig(env));
    expect(error.settings).toEqual([setting]);
    expect(error.problems[0]!.expected).toContain(expected);
  });

  it('names the option, not the variable, when an option made the paths collide', () => {
    expect(configError(() => loadMetricsConfig({ METRICS_LIVENESS_PATH: '/live' }, { readinessPath: '/live' })).settings).toEqual([
      'options.readinessPath',
    ]);
  });
});

describe('access control settings', () => {
  it('reads the credentials and the protected paths, keeping their case', () => {
    const config = loadMetricsConfig({ METRICS_AUTH_TOKEN: TOKEN, METRICS_AUTH_BASIC: BASIC, METRICS_AUTH_PATHS: '/metrics, /Ready,/metrics' });
    expect(config.authToken).toBe(TOKEN);
    expect(config.basicAuth).toBe(BASIC);
    expect(config.authPaths).toEqual(['/metrics', '/Ready']);
    expect(config.livenessOpen).toBe(true);
  });

  it('protects the liveness path when the paths name it, and refuses an explicit "open" that contradicts them', () => {
    expect(loadMetricsConfig({ METRICS_AUTH_PATHS: '/metrics,/health' }).livenessOpen).toBe(false);
    expect(loadMetricsConfig({ METRICS_AUTH_LIVENESS_OPEN: 'false' }).livenessOpen).toBe(false);
    const error = configError(() => loadMetricsConfig({ METRICS_AUTH_PATHS: '/health', METRICS_AUTH_LIVENESS_OPEN: 'true' }));
    expect(error.settings).toEqual(['METRICS_AUTH_LIVENESS_OPEN']);
    expect(error.problems[0]!.expected).toContain('include the liveness path (/health)');
  });

  it.each([
    ['METRICS_AUTH_TOKEN', 'has spaces in it'],
    ['METRICS_AUTH_TOKEN', 'quote"d'],
    ['METRICS_AUTH_BASIC', 'user-without-password'],
    ['METRICS_AUTH_BASIC', ':password-without-user'],
    ['METRICS_AUTH_BASIC', 'alice:'],
  ])('rejects %s of the wrong shape without printing the value', (name, value) => {
    const error = configError(() => loadMetricsConfig({ [name]: value }));
    expect(error.settings).toEqual([name]);
    expect(error.problems[0]!.value).toBe('(hidden)');
    expect(error.message).toContain(`${name}="(hidden)"`);
    expect(error.message).not.toContain(value);
  });

  it('masks a wrong credential option in the error too', () => {
    const error = configError(() => loadMetricsConfig({}, { authToken: 'wrong token value', basicAuth: 'nocolonsecret' }));
    expect(error.settings).toEqual(['options.authToken', 'options.basicAuth']);
    expect(error.message).not.toMatch(/wrong token value|nocolonsecret/);
  });

  it('keeps credentials out of JSON, inspect and spreads of the resolved configuration, while they stay readable', () => {
    const config = loadMetricsConfig({ METRICS_AUTH_TOKEN: TOKEN }, { basicAuth: BASIC });
    expect(config.authToken).toBe(TOKEN);
    expect(config.basicAuth).toBe(BASIC);
    for (const text of [JSON.stringify(config), inspect(config, { depth: 5 }), JSON.stringify({ ...config })]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('correct horse');
      expect(text).toContain('livenessPath');
    }
  });
});

describe('OTLP headers, which usually carry an API key', () => {
  const KEY = 'api-key-7f3c9e1b2d';

  it('are readable on the resolved configuration but left out of JSON, inspect and spreads, from the environment and from options', () => {
    for (const config of [
      loadMetricsConfig({ OTEL_EXPORTER_OTLP_HEADERS: `x-api-key=${KEY},x-tenant=blue` }),
      loadMetricsConfig({}, { otlpHeaders: { 'x-api-key': KEY, 'x-tenant': 'blue' } }),
    ]) {
      expect(config.otlpHeaders).toEqual({ 'x-api-key': KEY, 'x-tenant': 'blue' });
      for (const text of [JSON.stringify(config), inspect(config, { depth: 5 }), JSON.stringify({ ...config })]) {
        expect(text).not.toContain(KEY);
        expect(text).toContain('otlpCompression');
      }
    }
  });

  it('are masked in the config error, from the environment and from options', () => {
    for (const name of ['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_METRICS_HEADERS']) {
      const error = configError(() => loadMetricsConfig({ [name]: `x-api-key=${KEY},=oops` }));
      expect(error.settings).toEqual([name]);
      expect(error.message).toContain(`${name}="(hidden)": expected a comma-separated list of key=value pairs`);
      expect(error.message).not.toContain(KEY);
    }
    const fromOptions = configError(() => loadMetricsConfig({}, { otlpHeaders: { 'x-api-key': KEY, retries: 3 } as unknown as Record<string, string> }));
    expect(fromOptions.settings).toEqual(['options.otlpHeaders']);
    expect(fromOptions.message).not.toContain(KEY);
  });
});

describe('TLS settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  writeFileSync(cert, 'not parsed at this stage');
  writeFileSync(key, 'not parsed at this stage');

  it('takes a certificate and key given together and readable', () => {
    expect(loadMetricsConfig({ METRICS_TLS_CERT_FILE: cert, METRICS_TLS_KEY_FILE: key })).toMatchObject({ tlsCertFile: cert, tlsKeyFile: key });
    expect(loadMetricsConfig({}, { tlsCertFile: cert, tlsKeyFile: key })).toMatchObject({ tlsCertFile: cert, tlsKeyFile: key });
  });

  it('names the half that was given without the other', () => {
    const error = configError(() => loadMetricsConfig({ METRICS_TLS_CERT_FILE: cert }));
    expect(error.settings).toEqual(['METRICS_TLS_CERT_FILE']);
    expect(error.message).toContain('to be given together with METRICS_TLS_KEY_FILE');
    expect(configError(() => loadMetricsConfig({}, { tlsKeyFile: key })).message).toContain('options.tlsKeyFile');
  });

  it('names every file that cannot be read at start-up', () => {
    const error = configError(() => loadMetricsConfig({ METRICS_TLS_CERT_FILE: join(dir, 'missing.pem'), METRICS_TLS_KEY_FILE: dir }));
    expect(error.settings).toEqual(['METRICS_TLS_CERT_FILE', 'METRICS_TLS_KEY_FILE']);
    expect(error.problems.map((p) => p.expected)).toEqual(['a readable file', 'a readable file']);
  });
});
