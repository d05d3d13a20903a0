// The fast path against the plain SDK path: the same randomized recordings (many attribute sets,
// values in every bucket and on boundaries, invalid inputs mixed in) and the same collection
// schedule on a cumulative and a delta reader must export identical data; so must one name
// declared through several allow-lists, past a small limit.
import { AggregationTemporality, type DataPoint, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { BaseMetrics } from '../../../src/core/BaseMetrics.js';
import { BUCKET_SETS } from '../../../src/core/buckets.js';
import { DiagnosticsSink } from '../../../src/core/DiagnosticsSink.js';
import { counter, histogram, upDownCounter } from '../../../src/core/MetricSpec.js';
import type { TestReader } from '../../support/collect.js';
import { runtimeLikeProvider } from '../../support/fastPathProvider.js';
import { prng } from '../../support/prng.js';

const SPECS = {
  requests: counter({ name: 'diff.requests.total', unit: '{request}', description: 'Requests', attributes: ['route', 'method', 'status'] }),
  ticks: counter({ name: 'diff.ticks.total', unit: '{tick}', description: 'Ticks', attributes: [] }),
  inflight: upDownCounter({ name: 'diff.inflight', unit: '{request}', description: 'In flight', attributes: ['route'] }),
  queued: upDownCounter({ name: 'diff.queued', unit: '{job}', description: 'Queued', attributes: [] }),
  latency: histogram({ name: 'diff.latency', unit: 's', description: 'Latency', attributes: ['route', 'method'], buckets: 'request' }),
};

class DiffMetrics extends BaseMetrics {
  readonly requests = this.counter(SPECS.requests);
  readonly ticks = this.counter(SPECS.ticks);
  readonly inflight = this.upDownCounter(SPECS.inflight);
  readonly queued = this.upDownCounter(SPECS.queued);
  readonly latency = this.histogram(SPECS.latency);
}


function setup(fast: boolean, cardinalityLimit: number, temporalities: readonly AggregationTemporality[]) {
  const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: Object.values(SPECS), cardinalityLimit, temporalities });
  return { metrics: new DiffMetrics({ meterProvider }), readers };
}

const BAD = [Number.NaN, Infinity, -Infinity, -1, -0.5, '2', undefined, null] as unknown as number[];
const BOUNDARIES = BUCKET_SETS.request;

type Op = (m: DiffMetrics) => void;

function randomOps(random: () => number, count: number, distinctRoutes: number): Op[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const routes = Array.from({ length: distinctRoutes }, (_, i) => `/r/${i}`);
  const ops: Op[] = [];
  for (let i = 0; i < count; i++) {
    const route = pick(routes);
    const method = pick(['GET', 'POST', undefined]);
    const roll = random();
    const value =
      random() < 0.05
        ? pick(BAD)
        : random() < 0.2
          ? pick(BOUNDARIES) // exactly on a boundary: upper-inclusive on both paths
          : random() * 12; // spans every bucket and the overflow bucket
    // Every random choice is made here, so that both paths replay exactly the same call.
    const status = pick([200, 404, 500]);
    const increment = random() < 0.9 ? Math.ceil(random() * 3) : value;
    const step = random() < 0.5 ? 1 : -1;
    if (roll < 0.35) ops.push((m) => m.requests.add(increment, { route, method, status }));
    else if (roll < 0.4) ops.push((m) => m.ticks.add(1));
    else if (roll < 0.45) {
      const delta = random() < 0.5 ? step : value;
      ops.push(random() < 0.5 ? (m) => m.ticks.add(increment) : (m) => m.queued.add(delta));
    }
    else if (roll < 0.65) ops.push((m) => m.inflight.add(step, { route }));
    else if (roll < 0.7) ops.push((m) => m.inflight.add(value, { route }));
    else ops.push((m) => m.latency.record(value, { route, method, extra: 'dropped' } as never));
  }
  return ops;
}

/**
 * Sums of fractions to 12 significant digits: when a delta reader collects first, the SDK adds a
 * cumulative reader's intervals in another grouping than the fast path, and the last binary
 * digit of a sum can differ.
 */
const digits = (x: number) => Number(x.toPrecision(12));

/** What must agree: names, units, descriptions, temporality, attributes and values; not timestamps. */
function normalize(metrics: MetricData[]) {
  return metrics
    .map((m) => ({
      name: m.descriptor.name,
      unit: m.descriptor.unit,
      description: m.descriptor.description,
      temporality: m.aggregationTemporality,
      monotonic: 'isMonotonic' in m ? m.isMonotonic : undefined,
      points: (m.dataPoints as DataPoint<number | Histogram>[])
        .map((p) => {
          const v = p.value;
          const value = typeof v === 'number' ? digits(v) : { count: v.count, sum: digits(v.sum!), min: v.min, max: v.max, boundaries: v.buckets.boundaries, counts: v.buckets.counts };
          return { attributes: JSON.stringify(Object.entries(p.attributes).sort()), value };
        })
        .sort((a, b) => a.attributes.localeCompare(b.attributes)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function collect(reader: TestReader) {
  const snapshot = await reader.snapshot();
  return normalize(snapshot.metrics);
}

// The first reader's state is held apart from the others' (see PerReader): both orders.
const ORDERS = [
  ['cumulative reader first', [AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA]],
  ['delta reader first', [AggregationTemporality.DELTA, AggregationTemporality.CUMULATIVE]],
] as const;

describe.each(ORDERS)('fast path ≡ plain SDK path, %s', (_order, temporalities) => {
  it.each([
    [1, 40, 3],
    [2, 40, 200],
    [3, 2000, 60],
    [4, 5, 30],
    [5, 2000, 1500],
  ])('seed %i, cardinality limit %i, %i routes: identical exports on cumulative and delta readers over 8 cycles', async (seed, limit, routes) => {
    const random = prng(seed);
    const fast = setup(true, limit, temporalities);
    const sdk = setup(false, limit, temporalities);
    for (let cycle = 0; cycle < 8; cycle++) {
      const ops = randomOps(random, 400 + Math.floor(random() * 800), routes);
      for (const op of ops) {
        op(fast.metrics);
        op(sdk.metrics);
      }
      // Collection order varies: sometimes only one reader collects in a cycle.
      const order = random() < 0.3 ? [0] : random() < 0.5 ? [1, 0] : [0, 1];
      for (const r of order) {
        const expected = await collect(sdk.readers[r]!);
        const actual = await collect(fast.readers[r]!);
        expect(actual, `cycle ${cycle}, reader ${r}`).toEqual(expected);
      }
    }
  });
});

// One name declared through several allow-lists (shorter, reordered with a repeated key, none),
// instances made mid-stream (their caches empty), callers adding keys their list drops, and a
// small limit, so that most records are resolved past it on both paths.
const SHARED_DECLARATIONS = [['op', 'status', 'tier'], ['op', 'status'], ['tier', 'op', 'status', 'tier'], []].map((attributes) =>
  counter({ name: 'diff.shared.total', unit: '{op}', description: 'Shared', attributes }),
);

class Declared extends BaseMetrics {
  readonly ops;
  constructor(options: ConstructorParameters<typeof BaseMetrics>[0], spec: (typeof SHARED_DECLARATIONS)[number]) {
    super(options);
    this.ops = this.counter(spec);
  }
}

type SharedOp = (instances: Declared[][], make: (declaration: number) => Declared) => void;

function sharedOps(random: () => number, count: number): SharedOp[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const ops: SharedOp[] = [];
  for (let i = 0; i < count; i++) {
    const declaration = Math.floor(random() * SHARED_DECLARATIONS.length);
    const fresh = random() < 0.1;
    const which = random();
    const attributes: Record<string, unknown> = {};
    const choices: [string, readonly unknown[]][] = [
      ['op', ['a', 'b', 'c', 200, '200', ' a', '', undefined]],
      ['status', ['ok', 'failed', undefined]],
      ['tier', ['eu', 'us', `t${Math.floor(random() * 50)}`, undefined]],
      ['tenant', [undefined, undefined, 'x']],
    ];
    for (const [key, values] of choices) {
      const value = pick(values);
      if (value !== undefined || random() < 0.3) attributes[key] = value;
    }
    const increment = Math.ceil(random() * 3);
    ops.push((instances, make) => {
      const list = instances[declaration]!;
      if (fresh || list.length === 0) list.push(make(declaration));
      list[Math.floor(which * list.length)]!.ops.add(increment, attributes as never);
    });
  }
  return ops;
}

describe.each(ORDERS)('fast path ≡ plain SDK path, one name through several allow-lists, %s', (_order, temporalities) => {
  it.each([
    [11, 3],
    [12, 5],
    [13, 12],
  ])('seed %i, cardinality limit %i: identical exports over 8 cycles', async (seed, limit) => {
    const random = prng(seed);
    const paths = [true, false].map((fast) => {
      const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: [SHARED_DECLARATIONS[0]!], cardinalityLimit: limit, temporalities, diagnostics: new DiagnosticsSink('silent') });
      const instances: Declared[][] = SHARED_DECLARATIONS.map(() => []);
      // The widest declaration defines the metric; the bare one is made at start-up too, and its 0
      // takes a place.
      instances[0]!.push(new Declared({ meterProvider }, SHARED_DECLARATIONS[0]!));
      instances[3]!.push(new Declared({ meterProvider }, SHARED_DECLARATIONS[3]!));
      return { readers, instances, make: (declaration: number) => new Declared({ meterProvider }, SHARED_DECLARATIONS[declaration]!) };
    });
    for (let cycle = 0; cycle < 8; cycle++) {
      for (const op of sharedOps(random, 300)) for (const path of paths) op(path.instances, path.make);
      const order = random() < 0.3 ? [0] : random() < 0.5 ? [1, 0] : [0, 1];
      for (const r of order) {
        const expected = await collect(paths[1]!.readers[r]!);
        const actual = await collect(paths[0]!.readers[r]!);
        expect(actual, `cycle ${cycle}, reader ${r}`).toEqual(expected);
      }
    }
  });
});
