// The Pushgateway and textfile settings: how they are read, how they decide whether the endpoint
// is served, and that every invalid one lands in the one MetricsConfigError.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMetricsConfig } from '../../src/config/loadMetricsConfig.js';
import { MetricsConfigError } from '../../src/config/MetricsConfigError.js';
import type { MetricsConfigOverrides } from '../../src/config/MetricsConfig.js';

const dir = mkdtempSync(join(tmpdir(), 'odm-textfile-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(env: Record<string, string>, options: MetricsConfigOverrides = {}): Record<string, string> {
  try {
    loadMetricsConfig(env, options);
  } catch (error) {
    if (error instanceof MetricsConfigError) return Object.fromEntries(error.problems.map((p) => [p.setting, p.expected]));
    throw error;
  }
  throw new Error('expected a MetricsConfigError');
}

describe('Pushgateway and textfile settings', () => {
  it('reads every variable', () => {
    const config = loadMetricsConfig({
      METRICS_PUSHGATEWAY_URL: 'http://pushgateway:9091',
      METRICS_PUSHGATEWAY_INTERVAL: '15000',
      METRICS_PUSHGATEWAY_GROUPING: ' service.instance.id , k8s.namespace.name,service.instance.id',
      METRICS_PUSHGATEWAY_COMPRESSION: 'GZIP',
      OTEL_RESOURCE_ATTRIBUTES: 'k8s.namespace.name=batch',
      METRICS_TEXTFILE_PATH: join(dir, 'job.prom'),
      METRICS_TEXTFILE_INTERVAL: '0',
    });
    expect(config).toMatchObject({
      pushgatewayUrl: 'http://pushgateway:9091',
      pushgatewayIntervalMillis: 15_000,
      pushgatewayGrouping: ['service.instance.id', 'k8s.namespace.name'],
      pushgatewayCompression: 'gzip',
      textfilePath: join(dir, 'job.prom'),
      textfileIntervalMillis: 0,
    });
  });

  it('serves no endpoint by default when the process pushes or writes a textfile, and keeps OTLP', () => {
    expect(loadMetricsConfig({ METRICS_PUSHGATEWAY_URL: 'http://pg:9091' }).exporters).toEqual([]);
    expect(loadMetricsConfig({ METRICS_TEXTFILE_PATH: join(dir, 'a.prom') }).exporters).toEqual([]);
    expect(loadMetricsConfig({ METRICS_PUSHGATEWAY_URL: 'http://pg:9091', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).exporters).toEqual(['otlp']);
  });

  it('serves the endpoint beside them when OTEL_METRICS_EXPORTER names prometheus', () => {
    expect(loadMetricsConfig({ METRICS_PUSHGATEWAY_URL: 'http://pg:9091', OTEL_METRICS_EXPORTER: 'prometheus' }).exporters).toEqual(['prometheus']);
    expect(loadMetricsConfig({ METRICS_PUSHGATEWAY_URL: 'http://pg:9091' }, { exporters: ['prometheus', 'otlp'] }).exporters).toEqual(['prometheus', 'otlp']);
  });

  it('reports every invalid variable in one error', () => {
    expect(
      problems({
        METRICS_PUSHGATEWAY_URL: 'pushgateway:9091',
        METRICS_PUSHGATEWAY_INTERVAL: '-1',
        METRICS_PUSHGATEWAY_GROUPING: 'service.instance.id,k8s.pod.name',
        METRICS_PUSHGATEWAY_COMPRESSION: 'br',
        METRICS_TEXTFILE_PATH: join(dir, 'job.txt'),
        METRICS_TEXTFILE_INTERVAL: 'soon',
      }),
    ).toEqual({
      METRICS_PUSHGATEWAY_URL: 'an absolute http:// or https:// URL',
      METRICS_PUSHGATEWAY_INTERVAL: 'an integer from 0 to 2147483647',
      METRICS_PUSHGATEWAY_GROUPING: expect.stringContaining('resource attribute names'),
      METRICS_PUSHGATEWAY_COMPRESSION: 'one of gzip, none',
      METRICS_TEXTFILE_PATH: expect.stringContaining('ending in ".prom"'),
      METRICS_TEXTFILE_INTERVAL: 'an integer from 0 to 2147483647',
    });
  });

  it('names the grouping attributes that the resource will not have', () => {
    try {
      loadMetricsConfig({ METRICS_PUSHGATEWAY_URL: 'http://pg:9091', METRICS_PUSHGATEWAY_GROUPING: 'host.name,service.instance.id,region' });
      expect.unreachable();
    } catch (caught) {
      expect((caught as MetricsConfigError).problems).toEqual([
        { setting: 'METRICS_PUSHGATEWAY_GROUPING', value: 'host.name,region', expected: expect.stringContaining('resource attribute names') },
      ]);
    }
  });

  it('refuses a textfile in a directory that does not exist', () => {
    expect(problems({ METRICS_TEXTFILE_PATH: join(dir, 'missing', 'job.prom') })).toEqual({
      METRICS_TEXTFILE_PATH: `a path in an existing directory (${join(dir, 'missing')} is not one)`,
    });
  });

  it('checks explicit options too, each named options.<field>', () => {
    expect(
      problems(
        {},
        {
          pushgatewayUrl: 'ftp://pg' as string,
          pushgatewayIntervalMillis: 1.5,
          pushgatewayGrouping: 'service.instance.id' as unknown as string[],
          pushgatewayCompression: 'br' as 'gzip',
          textfilePath: '/var/lib/node_exporter/.prom',
          textfileIntervalMillis: -5,
        },
      ),
    ).toEqual({
      'options.pushgatewayUrl': 'an absolute http:// or https:// URL',
      'options.pushgatewayIntervalMillis': 'an integer from 0 to 2147483647',
      'options.pushgatewayGrouping': 'an array of resource attribute names, not a string',
      'options.pushgatewayCompression': 'one of "gzip", "none"',
      'options.textfilePath': expect.stringContaining('ending in ".prom"'),
      'options.textfileIntervalMillis': 'an integer from 0 to 2147483647',
    });
  });
});
