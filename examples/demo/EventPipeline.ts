// An in-memory stand-in for a Kafka topic with partitions, a consumer that processes events
// (some fail and are retried, some end in the dead letter queue), and notifications sent for
// finished executions.
import type {
  DlqMetrics,
  EventMetrics,
  NotificationChannel,
  NotificationMetrics,
} from '../../src/index.js';
import { logNormal, pick, rare, sleep } from './random.js';

interface QueuedEvent {
  readonly type: string;
  readonly attempt: number;
}

class HandlerTimeoutError extends Error {
  override name = 'HandlerTimeoutError';
}
class SchemaValidationError extends Error {
  override name = 'SchemaValidationError';
}
class SmtpError extends Error {
  override name = 'SmtpError';
}
class WebhookTimeoutError extends Error {
  override name = 'WebhookTimeoutError';
}

const TOPIC = 'execution-events';
const DLQ_TOPIC = `${TOPIC}.dlq`;
const MAX_ATTEMPTS = 3;

export class EventPipeline {
  private readonly partitions: QueuedEvent[][] = [[], [], []];
  private dlqDepth = 0;
  private running = true;

  constructor(
    private readonly events: EventMetrics,
    private readonly dlq: DlqMetrics,
    private readonly notifications: NotificationMetrics,
    private readonly timeScale: number,
  ) {
    // Lag is read from the "broker" at each collection: the true absolute value.
    events.observeLag((observe) => this.partitions.forEach((p, partition) => observe(p.length, { topic: TOPIC, partition })));
    dlq.observeSize((observe) => observe(this.dlqDepth, { topic: DLQ_TOPIC }));
  }

  publish(type: string): void {
    const partition = Math.floor(Math.random() * this.partitions.length);
    this.partitions[partition]!.push({ type, attempt: 1 });
    this.events.eventProduced({ eventType: type, topic: TOPIC });
  }

  /** Consumes until stopped; one loop per partition. */
  start(): void {
    this.partitions.forEach((_, partition) => void this.consume(partition));
    void this.drainDlq();
  }

  stop(): void {
    this.running = false;
  }

  private async consume(partition: number): Promise<void> {
    while (this.running) {
      const event = this.partitions[partition]!.shift();
      if (event === undefined) {
        await sleep(0.05 * this.timeScale);
        continue;
      }
      const seconds = logNormal(0.03, 0.8);
      await sleep(seconds * this.timeScale);
      const error = rare('handler timeout', 0.04)
        ? new HandlerTimeoutError('handler took too long')
        : rare('schema validation', 0.01)
          ? new SchemaValidationError('bad payload')
          : undefined;
      this.events.recordProcessing({ eventType: event.type, topic: TOPIC, durationSeconds: seconds, error });
      if (error === undefined) {
        if (event.type === 'execution.completed' || event.type === 'execution.failed') await this.notify(event.type);
      } else if (error instanceof SchemaValidationError) {
        this.deadLetter('validation_failed');
      } else if (event.attempt >= MAX_ATTEMPTS) {
        this.deadLetter('max_retries_exceeded');
      } else {
        this.partitions[partition]!.push({ type: event.type, attempt: event.attempt + 1 });
      }
    }
  }

  private deadLetter(reason: 'validation_failed' | 'max_retries_exceeded'): void {
    this.dlqDepth++;
    this.dlq.deadLettered({ topic: DLQ_TOPIC, reason });
  }

  /** An operator job that retries dead-lettered messages now and then. */
  private async drainDlq(): Promise<void> {
    while (this.running) {
      await sleep(2 * this.timeScale + 0.05);
      if (this.dlqDepth > 0 && rare('dlq retry', 0.5)) {
        this.dlqDepth--;
        this.dlq.retryAttempted({ topic: DLQ_TOPIC });
      }
    }
  }

  private async notify(type: string): Promise<void> {
    const channel: NotificationChannel = pick([['email', 3], ['webhook', 2], ['in_app', 4], ['slack', 1]]);
    const seconds = logNormal(channel === 'email' ? 0.8 : 0.15, 0.6);
    await sleep(seconds * this.timeScale);
    const error = rare('delivery failed', 0.03) ? (channel === 'email' ? new SmtpError('451 try later') : new WebhookTimeoutError('no answer')) : undefined;
    this.notifications.recordDelivery({ type, channel, durationSeconds: seconds, error });
  }
}
