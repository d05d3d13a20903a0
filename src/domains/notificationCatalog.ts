// Catalog entries of the notification domain (the NotificationMetrics section of docs/metrics.md).
import { counter, histogram } from '../core/MetricSpec.js';

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
