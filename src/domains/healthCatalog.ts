// Catalog entries of the health domain (the HealthMetrics section of docs/metrics.md).
import { counter, gauge, histogram } from '../core/MetricSpec.js';

export const HEALTH_METRICS = {
  checks: counter({
    name: 'health.checks.total',
    unit: '{check}',
    description: 'Health check results',
    attributes: ['service', 'status'],
  }),
  checkDuration: histogram({
    name: 'health.check.duration',
    unit: 's',
    description: 'Check duration',
    attributes: ['service'],
    buckets: 'fast',
  }),
  dependencyStatus: gauge({
    name: 'health.dependencies.status',
    unit: '1',
    description: 'Dependency status (1 = up, 0 = down)',
    attributes: ['dependency'],
    nonNegative: true,
  }),
} as const;
