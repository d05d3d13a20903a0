import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregationTemporality, InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { DiagnosticsSink } from '../../src/core/DiagnosticsSink.js';
import { EventMetrics } from '../../src/domains/EventMetrics.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { ReportingExporter } from '../../src/runtime/ReportingExporter.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlpReceiver.js';
import { cleanupAfterEach } from '../support/testKit.js';
import { libraryConsoleLines } from '../support/diagnostics.js';

type Result = Parameters<Parameters<PushMetricExporter['export']>[1]>[0];

/** An exporter whose next results the test decides. */
function scriptedExporter(results: Result[]): PushMetricExporter & { exported: number } {
  const exporter = {
    exported: 0,
    export(_metrics: ResourceMetrics, done: (result: Result) => void) {
      exporter.exported += 1;
      done(results.shift() ?? { code: 0 });
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
    selectAggregationTemporality: () => AggregationTemporality.DELTA,
  };
  return exporter;
}

const NO_METRICS = { resource: {}, scopeMetrics: [] } as unknown as ResourceMetrics;
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), { code: 'ECONNREFUSED' });

const ownLines = libraryConsoleLines();

describe('ReportingExporter', () => {
  it('reports an outage once when it starts and once when it ends, and passes every result on', () => {
    let now = 0;
    const failed: Result = { code: 1, error: refused };
    const inner = scriptedExporter([failed, failed, failed, failed, { code: 0 }, { code: 0 }, failed, { code: 0 }]);
    const exporter = new ReportingExporter(inner, { target: 'OTLP http/protobuf at http://127.0.0.1:4318/v1/metrics', sink: new DiagnosticsSink('console'), clock: () => now });
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      exporter.export(NO_METRICS, (result) => seen.push(result.code));
      now += 10_000;
    }
    expect(seen).toEqual([1, 1, 1, 1, 0, 0, 1, 0]);
    expect(inner.exported).toBe(8);
    expect(ownLines()).toEqual([
      'otel-domain-metrics: metrics export to OTLP http/protobuf at http://127.0.0.1:4318/v1/metrics failed (Error: connect ECONNREFUSED 127.0.0.1:4318); ' +
        'nothing answers at that address: check OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_METRICS_ENDPOINT and that the collector is running; ' +
        'the data of failed exports is dropped; exports continue every interval, and this is reported again only when they succeed',
      'otel-domain-metrics: metrics export to OTLP http/protobuf at http://127.0.0.1:4318/v1/metrics recovered after 4 failed exports over 40 s',
      expect.stringContaining('failed (Error: connect ECONNREFUSED'),
      'otel-domain-metrics: metrics export to OTLP http/protobuf at http://127.0.0.1:4318/v1/metrics recovered after 1 failed export over 10 s',
    ]);
  });

  it('keeps the wrapped exporter’s temporality choice, and adds no aggregation selector it lacks', () => {
    const exporter = new ReportingExporter(scriptedExporter([]), { target: 't', sink: new DiagnosticsSink('silent') });
    expect(exporter.selectAggregationTemporality?.(InstrumentType.COUNTER)).toBe(AggregationTemporality.DELTA);
    expect(exporter.selectAggregation).toBeUndefined();
  });

  it('with diagnostics "silent" writes nothing', () => {
    const exporter = new ReportingExporter(scriptedExporter([{ code: 1, error: refused }, { code: 0 }]), { target: 't', sink: new DiagnosticsSink('silent') });
    exporter.export(NO_METRICS, () => {});
    exporter.export(NO_METRICS, () => {});
    expect(ownLines()).toEqual([]);
  });
});

/**
 * A loopback collector that answers 404 (as a wrong URL path does) while `down`, and passes
 * requests to a real OTLP receiver once up.
 */
async function flakyCollector(receiver: OtlpReceiver): Promise<{ url: string; up: boolean; server: Server }> {
  const target = new URL(receiver.url);
  const state = { url: '', up: false, server: undefined as unknown as Server };
  state.server = createServer((req, res) => {
    if (!state.up) {
      req.resume();
      req.on('end', () => res.writeHead(404).end('not here'));
      return;
    }
    const forward = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/v1/metrics`;
  return state;
}

describe('export failures of a running runtime reach the console', () => {
  const cleanups = cleanupAfterEach();

  async function runtimeAt(url: string): Promise<MetricsRuntime> {
    const runtime = await startMetrics({
      env: {},
      exporters: ['otlp'],
      otlpMetricsUrl: url,
      otlpProtocol: 'http/json',
      exportIntervalMillis: 60_000,
      exportTimeoutMillis: 2_000,
      runtimeMetrics: false,
    });
    cleanups.push(() => runtime.shutdown());
    return runtime;
  }

  it('a collector answering 404 is reported once with a hint, its recovery once, and data then arrives', async () => {
    const receiver = await startOtlpReceiver();
    cleanups.push(() => receiver.close());
    const collector = await flakyCollector(receiver);
    cleanups.push(() => new Promise((resolve) => collector.server.close(resolve)));
    const runtime = await runtimeAt(collector.url);
    const events = new EventMetrics(runtime);

    for (let i = 0; i < 3; i++) {
      events.eventProduced({ eventType: 'order.created', topic: 'orders' });
      await runtime.forceFlush().catch(() => undefined);
    }
    let lines = ownLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`metrics export to OTLP http/json at ${collector.url} failed (`);
    expect(lines[0]).toContain('404');
    expect(lines[0]).toContain('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT takes the full URL (…/v1/metrics)');

    collector.up = true;
    events.eventProduced({ eventType: 'order.created', topic: 'orders' });
    await runtime.forceFlush();
    events.eventProduced({ eventType: 'order.created', topic: 'orders' });
    await runtime.forceFlush();
    lines = ownLines();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^otel-domain-metrics: metrics export to OTLP http/json at ${collector.url.replace(/[.]/g, '\\.')} recovered after 3 failed exports over \\d+ (ms|s)$`));
    expect(receiver.requests).toHaveLength(2);
  });

  it('a collector that is not running is reported once as a refused connection', async () => {
    const receiver = await startOtlpReceiver();
    const url = `${receiver.url}/v1/metrics`;
    await receiver.close();
    const runtime = await runtimeAt(url);
    const events = new EventMetrics(runtime);
    for (let i = 0; i < 2; i++) {
      events.eventProduced({ eventType: 'order.created', topic: 'orders' });
      await runtime.forceFlush().catch(() => undefined);
    }
    const lines = ownLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ECONNREFUSED');
    expect(lines[0]).toContain('nothing answers at that address');
  });
});
