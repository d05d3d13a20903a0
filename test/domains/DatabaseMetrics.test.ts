// DatabaseMetrics on both recording paths and both temporalities.
import { describe, expect, it } from 'vitest';
import { DatabaseMetrics } from '../../src/domains/DatabaseMetrics.js';
import { BUCKET_SETS } from '../../src/core/buckets.js';
import { recordingSetups } from '../support/recordingSetups.js';

class MongoServerError extends Error {
  override name = 'MongoServerError';
}

describe.each(recordingSetups())('DatabaseMetrics ($name)', (setup) => {
  it('records operations, their latency on the db buckets, and errors by class', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new DatabaseMetrics({ meterProvider });
    m.recordOperation({ operation: 'find', collection: 'users', durationSeconds: 0.004 });
    m.recordOperation({ operation: 'find', collection: 'users', durationSeconds: 0.2 });
    m.recordOperation({ operation: 'insert', collection: 'users', durationSeconds: 0.03, error: new MongoServerError('E11000 duplicate key { email: "a@b.c" }') });
    const s = await collect();
    expect(s.value('database.operations.total', { operation: 'find', collection: 'users' })).toBe(2);
    expect(s.value('database.operations.total', { operation: 'insert', collection: 'users' })).toBe(1);
    expect(s.value('database.errors.total', { operation: 'insert', error_type: 'MongoServerError' })).toBe(1);
    const h = s.histogram('database.operation.duration', { operation: 'find', collection: 'users' });
    expect(h.boundaries).toEqual([...BUCKET_SETS.db]);
    expect(h.count).toBe(2);
  });

  it('counts a held connection once, however often it is released', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new DatabaseMetrics({ meterProvider });
    const a = m.connectionAcquired();
    const b = m.connectionAcquired();
    expect((await collect()).value('database.connections.active')).toBe(2);
    a.finish();
    a.finish();
    expect((await collect()).value('database.connections.active')).toBe(1);
    b.finish();
    expect((await collect()).value('database.connections.active')).toBe(0);
  });
});
