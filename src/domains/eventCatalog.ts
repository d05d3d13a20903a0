// Catalog entries of the event domain (the EventMetrics section of docs/metrics.md).
import { counter, gauge, histogram } from '../core/MetricSpec.js';

export const EVENT_METRICS = {
  produced: counter({
    name: 'events.produced.total',
    unit: '{event}',
    description: 'Events published',
    attributes: ['event_type', 'topic'],
  }),
  consumed: counter({
    name: 'events.consumed.total',
    unit: '{event}',
    description: 'Events consumed',
    attributes: ['event_type', 'topic'],
  }),
  processingDuration: histogram({
    name: 'events.processing.duration',
    unit: 's',
    description: 'Processing time',
    attributes: ['event_type'],
    buckets: 'request',
  }),
  errors: counter({
    name: 'events.errors.total',
    unit: '{error}',
    description: 'Processing errors',
    attributes: ['event_type', 'error_type'],
  }),
  lag: gauge({
    name: 'events.lag',
    unit: '{event}',
    description: 'Consumer lag',
    attributes: ['topic', 'partition'],
    nonNegative: true,
  }),
} as const;
