// Catalog entries of the event domain (the EventMetrics section of docs/metrics.md).
import { counter, gauge, histogram } from '../core/MetricSpec.js';
import { ratioExample, ratioTerm, type OutcomeRatio } from '../core/outcomeRatio.js';

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

/** The shares of this domain's events that dashboards chart and alert rules record. */
export const EVENT_OUTCOME_RATIOS: readonly OutcomeRatio[] = [
  {
    id: 'events:error_ratio',
    title: 'Event processing error ratio',
    description: 'Processing errors per consumed event.',
    numerator: [ratioTerm(EVENT_METRICS.errors)],
    denominator: [ratioTerm(EVENT_METRICS.consumed)],
    by: [],
    better: 'lower',
    example: {
      hit: ratioExample(EVENT_METRICS.errors, { event_type: 'execution.completed', error_type: 'HandlerTimeoutError' }),
      rest: ratioExample(EVENT_METRICS.consumed, { event_type: 'execution.completed', topic: 'execution-events' }),
    },
  },
];
