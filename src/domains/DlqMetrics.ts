// Dead letter queue: what arrives and why, retries, and how much is waiting.
import { isArgumentObject, isCallable, nothingToUnsubscribe, readableCopy } from '../core/argumentGuard.js';
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

export interface DeadLetter {
  /** The dead letter topic (or queue). */
  readonly topic: string;
  readonly reason: DeadLetterReason;
}

export interface DlqRetry {
  readonly topic: string;
}

export interface DlqSize {
  readonly topic: string;
  /** Messages waiting in the DLQ, as read from the broker. */
  readonly size: number;
}

export class DlqMetrics extends BaseMetrics {
  private readonly messages = this.counter(M.messages);
  private readonly retries = this.counter(M.retries);
  private readonly size = this.gauge(M.size);

  /** A message was dead-lettered: `dlq.messages.total` {topic, reason}. */
  deadLettered(letter: DeadLetter): void {
    if (!isArgumentObject(letter, DEAD_LETTERED)) return;
    let l = letter;
    let topic, reason;
    try {
      ({ topic, reason } = l);
    } catch {
      l = readableCopy(l, LETTER_FIELDS, DEAD_LETTERED);
      ({ topic, reason } = l);
    }
    this.messages.add(1, { topic, reason });
  }

  /** A dead-lettered message was retried: `dlq.retries.total` {topic}. */
  retryAttempted(retry: DlqRetry): void {
    if (!isArgumentObject(retry, RETRY_ATTEMPTED)) return;
    let topic;
    try {
      ({ topic } = retry);
    } catch {
      ({ topic } = readableCopy(retry, RETRY_FIELDS, RETRY_ATTEMPTED));
    }
    this.retries.add(1, { topic });
  }

  /** The DLQ's current size as read from the broker: `dlq.size` {topic}, an absolute value. */
  setSize(size: DlqSize): void {
    if (!isArgumentObject(size, SET_SIZE)) return;
    let s = size;
    let topic, messages;
    try {
      ({ topic, size: messages } = s);
    } catch {
      s = readableCopy(s, SIZE_FIELDS, SET_SIZE);
      ({ topic, size: messages } = s);
    }
    this.size.record(messages, { topic });
  }

  /**
   * Reads DLQ sizes at every collection instead:
   * `observeSize((observe) => observe(depth, { topic: 'orders.dlq' }))`. Returns an unsubscribe function.
   */
  observeSize(callback: (observe: GaugeObserver<'topic'>) => void): () => void {
    if (!isCallable(callback, 'DlqMetrics.observeSize')) return nothingToUnsubscribe;
    return this.size.observe(callback);
  }
}

const DEAD_LETTERED = 'DlqMetrics.deadLettered';
const RETRY_ATTEMPTED = 'DlqMetrics.retryAttempted';
const SET_SIZE = 'DlqMetrics.setSize';
const LETTER_FIELDS = ['topic', 'reason'] as const;
const RETRY_FIELDS = ['topic'] as const;
const SIZE_FIELDS = ['topic', 'size'] as const;
