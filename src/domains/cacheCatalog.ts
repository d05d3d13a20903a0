// Catalog entries of the cache domain (the CacheMetrics section of docs/metrics.md).
import { counter, gauge } from '../core/MetricSpec.js';

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
