// Catalog entries of the execution domain (the ExecutionMetrics section of docs/metrics.md).
import { counter, histogram, upDownCounter } from '../core/MetricSpec.js';

export const EXECUTION_METRICS = {
  executions: counter({
    name: 'script.executions.total',
    unit: '{execution}',
    description: 'Total executions',
    attributes: ['status', 'lang_and_version'],
  }),
  duration: histogram({
    name: 'script.execution.duration',
    unit: 's',
    description: 'Execution time',
    attributes: ['lang_and_version'],
    buckets: 'long',
  }),
  active: upDownCounter({
    name: 'script.executions.active',
    unit: '{execution}',
    description: 'Currently running executions',
    attributes: [],
  }),
  memory: histogram({
    name: 'script.memory.usage',
    unit: 'MiBy',
    description: 'Memory per execution',
    attributes: ['lang_and_version'],
    buckets: 'mebibytes',
  }),
  cpu: histogram({
    name: 'script.cpu.utilization',
    unit: '{millicore}',
    description: 'CPU usage',
    attributes: [],
    buckets: 'count',
  }),
  errors: counter({
    name: 'script.errors.total',
    unit: '{error}',
    description: 'Errors by type',
    attributes: ['error_type'],
  }),
  queueDepth: upDownCounter({
    name: 'execution.queue.depth',
    unit: '{execution}',
    description: 'Queued executions',
    attributes: [],
  }),
  queueWait: histogram({
    name: 'execution.queue.wait_time',
    unit: 's',
    description: 'Queue wait time',
    attributes: ['lang_and_version'],
    buckets: 'long',
  }),
} as const;
