// Caches: hit ratio, evictions and size per named cache.
import { isCallable, nothingToUnsubscribe } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { CACHE_METRICS as M } from './cacheCatalog.js';

export type CacheResult = 'hit' | 'miss';

export class CacheMetrics extends BaseMetrics {
  private readonly requests = this.counter(M.requests);
  private readonly evictions = this.counter(M.evictions);
  private readonly size = this.gauge(M.size);

  /** A lookup: `cache.requests.total` {cache, result}. */
  lookup(cache: string, result: CacheResult): void {
    this.requests.add(1, { cache, result });
  }

  hit(cache: string): void {
    this.requests.add(1, { cache, result: 'hit' });
  }

  miss(cache: string): void {
    this.requests.add(1, { cache, result: 'miss' });
  }

  /** Entries evicted: `cache.evictions.total` {cache}. */
  evicted(cache: string, count = 1): void {
    this.evictions.add(count, { cache });
  }

  /** The cache's current number of entries: `cache.size` {cache}, an absolute value. */
  cacheSize(cache: string, entries: number): void {
    this.size.record(entries, { cache });
  }

  /** Reads the size of `cache` at every collection (`() => lru.size`). Returns an unsubscribe function. */
  observeSize(cache: string, entries: () => number): () => void {
    if (!isCallable(entries, 'CacheMetrics.observeSize')) return nothingToUnsubscribe;
    return this.size.observe((observe) => observe(entries(), { cache }));
  }
}
