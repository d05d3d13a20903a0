// The library's own errors: every one it exports shares one base class and carries its class name,
// and the situations they stand for raise them with what a caller needs (host, port, cause).
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import {
  ClusterRoleError,
  EndpointStartError,
  HealthRegistry,
  InvalidArgumentError,
  MetricsConfigError,
  OtelDomainMetricsError,
  PortInUseError,
  startMetrics,
  TimeoutError,
} from '../src/index.js';
import { runCheck } from '../src/health/runCheck.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the error classes', () => {
  it('every Error the package exports extends OtelDomainMetricsError and is named after its class', () => {
    const errors = Object.values(api).filter((value): value is typeof Error => typeof value === 'function' && (value === Error || value.prototype instanceof Error));
    expect(errors.map((e) => e.name).sort()).toEqual([
      'ClusterRoleError',
      'EndpointStartError',
      'ExpositionError',
      'InvalidArgumentError',
      'MetricsConfigError',
      'OptionalPackageError',
      'OtelDomainMetricsError',
      'PortInUseError',
      'TimeoutError',
    ]);
    for (const ErrorClass of errors) {
      if (ErrorClass === OtelDomainMetricsError) continue;
      expect(ErrorClass.prototype, ErrorClass.name).toBeInstanceOf(OtelDomainMetricsError);
    }
    const config = new MetricsConfigError([{ setting: 'METRICS_PORT', value: 'x', expected: 'a port' }]);
    expect(config).toBeInstanceOf(OtelDomainMetricsError);
    expect(config.name).toBe('MetricsConfigError');
    expect(`${new TimeoutError('no answer within 5 ms', 5)}`).toBe('TimeoutError: no answer within 5 ms');
  });

  it('a taken port rejects startMetrics with a PortInUseError carrying the host, the port and the cause', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const error = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: port, runtimeMetrics: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect(error).toBeInstanceOf(EndpointStartError);
    expect(error).toBeInstanceOf(OtelDomainMetricsError);
    const taken = error as PortInUseError;
    expect(taken.name).toBe('PortInUseError');
    expect(taken.host).toBe('127.0.0.1');
    expect(taken.port).toBe(port);
    expect((taken.cause as { code?: string }).code).toBe('EADDRINUSE');
    expect(taken.message).toMatch(new RegExp(`^Cannot serve Prometheus metrics on 127\\.0\\.0\\.1:${port} \\(METRICS_HOST/METRICS_PORT\\): .*EADDRINUSE`));
  });

  it("startMetrics({ cluster: 'worker' }) outside a cluster worker rejects with a ClusterRoleError", async () => {
    const error = await startMetrics({ cluster: 'worker', env: { OTEL_METRICS_EXPORTER: 'prometheus' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClusterRoleError);
    expect((error as Error).message).toMatch(/^startMetrics\(\{ cluster: 'worker' \}\) needs a node:cluster worker/);
  });

  it('a set-up call with an unusable argument throws an InvalidArgumentError naming it', () => {
    const registry = new HealthRegistry();
    let error: unknown;
    try {
      registry.runEvery(0);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe('HealthRegistry.runEvery: expected a positive integer of milliseconds, got 0');
  });

  it('a health check that does not answer in time fails with a TimeoutError', async () => {
    const outcome = await runCheck(() => new Promise(() => undefined), 20);
    expect(outcome.output).toBe('TimeoutError: no answer within 20 ms');
  });
});
