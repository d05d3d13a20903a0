// Event streaming (Kafka-style): what was produced and consumed, how processing went, and lag.
import { isArgumentObject, isCallable, nothingToUnsubscribe, readableCopy } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { errorTypeOf } from '../core/errorType.js';
import type { GaugeObserver } from '../core/instruments.js';
import { EVENT_METRICS as M } from './eventCatalog.js';

export interface ProcessedEvent {
  readonly eventType: string;
  readonly topic: string;
  readonly durationSeconds: number;
  /** The error processing failed with, if it did; recorded by class name. */
  readonly error?: unknown;
}

export interface ConsumerLag {
  readonly topic: string;
  readonly partition: number | string;
  /** Messages between the committed offset and the end of the partition. */
  readonly lag: number;
}

/** The attribute keys of `events.lag`. */
export type LagKey = 'topic' | 'partition';

export interface ProducedEvent {
  readonly eventType: string;
  readonly topic: string;
  /** Events published at once. @default 1 */
  readonly count?: number;
}

export interface RevokedPartition {
  readonly topic: string;
  readonly partition: number | string;
}

export class EventMetrics extends BaseMetrics {
  private readonly produced = this.counter(M.produced);
  private readonly consumed = this.counter(M.consumed);
  private readonly processingDuration = this.histogram(M.processingDuration);
  private readonly errors = this.counter(M.errors);
  private readonly lag = this.gauge(M.lag);

  /** An event was published: `events.produced.total` {event_type, topic}. */
  eventProduced(event: ProducedEvent): void {
    if (!isArgumentObject(event, EVENT_PRODUCED)) return;
    let e = event;
    let eventType, topic, count;
    try {
      ({ eventType, topic, count = 1 } = e);
    } catch {
      e = readableCopy(e, PRODUCED_FIELDS, EVENT_PRODUCED);
      ({ eventType, topic, count = 1 } = e);
    }
    this.produced.add(count, { event_type: eventType, topic });
  }

  /**
   * An event was consumed and processed: `events.consumed.total` {event_type, topic},
   * `events.processing.duration` {event_type}, and on failure `events.errors.total`
   * {event_type, error_type = the error's class name}.
   */
  recordProcessing(event: ProcessedEvent): void {
    if (!isArgumentObject(event, RECORD_PROCESSING)) return;
    let e = event;
    let eventType, topic, seconds, error;
    try {
      ({ eventType, topic, durationSeconds: seconds, error } = e);
    } catch {
      e = readableCopy(e, EVENT_FIELDS, RECORD_PROCESSING);
      ({ eventType, topic, durationSeconds: seconds, error } = e);
    }
    this.consumed.add(1, { event_type: eventType, topic });
    this.processingDuration.record(seconds, { event_type: eventType });
    if (error !== undefined) this.errors.add(1, { event_type: eventType, error_type: errorTypeOf(error) });
  }

  /** The consumer's current lag on one partition: `events.lag` {topic, partition}, an absolute value. */
  setLag(lag: ConsumerLag): void {
    if (!isArgumentObject(lag, SET_LAG)) return;
    let l = lag;
    let topic, partition, value;
    try {
      ({ topic, partition, lag: value } = l);
    } catch {
      l = readableCopy(l, LAG_FIELDS, SET_LAG);
      ({ topic, partition, lag: value } = l);
    }
    this.lag.record(value, { topic, partition });
  }

  /** Stops exporting the lag of a partition this consumer no longer owns (after a rebalance). */
  partitionRevoked(revoked: RevokedPartition): void {
    if (!isArgumentObject(revoked, PARTITION_REVOKED)) return;
    let r = revoked;
    let topic, partition;
    try {
      ({ topic, partition } = r);
    } catch {
      r = readableCopy(r, REVOKED_FIELDS, PARTITION_REVOKED);
      ({ topic, partition } = r);
    }
    this.lag.remove({ topic, partition });
  }

  /** Reads lag at every collection instead (e.g. from the client's own offsets). Returns an unsubscribe function. */
  observeLag(callback: (observe: GaugeObserver<LagKey>) => void): () => void {
    if (!isCallable(callback, 'EventMetrics.observeLag')) return nothingToUnsubscribe;
    return this.lag.observe(callback);
  }
}

const EVENT_PRODUCED = 'EventMetrics.eventProduced';
const RECORD_PROCESSING = 'EventMetrics.recordProcessing';
const SET_LAG = 'EventMetrics.setLag';
const PARTITION_REVOKED = 'EventMetrics.partitionRevoked';
const PRODUCED_FIELDS = ['eventType', 'topic', 'count'] as const;
const REVOKED_FIELDS = ['topic', 'partition'] as const;
const EVENT_FIELDS = ['eventType', 'topic', 'durationSeconds', 'error'] as const;
const LAG_FIELDS = ['topic', 'partition', 'lag'] as const;
