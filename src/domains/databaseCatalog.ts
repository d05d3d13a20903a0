// Catalog entries of the database domain (the DatabaseMetrics section of docs/metrics.md).
import { counter, histogram, upDownCounter } from '../core/MetricSpec.js';

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
