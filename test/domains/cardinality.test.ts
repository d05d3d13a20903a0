// Unbounded input through the public methods must leave the number of exported series bounded
// (templating, error classes, the cardinality limit) and memory growth small, on both recording
// paths and both temporalities.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DataPoint } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { METRICS_CONFIG_DEFAULTS } from '../../src/config/MetricsConfig.js';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import { recordingSetups } from '../support/recordingSetups.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const N = 100_000;
const MiB = 1024 * 1024;
/** What startMetrics() applies unless told otherwise. */
const LIMIT = METRICS_CONFIG_DEFAULTS.cardinalityLimit;
/**
 * Distinct inputs for the templating tests: ten times the limit, so a raw value leaking into an
 * attribute would show as the limit's worth of series. The 100 000-value scale is kept where it
 * matters, for memory, in the last test; at it the templating tests took seconds per setup.
 */
const DISTINCT = 10 * LIMIT;

describe.each(recordingSetups())('cardinality under unbounded input ($name)', (setup) => {
  function start() {
    const { meterProvider, collect } = setup.start({ cardinalityLimit: LIMIT });
    return { metrics: new DomainMetrics({ meterProvider }), collect };
  }

  it(`${DISTINCT} distinct raw paths become one route-template series per metric`, async () => {
    const { metrics, collect } = start();
    for (let i = 0; i < DISTINCT; i++) {
      metrics.rateLimit.recordCheck({
        endpoint: `/users/${i}/orders/${crypto.randomUUID()}?token=${i}`,
        authenticated: true,
        algorithm: 'token_bucket',
        allowed: true,
        durationSeconds: 0.0001,
      });
      metrics.worker.recordApiRequest({ method: 'GET', uri: `/tasks/${i}`, status: 200, durationSeconds: 0.01 });
    }
    const s = await collect();
    const series = { authenticated: 'true', endpoint: '/users/{id}/orders/{uuid}', algorithm: 'token_bucket' };
    expect(s.attributeSets('rate_limit.requests.total')).toEqual([series]);
    expect(s.value('rate_limit.requests.total', series)).toBe(DISTINCT);
    expect(s.attributeSets('api.request.duration')).toEqual([{ method: 'GET', uri: '/tasks/{id}', status: 200 }]);
    expect(s.histogram('api.request.duration', { method: 'GET', uri: '/tasks/{id}', status: 200 }).count).toBe(DISTINCT);
  });

  it(`${DISTINCT} distinct error messages become one series per error class`, async () => {
    const { metrics, collect } = start();
    for (let i = 0; i < DISTINCT; i++) {
      metrics.execution.errorOccurred({ error: `connection to 10.0.${i >> 8}.${i & 255} refused after ${i} ms` });
      metrics.event.recordProcessing({ eventType: 'order.created', topic: 'orders', durationSeconds: 0.001, error: new TypeError(`bad field #${i}`) });
    }
    const s = await collect();
    expect(s.attributeSets('script.errors.total')).toEqual([{ error_type: '_OTHER' }]);
    expect(s.value('script.errors.total', { error_type: '_OTHER' })).toBe(DISTINCT);
    expect(s.attributeSets('events.errors.total')).toEqual([{ event_type: 'order.created', error_type: 'TypeError' }]);
    expect(s.value('events.errors.total', { event_type: 'order.created', error_type: 'TypeError' })).toBe(DISTINCT);
  });

  it(`${N} distinct identifier-like values are capped at the cardinality limit, counts kept in the overflow series, heap growth < 16 MiB`, async () => {
    const { metrics, collect } = start();
    const before = heapUsed();
    for (let i = 0; i < N; i++) metrics.execution.errorOccurred({ error: `E${i}` });
    const s = await collect();
    const grown = heapUsed() - before;
    const points = s.metric('script.errors.total').dataPoints as DataPoint<number>[];
    // limit − 1 attribute sets, the first ones seen, and the overflow series for everything after.
    expect(points).toHaveLength(LIMIT);
    expect(s.value('script.errors.total', { error_type: 'E0' })).toBe(1);
    expect(s.value('script.errors.total', { error_type: `E${LIMIT - 2}` })).toBe(1);
    expect(s.value('script.errors.total', { 'otel.metric.overflow': true })).toBe(N - (LIMIT - 1));
    expect(points.reduce((sum, p) => sum + p.value, 0)).toBe(N);
    console.log(`cardinality (${setup.name}): ${N} distinct error types → ${points.length} series (limit ${LIMIT}); heap growth ${(grown / MiB).toFixed(1)} MiB`);
    expect(grown).toBeLessThan(16 * MiB);
  });
});
