// Catalog entries of the coordinator domain (the CoordinatorMetrics section of docs/metrics.md).
import { counter, histogram, upDownCounter } from '../core/MetricSpec.js';
import { ratioExample, ratioTerm, type OutcomeRatio } from '../core/outcomeRatio.js';

export const COORDINATOR_METRICS = {
  schedulingDuration: histogram({
    name: 'coordinator.scheduling.duration',
    unit: 's',
    description: 'Scheduling time',
    attributes: [],
    buckets: 'fast',
  }),
  active: upDownCounter({
    name: 'coordinator.executions.active',
    unit: '{execution}',
    description: 'Active managed executions',
    attributes: [],
  }),
  queueWait: histogram({
    name: 'coordinator.queue.wait_time',
    unit: 's',
    description: 'Queue wait by priority',
    attributes: ['priority'],
    buckets: 'long',
  }),
  scheduled: counter({
    name: 'coordinator.executions.scheduled.total',
    unit: '{execution}',
    description: 'Scheduled executions',
    attributes: ['status'],
  }),
} as const;

/** The shares of this domain's events that dashboards chart and alert rules record. */
export const COORDINATOR_OUTCOME_RATIOS: readonly OutcomeRatio[] = [
  {
    id: 'coordinator_scheduling:failure_ratio',
    title: 'Scheduling failure ratio',
    description: 'Share of scheduling decisions that rejected or failed an execution.',
    numerator: [ratioTerm(COORDINATOR_METRICS.scheduled, ['status', '!=', 'scheduled'])],
    denominator: [ratioTerm(COORDINATOR_METRICS.scheduled)],
    by: [],
    better: 'lower',
    example: {
      hit: ratioExample(COORDINATOR_METRICS.scheduled, { status: 'rejected' }),
      rest: ratioExample(COORDINATOR_METRICS.scheduled, { status: 'scheduled' }),
    },
  },
];
