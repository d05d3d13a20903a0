import { describe, expect, it } from 'vitest';
import { isListenHost } from '../../src/config/listenHost.js';
import { loadMetricsConfig } from '../../src/config/loadMetricsConfig.js';
import { MetricsConfigError } from '../../src/config/MetricsConfigError.js';

const VALID = [
  '0.0.0.0',
  '127.0.0.1',
  '::',
  '::1',
  'fe80::1',
  '::ffff:127.0.0.1',
  'localhost',
  'metrics',
  'metrics.internal',
  'demo-1.svc.cluster.local',
  'demo-1.svc.cluster.local.',
  '1password.example',
  `${'a'.repeat(63)}.example`,
];

const INVALID = [
  ['with a port', 'localhost:9464'],
  ['an IPv4 address with a port', '127.0.0.1:9464'],
  ['a bracketed IPv6 address', '[::1]'],
  ['a URL', 'http://localhost'],
  ['a path', 'localhost/metrics'],
  ['an underscore', 'metrics_host'],
  ['a space', 'metrics host'],
  ['a leading hyphen', '-metrics.example'],
  ['a trailing hyphen in a label', 'metrics-.example'],
  ['an empty label', 'metrics..example'],
  ['a label over 63 characters', `${'a'.repeat(64)}.example`],
  ['a name over 253 characters', Array.from({ length: 43 }, () => 'abcde').join('.')],
  ['an IPv4 octet over 255', '10.0.0.256'],
  ['three numeric parts', '10.0.1'],
  ['only a dot', '.'],
] as const;

describe('isListenHost', () => {
  it.each(VALID)('accepts %s', (host) => {
    expect(isListenHost(host)).toBe(true);
  });

  it.each(INVALID)('rejects %s: %s', (_, host) => {
    expect(isListenHost(host)).toBe(false);
  });
});

describe('the scrape endpoint address at start-up', () => {
  it.each([
    ['METRICS_HOST', 'localhost:9464'],
    ['METRICS_HOST', 'metrics_host'],
    ['OTEL_EXPORTER_PROMETHEUS_HOST', '[::1]'],
    ['OTEL_EXPORTER_PROMETHEUS_HOST', 'http://0.0.0.0'],
  ])('names an unusable %s=%s in the config error', (name, value) => {
    let error: unknown;
    try {
      loadMetricsConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MetricsConfigError);
    expect((error as MetricsConfigError).settings).toEqual([name]);
    expect((error as MetricsConfigError).message).toContain(`${name}=${JSON.stringify(value)}: expected an IP address`);
  });

  it('accepts a name that may not resolve here: resolving is left to the bind, which reports failure itself', () => {
    expect(loadMetricsConfig({ METRICS_HOST: 'metrics.invalid' }).prometheusHost).toBe('metrics.invalid');
  });

  it('names the variable that was read: METRICS_HOST wins over its alias, so a bad alias behind it is not read', () => {
    expect(loadMetricsConfig({ METRICS_HOST: '::1', OTEL_EXPORTER_PROMETHEUS_HOST: 'not a host' }).prometheusHost).toBe('::1');
  });
});
