// BoundedCache: bounded by entries and bytes, never keeping long keys, and back to one lookup per
// hit once a flood of distinct keys has passed.
import { describe, expect, it } from 'vitest';
import { MAX_ATTRIBUTE_VALUE_LENGTH } from '../../src/core/attributePolicy.js';
import { BoundedCache } from '../../src/core/BoundedCache.js';
import { routeTemplate } from '../../src/core/routeTemplate.js';

/** A cache over routeTemplate that counts how often it had to compute. */
function countingCache(capacity: number, limits?: ConstructorParameters<typeof BoundedCache>[2]) {
  const calls = { count: 0 };
  const cache = new BoundedCache(
    capacity,
    (key) => {
      calls.count++;
      return routeTemplate(key);
    },
    limits,
  );
  return { cache, calls };
}

describe('BoundedCache', () => {
  it('memoises results: a second get of a key does not compute again', () => {
    const { cache, calls } = countingCache(4);
    expect([cache.get('/a/1'), cache.get('/a/1'), cache.get('/b'), cache.get('/b')]).toEqual(['/a/{id}', '/a/{id}', '/b', '/b']);
    expect(calls.count).toBe(2);
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(2 * ('/a/1'.length + '/a/{id}'.length + '/b'.length + '/b'.length));
  });

  it('never keeps a key longer than the attribute length cap: 2 000 distinct 100 KB paths leave the cache empty', () => {
    const { cache, calls } = countingCache(1024);
    const filler = 'x'.repeat(100 * 1024);
    for (let i = 0; i < 2_000; i++) expect(cache.get(`/files/${i}/${filler}`)).toBe('/files/{id}/{token}');
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
    expect(calls.count).toBe(2_000);
    // Exactly at the cap is still a category worth keeping; one more character is not.
    const atCap = '/' + 'a'.repeat(MAX_ATTRIBUTE_VALUE_LENGTH - 1);
    cache.get(atCap);
    cache.get(atCap + 'b');
    expect(cache.size).toBe(1);
  });

  it('holds at most `capacity` entries and `maxBytes` bytes however many distinct keys pass', () => {
    const { cache } = countingCache(1024, { maxBytes: 64 * 1024 });
    let maxSize = 0;
    let maxBytes = 0;
    for (let i = 0; i < 20_000; i++) {
      cache.get(`/p/${'s'.repeat(i % 100)}${i}`);
      maxSize = Math.max(maxSize, cache.size);
      maxBytes = Math.max(maxBytes, cache.bytes);
    }
    expect(maxSize).toBeLessThanOrEqual(1024);
    expect(maxBytes).toBeLessThanOrEqual(64 * 1024);
    expect(maxBytes).toBeGreaterThan(60 * 1024); // the byte bound, not the entry bound, was the one reached
  });

  it('caches an ordinary key again after 100 000 distinct keys have churned through', () => {
    const { cache, calls } = countingCache(1024);
    cache.get('/health');
    for (let i = 0; i < 100_000; i++) cache.get(`/churn/${i}`);
    const before = calls.count;
    expect(cache.get('/health')).toBe('/health');
    expect(cache.get('/health')).toBe('/health');
    expect(cache.get('/health')).toBe('/health');
    expect(calls.count - before).toBe(1); // recomputed once after the churn, then a hit again
    expect(cache.size).toBeLessThanOrEqual(1024);
  });

  it('keeps a working set that is in use while a flood of distinct keys passes', () => {
    const { cache, calls } = countingCache(1024);
    const hot = Array.from({ length: 50 }, (_, i) => `/hot/route${i}`);
    for (const key of hot) cache.get(key);
    let hotMisses = 0;
    for (let i = 0; i < 50_000; i++) {
      cache.get(`/flood/${i}`);
      if (i % 5 === 0) {
        const before = calls.count;
        cache.get(hot[(i / 5) % hot.length]!);
        hotMisses += calls.count - before;
      }
    }
    // 10 000 hot lookups: between two uses of a hot key 250 flood keys and 49 hot ones are added,
    // fewer than a generation holds (512), so it is always found in one of the two.
    expect(hotMisses).toBe(0);
  });

  it('computes without remembering when given no capacity, and for keys that are not strings', () => {
    const { cache, calls } = countingCache(0);
    cache.get('/a');
    cache.get('/a');
    expect(calls.count).toBe(2);
    expect(cache.size).toBe(0);
    const { cache: other } = countingCache(8);
    expect(other.get(Symbol('x') as unknown as string)).toBe('_OTHER');
    expect(other.get(42 as unknown as string)).toBe('_OTHER');
    expect(other.size).toBe(0);
  });
});
