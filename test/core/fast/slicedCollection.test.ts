// A collection of many series is closed, swept for expiry and reported in slices, with event-loop
// turns between them: records made during those turns are neither lost nor counted twice, each
// collection reports the moment it was asked for, and two readers collecting at once each get one
// consistent collection.
import { AggregationTemporality, type MetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BaseMetrics, counter, histogram } from '../../../src/index.js';
import type { Snapshot } from '../../support/collect.js';
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

/** Each series' value of `name` by its id. */
function valuesById(snapshot: Snapshot, name: string): Map<string, number> {
  const values = new Map<string, number>();
  if (!snapshot.has(name)) return values;
  for (const point of snapshot.metric(name).dataPoints) values.set(String(point.attributes.id), point.value as number);
  return values;
}

/** Calls `turn` in every event-loop turn until the returned function is called; how many it ran. */
function everyTurn(turn: (n: number) => void): () => number {
  let turns = 0;
  let running = true;
  const next = () => {
    if (!running) return;
    turn(++turns);
    setImmediate(next);
  };
  setImmediate(next);
  return () => {
    running = false;
    return turns;
  };
}

const TEMPORALITIES = [AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA] as const;

describe.each([true, false])('a collection of many series (fast path: %s)', (fast) => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(TEMPORALITIES)('reports the moment it was asked for; series recorded again before their interval was folded keep it (temporality %s)', async (temporality) => {
    const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: [EVENTS, SIZES], cardinalityLimit: SERIES * 2, temporalities: [temporality] });
    const reader = readers[0]!;
    const metrics = new SlicedMetrics({ meterProvider });
    const asked = new Map<string, number>();
    const add = (id: string, into: Map<string, number>) => {
      metrics.events.add(1, { id });
      into.set(id, (into.get(id) ?? 0) + 1);
    };
    for (let i = 0; i < SERIES; i++) add(`id-${i}`, asked);
    for (let i = SERIES - 100; i < SERIES; i++) add(`id-${i}`, asked);
    await reader.snapshot();
    // A second interval, opened in the same order: the series opened last are folded last.
    const second = new Map<string, number>();
    for (let i = 0; i < SERIES; i++) add(`id-${i}`, second);

    const meanwhile = new Map<string, number>();
    const collecting = reader.snapshot();
    // In each turn the collection gives up: the series folded last, and a new one.
    const stop = everyTurn((turn) => {
      for (let i = SERIES - 50; i < SERIES; i++) add(`id-${i}`, meanwhile);
      add(`new-${turn}`, meanwhile);
    });
    const snapshot = await collecting;
    const turns = stop();
    if (fast) expect(turns).toBeGreaterThanOrEqual(2);

    const expected = new Map(second);
    if (temporality === AggregationTemporality.CUMULATIVE) for (const [id, n] of asked) expected.set(id, n + (second.get(id) ?? 0));
    expect(valuesById(snapshot, EVENTS.name)).toEqual(expected);

    const next = valuesById(await reader.snapshot(), EVENTS.name);
    if (temporality === AggregationTemporality.DELTA) {
      expect(next).toEqual(meanwhile);
    } else {
      for (const [id, n] of meanwhile) expected.set(id, (expected.get(id) ?? 0) + n);
      expect(next).toEqual(expected);
    }
  });

  it('an expiry sweep walking the table in slices keeps what is recorded meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const expiry = 60_000;
    const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: [EVENTS, SIZES], cardinalityLimit: SERIES * 2, seriesExpiryMillis: expiry, temporalities: [AggregationTemporality.DELTA] });
    const reader = readers[0]!;
    const metrics = new SlicedMetrics({ meterProvider });
    for (let i = 0; i < SERIES; i++) metrics.events.add(1, { id: `id-${i}` });
    expect(valuesById(await reader.snapshot(), EVENTS.name).size).toBe(SERIES);
    // Every series is now past its expiry: the next collection's sweep takes them all, except
    // those recorded again while it walks the table (the last ones it reaches, and the first).
    vi.setSystemTime(Date.now() + expiry + 1);
    const meanwhile = new Map<string, number>();
    const collecting = reader.snapshot();
    const stop = everyTurn((turn) => {
      for (const i of [SERIES - turn, turn - 1]) {
        const id = `id-${i}`;
        metrics.events.add(2, { id });
        meanwhile.set(id, (meanwhile.get(id) ?? 0) + 2);
      }
    });
    expect(valuesById(await collecting, EVENTS.name).size).toBe(0);
    const turns = stop();
    if (fast) expect(turns).toBeGreaterThanOrEqual(2);
    expect(valuesById(await reader.snapshot(), EVENTS.name)).toEqual(meanwhile);
  });
});

// The plain SDK path collects in one go, without turns: this one is about the fast path's slices.
describe('sliced collections over time (fast path)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stays exact over 30 collections of id churn with expiry, records in every turn, two readers at once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const expiry = 60_000;
    const step = 20_000;
    const window = 6000;
    const { meterProvider, readers } = runtimeLikeProvider({ fast: true, specs: [EVENTS, SIZES], cardinalityLimit: window * 4, seriesExpiryMillis: expiry, temporalities: TEMPORALITIES });
    const [cumulative, delta] = readers as [(typeof readers)[0], (typeof readers)[0]];
    const metrics = new SlicedMetrics({ meterProvider });
    // Per id: its total, and when it was last recorded; ids leave the window for good.
    const totals = new Map<string, number>();
    const lastActive = new Map<string, number>();
    let recorded = 0;
    let deltaSum = 0;
    const add = (id: string, closesAt: number) => {
      metrics.events.add(1, { id });
      totals.set(id, (totals.get(id) ?? 0) + 1);
      lastActive.set(id, closesAt);
      recorded++;
    };
    let turns = 0;
    let lastRound = 0;
    for (let round = 0; round < 30; round++) {
      vi.setSystemTime(Date.now() + step);
      lastRound = Date.now();
      // Each round 2000 new ids; an id is recorded in three rounds, then never again. The records
      // made during the collections' turns go to ids the next round records too: which interval
      // takes them (the second reader's collection closes one more) then decides no expiry.
      const from = round * 2000;
      for (let k = 0; k < window; k++) add(`id-${from + k}`, lastRound);
      const stop = everyTurn((turn) => add(`id-${from + 2000 + ((turn * 7919) % (window - 2000))}`, lastRound));
      const [, d] = await Promise.all([cumulative.snapshot(), delta.snapshot()]);
      turns += stop();
      for (const value of valuesById(d, EVENTS.name).values()) deltaSum += value;
    }
    vi.setSystemTime(Date.now() + 1000);
    const [c, d] = await Promise.all([cumulative.snapshot(), delta.snapshot()]);
    for (const value of valuesById(d, EVENTS.name).values()) deltaSum += value;
    expect(turns).toBeGreaterThan(30);
    // Nothing lost or counted twice across 30 sliced collections.
    expect(deltaSum).toBe(recorded);
    // The cumulative reader holds exactly the ids the last sweep (at the last round) kept, each
    // with every record it ever had: none expired and came back.
    const expected = new Map([...totals].filter(([id]) => lastActive.get(id)! >= lastRound - expiry));
    expect(expected.size).toBeGreaterThan(window);
    expect(expected.size).toBeLessThan(totals.size / 4);
    expect(valuesById(c, EVENTS.name)).toEqual(expected);
  });
});
