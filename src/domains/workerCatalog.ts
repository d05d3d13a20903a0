// Catalog entries of the task worker domain (the WorkerMetrics section of docs/metrics.md).
import { counter, histogram } from '../core/MetricSpec.js';
import { ratioExample, ratioTerm, type OutcomeRatio } from '../core/outcomeRatio.js';

export const WORKER_METRICS = {
  polls: counter({ name: 'task.poll.total', unit: '{poll}', description: 'Poll attempts', attributes: ['task_type'] }),
  pollDuration: histogram({
    name: 'task.poll.duration',
    unit: 's',
    description: 'Poll latency',
    attributes: ['task_type', 'status'],
    buckets: 'request',
  }),
  executeDuration: histogram({
    name: 'task.execute.duration',
    unit: 's',
    description: 'Execution latency',
    attributes: ['task_type', 'status'],
    buckets: 'long',
  }),
  executeErrors: counter({
    name: 'task.execute.errors.total',
    unit: '{error}',
    description: 'Execution errors',
    attributes: ['task_type', 'exception'],
  }),
  updateDuration: histogram({
    name: 'task.update.duration',
    unit: 's',
    description: 'Update latency',
    attributes: ['task_type', 'status'],
    buckets: 'request',
  }),
  updateErrors: counter({
    name: 'task.update.errors.total',
    unit: '{error}',
    description: 'Update errors',
    attributes: ['task_type', 'exception'],
  }),
  resultSize: histogram({
    name: 'task.result.size',
    unit: 'By',
    description: 'Result payload size',
    attributes: ['task_type'],
    buckets: 'bytes',
  }),
  queueFull: counter({
    name: 'task.execution_queue.full.total',
    unit: '{event}',
    description: 'Execution queue full',
    attributes: ['task_type'],
  }),
  paused: counter({ name: 'task.paused.total', unit: '{poll}', description: 'Polls while paused', attributes: ['task_type'] }),
  restarts: counter({ name: 'worker.restarts.total', unit: '{restart}', description: 'Worker restarts', attributes: ['task_type'] }),
  externalPayload: counter({
    name: 'external_payload.used.total',
    unit: '{payload}',
    description: 'External payload storage used',
    attributes: ['task_type', 'payload_type'],
  }),
  workflowInputSize: histogram({
    name: 'workflow.input.size',
    unit: 'By',
    description: 'Workflow input size',
    attributes: ['workflow_type', 'version'],
    buckets: 'bytes',
  }),
  workflowStartErrors: counter({
    name: 'workflow.start.errors.total',
    unit: '{error}',
    description: 'Workflow start errors',
    attributes: ['workflow_type', 'exception'],
  }),
  apiRequestDuration: histogram({
    name: 'api.request.duration',
    unit: 's',
    description: 'API client request latency (uri is a template)',
    attributes: ['method', 'uri', 'status'],
    buckets: 'request',
  }),
} as const;

/** The shares of this domain's events that dashboards chart and alert rules record. */
export const WORKER_OUTCOME_RATIOS: readonly OutcomeRatio[] = [
  {
    id: 'task_executions:failure_ratio',
    title: 'Task execution failure ratio',
    description: 'Share of task executions that ended with status FAILURE, per task type.',
    numerator: [ratioTerm(WORKER_METRICS.executeDuration, ['status', '=', 'FAILURE'])],
    denominator: [ratioTerm(WORKER_METRICS.executeDuration)],
    by: ['task_type'],
    better: 'lower',
    example: {
      hit: ratioExample(WORKER_METRICS.executeDuration, { task_type: 'image_resize', status: 'FAILURE' }),
      rest: ratioExample(WORKER_METRICS.executeDuration, { task_type: 'image_resize', status: 'SUCCESS' }),
    },
  },
];
