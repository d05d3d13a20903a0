// The instrument interfaces domain classes record through. Every method validates its input and
// never throws into the caller: invalid values are dropped with one diagnostic per metric.
import type {
  AttributesOf,
  CounterSpec,
  GaugeSpec,
  HistogramSpec,
  UpDownCounterSpec,
} from './MetricSpec.js';

/** A monotonic sum. Negative, NaN and infinite increments are dropped. */
export interface DomainCounter<K extends string> {
  readonly spec: CounterSpec<K>;
  add(value: number, attributes?: AttributesOf<K>): void;
}

/** A sum that goes up and down (in-flight counts). Non-finite deltas are dropped. */
export interface DomainUpDownCounter<K extends string> {
  readonly spec: UpDownCounterSpec<K>;
  add(delta: number, attributes?: AttributesOf<K>): void;
}

/** A distribution on the catalog's bucket set. Negative and non-finite values are dropped. */
export interface DomainHistogram<K extends string> {
  readonly spec: HistogramSpec<K>;
  record(value: number, attributes?: AttributesOf<K>): void;
}

/** Reports one observation from a gauge callback. */
export type GaugeObserver<K extends string> = (value: number, attributes?: AttributesOf<K>) => void;

/**
 * Observes current values at collection time. It may be async: the collection waits for it (up
 * to the reader's timeout), and a rejection is reported and contained, never thrown.
 */
export type GaugeCallback<K extends string> = (observe: GaugeObserver<K>) => void | Promise<void>;

/**
 * The current absolute value of something (queue size, lag, up/down). Each collection exports
 * the true value: the last one recorded per attribute set, plus what registered callbacks
 * observe at that moment. Nothing is remembered as deltas, so a restart cannot skew it.
 */
export interface DomainGauge<K extends string> {
  readonly spec: GaugeSpec<K>;
  /** Sets the current value of one series; it is exported until changed or removed. */
  record(value: number, attributes?: AttributesOf<K>): void;
  /** Stops exporting a series set by `record` (a partition moved away, a cache dropped). */
  remove(attributes?: AttributesOf<K>): void;
  /** Calls `callback` at every collection to observe current values. Returns an unsubscribe function. */
  observe(callback: GaugeCallback<K>): () => void;
}

/** Builds the instruments of one meter; one implementation per recording path. */
export interface InstrumentFactory {
  counter<K extends string>(spec: CounterSpec<K>): DomainCounter<K>;
  upDownCounter<K extends string>(spec: UpDownCounterSpec<K>): DomainUpDownCounter<K>;
  histogram<K extends string>(spec: HistogramSpec<K>): DomainHistogram<K>;
  gauge<K extends string>(spec: GaugeSpec<K>): DomainGauge<K>;
}
