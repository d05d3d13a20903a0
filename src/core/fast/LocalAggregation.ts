// Local aggregation for one fast-path instrument. Recording touches only the series handle: the
// first record of a series in a collection interval opens it (start time), every further record
// is an add. A collection closes the interval and hands each reader its share, as the SDK's
// DeltaMetricProcessor and TemporalMetricProcessor do: one active interval shared by all readers.
// Unlike the SDK, the cardinality limit holds over the metric's lifetime: a series is admitted
// into a SeriesTable of limit − 1 places, every other attribute set records into the overflow
// series, and a series not recorded for the expiry time leaves the table and every reader's
// cumulative state, freeing its place.
import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { ValueType } from '@opentelemetry/api';
import { BUCKET_SETS } from '../buckets.js';
import type { DiagnosticsSink } from '../DiagnosticsSink.js';
import { MetricDiagnostics } from '../MetricDiagnostics.js';
import type { MetricSpec } from '../MetricSpec.js';
import type { SeriesAttributes } from '../SeriesResolver.js';
import { OVERFLOW_ATTRIBUTES, OVERFLOW_KEY, SeriesTable } from '../SeriesTable.js';
import { keepShape } from '../keepShape.js';
import { AdmittedValues } from './AdmittedValues.js';
import { BucketLookup } from './BucketLookup.js';
import { millisToHrTime, type HistogramPoint, type Point } from './accumulations.js';
import type { Readout } from '../../readout/Readout.js';
import { NO_READOUT, SumReadout, type RecordingReadout } from '../../readout/SeriesReadout.js';
import { SumWindows } from '../../readout/SumWindows.js';

/**
 * On the MetricData of a reader that reads the points themselves (the Prometheus text writer):
 * the collection's points by series key. Its `dataPoints` are then built only if read.
 */
export const LOCAL_POINTS = Symbol('otel-domain-metrics.localPoints');

/** The bucket counts of a histogram series not yet opened: one array for all. */
const NO_COUNTS: number[] = Object.freeze([]) as unknown as number[];

/**
 * The windows of sums in an aggregation without a read-out: one row that all their records add
 * into and nothing reads, so that a record takes the same path with or without a read-out.
 */
const UNREAD_WINDOWS = new SumWindows(1);
const UNREAD_ROW = UNREAD_WINDOWS.allocate();

/**
 * The row of a sum series that holds none (detached, or expired): past the end of any windows'
 * array, so that a record reaching it by mistake is dropped instead of adding into another
 * series' row. Records only reach admitted series (see `open`), so none should.
 */
const NO_ROW = 0x3fffffff;

/** Series reported between two offers of an event-loop turn; fewer in all are collected at once. */
const SLICE = 4096;

/** The `epoch` of a series whose closed interval was moved into its readers' slots (see `fold`). */
const FOLDED = -1;
/** `closedEpoch` before any interval closed: no series has it. */
const NONE_CLOSED = -2;
const NOTHING_CLOSING: FastSeries[] = [];

export interface LocalPoints {
  /** The reported series' points, for their keys, attributes and a writer's cached text. */
  readonly points: readonly Point[];
  /** Their values at the collection (histograms: their counts), read before anything else ran. */
  readonly values: Float64Array;
  /** Histograms: sums, and bucket counts with boundaries.length + 1 per point. */
  readonly sums: Float64Array | undefined;
  readonly buckets: Float64Array | undefined;
  readonly boundaries: readonly number[];
}

/** A series handle: its attributes and, while open, the current interval's aggregate. */
export interface FastSeries {
  readonly key: string;
  readonly attributes: SeriesAttributes;
  /** The interval this series is open in; recording adds directly when it equals the current one. */
  epoch: number;
  /** True while the series holds a place in the table; a handle left in a cache after expiry is not. */
  admitted: boolean;
  /** When an interval it was recorded in last closed (ms since the epoch). */
  lastActive: number;
  start: number;
  /** A sum's interval aggregate (a histogram's series leaves it at 0). */
  value: number;
  /**
   * Per reader (see PerReader), what that reader has not yet reported of this series (delta) or
   * its totals (cumulative): the series carries its readers' state, so that a collection does
   * no lookups and an expired series takes that state with it.
   */
  slots: PerReader<Point>;
  /** Per delta reader, the number of the collection that last reported this series. */
  reportedIn: PerReader<number>;
}

/**
 * A counter's or up-down counter's series: beside the common fields, its row of the read-out's
 * sum windows (recent window and lifetime), fed by the same record call. The row is taken when
 * the series is admitted and given back when it expires (NO_ROW while it holds none): a number
 * on the series rather than an object per series.
 */
export interface SumSeries extends FastSeries {
  row: number;
}

/**
 * A histogram's series: its read-out state (recent window, percentiles; made when the series is
 * admitted, released when it expires) and its interval aggregate beside the common fields. A
 * sum's series has its row instead, and none of the five aggregate fields (two of them numbers
 * held in boxes of their own).
 */
export interface HistogramSeries extends FastSeries {
  readout: RecordingReadout;
  counts: number[];
  sum: number;
  count: number;
  min: number;
  max: number;
}

/** What one reader has seen of this instrument. */
interface ReaderState {
  readonly index: number;
  /** Chosen at its first collection. */
  temporality: AggregationTemporality | undefined;
  /** How many collections it has made, and when the last one was. */
  collections: number;
  lastTime: number;
  /** Points series have gained for this reader (a delta reader's come and go every interval). */
  pointsAdded: number;
  /**
   * A cumulative reader's points as its last collection reported them, and the `version` they
   * were gathered at: while no series gained or lost a point since, they are the same points.
   */
  reported: Point[] | undefined;
  reportedAt: number;
}

export type TemporalitySelector = (type: InstrumentType) => AggregationTemporality;

const INSTRUMENT_TYPE: Record<'counter' | 'upDownCounter' | 'histogram', InstrumentType> = {
  counter: InstrumentType.COUNTER,
  upDownCounter: InstrumentType.UP_DOWN_COUNTER,
  histogram: InstrumentType.HISTOGRAM,
};

export class LocalAggregation {
  readonly boundaries: readonly number[];
  /** A histogram's bucket of each recorded value; undefined for sums. */
  readonly bucketLookup: BucketLookup | undefined;
  /** Where a sum's records go for the read-out: its windows, or one row nobody reads when it has none. */
  readonly sumWindows: SumWindows;
  readonly histogram: boolean;
  readonly instrumentType: InstrumentType;
  /**
   * The current interval. A series whose `epoch` equals it is open and takes adds directly; a
   * public field rather than a getter, because every record reads it.
   */
  epoch = 1;
  private active: FastSeries[] = [];
  /**
   * The series of the interval closed last, while their aggregates are moved into the readers'
   * slots a slice at a time: `closing[folded..]` are still to do, unless recorded again meanwhile
   * (`open` moves those first). Every series still to do has `epoch === closedEpoch`.
   */
  private closing: FastSeries[] = NOTHING_CLOSING;
  private folded = 0;
  private closedEpoch = NONE_CLOSED;
  private closedAt = 0;
  /** Series expired so far: each took its points with it (see ReaderState.reported). */
  private expired = 0;
  private readonly overflowSeries: FastSeries;
  private readonly readers = new Map<object, ReaderState>();
  private readonly readerStates: ReaderState[] = [];
  /** The admitted series: one handle per attribute set, shared by every instance recording into this instrument. */
  private readonly table: SeriesTable<FastSeries>;
  private readonly diagnostics: MetricDiagnostics;
  private caches: WeakRef<{ clear(): void }>[] = [];
  /** The collection being reported in slices, which the next one waits for. */
  private inProgress: Promise<unknown> | undefined;
  private readonly limitText: string;
  private cachesAfterPrune = 16;
  /** What the admitted series hold, for `excludes`: made the first time a full table is asked. */
  private admittedValues: AdmittedValues | undefined;
  /** Records sent to the overflow series since the last collection: reported to the warning, and not yet. */
  private overflowReported = 0;
  private overflowUnreported = 0;

  constructor(
    readonly spec: MetricSpec & { kind: 'counter' | 'upDownCounter' | 'histogram' },
    /** At most limit − 1 admitted series plus the overflow series, over the metric's lifetime. */
    cardinalityLimit: number,
    /** A series not recorded for this long is dropped; 0 keeps every admitted series. */
    expiryMillis = 0,
    /** Where this metric's warnings go, for its instruments too. @default the process default sink */
    readonly diagnosticsSink?: DiagnosticsSink,
    /** Where snapshots read this metric from; none keeps no read-out state. */
    private readonly readout?: Readout,
  ) {
    this.histogram = spec.kind === 'histogram';
    this.boundaries = spec.kind === 'histogram' ? BUCKET_SETS[spec.buckets] : [];
    this.bucketLookup = this.histogram ? new BucketLookup(this.boundaries) : undefined;
    this.sumWindows = readout?.sumWindows ?? UNREAD_WINDOWS;
    this.instrumentType = INSTRUMENT_TYPE[spec.kind];
    this.table = new SeriesTable(cardinalityLimit - 1, expiryMillis);
    this.diagnostics = new MetricDiagnostics(spec.name, diagnosticsSink);
    this.limitText = `${cardinalityLimit} series`;
    this.overflowSeries = this.newSeries(OVERFLOW_KEY, OVERFLOW_ATTRIBUTES);
    this.overflowSeries.admitted = true;
    this.takeReadout(this.overflowSeries);
  }

  /** How many attribute sets hold a place now (the overflow series not counted). */
  get admittedCount(): number {
    return this.table.size;
  }

  /**
   * The handle for an attribute set: the admitted one when the set holds a place, a detached
   * handle that `open` admits while there is room, or the overflow series itself once the table
   * is full, so that recording a set past the limit costs no more than any other record.
   * Callers cache what this returns and `registerCache` their cache.
   */
  series(attributes: SeriesAttributes, key: string): FastSeries {
    const admitted = this.table.get(key);
    if (admitted !== undefined) return admitted;
    if (!this.table.full) return this.newSeries(key, attributes);
    return this.overflow();
  }

  // The resolvers' view of the table once it is full (SaturatingFactory): methods, not closures
  // made per instance, so that a resolver's calls past the limit go to one function whatever the
  // metric and can be inlined.

  /** True while no new attribute set can be admitted. */
  saturated(): boolean {
    return this.table.full;
  }

  /** The admitted series of `key`, or undefined. */
  find(key: string): FastSeries | undefined {
    return this.table.get(key);
  }

  /**
   * Whether the set `input` makes through the allow-list `keys` certainly has no place (a value
   * no admitted series holds), told without its key being built; false when unsure.
   */
  excludes(input: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
    return (this.admittedValues ??= new AdmittedValues(this.spec.attributes, this.table.values())).excludes(input, keys);
  }

  /** The overflow series, for a set that has no place; counted for the cardinality warning. */
  overflow(): FastSeries {
    // The warning's rate limit reads the clock, which a loop past the limit would pay on every
    // record: the records are counted here and handed over at the 1st, 2nd, 4th, 8th… since the
    // last collection (when as many wait as were reported), and at each collection (closeInterval).
    if (++this.overflowUnreported >= this.overflowReported) this.reportOverflow();
    return this.overflowSeries;
  }

  private reportOverflow(): void {
    const occurrences = this.overflowUnreported;
    if (occurrences === 0) return;
    this.overflowReported += occurrences;
    this.overflowUnreported = 0;
    this.diagnostics.report('cardinality-overflow', this.limitText, occurrences);
  }

  /**
   * Registers a cache of handles from `series` to clear when expiry frees places: its handles
   * may then be stale (an expired series, or the overflow series for a set that now has room).
   * Held weakly, so that short-lived instances (request-scoped injection) are not kept alive.
   */
  registerCache(cache: { clear(): void }): void {
    this.caches.push(new WeakRef(cache));
    if (this.caches.length >= this.cachesAfterPrune * 2) {
      this.caches = this.caches.filter((ref) => ref.deref() !== undefined);
      this.cachesAfterPrune = Math.max(16, this.caches.length);
    }
  }

  /** Gives a series that now holds a place its read-out state: a histogram's, or a sum's row. */
  private takeReadout(series: FastSeries): void {
    if (this.histogram) (series as HistogramSeries).readout = this.readout?.series(this.spec.kind) ?? NO_READOUT;
    else (series as SumSeries).row = this.sumWindows === UNREAD_WINDOWS ? UNREAD_ROW : this.sumWindows.allocate();
  }

  /** Gives back what `takeReadout` gave. */
  private releaseReadout(series: FastSeries): void {
    if (this.histogram) {
      const histogram = series as HistogramSeries;
      histogram.readout.release();
      histogram.readout = NO_READOUT;
      return;
    }
    const sum = series as SumSeries;
    if (this.sumWindows !== UNREAD_WINDOWS) this.sumWindows.release(sum.row);
    sum.row = NO_ROW;
  }

  /** A sum series' read-out, as the read-out reads it: a view of its row, made per read. */
  sumReadout(series: FastSeries): SumReadout {
    return new SumReadout(this.sumWindows, (series as SumSeries).row);
  }

  /** A detached handle; its read-out comes when it is admitted (see `admit`). */
  private newSeries(key: string, attributes: SeriesAttributes): FastSeries {
    // The common fields first, in the same order, so that code reading them from either kind
    // finds them at the same place.
    if (!this.histogram) {
      const sum: SumSeries = { key, attributes, epoch: 0, admitted: false, lastActive: 0, start: 0, value: 0, slots: undefined, reportedIn: undefined, row: NO_ROW };
      return sum;
    }
    const series: HistogramSeries = { key, attributes, epoch: 0, admitted: false, lastActive: 0, start: 0, value: 0, slots: undefined, reportedIn: undefined, readout: NO_READOUT, counts: NO_COUNTS, sum: 0, count: 0, min: Infinity, max: -Infinity };
    return series;
  }

  /** Calls `visit` for every admitted series, and for the overflow series once it was recorded. */
  forEachSeries(visit: (series: FastSeries) => void): void {
    for (const series of this.table.values()) visit(series);
    if (this.overflowSeries.epoch !== 0) visit(this.overflowSeries);
  }

  /**
   * Opens `series` in the current interval and returns the handle to add into: the series itself,
   * the admitted handle of the same attribute set, or the overflow series when the table is full.
   */
  open(series: FastSeries): FastSeries {
    const target = series.admitted ? series : this.admit(series);
    if (target.epoch === this.epoch) return target;
    // Recorded again before a collection moved its last interval into the readers' slots: that
    // goes first, or the reset below would lose it.
    if (target.epoch === this.closedEpoch) this.fold(target);
    target.epoch = this.epoch;
    // Active from now: an expiry sweep running while the last interval is still being folded
    // must not take a series that is open again.
    target.start = target.lastActive = Date.now();
    if (this.histogram) {
      const histogram = target as HistogramSeries;
      if (histogram.counts.length === 0) histogram.counts = new Array<number>(this.boundaries.length + 1).fill(0);
      else histogram.counts.fill(0);
      histogram.sum = 0;
      histogram.count = 0;
      histogram.min = Infinity;
      histogram.max = -Infinity;
    } else {
      target.value = 0;
    }
    this.active.push(target);
    return target;
  }

  private admit(series: FastSeries): FastSeries {
    const admitted = this.table.get(series.key);
    if (admitted !== undefined) return admitted;
    if (!this.table.add(series)) return this.overflow();
    series.admitted = true;
    this.takeReadout(series);
    this.admittedValues?.add(series.attributes);
    return series;
  }

  /** A reader that will collect this instrument; readers added later start from the next interval. */
  addReader(reader: object): void {
    if (this.readers.has(reader)) return;
    const state: ReaderState = { index: this.readerStates.length, temporality: undefined, collections: 0, lastTime: 0, pointsAdded: 0, reported: undefined, reportedAt: -1 };
    this.readers.set(reader, state);
    this.readerStates.push(state);
  }

  /**
   * Closes the interval and builds this reader's MetricData, as the SDK would for the same records.
   * With `pointsOnly`, the MetricData carries the points under LOCAL_POINTS and builds its
   * `dataPoints` only when they are read; the points are this reader's own and change at its
   * next collection, so they must be read before then.
   */
  collect(reader: object, selectTemporality: TemporalitySelector, collectionTime: number, pointsOnly = false): MetricData | undefined | Promise<MetricData | undefined> {
    if (this.inProgress === undefined && this.table.size < SLICE) {
      const steps = this.collecting(reader, selectTemporality, collectionTime, pointsOnly);
      for (;;) {
        const step = steps.next();
        if (step.done === true) return step.value;
      }
    }
    // Many series: reported in slices with event-loop turns between them, one collection at a
    // time, so that no other reader's collection changes the slots while they are read.
    const run = (this.inProgress ?? Promise.resolve()).then(async () => {
      const steps = this.collecting(reader, selectTemporality, collectionTime, pointsOnly);
      for (;;) {
        const step = steps.next();
        if (step.done === true) return step.value;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    });
    const settled: Promise<unknown> = run.then(
      () => undefined,
      () => undefined,
    );
    this.inProgress = settled;
    void settled.then(() => {
      if (this.inProgress === settled) this.inProgress = undefined;
    });
    return run;
  }

  /**
   * One collection for `reader`, as steps: the interval closes at once (the values it reports
   * are those of that moment), then the series are reported and their data points built, with a
   * pause offered after every SLICE of them.
   */
  private *collecting(reader: object, selectTemporality: TemporalitySelector, collectionTime: number, pointsOnly: boolean): Generator<void, MetricData | undefined> {
    this.addReader(reader);
    this.closeInterval(collectionTime);
    while (!this.foldSome(SLICE)) yield;
    yield* this.sweeping(collectionTime);
    const state = this.readers.get(reader)!;
    state.temporality ??= selectTemporality(this.instrumentType);
    const delta = state.temporality === AggregationTemporality.DELTA;
    const collection = ++state.collections;
    let reported: Point[];
    if (!delta && state.reported !== undefined && state.reportedAt === this.version(state)) {
      // A cumulative reader keeps its points from one collection to the next: unless a series
      // gained or lost one, the last list is this one, and 100 000 series need not be walked.
      reported = state.reported;
    } else {
      const at = this.version(state);
      reported = [];
      const series = this.table.values();
      while (!this.reportSome(series, SLICE, state, delta, collection, reported)) yield;
      this.report(this.overflowSeries, state, delta, collection, reported);
      if (!delta) {
        state.reported = reported;
        state.reportedAt = at;
      }
    }
    state.lastTime = collectionTime;
    if (reported.length === 0) return undefined;
    const endTime = millisToHrTime(collectionTime) as [number, number];
    const metric = this.metricOf(state.temporality);
    if (pointsOnly) return this.withLocalPoints(metric, reported, endTime);
    const startTimes = new StartTimes();
    const dataPoints: unknown[] = [];
    for (let p = 0; p < reported.length; p++) {
      dataPoints.push(this.dataPoint(reported[p]!, startTimes, endTime));
      if ((p + 1) % SLICE === 0) yield;
    }
    return { ...metric, dataPoints } as MetricData;
  }

  /** Changes whenever a series gains or loses a point of this reader. */
  private version(state: ReaderState): number {
    return state.pointsAdded + this.expired;
  }

  /**
   * Reports up to `count` more series of `series` into `reported`; true once none are left. A plain
   * loop, apart from the generator that calls it, so that V8 optimizes it as a whole.
   */
  private reportSome(series: Iterator<FastSeries>, count: number, state: ReaderState, delta: boolean, collection: number, reported: Point[]): boolean {
    for (let n = 0; n < count; n++) {
      const step = series.next();
      if (step.done === true) return true;
      this.report(step.value, state, delta, collection, reported);
    }
    return false;
  }

  /** Adds the reader's point of `series` to `reported`, if the series has one for it. */
  private report(series: FastSeries, state: ReaderState, delta: boolean, collection: number, reported: Point[]): void {
    const i = state.index;
    const slot = readerValue(series.slots, i);
    if (slot === undefined) return;
    if (delta) {
      // A series reported by the previous collection continues from it; any other starts
      // where its first record since then opened it.
      const readers = this.readerStates.length;
      if (readerValue(series.reportedIn, i) === collection - 1) slot.startMillis = state.lastTime;
      series.reportedIn = withReaderValue(series.reportedIn, i, collection, readers);
      series.slots = withReaderValue(series.slots, i, undefined, readers);
    }
    reported.push(slot);
  }

  /**
   * Starts a new interval; the series of the one that closes are then moved into every reader's
   * slots by `foldSome`, a slice at a time. One that a collection left half done is finished first.
   */
  private closeInterval(now: number): void {
    this.reportOverflow();
    this.overflowReported = 0;
    this.foldSome(Infinity);
    const closed = this.active;
    if (closed.length === 0) return;
    this.active = [];
    this.closing = closed;
    this.folded = 0;
    this.closedEpoch = this.epoch;
    this.closedAt = now;
    this.epoch++;
  }

  /** Folds up to `count` more series of the closed interval; true once none are left. */
  private foldSome(count: number): boolean {
    const closing = this.closing;
    for (let n = 0; this.folded < closing.length; n++) {
      if (n === count) return false;
      const series = closing[this.folded++]!;
      if (series.epoch === this.closedEpoch) this.fold(series);
    }
    this.closing = NOTHING_CLOSING;
    return true;
  }

  /** Moves the closed interval's aggregate of `series` into every reader's slot. */
  private fold(series: FastSeries): void {
    series.epoch = FOLDED;
    series.lastActive = this.closedAt;
    const readers = this.readerStates;
    for (let r = 0; r < readers.length; r++) {
      const i = readers[r]!.index;
      const slot = readerValue(series.slots, i);
      if (slot === undefined) {
        series.slots = withReaderValue(series.slots, i, this.pointOf(series), readers.length);
        readers[r]!.pointsAdded++;
      } else this.addInto(slot, series);
    }
  }

  /** Drops the series not recorded for the expiry time, a slice at a time; the caches go after. */
  private *sweeping(now: number): Generator<void, void> {
    let freed = false;
    yield* this.table.sweeping(
      now,
      (series) => {
        this.expire(series);
        freed = true;
      },
      SLICE,
    );
    if (freed) for (const ref of this.caches) ref.deref()?.clear();
  }

  /**
   * Forgets an expired series everywhere: what it counted leaves with it (it is not moved to
   * another series), and if it is recorded again it starts from zero, which Prometheus reads as
   * a counter reset.
   */
  private expire(series: FastSeries): void {
    this.expired++;
    this.admittedValues?.remove(series.attributes);
    series.admitted = false;
    series.epoch = 0;
    series.slots = undefined;
    series.reportedIn = undefined;
    this.releaseReadout(series);
  }

  /** Adds the closed interval of `series` into a reader's slot. */
  private addInto(slot: Point, closed: FastSeries): void {
    if (slot.kind === 'sum') {
      slot.value += closed.value;
      return;
    }
    const series = closed as HistogramSeries;
    const counts = slot.counts;
    const added = series.counts;
    for (let b = 0; b < counts.length; b++) counts[b]! += added[b]!;
    slot.sum += series.sum;
    slot.count += series.count;
    if (series.min < slot.min) slot.min = series.min;
    if (series.max > slot.max) slot.max = series.max;
  }

  private pointOf(series: FastSeries): Point {
    const attributes = series.attributes as Attributes;
    const key = series.key;
    // Every field in the literal, those filled later too: they then live in the object itself,
    // not in a property array added to each of 100 000 points, and every point has one shape.
    if (!this.histogram) return { kind: 'sum', key, attributes, startMillis: series.start, value: series.value, textFor: undefined, textLine: undefined, exposedIn: undefined };
    const h = series as HistogramSeries;
    return { kind: 'histogram', key, attributes, startMillis: h.start, counts: h.counts.slice(), sum: h.sum, count: h.count, min: h.min, max: h.max, textFor: undefined, textLine: undefined, exposedIn: undefined };
  }

  private metricOf(temporality: AggregationTemporality) {
    const spec = this.spec;
    const descriptor = {
      name: spec.name,
      description: spec.description,
      unit: spec.unit,
      type: this.instrumentType,
      valueType: ValueType.DOUBLE,
      advice: {},
    };
    return this.histogram
      ? { descriptor, aggregationTemporality: temporality, dataPointType: DataPointType.HISTOGRAM as const }
      : { descriptor, aggregationTemporality: temporality, dataPointType: DataPointType.SUM as const, isMonotonic: spec.kind === 'counter' };
  }

  /** The MetricData of a reader that reads the points: a snapshot of their values, data points only when read. */
  private withLocalPoints(metric: ReturnType<LocalAggregation['metricOf']>, points: Point[], endTime: [number, number]): MetricData {
    // The values are copied now, in one go: the points keep changing after this collection.
    const local = this.snapshot(points);
    let built: unknown[] | undefined;
    Object.defineProperty(metric, 'dataPoints', { enumerable: true, get: () => (built ??= this.dataPointsOf(local, endTime)) });
    Object.defineProperty(metric, LOCAL_POINTS, { value: local });
    return metric as unknown as MetricData;
  }

  private snapshot(points: Point[]): LocalPoints {
    const n = points.length;
    const values = new Float64Array(n);
    if (!this.histogram) {
      for (let p = 0; p < n; p++) values[p] = (points[p] as { value: number }).value;
      return { points, values, sums: undefined, buckets: undefined, boundaries: this.boundaries };
    }
    const width = this.boundaries.length + 1;
    const sums = new Float64Array(n);
    const buckets = new Float64Array(n * width);
    for (let p = 0; p < n; p++) {
      const point = points[p] as HistogramPoint;
      values[p] = point.count;
      sums[p] = point.sum;
      buckets.set(point.counts, p * width);
    }
    return { points, values, sums, buckets, boundaries: this.boundaries };
  }

  /** Data point objects of a snapshot (min and max are not kept in it: left out, as Prometheus does). */
  private dataPointsOf(local: LocalPoints, endTime: [number, number]) {
    const startTimes = new StartTimes();
    const width = this.boundaries.length + 1;
    return local.points.map((p, i) => ({
      attributes: p.attributes,
      startTime: startTimes.of(p.startMillis),
      endTime,
      value: this.histogram
        ? {
            buckets: { boundaries: [...this.boundaries], counts: Array.from(local.buckets!.subarray(i * width, (i + 1) * width)) },
            sum: local.sums![i]!,
            count: local.values[i]!,
          }
        : local.values[i]!,
    }));
  }

  private dataPoint(point: Point, startTimes: StartTimes, endTime: [number, number]) {
    if (point.kind === 'sum') return { attributes: point.attributes, startTime: startTimes.of(point.startMillis), endTime, value: point.value };
    const hasMinMax = point.count > 0;
    return {
      attributes: point.attributes,
      startTime: startTimes.of(point.startMillis),
      endTime,
      value: {
        buckets: { boundaries: [...this.boundaries], counts: point.counts.slice() },
        sum: point.sum,
        count: point.count,
        min: hasMinMax ? point.min : undefined,
        max: hasMinMax ? point.max : undefined,
      },
    };
  }
}

/**
 * A series' state for each reader: with one reader (index 0) the value itself, with more an array
 * by reader index. Most runtimes have one reader, and an array costs 56 bytes more per series.
 */
type PerReader<T extends object | number> = T | (T | undefined)[] | undefined;

function readerValue<T extends object | number>(held: PerReader<T>, i: number): T | undefined {
  if (!Array.isArray(held)) return i === 0 ? held : undefined;
  return held[i];
}

/** `held` with reader `i`'s value set (possibly a new array, sized to `readers`). */
function withReaderValue<T extends object | number>(held: PerReader<T>, i: number, value: T | undefined, readers: number): PerReader<T> {
  if (Array.isArray(held)) {
    // Sized to the readers: an array grown by assignment reserves room for 16 more.
    const array = held.length > i ? held : sized(readers, undefined, held);
    array[i] = value;
    return array;
  }
  if (i === 0) return value;
  if (held === undefined && value === undefined) return undefined;
  const array = sized<T | undefined>(Math.max(readers, i + 1), undefined);
  array[0] = held;
  array[i] = value;
  return array;
}

/** An array of exactly `length` elements, `fill` after what `from` holds. */
function sized<T>(length: number, fill: T, from?: readonly T[]): T[] {
  const array = new Array<T>(length);
  for (let i = 0; i < length; i++) array[i] = from !== undefined && i < from.length ? from[i]! : fill;
  return array;
}

/** HrTimes of one export, one per distinct millisecond: series opened together share their start. */
class StartTimes {
  private readonly known = new Map<number, [number, number]>();

  of(millis: number): [number, number] {
    let time = this.known.get(millis);
    if (time === undefined) {
      time = millisToHrTime(millis) as [number, number];
      this.known.set(millis, time);
    }
    return time;
  }
}

// One per collection: kept so that its shape outlives full garbage collections (see keepShape).
keepShape(new StartTimes());
