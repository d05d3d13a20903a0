// Dead letter queue: what arrives and why, retries, and how much is waiting.
import { isCallable, nothingToUnsubscribe } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import type { GaugeObserver } from '../core/instruments.js';
import { DLQ_METRICS as M } from './dlqCatalog.js';

export type DeadLetterReason =
  | 'max_retries_exceeded'
  | 'deserialization_failed'
  | 'validation_failed'
  | 'processing_failed'
  | 'timeout'
  | 'unknown';

export class DlqMetrics extends BaseMetrics {
  private readonly messages = this.counter(M.messages);
  private readonly retries = this.counter(M.retries);
  private readonly size = this.gauge(M.size);

  /** A message was dead-lettered: `dlq.messages.total` {topic, reason}. */
  messageDeadLettered(topic: string, reason: DeadLetterReason): void {
    this.messages.add(1, { topic, reason });
  }

  /** A dead-lettered message was retried: `dlq.retries.total` {topic}. */
  retryAttempted(topic: string): void {
    this.retries.add(1, { topic });
  }

  /** The DLQ's current size as read from the broker: `dlq.size` {topic}, an absolute value. */
  dlqSize(topic: string, messages: number): void {
    this.size.record(messages, { topic });
  }

  /** Reads DLQ sizes at every collection instead. Returns an unsubscribe function. */
  observeSize(callback: (observe: GaugeObserver<'topic'>) => void): () => void {
    if (!isCallable(callback, 'DlqMetrics.observeSize')) return nothingToUnsubscribe;
    return this.size.observe(callback);
  }
}
