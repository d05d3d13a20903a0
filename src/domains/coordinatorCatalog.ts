// Catalog entries of the coordinator domain (the CoordinatorMetrics section of docs/metrics.md).
import { counter, histogram, upDownCounter } from '../core/MetricSpec.js';

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
