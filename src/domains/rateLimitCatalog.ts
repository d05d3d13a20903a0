// Catalog entries of the rate-limit domain (the RateLimitMetrics section of docs/metrics.md).
import { counter, histogram } from '../core/MetricSpec.js';
import { ratioExample, ratioTerm, type OutcomeRatio } from '../core/outcomeRatio.js';

export const RATE_LIMIT_METRICS = {
  requests: counter({
    name: 'rate_limit.requests.total',
    unit: '{request}',
    description: 'Total checks',
    attributes: ['authenticated', 'endpoint', 'algorithm'],
  }),
  allowed: counter({
    name: 'rate_limit.allowed.total',
    unit: '{request}',
    description: 'Allowed requests',
    attributes: ['group', 'priority', 'multiplier'],
  }),
  rejected: counter({
    name: 'rate_limit.rejected.total',
    unit: '{request}',
    description: 'Rejected requests',
    attributes: ['group', 'priority', 'multiplier'],
  }),
  bypass: counter({
    name: 'rate_limit.bypass.total',
    unit: '{request}',
    description: 'Bypassed checks',
    attributes: ['endpoint'],
  }),
  checkDuration: histogram({
    name: 'rate_limit.check.duration',
    unit: 's',
    description: 'Check duration',
    attributes: ['endpoint', 'authenticated'],
    buckets: 'fast',
  }),
  redisDuration: histogram({
    name: 'rate_limit.redis.duration',
    unit: 's',
    description: 'Redis operation time',
    attributes: ['operation'],
    buckets: 'fast',
  }),
  remaining: histogram({
    name: 'rate_limit.remaining',
    unit: '{request}',
    description: 'Remaining requests',
    attributes: [],
    buckets: 'count',
  }),
  quotaUsage: histogram({
    name: 'rate_limit.quota.usage',
    unit: '%',
    description: 'Quota usage',
    attributes: [],
    buckets: 'percent',
  }),
  tokens: histogram({
    name: 'rate_limit.token_bucket.tokens',
    unit: '{token}',
    description: 'Current tokens',
    attributes: ['endpoint'],
    buckets: 'count',
  }),
} as const;

/** The shares of this domain's events that dashboards chart and alert rules record. */
export const RATE_LIMIT_OUTCOME_RATIOS: readonly OutcomeRatio[] = [
  {
    id: 'rate_limit:rejection_ratio',
    title: 'Rate-limit rejection ratio',
    description: 'Rejected requests per rate-limit check (the "rate limit rejection rate").',
    numerator: [ratioTerm(RATE_LIMIT_METRICS.rejected)],
    denominator: [ratioTerm(RATE_LIMIT_METRICS.requests)],
    by: [],
    better: 'lower',
    example: {
      hit: ratioExample(RATE_LIMIT_METRICS.rejected, { group: 'free', priority: 'normal', multiplier: '1' }),
      rest: ratioExample(RATE_LIMIT_METRICS.requests, { authenticated: 'true', endpoint: '/executions', algorithm: 'token_bucket' }),
    },
  },
];
