// Sends one collection as several export requests of bounded size, yielding the event loop between
// them, so that serializing a large collection never holds the process for long at a stretch.
import { context } from '@opentelemetry/api';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { partWeight, resourceMetricsParts } from './resourceMetricsParts.js';

type ResultCallback = Parameters<PushMetricExporter['export']>[1];
type ExportResult = Parameters<ResultCallback>[0];

/** ExportResultCode.SUCCESS of @opentelemetry/core, which this package does not depend on directly. */
const SUCCESS = 0;
const FAILED = 1;

/**
 * The most data points one request carries. A part of this many counter points serializes in about
 * 1.5 ms as protobuf and 3 ms as JSON once the serializer's code is optimized (Node 20, SDK 2.12),
 * and 100 000 series still take only 50 requests.
 */
export const DEFAULT_MAX_PART_WEIGHT = 2000;

/**
 * The first part of every collection. Right after a full garbage collection the serializer's
 * optimized code may have been discarded, and a point costs ten times as much until it is
 * compiled again: 2000 of them would hold the event loop for 20 ms. A first part of a quarter of
 * that measures what a point costs now, and the next parts are sized from it; a collection of up to
 * this many points still goes out as one request.
 */
export const DEFAULT_FIRST_PART_WEIGHT = 500;

/** What one part may hold the event loop for, as the parts after the first are sized: ms. */
export const DEFAULT_PART_MILLIS = 4;

export interface ChunkedExporterOptions {
  /** The most data points one request carries; a histogram point counts one per bucket. @default DEFAULT_MAX_PART_WEIGHT */
  readonly maxPartWeight?: number;
  /** The data points of a collection's first request, at most `maxPartWeight`. @default DEFAULT_FIRST_PART_WEIGHT */
  readonly firstPartWeight?: number;
  /**
   * How long handing one part to the exporter (serializing it) should take: each later part holds
   * as many points as took this long in the part before, between the first part's size and
   * `maxPartWeight`. @default DEFAULT_PART_MILLIS
   */
  readonly partMillis?: number;
  /**
   * How long one collection's parts may take together: past it, no further part is started and
   * the export fails (the reader has given up on it by then, and the next collection is due).
   */
  readonly timeoutMillis?: number;
  /** @default performance.now */
  readonly clock?: () => number;
}

/**
 * Exports each collection to `exporter` in parts, one after another with a macrotask between them
 * (serializing happens inside the wrapped exporter, part by part). The collection is taken once by
 * the reader, so every part carries the same snapshot and timestamps. The reader gets one result:
 * success when every part succeeded; otherwise the first failure, and the parts after it are not
 * sent. The receiver keeps the parts that arrived before a failure: with cumulative temporality the
 * next export carries every series again; with delta the unsent parts' increments are lost, as a
 * whole failed export's would be.
 */
export class ChunkedExporter implements PushMetricExporter {
  readonly selectAggregationTemporality?: PushMetricExporter['selectAggregationTemporality'];
  readonly selectAggregation?: PushMetricExporter['selectAggregation'];
  private readonly maxPartWeight: number;
  private readonly firstPartWeight: number;
  private readonly partMillis: number;
  private readonly clock: () => number;
  /** Collections whose parts are still being sent: flush and shutdown wait for them. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly exporter: PushMetricExporter, private readonly options: ChunkedExporterOptions = {}) {
    this.maxPartWeight = options.maxPartWeight ?? DEFAULT_MAX_PART_WEIGHT;
    this.firstPartWeight = Math.min(options.firstPartWeight ?? DEFAULT_FIRST_PART_WEIGHT, this.maxPartWeight);
    this.partMillis = options.partMillis ?? DEFAULT_PART_MILLIS;
    this.clock = options.clock ?? (() => performance.now());
    // The reader binds these when present: present here only when the wrapped exporter has them.
    if (exporter.selectAggregationTemporality) this.selectAggregationTemporality = exporter.selectAggregationTemporality.bind(exporter);
    if (exporter.selectAggregation) this.selectAggregation = exporter.selectAggregation.bind(exporter);
  }

  export(metrics: ResourceMetrics, resultCallback: ResultCallback): void {
    const sending = this.sendParts(metrics).then(resultCallback, (error: unknown) =>
      resultCallback({ code: FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.inFlight);
    return this.exporter.forceFlush();
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.inFlight);
    return this.exporter.shutdown();
  }

  private async sendParts(metrics: ResourceMetrics): Promise<ExportResult> {
    const started = this.clock();
    const timeout = this.options.timeoutMillis;
    // The reader exports with tracing suppressed in the active context; the parts sent after a
    // macrotask must be sent in that same context, or an HTTP instrumentation would trace them.
    const active = context.active();
    let sent = 0;
    // Every collection starts small: the cost of a point is measured afresh each time.
    let weight = this.firstPartWeight;
    for (const part of resourceMetricsParts(metrics, () => weight)) {
      // The first yield parts the serializing from the collection that came just before it.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (timeout !== undefined && sent > 0 && this.clock() - started >= timeout) {
        return { code: FAILED, error: new Error(`export did not finish within ${timeout} ms: ${sent} parts were sent, the rest of this collection is dropped`) };
      }
      const handedOver = this.clock();
      const pending = context.with(active, () => new Promise<ExportResult>((resolve) => this.exporter.export(part, resolve)));
      weight = this.nextWeight(partWeight(part), this.clock() - handedOver);
      const result = await pending;
      if (result.code !== SUCCESS) return result;
      sent += 1;
    }
    return { code: SUCCESS };
  }

  /** As many points as take `partMillis`, going by what the last part took to hand over. */
  private nextWeight(lastWeight: number, lastMillis: number): number {
    if (!(lastMillis > 0)) return this.maxPartWeight;
    const fitting = Math.floor((lastWeight * this.partMillis) / lastMillis);
    return Math.min(this.maxPartWeight, Math.max(this.firstPartWeight, fitting));
  }
}
