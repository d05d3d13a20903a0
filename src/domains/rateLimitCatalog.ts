// Catalog entries of the rate-limit domain (the RateLimitMetrics section of docs/metrics.md).
import { counter, histogram } from '../core/MetricSpec.js';

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
