// A collection of many series is reported in slices, with event-loop turns between them: records
// made during those turns are neither lost nor counted twice, and two readers collecting at once
// each get one consistent collection.
import { AggregationTemporality, type MetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { BaseMetrics, counter, histogram } from '../../../src/index.js';
import { runtimeLikeProvider } from '../../support/fastPathProvider.js';

const SERIES = 10_000;
const EVENTS = counter({ name: 'sliced.events.total', unit: '{event}', description: 'Events', attributes: ['id'] });
const SIZES = histogram({ name: 'sliced.size', unit: 'By', description: 'Sizes', attributes: ['id'], buckets: 'bytes' });

class SlicedMetrics extends BaseMetrics {
  readonly events = this.counter(EVENTS);
  readonly sizes = this.histogram(SIZES);
}

function totals(metrics: MetricData[], name: string): { sum: number; points: number } {
  const metric = metrics.find((m) => m.descriptor.name === name);
  if (metric === undefined) return { sum: 0, points: 0 };
  let sum = 0;
  for (const point of metric.dataPoints) sum += typeof point.value === 'number' ? point.value : (point.value as { count: number }).count;
  return { sum, points: metric.dataPoints.length };
}

describe('a collection of many series', () => {
  it('gives the event loop turns, and records made meanwhile land in the next collection, on every reader', async () => {
    const { meterProvider, readers } = runtimeLikeProvider({
      fast: true,
      specs: [EVENTS, SIZES],
      cardinalityLimit: SERIES + 1,
      temporalities: [AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA],
    });
    const metrics = new SlicedMetrics({ meterProvider });
    const [cumulative, delta] = readers as [(typeof readers)[0], (typeof readers)[0]];
    let deltaSum = 0;
    let recorded = 0;
    const record = (i: number) => {
      metrics.events.add(1, { id: `id-${i % SERIES}` });
      metrics.sizes.record(i, { id: `id-${i % SERIES}` });
      recorded++;
    };
    for (let i = 0; i < SERIES; i++) record(i);

    for (let round = 0; round < 5; round++) {
      // A record in every turn the collections give up, on series old and new.
      let turns = 0;
      let collecting = true;
      const meanwhile = () => {
        if (!collecting) return;
        turns++;
        record(turns * 7919);
        setImmediate(meanwhile);
      };
      setImmediate(meanwhile);
      const [c, d] = await Promise.all([cumulative.collect(), delta.collect()]);
      collecting = false;
      expect(turns).toBeGreaterThan(2);
      const all = (r: typeof c) => r.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
      const cumulativeEvents = totals(all(c), 'sliced.events.total');
      deltaSum += totals(all(d), 'sliced.events.total').sum;
      // Each collection is one moment: cumulative and delta agree on it, up to the records made
      // between the two collections' closing (in their turns).
      expect(cumulativeEvents.points).toBe(SERIES);
      expect(totals(all(c), 'sliced.size').sum).toBe(cumulativeEvents.sum);
      expect(cumulativeEvents.sum).toBeLessThanOrEqual(recorded);
    }
    // Nothing lost, nothing twice: one more quiet collection brings both readers to every record.
    const [c, d] = await Promise.all([cumulative.collect(), delta.collect()]);
    deltaSum += totals(d.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics), 'sliced.events.total').sum;
    expect(totals(c.resourceMetrics.scopeMetrics.flatMap((s) => s.metrics), 'sliced.events.total').sum).toBe(recorded);
    expect(deltaSum).toBe(recorded);
  });
});
