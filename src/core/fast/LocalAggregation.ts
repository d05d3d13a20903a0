// Local aggregation for one fast-path instrument. Recording touches only the series handle: the
// first record of a series in a collection interval opens it (cardinality check, start time),
// every further record is an add. A collection closes the interval and hands each reader its
// share, as the SDK's DeltaMetricProcessor and TemporalMetricProcessor do: one active interval
// shared by all readers, the limit counted per interval, the rest in the overflow series.
import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { ValueType } from '@opentelemetry/api';
import { BUCKET_SETS } from '../buckets.js';
import type { MetricSpec } from '../MetricSpec.js';
import type { SeriesAttributes } from '../SeriesResolver.js';
import { copyPoint, mergePoints, millisToHrTime, type HistogramPoint, type Point } from './accumulations.js';

/** A series handle: its attributes and, while open, the current interval's aggregate. */
export interface FastSeries {
  readonly key: string;
  readonly attributes: SeriesAttributes;
  /** The interval this series is open in; recording adds directly when it equals the current one. */
  epoch: number;
  start: number;
  value: number;
  counts: number[];
  sum: number;
  count: number;
  min: number;
  max: number;
}

const OVERFLOW_KEY = '\u0002otel.metric.overflow';
const OVERFLOW_ATTRIBUTES = Object.freeze({ 'otel.metric.overflow': true }) as unknown as SeriesAttributes;

/** What one reader has seen of this instrument. */
interface ReaderState {
  /** Intervals closed since this reader's last collection, merged. */
  pending: Map<string, Point>;
  /** Its last report (cumulative totals, or the last delta) and when it was made. */
  last: { points: Map<string, Point>; collectionTime: number; temporality: AggregationTemporality } | undefined;
}

export type TemporalitySelector = (type: InstrumentType) => AggregationTemporality;

const INSTRUMENT_TYPE: Record<'counter' | 'upDownCounter' | 'histogram', InstrumentType> = {
  counter: InstrumentType.COUNTER,
  upDownCounter: InstrumentType.UP_DOWN_COUNTER,
  histogram: InstrumentType.HISTOGRAM,
};

export class LocalAggregation {
  readonly boundaries: readonly number[];
  readonly histogram: boolean;
  readonly instrumentType: InstrumentType;
  /**
   * The current interval. A series whose `epoch` equals it is open and takes adds directly; a
   * public field rather than a getter, because every record reads it.
   */
  epoch = 1;
  private active: FastSeries[] = [];
  /** The open series of this interval by key: a second handle for the same attributes joins the first. */
  private activeByKey = new Map<string, FastSeries>();
  private readonly overflow: FastSeries;
  private readonly readers = new Map<object, ReaderState>();
  /** One handle per attribute set, shared by every instance recording into this instrument. */
  private readonly byKey = new Map<string, FastSeries>();

  constructor(
    readonly spec: MetricSpec & { kind: 'counter' | 'upDownCounter' | 'histogram' },
    /** The SDK's limit: at most limit − 1 series per interval, plus the overflow series. */
    private readonly cardinalityLimit: number,
  ) {
    this.histogram = spec.kind === 'histogram';
    this.boundaries = spec.kind === 'histogram' ? BUCKET_SETS[spec.buckets] : [];
    this.instrumentType = INSTRUMENT_TYPE[spec.kind];
    this.overflow = this.newSeries(OVERFLOW_KEY, OVERFLOW_ATTRIBUTES);
  }

  /**
   * The handle for an attribute set. Handles are remembered up to four times the cardinality
   * limit; past that a new set gets a transient handle, which `open` maps to the interval's open
   * handle of the same key, so the interval's accounting stays exact.
   */
  series(attributes: SeriesAttributes, key: string): FastSeries {
    let series = this.byKey.get(key);
    if (series === undefined) {
      series = this.newSeries(key, attributes);
      if (this.byKey.size < this.cardinalityLimit * 4) this.byKey.set(key, series);
    }
    return series;
  }

  private newSeries(key: string, attributes: SeriesAttributes): FastSeries {
    return { key, attributes, epoch: 0, start: 0, value: 0, counts: this.histogram ? new Array(this.boundaries.length + 1).fill(0) : [], sum: 0, count: 0, min: Infinity, max: -Infinity };
  }

  /**
   * Opens `series` in the current interval: the handle to add into, which is the overflow series
   * once the interval holds limit − 1 attribute sets (the SDK's rule).
   */
  open(series: FastSeries): FastSeries {
    const sameKey = this.activeByKey.get(series.key);
    if (sameKey !== undefined) return sameKey;
    const target = this.active.length >= this.cardinalityLimit - 1 ? this.overflow : series;
    if (target.epoch === this.epoch) return target;
    target.epoch = this.epoch;
    target.start = Date.now();
    target.value = 0;
    if (this.histogram) {
      target.counts.fill(0);
      target.sum = 0;
      target.count = 0;
      target.min = Infinity;
      target.max = -Infinity;
    }
    this.active.push(target);
    this.activeByKey.set(target.key, target);
    return target;
  }

  /** A reader that will collect this instrument; readers added later start from the next interval. */
  addReader(reader: object): void {
    if (!this.readers.has(reader)) this.readers.set(reader, { pending: new Map(), last: undefined });
  }

  /** Closes the interval and builds this reader's MetricData, as the SDK would for the same records. */
  collect(reader: object, selectTemporality: TemporalitySelector, collectionTime: number): MetricData | undefined {
    this.addReader(reader);
    this.closeInterval();
    const state = this.readers.get(reader)!;
    const unreported = state.pending;
    state.pending = new Map();

    let result: Map<string, Point>;
    let temporality: AggregationTemporality;
    if (state.last === undefined) {
      temporality = selectTemporality(this.instrumentType);
      result = unreported;
    } else if (state.last.temporality === AggregationTemporality.CUMULATIVE) {
      temporality = AggregationTemporality.CUMULATIVE;
      result = state.last.points;
      for (const [key, point] of unreported) {
        const previous = result.get(key);
        result.set(key, previous === undefined ? point : mergePoints(previous, point));
      }
    } else {
      temporality = AggregationTemporality.DELTA;
      const lastTime = millisToHrTime(state.last.collectionTime);
      for (const key of state.last.points.keys()) {
        const point = unreported.get(key);
        if (point !== undefined) point.startTime = lastTime;
      }
      result = unreported;
    }
    state.last = { points: result, collectionTime, temporality };
    if (result.size === 0) return undefined;
    return this.toMetricData(result, temporality, collectionTime);
  }

  /** Moves the open series' aggregates into every reader's pending map and starts a new interval. */
  private closeInterval(): void {
    const closed = this.active;
    if (closed.length === 0) return;
    this.active = [];
    this.activeByKey = new Map();
    this.epoch++;
    for (const series of closed) {
      const point = this.pointOf(series);
      for (const state of this.readers.values()) {
        const previous = state.pending.get(series.key);
        state.pending.set(series.key, previous === undefined ? copyPoint(point) : mergePoints(previous, point));
      }
    }
  }

  private pointOf(series: FastSeries): Point {
    const startTime = millisToHrTime(series.start);
    const attributes = series.attributes as Attributes;
    if (!this.histogram) return { kind: 'sum', attributes, startTime, value: series.value };
    return { kind: 'histogram', attributes, startTime, counts: series.counts.slice(), sum: series.sum, count: series.count, min: series.min, max: series.max };
  }

  private toMetricData(points: Map<string, Point>, temporality: AggregationTemporality, collectionTime: number): MetricData {
    const spec = this.spec;
    const descriptor = {
      name: spec.name,
      description: spec.description,
      unit: spec.unit,
      type: this.instrumentType,
      valueType: ValueType.DOUBLE,
      advice: {},
    };
    const endTime = millisToHrTime(collectionTime);
    if (!this.histogram) {
      return {
        descriptor,
        aggregationTemporality: temporality,
        dataPointType: DataPointType.SUM,
        isMonotonic: spec.kind === 'counter',
        dataPoints: [...points.values()].map((p) => ({ attributes: p.attributes, startTime: p.startTime, endTime, value: (p as { value: number }).value })),
      };
    }
    return {
      descriptor,
      aggregationTemporality: temporality,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [...points.values()].map((point) => {
        const p = point as HistogramPoint;
        const hasMinMax = p.count > 0;
        return {
          attributes: p.attributes,
          startTime: p.startTime,
          endTime,
          value: {
            buckets: { boundaries: [...this.boundaries], counts: p.counts.slice() },
            sum: p.sum,
            count: p.count,
            min: hasMinMax ? p.min : undefined,
            max: hasMinMax ? p.max : undefined,
          },
        };
      }),
    };
  }
}
