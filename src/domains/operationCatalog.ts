// Catalog entries of the generic operation domain (the OperationMetrics section of docs/metrics.md).
// operation.duration and operation.total also take the extra keys an OperationMetrics instance
// declares; the catalog lists the keys every instance has.
import { counter, histogram } from '../core/MetricSpec.js';
import { ratioExample, ratioTerm, type OutcomeRatio } from '../core/outcomeRatio.js';

export const OPERATION_METRICS = {
  duration: histogram({
    name: 'operation.duration',
    unit: 's',
    description: 'Latency of an operation',
    attributes: ['operation', 'outcome'],
    buckets: 'request',
  }),
  total: counter({
    name: 'operation.total',
    unit: '{operation}',
    description: 'Completed operations (outcome = success/failure)',
    attributes: ['operation', 'outcome'],
  }),
  errors: counter({
    name: 'operation.errors.total',
    unit: '{error}',
    description: 'Failures by error class',
    attributes: ['operation', 'error_type'],
  }),
  retries: counter({
    name: 'operation.retries.total',
    unit: '{retry}',
    description: 'Retry attempts',
    attributes: ['operation', 'attempt'],
  }),
} as const;

/** The shares of this domain's events that dashboards chart and alert rules record. */
export const OPERATION_OUTCOME_RATIOS: readonly OutcomeRatio[] = [
  {
    id: 'operations:failure_ratio',
    title: 'Operation failure ratio',
    description: 'Share of operations with outcome "failure", per operation.',
    numerator: [ratioTerm(OPERATION_METRICS.total, ['outcome', '=', 'failure'])],
    denominator: [ratioTerm(OPERATION_METRICS.total)],
    by: ['operation'],
    better: 'lower',
    example: {
      hit: ratioExample(OPERATION_METRICS.total, { operation: 'checkout', outcome: 'failure' }),
      rest: ratioExample(OPERATION_METRICS.total, { operation: 'checkout', outcome: 'success' }),
    },
  },
];
