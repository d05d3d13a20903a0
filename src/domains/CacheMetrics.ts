// Caches: hit ratio, evictions and size per named cache.
import { isArgumentObject, isCallable, nothingToUnsubscribe, readableCopy } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import type { GaugeObserver } from '../core/instruments.js';
import { CACHE_METRICS as M } from './cacheCatalog.js';

export type CacheResult = 'hit' | 'miss';

export interface CacheLookup {
  readonly cache: string;
  readonly result: CacheResult;
}

export interface CacheEviction {
  readonly cache: string;
  /** Entries evicted at once. @default 1 */
  readonly count?: number;
}

export interface CacheSize {
  readonly cache: string;
  /** The cache's current number of entries. */
  readonly size: number;
}

export class CacheMetrics extends BaseMetrics {
  private readonly requests = this.counter(M.requests);
  private readonly evictions = this.counter(M.evictions);
  private readonly size = this.gauge(M.size);

  /** A lookup: `cache.requests.total` {cache, result}. */
  lookedUp(lookup: CacheLookup): void {
    if (!isArgumentObject(lookup, LOOKED_UP)) return;
    let l = lookup;
    let cache, result;
    try {
      ({ cache, result } = l);
    } catch {
      l = readableCopy(l, LOOKUP_FIELDS, LOOKED_UP);
      ({ cache, result } = l);
    }
    this.requests.add(1, { cache, result });
  }

  /** Entries evicted: `cache.evictions.total` {cache}. */
  evicted(eviction: CacheEviction): void {
    if (!isArgumentObject(eviction, EVICTED)) return;
    let e = eviction;
    let cache, count;
    try {
      ({ cache, count = 1 } = e);
    } catch {
      e = readableCopy(e, EVICTION_FIELDS, EVICTED);
      ({ cache, count = 1 } = e);
    }
    this.evictions.add(count, { cache });
  }

  /** The cache's current number of entries: `cache.size` {cache}, an absolute value. */
  setSize(size: CacheSize): void {
    if (!isArgumentObject(size, SET_SIZE)) return;
    let s = size;
    let cache, entries;
    try {
      ({ cache, size: entries } = s);
    } catch {
      s = readableCopy(s, SIZE_FIELDS, SET_SIZE);
      ({ cache, size: entries } = s);
    }
    this.size.record(entries, { cache });
  }

  /**
   * Reads cache sizes at every collection instead:
   * `observeSize((observe) => observe(lru.size, { cache: 'sessions' }))`. Returns an unsubscribe function.
   */
  observeSize(callback: (observe: GaugeObserver<'cache'>) => void): () => void {
    if (!isCallable(callback, 'CacheMetrics.observeSize')) return nothingToUnsubscribe;
    return this.size.observe(callback);
  }
}

const LOOKED_UP = 'CacheMetrics.lookedUp';
const EVICTED = 'CacheMetrics.evicted';
const SET_SIZE = 'CacheMetrics.setSize';
const LOOKUP_FIELDS = ['cache', 'result'] as const;
const EVICTION_FIELDS = ['cache', 'count'] as const;
const SIZE_FIELDS = ['cache', 'size'] as const;
