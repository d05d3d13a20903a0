import { AggregationTemporality, InstrumentType, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { BaseMetrics } from '../../src/core/BaseMetrics.js';
import { counter, histogram } from '../../src/core/MetricSpec.js';
import { ChunkedExporter, DEFAULT_FIRST_PART_WEIGHT, DEFAULT_MAX_PART_WEIGHT } from '../../src/runtime/ChunkedExporter.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { testProvider } from '../support/collect.js';
import { startOtlpGrpcReceiver } from '../support/otlpGrpcReceiver.js';
import { attributesOf, metricsOf, numberValue, startOtlpReceiver, type OtlpExportRequest, type OtlpReceiver } from '../support/otlpReceiver.js';
import { libraryConsoleLines } from '../support/diagnostics.js';
import { cleanupAfterEach } from '../support/testKit.js';

type Result = Parameters<Parameters<PushMetricExporter['export']>[1]>[0];

const SPECS = {
  jobs: counter({ name: 'chunk.jobs.total', unit: '{job}', description: 'Jobs', attributes: ['queue', 'region', 'status'] }),
  latency: histogram({ name: 'chunk.latency', unit: 's', description: 'Latency', attributes: ['queue'], buckets: 'request' }),
};

class ChunkMetrics extends BaseMetrics {
  readonly jobs = this.counter(SPECS.jobs);
  readonly latency = this.histogram(SPECS.latency);
}

/** More series than two parts hold, so that one collection goes out as three requests. */
const SERIES = 2 * DEFAULT_MAX_PART_WEIGHT + 500;

/** Series i: three attributes, and a value of its own so that a mixed-up point shows. */
function attributesFor(i: number): { queue: string; region: string; status: string } {
  return { queue: `q${i % 50}`, region: `r${Math.floor(i / 50) % 30}`, status: `s${Math.floor(i / 1500)}` };
}
const valueFor = (i: number) => (i % 7) + 1;
const keyOf = (a: Record<string, unknown>) => `${String(a['queue'])}|${String(a['region'])}|${String(a['status'])}`;

const cleanups = cleanupAfterEach();

const ownLines = libraryConsoleLines();

interface ExportedPoint {
  readonly key: string;
  readonly value: number;
  readonly start: string;
  readonly time: string;
  readonly request: number;
}

/** Every point of the counter across all requests, with the request it came in. */
function jobPoints(requests: readonly OtlpExportRequest[]): ExportedPoint[] {
  return requests.flatMap((request, index) =>
    metricsOf(request)
      .filter((m) => m.name === 'chunk.jobs.total')
      .flatMap((m) =>
        (m.sum?.dataPoints ?? []).map((p) => ({ key: keyOf(attributesOf(p.attributes)), value: numberValue(p), start: String(p.startTimeUnixNano), time: String(p.timeUnixNano), request: index })),
      ),
  );
}

function pointCount(request: OtlpExportRequest): number {
  return metricsOf(request).reduce((n, m) => n + (m.sum ?? m.gauge ?? m.histogram)!.dataPoints.length, 0);
}

describe('a large collection is exported in parts, each series once, one snapshot', () => {
  const protocols = ['http/protobuf', 'http/json', 'grpc'] as const;
  const cases = protocols.flatMap((protocol) =>
    (['cumulative', 'delta'] as const).flatMap((temporality) => [true, false].map((fastPath) => ({ protocol, temporality, fastPath }))),
  );

  it.each(cases)('$protocol, $temporality, fast path $fastPath', async ({ protocol, temporality, fastPath }) => {
    const receiver: OtlpReceiver = protocol === 'grpc' ? await startOtlpGrpcReceiver() : await startOtlpReceiver();
    cleanups.push(() => receiver.close());
    const started = Date.now();
    const runtime = await startMetrics({
      env: {
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: temporality,
        OTEL_METRIC_EXPORT_INTERVAL: '60000',
      },
      cardinalityLimit: SERIES + 1,
      runtimeMetrics: false,
      fastPath,
    });
    cleanups.push(() => runtime.shutdown());
    const m = new ChunkMetrics(runtime);
    for (let i = 0; i < SERIES; i++) m.jobs.add(valueFor(i), attributesFor(i));
    const recorded = Date.now();
    await runtime.forceFlush();

    const requests = receiver.requests;
    const points = jobPoints(requests);
    expect(points).toHaveLength(SERIES);
    expect(new Set(points.map((p) => p.key)).size).toBe(SERIES);
    const byKey = new Map(points.map((p) => [p.key, p.value]));
    for (let i = 0; i < SERIES; i++) expect(byKey.get(keyOf(attributesFor(i)))).toBe(valueFor(i));
    // One collection: every part carries its one end time, and each series the start time it got
    // when it was recorded (a start time made up when a part is sent would fall after `recorded`).
    expect(new Set(points.map((p) => p.time)).size).toBe(1);
    const millis = (nanos: string) => Number(BigInt(nanos) / 1_000_000n);
    for (const p of points) {
      expect(millis(p.start)).toBeGreaterThanOrEqual(started - 50);
      expect(millis(p.start)).toBeLessThanOrEqual(recorded + 50);
    }
    expect(millis(points[0]!.time)).toBeGreaterThanOrEqual(recorded - 50);
    expect(new Set(points.map((p) => p.request)).size).toBe(requests.length);
    // A small first part; the others sized by what it cost, none larger than the most a part holds.
    const sizes = requests.map(pointCount);
    expect(sizes[0]).toBe(DEFAULT_FIRST_PART_WEIGHT);
    expect(sizes.reduce((n, size) => n + size, 0)).toBe(SERIES);
    for (const size of sizes.slice(1, -1)) {
      expect(size).toBeGreaterThanOrEqual(DEFAULT_FIRST_PART_WEIGHT);
      expect(size).toBeLessThanOrEqual(DEFAULT_MAX_PART_WEIGHT);
    }
    // Each part is a whole request: the resource and the scope are in every one.
    for (const request of requests) {
      expect(attributesOf(request.resourceMetrics[0]!.resource.attributes)['service.instance.id']).toBe(runtime.resourceAttributes['service.instance.id']);
      expect(request.resourceMetrics[0]!.scopeMetrics.map((s) => s.scope.name)).toContain('otel-domain-metrics');
    }
  });
});

describe('a part that fails fails the whole export, once', () => {
  it('a collector refusing the second request gets only the first part; the outage and its end are each reported once', async () => {
    let down = true;
    // 503 is a retryable status; the export timeout is shorter than the exporter's first retry.
    const receiver = await startOtlpReceiver({ status: (index) => (index === 1 && down ? 503 : 200) });
    cleanups.push(() => receiver.close());
    const runtime = await startMetrics({
      env: { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_METRIC_EXPORT_INTERVAL: '60000', OTEL_METRIC_EXPORT_TIMEOUT: '500' },
      cardinalityLimit: SERIES + 1,
      runtimeMetrics: false,
    });
    cleanups.push(() => runtime.shutdown());
    const m = new ChunkMetrics(runtime);
    for (let i = 0; i < SERIES; i++) m.jobs.add(valueFor(i), attributesFor(i));
    await runtime.forceFlush();

    // The first part arrived, the second was refused and the third never sent.
    expect(receiver.statuses).toEqual([200, 503]);
    expect(jobPoints(receiver.requests)).toHaveLength(DEFAULT_FIRST_PART_WEIGHT);
    let lines = ownLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`metrics export to OTLP http/json at ${receiver.url}/v1/metrics failed (`);
    expect(lines[0]).toContain('retryable status');

    down = false;
    await runtime.forceFlush();
    // The next collection went out whole, in as many requests as its parts took.
    expect(receiver.statuses.slice(0, 2)).toEqual([200, 503]);
    expect(receiver.statuses.length).toBeGreaterThanOrEqual(2 + Math.ceil(SERIES / DEFAULT_MAX_PART_WEIGHT));
    expect(receiver.statuses.slice(2).every((status) => status === 200)).toBe(true);
    // Cumulative: the next collection carries every series again.
    expect(new Set(jobPoints(receiver.requests.slice(1)).map((p) => p.key)).size).toBe(SERIES);
    lines = ownLines();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/recovered after 1 failed export over \d+ (ms|s)$/);
  });
});

/** An exporter that records the parts it is given and answers with the results the test decides. */
function recordingExporter(results: Result[] = [], options: { answerAtOnce?: boolean } = {}): PushMetricExporter & { parts: ResourceMetrics[]; flushed: number; shut: number } {
  const exporter = {
    parts: [] as ResourceMetrics[],
    flushed: 0,
    shut: 0,
    export(metrics: ResourceMetrics, done: (result: Result) => void) {
      exporter.parts.push(metrics);
      const result = results.shift() ?? { code: 0 };
      if (options.answerAtOnce) done(result);
      else setImmediate(() => done(result));
    },
    forceFlush: () => {
      exporter.flushed += 1;
      return Promise.resolve();
    },
    shutdown: () => {
      exporter.shut += 1;
      return Promise.resolve();
    },
    selectAggregationTemporality: () => AggregationTemporality.DELTA,
  };
  return exporter;
}

/** A real collection of `series` counter series and as many histogram series. */
async function collection(series: number): Promise<ResourceMetrics> {
  const { meterProvider, reader } = testProvider();
  const m = new ChunkMetrics({ meterProvider });
  for (let i = 0; i < series; i++) {
    m.jobs.add(1, attributesFor(i));
    m.latency.record(0.1, { queue: `q${i}` });
  }
  return (await reader.snapshot()).resourceMetrics;
}

function partPoints(part: ResourceMetrics): number {
  return part.scopeMetrics.reduce((n, s) => s.metrics.reduce((k, m) => k + m.dataPoints.length, n), 0);
}

function exportOnce(exporter: PushMetricExporter, metrics: ResourceMetrics): Promise<Result> {
  return new Promise((resolve) => exporter.export(metrics, resolve));
}

describe('ChunkedExporter', () => {
  it('sends the parts one at a time, with the event loop free between two parts', async () => {
    // The wrapped exporter answers at once: any turn of the event loop between parts is the wrapper's.
    const inner = recordingExporter([], { answerAtOnce: true });
    let turn = 0;
    let running = true;
    const tick = () => {
      turn += 1;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const turns: number[] = [];
    const counting: PushMetricExporter = { ...inner, export: (metrics, done) => (turns.push(turn), inner.export(metrics, done)) };
    const result = await exportOnce(new ChunkedExporter(counting, { maxPartWeight: 10 }), await collection(10));
    running = false;
    expect(result).toEqual({ code: 0 });
    // 10 counter points make one part; a histogram point weighs its 15 buckets, more than a part, so goes alone.
    expect(inner.parts.map(partPoints)).toEqual([10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    for (let i = 1; i < turns.length; i++) expect(turns[i]).toBeGreaterThan(turns[i - 1]!);
  });

  it('stops at the first failing part and passes its result on', async () => {
    const error = new Error('refused');
    const inner = recordingExporter([{ code: 0 }, { code: 1, error }]);
    const result = await exportOnce(new ChunkedExporter(inner, { maxPartWeight: 4 }), await collection(10));
    expect(result).toEqual({ code: 1, error });
    expect(inner.parts.map(partPoints)).toEqual([4, 4]);
  });

  it('sizes each part by what the one before took to hand over, starting every collection small', async () => {
    let now = 0;
    // What a point of weight costs to serialize: ten times more at first, as right after a full
    // garbage collection, then less once the serializer is compiled again.
    let millisPerWeight = 0.1;
    const inner = recordingExporter();
    const timed: PushMetricExporter = {
      ...inner,
      export: (metrics, done) => {
        now += partPoints(metrics) * millisPerWeight;
        if (inner.parts.length === 1) millisPerWeight = 0.01;
        inner.export(metrics, done);
      },
    };
    const exporter = new ChunkedExporter(timed, { firstPartWeight: 10, maxPartWeight: 100, partMillis: 4, clock: () => now });
    expect(await exportOnce(exporter, await collection(300))).toEqual({ code: 0 });
    // 10 points took 1 ms: 40 fit in 4 ms. Those 40 took 0.4 ms: 400 would fit, 100 is the most.
    expect(inner.parts.map(partPoints).slice(0, 5)).toEqual([10, 40, 40, 100, 100]);
    const first = inner.parts.length;
    millisPerWeight = 0.01;
    expect(await exportOnce(exporter, await collection(300))).toEqual({ code: 0 });
    // The next collection starts small again, whatever the last part cost.
    expect(partPoints(inner.parts[first]!)).toBe(10);
  });

  it('a part that throws fails the export instead of escaping', async () => {
    const inner = recordingExporter();
    const throwing: PushMetricExporter = { ...inner, export: () => { throw new TypeError('broken'); } };
    const result = await exportOnce(new ChunkedExporter(throwing), await collection(2));
    expect(result.code).toBe(1);
    expect(result.error).toEqual(new TypeError('broken'));
  });

  it('starts no part past the timeout, and says how far it got', async () => {
    let now = 0;
    const inner = recordingExporter();
    const slow: PushMetricExporter = { ...inner, export: (metrics, done) => ((now += 400), inner.export(metrics, done)) };
    const result = await exportOnce(new ChunkedExporter(slow, { maxPartWeight: 5, timeoutMillis: 1000, clock: () => now }), await collection(10));
    expect(inner.parts.map(partPoints)).toEqual([5, 5, 1]);
    expect(result.code).toBe(1);
    expect(result.error?.message).toBe('export did not finish within 1000 ms: 3 parts were sent, the rest of this collection is dropped');
  });

  it('flush and shutdown wait for the parts still being sent, then reach the wrapped exporter', async () => {
    const inner = recordingExporter();
    const exporter = new ChunkedExporter(inner, { maxPartWeight: 2 });
    const results: number[] = [];
    exporter.export(await collection(3), (result) => results.push(result.code));
    await exporter.forceFlush();
    expect(results).toEqual([0]);
    // Counter points in twos, then each histogram point (15 buckets) alone.
    expect(inner.parts.map(partPoints)).toEqual([2, 1, 1, 1, 1]);
    expect(inner.flushed).toBe(1);
    exporter.export(await collection(1), (result) => results.push(result.code));
    await exporter.shutdown();
    expect(results).toEqual([0, 0]);
    expect(inner.shut).toBe(1);
  });

  it('adds no aggregation selector the wrapped exporter lacks', () => {
    const exporter = new ChunkedExporter(recordingExporter());
    expect(exporter.selectAggregation).toBeUndefined();
    expect(exporter.selectAggregationTemporality?.(InstrumentType.HISTOGRAM)).toBe(AggregationTemporality.DELTA);
  });
});
