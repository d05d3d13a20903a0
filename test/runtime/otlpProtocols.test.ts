// OTLP over http/protobuf, grpc and http/json, plain and gzipped, decoded by loopback collector
// stand-ins; which setting picks the protocol; and that only the chosen exporter package is loaded.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadMetricsConfig } from '../../src/config/loadMetricsConfig.js';
import type { OtlpCompression, OtlpProtocol } from '../../src/config/MetricsConfig.js';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import { createOtlpExporter, DEFAULT_OTLP_LOADERS } from '../../src/runtime/otlpExporters.js';
import { startMetrics, type StartMetricsOptions } from '../../src/runtime/startMetrics.js';
import { expectExecutionsExported } from '../support/executionExport.js';
import { startOtlpGrpcReceiver, type OtlpGrpcReceiver } from '../support/otlpGrpcReceiver.js';
import { attributesOf, findMetric, numberValue, startOtlpReceiver, type OtlpExportRequest, type OtlpReceiver } from '../support/otlpReceiver.js';
import { cleanupAfterEach } from '../support/testKit.js';

const cleanups = cleanupAfterEach();

async function httpReceiver(): Promise<OtlpReceiver> {
  const r = await startOtlpReceiver();
  cleanups.push(() => r.close());
  return r;
}

async function grpcReceiver(): Promise<OtlpGrpcReceiver> {
  const r = await startOtlpGrpcReceiver();
  cleanups.push(() => r.close());
  return r;
}

/** Starts an OTLP-only runtime that exports on flush, records a known set of values, flushes. */
async function exportOnce(env: Record<string, string>, options: StartMetricsOptions = {}): Promise<{ instanceId: unknown }> {
  const runtime = await startMetrics({
    env: { OTEL_METRICS_EXPORTER: 'otlp', OTEL_METRIC_EXPORT_INTERVAL: '60000', TRACING_SERVICE_NAME: 'executor', ...env },
    runtimeMetrics: false,
    ...options,
  });
  cleanups.push(() => runtime.shutdown());
  const m = new DomainMetrics(runtime);
  m.execution.recordExecution({ status: 'completed', langAndVersion: 'python-3.11', durationSeconds: 0.3 });
  m.execution.recordExecution({ status: 'completed', langAndVersion: 'python-3.11', durationSeconds: 7 });
  m.execution.recordExecution({ status: 'failed', langAndVersion: 'node-20', durationSeconds: 0.02 });
  m.coordinator.enqueued();
  m.coordinator.enqueued();
  await runtime.forceFlush();
  return { instanceId: runtime.resourceAttributes['service.instance.id'] };
}

/** The values exportOnce recorded, read from one request as a collector would. */
function expectRecordedValues(request: OtlpExportRequest, instanceId: unknown): void {
  expect(attributesOf(request.resourceMetrics[0]!.resource.attributes)).toMatchObject({
    'service.name': 'executor',
    'service.instance.id': instanceId,
    'telemetry.sdk.language': 'nodejs',
  });
  expectExecutionsExported(request);

  const depth = findMetric(request, 'execution.queue.depth');
  expect(depth.sum!.isMonotonic).toBeFalsy();
  expect(numberValue(depth.sum!.dataPoints[0]!)).toBe(2);
}

const CONTENT_TYPES: Record<Exclude<OtlpProtocol, 'grpc'>, string> = {
  'http/protobuf': 'application/x-protobuf',
  'http/json': 'application/json',
};

const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'grpc', 'http/json'];
const COMPRESSIONS: readonly OtlpCompression[] = ['none', 'gzip'];
const PATHS = [
  { path: 'fast path', fastPath: true },
  { path: 'SDK path', fastPath: false },
] as const;
const CASES = PROTOCOLS.flatMap((protocol) => COMPRESSIONS.flatMap((compression) => PATHS.map(({ path, fastPath }) => ({ protocol, compression, path, fastPath }))));

describe('OTLP protocols', () => {
  it.each(CASES)('$protocol, compression $compression, $path: the collector decodes resource, names, units and values', async ({ protocol, compression, fastPath }) => {
    const env = { OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_COMPRESSION: compression, OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=blue' };
    if (protocol === 'grpc') {
      const collector = await grpcReceiver();
      const { instanceId } = await exportOnce({ ...env, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }, { fastPath });
      await collector.waitForRequests(1);
      expect(collector.wire[0]).toEqual(compression === 'gzip' ? { encoding: 'gzip', compressed: true } : { encoding: undefined, compressed: false });
      expect(collector.metadata[0]!['x-tenant']).toBe('blue');
      expectRecordedValues(collector.requests[0]!, instanceId);
    } else {
      const collector = await httpReceiver();
      const { instanceId } = await exportOnce({ ...env, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }, { fastPath });
      await collector.waitForRequests(1);
      expect(collector.headers[0]!['content-type']).toBe(CONTENT_TYPES[protocol]);
      expect(collector.headers[0]!['content-encoding']).toBe(compression === 'gzip' ? 'gzip' : undefined);
      expect(collector.headers[0]!['x-tenant']).toBe('blue');
      expectRecordedValues(collector.requests[0]!, instanceId);
    }
  });

  it('sends http/protobuf uncompressed when nothing chooses', async () => {
    const collector = await httpReceiver();
    const { instanceId } = await exportOnce({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    await collector.waitForRequests(1);
    expect(collector.headers[0]!['content-type']).toBe('application/x-protobuf');
    expect(collector.headers[0]!['content-encoding']).toBeUndefined();
    expectRecordedValues(collector.requests[0]!, instanceId);
  });

  it('the per-signal protocol and compression variables win over the general ones', async () => {
    const collector = await httpReceiver();
    await exportOnce({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
      OTEL_EXPORTER_OTLP_METRICS_COMPRESSION: 'gzip',
    });
    await collector.waitForRequests(1);
    expect(collector.headers[0]!['content-type']).toBe('application/json');
    expect(collector.headers[0]!['content-encoding']).toBe('gzip');
  });

  it('options win over every variable', async () => {
    const collector = await grpcReceiver();
    const { instanceId } = await exportOnce(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_METRICS_COMPRESSION: 'none',
      },
      { otlpProtocol: 'grpc', otlpCompression: 'gzip', otlpMetricsUrl: collector.url, otlpHeaders: { authorization: 'Bearer abc' } },
    );
    await collector.waitForRequests(1);
    expect(collector.wire[0]).toEqual({ encoding: 'gzip', compressed: true });
    expect(collector.metadata[0]!['authorization']).toBe('Bearer abc');
    expectRecordedValues(collector.requests[0]!, instanceId);
  });

  it('a missing gRPC package fails start-up with the packages to install', async () => {
    const config = loadMetricsConfig({}, { exporters: ['otlp'], otlpProtocol: 'grpc' });
    // A specifier no install has, so that Node raises its own "not found" error.
    const missing = '@opentelemetry/exporter-metrics-otlp-grpc-not-installed';
    const exporter = createOtlpExporter(config, { ...DEFAULT_OTLP_LOADERS, grpc: () => import(missing) });
    await expect(exporter).rejects.toThrow(
      'OTLP protocol "grpc" (OTEL_EXPORTER_OTLP_PROTOCOL / otlpProtocol) needs packages that are not installed: npm install @opentelemetry/exporter-metrics-otlp-grpc @grpc/grpc-js',
    );
  });

  it('an error inside an installed exporter package is not mistaken for a missing package', async () => {
    const config = loadMetricsConfig({}, { exporters: ['otlp'] });
    const broken = new SyntaxError('Unexpected token');
    await expect(createOtlpExporter(config, { ...DEFAULT_OTLP_LOADERS, proto: () => Promise.reject(broken) })).rejects.toBe(broken);
  });
});

describe('OTLP packages are loaded only when OTLP is used', () => {
  const WORKER = fileURLToPath(new URL('../support/workers/loadedOtlpModules.ts', import.meta.url));
  // A closed port: the exports at shutdown fail fast, which is not what these tests look at.
  const DEAD = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_METRIC_EXPORT_TIMEOUT: '300', OTEL_METRIC_EXPORT_INTERVAL: '1000' };

  async function loadedWith(env: Record<string, string>): Promise<{ exporters: string[]; loaded: string[] }> {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(env)], { timeout: 20_000 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as { exporters: string[]; loaded: string[] };
  }

  it('the Prometheus-only default and a disabled runtime load no OTLP or gRPC package', async () => {
    expect(await loadedWith({})).toMatchObject({ exporters: ['prometheus'], loaded: [] });
    expect(await loadedWith({ OTEL_METRICS_EXPORTER: 'none' })).toMatchObject({ exporters: [], loaded: [] });
    expect(await loadedWith({ OTEL_METRICS_EXPORTER: 'console' })).toMatchObject({ exporters: ['console'], loaded: [] });
  });

  it('http/protobuf loads its exporter and not the gRPC one', async () => {
    expect((await loadedWith({ ...DEAD, OTEL_METRICS_EXPORTER: 'otlp' })).loaded).toEqual([
      '@opentelemetry/exporter-metrics-otlp-http',
      '@opentelemetry/exporter-metrics-otlp-proto',
      '@opentelemetry/otlp-exporter-base',
      '@opentelemetry/otlp-transformer',
    ]);
  });

  it('http/json loads only the http exporter', async () => {
    expect((await loadedWith({ ...DEAD, OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).loaded).toEqual([
      '@opentelemetry/exporter-metrics-otlp-http',
      '@opentelemetry/otlp-exporter-base',
      '@opentelemetry/otlp-transformer',
    ]);
  });

  it('grpc loads the gRPC exporter, not the protobuf-over-HTTP one', async () => {
    // grpc-js itself is loaded by the exporter when it first connects, so it is not checked here.
    const { loaded } = await loadedWith({ ...DEAD, OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    expect(loaded).toContain('@opentelemetry/exporter-metrics-otlp-grpc');
    expect(loaded).not.toContain('@opentelemetry/exporter-metrics-otlp-proto');
  });
});
