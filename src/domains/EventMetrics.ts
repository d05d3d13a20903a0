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

export type LagKey = 'topic' | 'partition';

export class EventMetrics extends BaseMetrics {
  private readonly produced = this.counter(M.produced);
  private readonly consumed = this.counter(M.consumed);
  private readonly processingDuration = this.histogram(M.processingDuration);
  private readonly errors = this.counter(M.errors);
  private readonly lag = this.gauge(M.lag);

  /** An event was published: `events.produced.total` {event_type, topic}. */
  eventProduced(eventType: string, topic: string, count = 1): void {
    this.produced.add(count, { event_type: eventType, topic });
  }

  /**
   * An event was consumed and processed: `events.consumed.total` {event_type, topic},
   * `events.processing.duration` {event_type}, and on failure `events.errors.total`
   * {event_type, error_type = the error's class name}.
   */
  eventProcessed(event: ProcessedEvent): void {
    if (!isArgumentObject(event, EVENT_PROCESSED)) return;
    let e = event;
    let eventType, topic, seconds, error;
    try {
      ({ eventType, topic, durationSeconds: seconds, error } = e);
    } catch {
      e = readableCopy(e, EVENT_FIELDS, EVENT_PROCESSED);
      ({ eventType, topic, durationSeconds: seconds, error } = e);
    }
    this.consumed.add(1, { event_type: eventType, topic });
    this.processingDuration.record(seconds, { event_type: eventType });
    if (error !== undefined) this.errors.add(1, { event_type: eventType, error_type: errorTypeOf(error) });
  }

  /** The consumer's current lag on one partition: `events.lag` {topic, partition}, an absolute value. */
  consumerLag(lag: ConsumerLag): void {
    if (!isArgumentObject(lag, CONSUMER_LAG)) return;
    let l = lag;
    let topic, partition, value;
    try {
      ({ topic, partition, lag: value } = l);
    } catch {
      l = readableCopy(l, LAG_FIELDS, CONSUMER_LAG);
      ({ topic, partition, lag: value } = l);
    }
    this.lag.record(value, { topic, partition });
  }

  /** Stops exporting the lag of a partition this consumer no longer owns (after a rebalance). */
  partitionRevoked(topic: string, partition: number | string): void {
    this.lag.remove({ topic, partition });
  }

  /** Reads lag at every collection instead (e.g. from the client's own offsets). Returns an unsubscribe function. */
  observeLag(callback: (observe: GaugeObserver<LagKey>) => void): () => void {
    if (!isCallable(callback, 'EventMetrics.observeLag')) return nothingToUnsubscribe;
    return this.lag.observe(callback);
  }
}

const EVENT_PROCESSED = 'EventMetrics.eventProcessed';
const CONSUMER_LAG = 'EventMetrics.consumerLag';
const EVENT_FIELDS = ['eventType', 'topic', 'durationSeconds', 'error'] as const;
const LAG_FIELDS = ['topic', 'partition', 'lag'] as const;
