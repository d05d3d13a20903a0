import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type MetricData, type ScopeMetrics } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { DiagnosticsSink } from '../../../src/core/DiagnosticsSink.js';
import { ClusterAggregate, CLUSTER_WORKER_ATTRIBUTE } from '../../../src/runtime/cluster/ClusterAggregate.js';
import { captureDiag } from '../../support/diagnostics.js';

const SCOPE = { name: 'otel-domain-metrics', version: '1.0.0' };
const T0: [number, number] = [1000, 0];
const T1: [number, number] = [2000, 0];

function counter(name: string, points: [Record<string, string>, number][], isMonotonic = true): MetricData {
  return {
    descriptor: { name, description: '', unit: '1', valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic,
    dataPoints: points.map(([attributes, value]) => ({ attributes, value, startTime: T0, endTime: T1 })),
  };
}

function histogram(name: string, boundaries: number[], counts: number[], sum: number): MetricData {
  return {
    descriptor: { name, description: '', unit: 's', valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: [
      {
        attributes: {},
        startTime: T0,
        endTime: T1,
        value: { buckets: { boundaries, counts }, sum, count: counts.reduce((a, b) => a + b, 0), min: 0.1, max: 2 },
      },
    ],
  };
}

function gauge(name: string, value: number): MetricData {
  return {
    descriptor: { name, description: '', unit: '1', valueType: ValueType.DOUBLE },
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: [{ attributes: { topic: 't' }, value, startTime: T0, endTime: T1 }],
  };
}

/** What a worker sends: JSON, as it crosses the IPC channel. */
function report(...metrics: MetricData[]): ScopeMetrics[] {
  return JSON.parse(JSON.stringify([{ scope: SCOPE, metrics }])) as ScopeMetrics[];
}

function metric(merged: ScopeMetrics[], name: string): MetricData | undefined {
  return merged.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
}

function values(merged: ScopeMetrics[], name: string): Record<string, unknown> {
  const found = metric(merged, name);
  return Object.fromEntries((found?.dataPoints ?? []).map((p) => [JSON.stringify(p.attributes), p.value]));
}

describe('ClusterAggregate', () => {
  let captured: ReturnType<typeof captureDiag> | undefined;
  afterEach(() => captured?.restore());
  const aggregate = () => new ClusterAggregate(new DiagnosticsSink('console'));

  it('adds counters per series over workers, whatever order each worker saw the attribute keys in', () => {
    const a = aggregate();
    a.join(1);
    a.join(2);
    a.update(1, report(counter('c', [[{ x: '1', y: '2' }, 3], [{ x: 'only-1', y: '2' }, 1]])));
    a.update(2, report(counter('c', [[{ y: '2', x: '1' }, 4]])));
    expect(values(a.merged(), 'c')).toEqual({ '{"x":"1","y":"2"}': 7, '{"x":"only-1","y":"2"}': 1 });
  });

  it('keeps an exited worker’s last totals and adds the newcomer’s on top, once', () => {
    const a = aggregate();
    a.join(1);
    a.update(1, report(counter('c', [[{}, 10]]), histogram('h', [1], [2, 1], 2.2)));
    a.retire(1);
    a.retire(1);
    a.join(2);
    a.update(2, report(counter('c', [[{}, 1]]), histogram('h', [1], [1, 0], 0.5)));
    const merged = a.merged();
    expect(values(merged, 'c')).toEqual({ '{}': 11 });
    expect(values(merged, 'h')).toEqual({ '{}': { buckets: { boundaries: [1], counts: [3, 1] }, sum: 2.7, count: 4, min: 0.1, max: 2 } });
    // Asking again does not add the retired totals a second time.
    expect(values(a.merged(), 'c')).toEqual({ '{}': 11 });
  });

  it('shows gauges and up-down counters per live worker slot, and drops them when the worker goes; a restarted worker reuses the free slot', () => {
    const a = aggregate();
    a.join(7);
    a.join(8);
    a.update(7, report(gauge('g', 5), counter('u', [[{}, -2]], false)));
    a.update(8, report(gauge('g', 6), counter('u', [[{}, 4]], false)));
    expect(values(a.merged(), 'g')).toEqual({
      [JSON.stringify({ topic: 't', [CLUSTER_WORKER_ATTRIBUTE]: '1' })]: 5,
      [JSON.stringify({ topic: 't', [CLUSTER_WORKER_ATTRIBUTE]: '2' })]: 6,
    });
    expect(values(a.merged(), 'u')).toEqual({ [JSON.stringify({ [CLUSTER_WORKER_ATTRIBUTE]: '1' })]: -2, [JSON.stringify({ [CLUSTER_WORKER_ATTRIBUTE]: '2' })]: 4 });
    a.retire(7);
    expect(values(a.merged(), 'g')).toEqual({ [JSON.stringify({ topic: 't', [CLUSTER_WORKER_ATTRIBUTE]: '2' })]: 6 });
    a.join(9);
    a.update(9, report(gauge('g', 1)));
    expect(values(a.merged(), 'g')[JSON.stringify({ topic: 't', [CLUSTER_WORKER_ATTRIBUTE]: '1' })]).toBe(1);
  });

  it('leaves out histogram series whose buckets differ between workers rather than adding them wrongly, and says so once', () => {
    captured = captureDiag();
    const a = aggregate();
    a.join(1);
    a.join(2);
    a.update(1, report(histogram('h', [1, 2], [1, 1, 0], 2)));
    a.update(2, report(histogram('h', [1, 5], [0, 3, 0], 6)));
    const first = a.merged();
    a.merged();
    expect(values(first, 'h')).toEqual({ '{}': { buckets: { boundaries: [1, 2], counts: [1, 1, 0] }, sum: 2, count: 2, min: 0.1, max: 2 } });
    expect(captured.warnings.filter((w) => w.includes('h has other bucket boundaries'))).toHaveLength(1);
  });

  it('keeps an empty histogram’s missing min and max missing after JSON (not 0, not null)', () => {
    const a = aggregate();
    a.join(1);
    const empty = histogram('h', [1], [0, 0], 0);
    const point = empty.dataPoints[0] as { value: { min?: number; max?: number } };
    point.value.min = Infinity;
    point.value.max = -Infinity;
    a.update(1, report(empty));
    a.join(2);
    a.update(2, report(empty));
    const value = values(a.merged(), 'h')['{}'] as { min?: number; max?: number; count: number };
    expect(value.count).toBe(0);
    expect(value.min).toBeUndefined();
    expect(value.max).toBeUndefined();
  });

  it('a worker never joined or already gone changes nothing when it reports', () => {
    const a = aggregate();
    a.update(3, report(counter('c', [[{}, 5]])));
    expect(a.merged()).toEqual([]);
    expect(a.workers()).toEqual([]);
  });
});
