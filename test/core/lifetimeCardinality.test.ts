// A soak over thousands of collections with id churn, on both recording paths and both
// temporalities: a metric never exports more series than its cardinality limit, memory stays
// flat, nothing valid is lost, and (on the fast path) series not recorded for the expiry time
// leave, freeing their place.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AggregationTemporality, DataPointType, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BaseMetrics } from '../../src/core/BaseMetrics.js';
import { counter, gauge, histogram } from '../../src/core/MetricSpec.js';
import type { Snapshot } from '../support/collect.js';
import { runtimeLikeProvider } from '../support/fastPathProvider.js';

const SPECS = {
  errors: counter({ name: 'soak.errors.total', unit: '{error}', description: 'Errors', attributes: ['error_type'] }),
  latency: histogram({ name: 'soak.latency', unit: 's', description: 'Latency', attributes: ['error_type'], buckets: 'request' }),
  lag: gauge({ name: 'soak.lag', unit: '{message}', description: 'Lag', attributes: ['partition'], nonNegative: true }),
};

class Soak extends BaseMetrics {
  readonly errors = this.counter(SPECS.errors);
  readonly latency = this.histogram(SPECS.latency);
  readonly lag = this.gauge(SPECS.lag);
}

const LIMIT = 5;
const STEP_MS = 1000;

function pointsOf(snapshot: Snapshot, name: string): DataPoint<number | Histogram>[] {
  return snapshot.has(name) ? (snapshot.metric(name).dataPoints as DataPoint<number | Histogram>[]) : [];
}

function total(points: DataPoint<number | Histogram>[]): number {
  return points.reduce((sum, p) => sum + (typeof p.value === 'number' ? p.value : p.value.count), 0);
}

function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

const TEMPORALITIES = [
  ['cumulative', AggregationTemporality.CUMULATIVE],
  ['delta', AggregationTemporality.DELTA],
] as const;

describe.each([
  ['fast path', true],
  ['SDK path', false],
] as const)('lifetime cardinality on the %s', (_path, fast) => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(TEMPORALITIES)('%s reader: 3,000 collections with 4 new ids each never export more than the limit', async (_name, temporality) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: Object.values(SPECS), cardinalityLimit: LIMIT, seriesExpiryMillis: 5 * STEP_MS, temporalities: [temporality] });
    const reader = readers[0]!;
    const soak = new Soak({ meterProvider });
    let recorded = 0;
    let exported = 0;
    let steadyExported = 0;
    let heapAt500 = 0;
    for (let cycle = 0; cycle < 3000; cycle++) {
      soak.errors.add(1, { error_type: 'Steady' });
      soak.latency.record(0.1, { error_type: 'Steady' });
      for (let i = 0; i < 4; i++) {
        soak.errors.add(1, { error_type: `Churn${cycle}-${i}` });
        soak.latency.record(0.2, { error_type: `Churn${cycle}-${i}` });
        soak.lag.record(i, { partition: `p${cycle}-${i}` });
      }
      recorded += 5;
      vi.setSystemTime(Date.now() + STEP_MS);
      const snapshot = await reader.snapshot();
      const errors = pointsOf(snapshot, SPECS.errors.name);
      const latency = pointsOf(snapshot, SPECS.latency.name);
      expect(errors.length, `cycle ${cycle}`).toBeLessThanOrEqual(LIMIT);
      expect(latency.length, `cycle ${cycle}`).toBeLessThanOrEqual(LIMIT);
      expect(pointsOf(snapshot, SPECS.lag.name).length).toBeLessThanOrEqual(LIMIT);
      const steady = errors.find((p) => p.attributes['error_type'] === 'Steady');
      expect(steady, `cycle ${cycle}: the steady series is always exported`).toBeDefined();
      if (temporality === AggregationTemporality.DELTA) {
        exported += total(errors);
        steadyExported += steady!.value as number;
      } else {
        steadyExported = steady!.value as number;
      }
      if (cycle === 500) heapAt500 = heapAfterGc();
    }
    // The series recorded every cycle never expires, and its count is exact.
    expect(steadyExported).toBe(3000);
    if (temporality === AggregationTemporality.DELTA) {
      // Delta: every valid increment was exported once, in its own series or the overflow series.
      expect(exported).toBe(recorded);
    } else if (!fast) {
      // The SDK path keeps what it admitted for the provider's lifetime: nothing leaves, so the
      // cumulative totals still add up to every increment.
      expect(total(pointsOf(await reader.snapshot(), SPECS.errors.name))).toBe(recorded);
    }
    // 2,500 more collections and 10,000 more ids leave the heap where it was.
    expect(heapAfterGc() - heapAt500).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('series expiry on the fast path', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(TEMPORALITIES)('%s reader: an expired series frees its place, its count leaves with it, and it returns from zero', async (_name, temporality) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { meterProvider, readers } = runtimeLikeProvider({ fast: true, specs: Object.values(SPECS), cardinalityLimit: 3, seriesExpiryMillis: 10_000, temporalities: [temporality] });
    const soak = new Soak({ meterProvider });
    const collect = async () => {
      vi.setSystemTime(Date.now() + STEP_MS);
      return readers[0]!.snapshot();
    };
    soak.errors.add(3, { error_type: 'A' });
    soak.errors.add(1, { error_type: 'B' });
    soak.errors.add(1, { error_type: 'C' }); // past the limit: 2 places and the overflow series
    let s = await collect();
    expect(s.value(SPECS.errors.name, { error_type: 'A' })).toBe(3);
    expect(s.value(SPECS.errors.name, { 'otel.metric.overflow': true })).toBe(1);
    // B keeps being recorded; A does not, and leaves after 10 s.
    for (let i = 0; i < 12; i++) {
      soak.errors.add(1, { error_type: 'B' });
      s = await collect();
    }
    const sets = s.attributeSets(SPECS.errors.name).map((a) => a['error_type'] ?? 'overflow');
    expect(sets.sort()).toEqual(temporality === AggregationTemporality.CUMULATIVE ? ['B', 'overflow'] : ['B']);
    // A's place is free again: C is admitted now, and A's old count did not move anywhere.
    soak.errors.add(1, { error_type: 'C' });
    soak.errors.add(2, { error_type: 'A' }); // no place left (B and C): overflow
    soak.errors.add(1, { error_type: 'B' });
    s = await collect();
    expect(s.value(SPECS.errors.name, { error_type: 'C' })).toBe(1);
    const overflow = s.value(SPECS.errors.name, { 'otel.metric.overflow': true });
    expect(overflow).toBe(temporality === AggregationTemporality.CUMULATIVE ? 3 : 2);
    expect(s.value(SPECS.errors.name, { error_type: 'B' })).toBe(temporality === AggregationTemporality.CUMULATIVE ? 14 : 1);
  });

  it('drops a gauge value not set again for the expiry time, keeps one that is, and removes on a cumulative reader too', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { meterProvider, readers } = runtimeLikeProvider({ fast: true, specs: Object.values(SPECS), seriesExpiryMillis: 10_000, temporalities: [AggregationTemporality.CUMULATIVE] });
    const soak = new Soak({ meterProvider });
    soak.lag.record(7, { partition: '0' });
    soak.lag.record(9, { partition: '1' });
    soak.lag.record(3, { partition: '2' });
    expect((await readers[0]!.snapshot()).attributeSets(SPECS.lag.name)).toHaveLength(3);
    soak.lag.remove({ partition: '0' });
    let s = await readers[0]!.snapshot();
    expect(s.attributeSets(SPECS.lag.name).map((a) => a['partition']).sort()).toEqual(['1', '2']);
    expect(s.metric(SPECS.lag.name).dataPointType).toBe(DataPointType.GAUGE);
    // Partition 1 keeps being set; partition 2 was set once and goes after 10 s.
    for (let i = 0; i < 12; i++) {
      vi.setSystemTime(Date.now() + STEP_MS);
      soak.lag.record(10 + i, { partition: '1' });
      s = await readers[0]!.snapshot();
    }
    expect(s.attributeSets(SPECS.lag.name)).toEqual([{ partition: '1' }]);
    expect(s.value(SPECS.lag.name, { partition: '1' })).toBe(21);
  });
});
