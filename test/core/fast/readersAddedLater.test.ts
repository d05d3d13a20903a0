// A series keeps its first reader's state on its own and more readers' in an array by reader
// index. A reader that starts collecting after series exist, delta or cumulative, gets its own
// share from then on while the first reader's totals go on unchanged, over many collections.
import { AggregationTemporality, type DataPoint, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { counter, histogram } from '../../../src/core/MetricSpec.js';
import { LocalAggregation, type HistogramSeries } from '../../../src/core/fast/LocalAggregation.js';

const SUM = counter({ name: 'later.jobs.total', unit: '{job}', description: 'Jobs', attributes: ['queue'] });
const HISTOGRAM = histogram({ name: 'later.latency', unit: 's', description: 'Latency', attributes: ['queue'], buckets: 'request' });
const QUEUES = ['a', 'b', 'c'];

function record(aggregation: LocalAggregation, queue: string, value: number): void {
  let series = aggregation.series({ queue }, `queue\u0001${queue}`);
  if (series.epoch !== aggregation.epoch) series = aggregation.open(series);
  if (!aggregation.histogram) {
    series.value += value;
    return;
  }
  const h = series as HistogramSeries;
  h.count++;
  h.sum += value;
}

/** Queue → value (sums) or sum of values (histograms) in one collection. */
async function collect(aggregation: LocalAggregation, reader: object, temporality: AggregationTemporality): Promise<Record<string, number>> {
  const metric = (await aggregation.collect(reader, () => temporality, Date.now())) as MetricData | undefined;
  const values: Record<string, number> = {};
  for (const point of (metric?.dataPoints ?? []) as DataPoint<number | Histogram>[]) {
    values[String(point.attributes.queue)] = typeof point.value === 'number' ? point.value : point.value.sum!;
  }
  return values;
}

const ORDERS = [
  [AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA],
  [AggregationTemporality.DELTA, AggregationTemporality.CUMULATIVE],
  [AggregationTemporality.CUMULATIVE, AggregationTemporality.CUMULATIVE],
  [AggregationTemporality.DELTA, AggregationTemporality.DELTA],
] as const;

describe.each([SUM, HISTOGRAM])('a reader added after series exist ($kind)', (spec) => {
  it.each(ORDERS)('first reader %s, second %s: each reports its own share over 30 collections', async (firstTemporality, secondTemporality) => {
    const aggregation = new LocalAggregation(spec, 100);
    const first = {};
    const second = {};
    aggregation.addReader(first);
    // What each reader should report: cumulative totals, or what was recorded since its last collection.
    const totals = [new Map<string, number>(), new Map<string, number>()];
    const since = [new Map<string, number>(), new Map<string, number>()];
    const expected = (r: number, temporality: AggregationTemporality) => {
      const source = temporality === AggregationTemporality.CUMULATIVE ? totals[r]! : since[r]!;
      const out = Object.fromEntries([...source].filter(([, v]) => v !== 0 || temporality === AggregationTemporality.CUMULATIVE));
      since[r]!.clear();
      return out;
    };
    let secondAdded = false;
    for (let round = 0; round < 30; round++) {
      if (round === 5) {
        aggregation.addReader(second);
        secondAdded = true;
      }
      for (let i = 0; i < 4; i++) {
        const queue = QUEUES[(round + i) % (round < 10 ? 2 : 3)]!;
        const value = 1 + ((round * 7 + i) % 5);
        record(aggregation, queue, value);
        for (let r = 0; r < (secondAdded ? 2 : 1); r++) {
          totals[r]!.set(queue, (totals[r]!.get(queue) ?? 0) + value);
          since[r]!.set(queue, (since[r]!.get(queue) ?? 0) + value);
        }
      }
      // Collection order varies, and now and then only one of the two collects.
      const order = round % 4 === 1 ? [1] : round % 3 === 0 ? [1, 0] : [0, 1];
      for (const r of order) {
        if (r === 1 && !secondAdded) continue;
        const temporality = r === 0 ? firstTemporality : secondTemporality;
        expect(await collect(aggregation, r === 0 ? first : second, temporality), `round ${round}, reader ${r}`).toEqual(expected(r, temporality));
      }
    }
  });
});
