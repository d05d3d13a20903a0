// Catalog entries of the notification domain (the NotificationMetrics section of docs/metrics.md).
import { counter, histogram } from '../core/MetricSpec.js';
import { ratioExample, ratioTerm, type OutcomeRatio } from '../core/outcomeRatio.js';

export const NOTIFICATION_METRICS = {
  sent: counter({
    name: 'notifications.sent.total',
    unit: '{notification}',
    description: 'Notifications sent',
    attributes: ['type', 'channel'],
  }),
  failed: counter({
    name: 'notifications.failed.total',
    unit: '{notification}',
    description: 'Failed notifications',
    attributes: ['type', 'error'],
  }),
  deliveryDuration: histogram({
    name: 'notifications.delivery.duration',
    unit: 's',
    description: 'Delivery time',
    attributes: ['channel'],
    buckets: 'long',
  }),
} as const;

/** The shares of this domain's events that dashboards chart and alert rules record. */
export const NOTIFICATION_OUTCOME_RATIOS: readonly OutcomeRatio[] = [
  {
    id: 'notifications:failure_ratio',
    title: 'Notification failure ratio',
    description: 'Failed deliveries per delivery attempt: failed / (sent + failed).',
    numerator: [ratioTerm(NOTIFICATION_METRICS.failed)],
    denominator: [ratioTerm(NOTIFICATION_METRICS.sent), ratioTerm(NOTIFICATION_METRICS.failed)],
    by: [],
    better: 'lower',
    example: {
      hit: ratioExample(NOTIFICATION_METRICS.failed, { type: 'execution.completed', error: 'SmtpError' }),
      rest: ratioExample(NOTIFICATION_METRICS.sent, { type: 'execution.completed', channel: 'email' }),
    },
  },
];
