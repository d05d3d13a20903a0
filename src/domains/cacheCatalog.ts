// Catalog entries of the cache domain (the CacheMetrics section of docs/metrics.md).
import { counter, gauge } from '../core/MetricSpec.js';
import { ratioExample, ratioTerm, type OutcomeRatio } from '../core/outcomeRatio.js';

export const CACHE_METRICS = {
  requests: counter({
    name: 'cache.requests.total',
    unit: '{request}',
    description: 'Cache lookups by result (hit/miss)',
    attributes: ['cache', 'result'],
  }),
  evictions: counter({ name: 'cache.evictions.total', unit: '{eviction}', description: 'Cache evictions', attributes: ['cache'] }),
  size: gauge({ name: 'cache.size', unit: '{entry}', description: 'Entries in the cache', attributes: ['cache'], nonNegative: true }),
} as const;

/** The shares of this domain's events that dashboards chart and alert rules record. */
export const CACHE_OUTCOME_RATIOS: readonly OutcomeRatio[] = [
  {
    id: 'cache_requests:hit_ratio',
    title: 'Cache hit ratio',
    description: 'Share of cache lookups that hit, per cache.',
    numerator: [ratioTerm(CACHE_METRICS.requests, ['result', '=', 'hit'])],
    denominator: [ratioTerm(CACHE_METRICS.requests)],
    by: ['cache'],
    better: 'higher',
    example: {
      hit: ratioExample(CACHE_METRICS.requests, { cache: 'compiled_scripts', result: 'hit' }),
      rest: ratioExample(CACHE_METRICS.requests, { cache: 'compiled_scripts', result: 'miss' }),
    },
  },
];
