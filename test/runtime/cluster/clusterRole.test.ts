import { afterEach, describe, expect, it } from 'vitest';
import { MetricsConfigError, startClusterMetrics, startMetrics, type ClusterMetrics } from '../../../src/index.js';
import { CLUSTER_PRIMARY_ENV } from '../../../src/runtime/cluster/clusterMessages.js';
import { reportsToPrimary } from '../../../src/runtime/cluster/clusterRole.js';

// The start-up rules; the cluster itself is exercised in clusterMetrics.test.ts.
describe('cluster roles at start-up', () => {
  let primary: ClusterMetrics | undefined;
  afterEach(async () => {
    await primary?.shutdown();
    primary = undefined;
    delete process.env[CLUSTER_PRIMARY_ENV];
  });

  it("'auto' never reports outside a cluster worker, even with the primary's marker inherited", () => {
    process.env[CLUSTER_PRIMARY_ENV] = String(process.ppid);
    expect(reportsToPrimary('auto')).toBe(false);
    expect(reportsToPrimary()).toBe(false);
    expect(reportsToPrimary('off')).toBe(false);
  });

  it("cluster: 'worker' outside a cluster worker fails start-up with the reason", async () => {
    expect(() => reportsToPrimary('worker')).toThrow(/needs a node:cluster worker/);
    await expect(startMetrics({ cluster: 'worker', env: { OTEL_METRICS_EXPORTER: 'prometheus' } })).rejects.toThrow(
      /startMetrics\(\{ cluster: 'worker' \}\) needs a node:cluster worker/,
    );
  });

  it('startClusterMetrics refuses a configuration without the Prometheus exporter and a bad wait bound, both in one error', async () => {
    const error = await startClusterMetrics({ exporters: ['otlp'], workerTimeoutMillis: 0, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsConfigError);
    expect((error as MetricsConfigError).settings).toEqual(['options.workerTimeoutMillis', 'options.exporters']);
    expect((error as MetricsConfigError).message).toContain('OTLP is pushed by each worker itself');
    expect(process.env[CLUSTER_PRIMARY_ENV]).toBeUndefined();
  });

  it('with telemetry off it serves nothing and leaves workers as they are', async () => {
    primary = await startClusterMetrics({ env: { OTEL_SDK_DISABLED: 'true' } });
    expect(primary.enabled).toBe(false);
    expect(primary.prometheusUrl).toBeUndefined();
    expect(process.env[CLUSTER_PRIMARY_ENV]).toBeUndefined();
  });

  it('marks the environment for workers forked while it serves, and unmarks it at shutdown', async () => {
    primary = await startClusterMetrics({ env: { METRICS_HOST: '127.0.0.1', METRICS_PORT: '0' } });
    expect(process.env[CLUSTER_PRIMARY_ENV]).toBe(String(process.pid));
    const response = await fetch(primary.prometheusUrl!);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('target_info{');
    expect(primary.reportingWorkers()).toEqual([]);
    await primary.shutdown();
    expect(process.env[CLUSTER_PRIMARY_ENV]).toBeUndefined();
  });
});
