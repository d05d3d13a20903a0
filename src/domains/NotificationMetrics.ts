// Notification delivery: what was sent on which channel, what failed and why, how long delivery took.
import { isArgumentObject, readableCopy } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { errorTypeOf } from '../core/errorType.js';
import { NOTIFICATION_METRICS as M } from './notificationCatalog.js';

export type NotificationChannel = 'email' | 'sms' | 'push' | 'webhook' | 'slack' | 'in_app';

export interface NotificationDelivery {
  /** What the notification is about (`execution_completed`, `password_reset`). */
  readonly type: string;
  readonly channel: NotificationChannel;
  readonly durationSeconds: number;
  /** The error delivery failed with, if it did; recorded by class name, never its message. */
  readonly error?: unknown;
}

export class NotificationMetrics extends BaseMetrics {
  private readonly sent = this.counter(M.sent);
  private readonly failed = this.counter(M.failed);
  private readonly deliveryDuration = this.histogram(M.deliveryDuration);

  /**
   * A delivery attempt ended. Delivered: `notifications.sent.total` {type, channel} and
   * `notifications.delivery.duration` {channel}. Failed: `notifications.failed.total`
   * {type, error = the error's class name}.
   */
  recordDelivery(delivery: NotificationDelivery): void {
    if (!isArgumentObject(delivery, RECORD_DELIVERY)) return;
    let d = delivery;
    let type, channel, seconds, error;
    try {
      ({ type, channel, durationSeconds: seconds, error } = d);
    } catch {
      d = readableCopy(d, DELIVERY_FIELDS, RECORD_DELIVERY);
      ({ type, channel, durationSeconds: seconds, error } = d);
    }
    if (error !== undefined) {
      this.failed.add(1, { type, error: errorTypeOf(error) });
      return;
    }
    this.sent.add(1, { type, channel });
    this.deliveryDuration.record(seconds, { channel });
  }
}

const RECORD_DELIVERY = 'NotificationMetrics.recordDelivery';
const DELIVERY_FIELDS = ['type', 'channel', 'durationSeconds', 'error'] as const;
