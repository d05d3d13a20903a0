// Event streaming (Kafka-style): what was produced and consumed, how processing went, and lag.
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
    this.consumed.add(1, { event_type: event.eventType, topic: event.topic });
    this.processingDuration.record(event.durationSeconds, { event_type: event.eventType });
    if (event.error !== undefined) this.errors.add(1, { event_type: event.eventType, error_type: errorTypeOf(event.error) });
  }

  /** The consumer's current lag on one partition: `events.lag` {topic, partition}, an absolute value. */
  consumerLag(lag: ConsumerLag): void {
    this.lag.record(lag.lag, { topic: lag.topic, partition: lag.partition });
  }

  /** Stops exporting the lag of a partition this consumer no longer owns (after a rebalance). */
  partitionRevoked(topic: string, partition: number | string): void {
    this.lag.remove({ topic, partition });
  }

  /** Reads lag at every collection instead (e.g. from the client's own offsets). Returns an unsubscribe function. */
  observeLag(callback: (observe: GaugeObserver<LagKey>) => void): () => void {
    return this.lag.observe(callback);
  }
}
