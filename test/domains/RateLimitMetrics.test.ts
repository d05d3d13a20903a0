// RateLimitMetrics on both recording paths and both temporalities.
import { describe, expect, it } from 'vitest';
import { RateLimitMetrics } from '../../src/domains/RateLimitMetrics.js';
import { recordingSetups } from '../support/recordingSetups.js';

describe.each(recordingSetups())('RateLimitMetrics ($name)', (setup) => {
  it('recordCheck counts the check and its outcome, templates the endpoint, and derives quota usage', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new RateLimitMetrics({ meterProvider });
    const check = { authenticated: true, algorithm: 'sliding_window', group: 'pro', priority: 'high', multiplier: 1.5, durationSeconds: 0.0003, limit: 200 } as const;
    m.recordCheck({ ...check, endpoint: '/api/users/1001/files', allowed: true, remaining: 150 });
    m.recordCheck({ ...check, endpoint: '/api/users/1002/files', allowed: true, remaining: 50 });
    m.recordCheck({ ...check, endpoint: '/api/users/1003/files', allowed: false, remaining: 0 });

    const s = await collect();
    expect(s.value('rate_limit.requests.total', { authenticated: 'true', endpoint: '/api/users/{id}/files', algorithm: 'sliding_window' })).toBe(3);
    expect(s.value('rate_limit.allowed.total', { group: 'pro', priority: 'high', multiplier: 1.5 })).toBe(2);
    expect(s.value('rate_limit.rejected.total', { group: 'pro', priority: 'high', multiplier: 1.5 })).toBe(1);
    // usage = 100 × (limit − remaining) / limit: 25 %, 75 %, 100 %.
    expect(s.histogram('rate_limit.quota.usage')).toMatchObject({ count: 3, sum: 200, min: 25, max: 100 });
    expect(s.histogram('rate_limit.remaining')).toMatchObject({ count: 3, sum: 200 });
    expect(s.histogram('rate_limit.check.duration', { endpoint: '/api/users/{id}/files', authenticated: 'true' }).count).toBe(3);
    expect(s.has('rate_limit.token_bucket.tokens')).toBe(false);
  });

  it('records bypasses and Redis calls', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new RateLimitMetrics({ meterProvider });
    m.bypassed({ endpoint: '/internal/probe/7' });
    expect(() => m.bypassed({ endpoint: undefined as never })).not.toThrow();
    m.recordRedisOperation({ operation: 'evalsha', durationSeconds: 0.0012 });
    const s = await collect();
    expect(s.value('rate_limit.bypass.total', { endpoint: '/internal/probe/{id}' })).toBe(1);
    expect(s.value('rate_limit.bypass.total', { endpoint: '_OTHER' })).toBe(1);
    expect(s.histogram('rate_limit.redis.duration', { operation: 'evalsha' }).sum).toBe(0.0012);
  });
});
