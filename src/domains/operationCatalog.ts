// Catalog entries of the generic operation domain (the OperationMetrics section of docs/metrics.md).
// operation.duration and operation.total also take the extra keys an OperationMetrics instance
// declares; the catalog lists the keys every instance has.
import { counter, histogram } from '../core/MetricSpec.js';

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
