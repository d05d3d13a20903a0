// Catalog entries of the connection domain (the ConnectionMetrics section of docs/metrics.md).
import { counter, histogram, upDownCounter } from '../core/MetricSpec.js';

export const CONNECTION_METRICS = {
  active: upDownCounter({
    name: 'connections.active',
    unit: '{connection}',
    description: 'Active connections',
    attributes: ['type'],
  }),
  // Not connections.total: counters end in .total and "connections.active" is already a name,
  // so the count of opened connections is connections.opened.total.
  opened: counter({
    name: 'connections.opened.total',
    unit: '{connection}',
    description: 'Total connections opened',
    attributes: ['type'],
  }),
  duration: histogram({
    name: 'connections.duration',
    unit: 's',
    description: 'Connection duration',
    attributes: ['type'],
    buckets: 'long',
  }),
  messagesSent: counter({
    name: 'connections.messages.sent.total',
    unit: '{message}',
    description: 'Messages sent',
    attributes: ['type'],
  }),
} as const;
