// Catalog entries of the execution domain (the ExecutionMetrics section of docs/metrics.md).
import { counter, histogram, upDownCounter } from '../core/MetricSpec.js';
import { ratioExample, ratioTerm, type OutcomeRatio } from '../core/outcomeRatio.js';

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

/** The shares of this domain's events that dashboards chart and alert rules record. */
export const EXECUTION_OUTCOME_RATIOS: readonly OutcomeRatio[] = [
  {
    id: 'script_executions:success_ratio',
    title: 'Execution success ratio',
    description: 'Share of script executions that completed (the "execution success rate").',
    numerator: [ratioTerm(EXECUTION_METRICS.executions, ['status', '=', 'completed'])],
    denominator: [ratioTerm(EXECUTION_METRICS.executions)],
    by: [],
    better: 'higher',
    example: {
      hit: ratioExample(EXECUTION_METRICS.executions, { lang_and_version: 'python-3.11', status: 'completed' }),
      rest: ratioExample(EXECUTION_METRICS.executions, { lang_and_version: 'python-3.11', status: 'failed' }),
    },
  },
  {
    id: 'script_executions:error_ratio',
    title: 'Execution error ratio',
    description: 'Share of script executions that did not complete (failed, timeout, error, cancelled).',
    numerator: [ratioTerm(EXECUTION_METRICS.executions, ['status', '!=', 'completed'])],
    denominator: [ratioTerm(EXECUTION_METRICS.executions)],
    by: [],
    better: 'lower',
    example: {
      hit: ratioExample(EXECUTION_METRICS.executions, { lang_and_version: 'python-3.11', status: 'timeout' }),
      rest: ratioExample(EXECUTION_METRICS.executions, { lang_and_version: 'python-3.11', status: 'completed' }),
    },
  },
];
