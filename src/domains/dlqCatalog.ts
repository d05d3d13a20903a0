// Catalog entries of the dead letter queue domain (the DlqMetrics section of docs/metrics.md).
import { counter, gauge } from '../core/MetricSpec.js';

export const DLQ_METRICS = {
  messages: counter({
    name: 'dlq.messages.total',
    unit: '{message}',
    description: 'Messages sent to DLQ',
    attributes: ['topic', 'reason'],
  }),
  retries: counter({
    name: 'dlq.retries.total',
    unit: '{retry}',
    description: 'Retry attempts',
    attributes: ['topic'],
  }),
  size: gauge({
    name: 'dlq.size',
    unit: '{message}',
    description: 'Current DLQ size',
    attributes: ['topic'],
    nonNegative: true,
  }),
} as const;
