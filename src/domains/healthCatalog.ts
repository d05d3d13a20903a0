// Catalog entries of the health domain (the HealthMetrics section of docs/metrics.md).
import { counter, gauge, histogram } from '../core/MetricSpec.js';
import { ratioExample, ratioTerm, type OutcomeRatio } from '../core/outcomeRatio.js';

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

/** The shares of this domain's events that dashboards chart and alert rules record. */
export const HEALTH_OUTCOME_RATIOS: readonly OutcomeRatio[] = [
  {
    id: 'health_checks:not_healthy_ratio',
    title: 'Health checks not healthy',
    description: 'Share of health checks that reported degraded or unhealthy.',
    numerator: [ratioTerm(HEALTH_METRICS.checks, ['status', '!=', 'healthy'])],
    denominator: [ratioTerm(HEALTH_METRICS.checks)],
    by: [],
    better: 'lower',
    example: {
      hit: ratioExample(HEALTH_METRICS.checks, { service: 'mongodb', status: 'unhealthy' }),
      rest: ratioExample(HEALTH_METRICS.checks, { service: 'mongodb', status: 'healthy' }),
    },
  },
];
