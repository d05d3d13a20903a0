// Catalog entries of the database domain (the DatabaseMetrics section of docs/metrics.md).
import { counter, histogram, upDownCounter } from '../core/MetricSpec.js';
import { ratioExample, ratioTerm, type OutcomeRatio } from '../core/outcomeRatio.js';

export const DATABASE_METRICS = {
  operations: counter({
    name: 'database.operations.total',
    unit: '{operation}',
    description: 'Total operations',
    attributes: ['operation', 'collection'],
  }),
  duration: histogram({
    name: 'database.operation.duration',
    unit: 's',
    description: 'Operation time',
    attributes: ['operation', 'collection'],
    buckets: 'db',
  }),
  errors: counter({
    name: 'database.errors.total',
    unit: '{error}',
    description: 'Database errors',
    attributes: ['operation', 'error_type'],
  }),
  connections: upDownCounter({
    name: 'database.connections.active',
    unit: '{connection}',
    description: 'Active connections',
    attributes: [],
  }),
} as const;

/** The shares of this domain's events that dashboards chart and alert rules record. */
export const DATABASE_OUTCOME_RATIOS: readonly OutcomeRatio[] = [
  {
    id: 'database_operations:error_ratio',
    title: 'Database error ratio',
    description: 'Database errors per operation.',
    numerator: [ratioTerm(DATABASE_METRICS.errors)],
    denominator: [ratioTerm(DATABASE_METRICS.operations)],
    by: [],
    better: 'lower',
    example: {
      hit: ratioExample(DATABASE_METRICS.errors, { operation: 'find', error_type: 'MongoTimeoutError' }),
      rest: ratioExample(DATABASE_METRICS.operations, { operation: 'find', collection: 'executions' }),
    },
  },
];
