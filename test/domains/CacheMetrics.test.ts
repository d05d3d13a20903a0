// CacheMetrics on both recording paths and both temporalities.
import { describe, expect, it } from 'vitest';
import { CacheMetrics } from '../../src/domains/CacheMetrics.js';
import { recordingSetups } from '../support/recordingSetups.js';

describe.each(recordingSetups())('CacheMetrics ($name)', (setup) => {
  it('counts hits and misses per cache, evictions, and reads the size at collection time', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new CacheMetrics({ meterProvider });
    const entries = new Map<string, number>([['a', 1]]);
    m.observeSize((observe) => observe(entries.size, { cache: 'sessions' }));
    m.lookedUp({ cache: 'sessions', result: 'hit' });
    m.lookedUp({ cache: 'sessions', result: 'hit' });
    m.lookedUp({ cache: 'sessions', result: 'miss' });
    m.lookedUp({ cache: 'templates', result: 'miss' });
    m.evicted({ cache: 'sessions', count: 3 });
    m.setSize({ cache: 'templates', size: 12 });
    let s = await collect();
    expect(s.value('cache.requests.total', { cache: 'sessions', result: 'hit' })).toBe(2);
    expect(s.value('cache.requests.total', { cache: 'sessions', result: 'miss' })).toBe(1);
    expect(s.value('cache.requests.total', { cache: 'templates', result: 'miss' })).toBe(1);
    expect(s.value('cache.evictions.total', { cache: 'sessions' })).toBe(3);
    expect(s.value('cache.size', { cache: 'sessions' })).toBe(1);
    expect(s.value('cache.size', { cache: 'templates' })).toBe(12);
    entries.set('b', 2);
    m.lookedUp({ cache: 'sessions', result: 'hit' });
    s = await collect();
    expect(s.value('cache.size', { cache: 'sessions' })).toBe(2);
    expect(s.value('cache.size', { cache: 'templates' })).toBe(12);
    expect(s.value('cache.requests.total', { cache: 'sessions', result: 'hit' })).toBe(3);
    expect(s.value('cache.evictions.total', { cache: 'sessions' })).toBe(3);
  });
});
