// The read-out over both recording paths: snapshots agree with what the readers export, windows
// expire and rate by a controllable clock, and state stays bounded over thousands of rotations.
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { describe, expect, it, vi } from 'vitest';
import { BaseMetrics, counter, gauge, histogram, upDownCounter, type BaseMetricsOptions } from '../../src/index.js';
import { Readout } from '../../src/readout/Readout.js';
import type { CounterSnapshot, GaugeSnapshot, HistogramSnapshot, MetricsSnapshot } from '../../src/readout/snapshotTypes.js';
import { recordingSetups } from '../support/recordingSetups.js';

const REQUESTS = counter({ name: 'shop.requests.total', unit: '{request}', description: 'Requests', attributes: ['route', 'status'] });
const LATENCY = histogram({ name: 'shop.request.duration', unit: 's', description: 'Latency', attributes: ['route', 'status'], buckets: 'long' });
const IN_FLIGHT = upDownCounter({ name: 'shop.in_flight', unit: '{request}', description: 'In flight', attributes: ['route'] });
const QUEUE = gauge({ name: 'shop.queue.depth', unit: '{job}', description: 'Queue depth', attributes: ['queue'] });
const SPECS = [REQUESTS, LATENCY, IN_FLIGHT, QUEUE];

class ShopMetrics extends BaseMetrics {
  readonly requests = this.counter(REQUESTS);
  readonly latency = this.histogram(LATENCY);
  readonly inFlight = this.upDownCounter(IN_FLIGHT);
  readonly queue = this.gauge(QUEUE);
  constructor(options: BaseMetricsOptions) {
    super(options);
  }
}

/** A clock the test moves by hand. */
function manualTime(start = Date.UTC(2030, 0, 1)) {
  const time = { now: start };
  return { time, now: () => time.now };
}

function metric<T>(snapshot: MetricsSnapshot, name: string): T {
  const found = snapshot.metrics.find((m) => m.name === name);
  if (found === undefined) throw new Error(`no ${name} in ${snapshot.metrics.map((m) => m.name).join(', ')}`);
  return found as T;
}

function seriesOf<S extends { attributes: Record<string, string | number> }>(series: readonly S[], attributes: Record<string, string | number>): S {
  const found = series.find((s) => JSON.stringify(Object.entries(s.attributes).sort()) === JSON.stringify(Object.entries(attributes).sort()));
  if (found === undefined) throw new Error(`no series ${JSON.stringify(attributes)} in ${series.map((s) => JSON.stringify(s.attributes)).join(' ')}`);
  return found;
}

describe.each(recordingSetups())('read-out on the $name', (setup) => {
  it('agrees with the exported counts, sums and values', async () => {
    const { now } = manualTime();
    const readout = new Readout({ windowSeconds: 60, percentiles: true, now, timer: false });
    const recording = setup.start({ specs: SPECS, readout });
    const shop = new ShopMetrics(recording);
    let expectedSum = 0;
    for (let i = 0; i < 5000; i++) {
      const status = i % 10 === 0 ? 'error' : 'ok';
      const seconds = 0.001 * (1 + (i % 250));
      shop.requests.add(1, { route: '/cart', status });
      shop.latency.record(seconds, { route: '/cart', status });
      if (status === 'ok') expectedSum += seconds;
      if (i % 1000 === 999) await recording.collect(); // several export intervals, as in production
    }
    shop.inFlight.add(3, { route: '/cart' });
    shop.inFlight.add(-1, { route: '/cart' });
    shop.queue.record(17, { queue: 'mail' });

    const exported = await recording.collect();
    const snapshot = readout.snapshot();
    const requests = metric<CounterSnapshot>(snapshot, 'shop.requests.total');
    expect(requests).toMatchObject({ kind: 'counter', prometheusName: 'shop_requests_total', unit: '{request}' });
    for (const status of ['ok', 'error']) {
      const attributes = { route: '/cart', status };
      expect(seriesOf(requests.series, attributes).value).toBe(exported.value('shop.requests.total', attributes));
      const latency = seriesOf(metric<HistogramSnapshot>(snapshot, 'shop.request.duration').series, attributes);
      const point = exported.histogram('shop.request.duration', attributes);
      expect(latency.lifetime.count).toBe(point.count);
      expect(latency.lifetime.sum).toBeCloseTo(point.sum!, 9);
      expect(latency.lifetime.min).toBe(point.min);
      expect(latency.lifetime.max).toBe(point.max);
      // Nothing moved the clock: the window holds everything too.
      expect(latency.window.count).toBe(point.count);
    }
    expect(seriesOf(metric<HistogramSnapshot>(snapshot, 'shop.request.duration').series, { route: '/cart', status: 'ok' }).lifetime.sum).toBeCloseTo(expectedSum, 9);
    expect(seriesOf(metric<CounterSnapshot>(snapshot, 'shop.in_flight').series, { route: '/cart' }).value).toBe(exported.value('shop.in_flight', { route: '/cart' }));
    expect(seriesOf(metric<GaugeSnapshot>(snapshot, 'shop.queue.depth').series, { queue: 'mail' }).value).toBe(17);
    expect(exported.value('shop.queue.depth', { queue: 'mail' })).toBe(17);
    // Plain data: a JSON round trip changes nothing.
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('reports percentiles within 2% of the exact ones (fast path) or null (percentiles off)', async () => {
    for (const percentiles of [true, false]) {
      const { now } = manualTime();
      const readout = new Readout({ windowSeconds: 60, percentiles, now, timer: false });
      const shop = new ShopMetrics(setup.start({ specs: SPECS, readout }));
      const values: number[] = [];
      for (let i = 1; i <= 10_000; i++) {
        const v = Math.exp(-5 + (10 * ((i * 7919) % 10_000)) / 10_000); // spread over four decades, shuffled
        values.push(v);
        shop.latency.record(v, { route: '/', status: 'ok' });
      }
      values.sort((a, b) => a - b);
      const s = seriesOf(metric<HistogramSnapshot>(readout.snapshot(), 'shop.request.duration').series, { route: '/', status: 'ok' });
      for (const [q, key] of [[0.5, 'p50'], [0.75, 'p75'], [0.9, 'p90'], [0.95, 'p95'], [0.99, 'p99']] as const) {
        const exact = values[Math.ceil(q * values.length) - 1]!;
        if (percentiles) {
          expect(Math.abs(s.lifetime[key]! - exact)).toBeLessThanOrEqual(0.02 * exact);
          expect(Math.abs(s.window[key]! - exact)).toBeLessThanOrEqual(0.02 * exact);
        } else {
          expect(s.lifetime[key]).toBeNull();
        }
      }
      expect(s.lifetime.count).toBe(10_000);
    }
  });

  it('lets values leave the window slice by slice and rates them over the time the window covers', () => {
    const { time, now } = manualTime();
    const readout = new Readout({ windowSeconds: 60, percentiles: true, now, timer: false });
    const shop = new ShopMetrics(setup.start({ specs: SPECS, readout }));
    const attributes = { route: '/a', status: 'ok' };
    // The clock started at a slice boundary; 120 s of history: 10 requests in each 10 s slice.
    for (let slice = 0; slice < 12; slice++) {
      for (let i = 0; i < 10; i++) {
        shop.requests.add(1, attributes);
        shop.latency.record(slice < 6 ? 1 : 0.01, attributes);
      }
      time.now += 10_000;
      readout.clock.advance();
    }
    // Now at the start of slice 12: the window holds slices 7–11 (50 s) and the empty current one.
    let snapshot = readout.snapshot();
    let requests = seriesOf(metric<CounterSnapshot>(snapshot, 'shop.requests.total').series, attributes);
    expect(requests.value).toBe(120);
    expect(requests.window.count).toBe(50);
    expect(requests.window.ratePerSecond).toBeCloseTo(1, 9);
    let latency = seriesOf(metric<HistogramSnapshot>(snapshot, 'shop.request.duration').series, attributes);
    expect(latency.lifetime.count).toBe(120);
    expect(latency.window.count).toBe(50);
    expect(latency.window.max).toBe(0.01); // the slow first minute has left the window
    expect(latency.lifetime.max).toBe(1);
    expect(latency.lifetime.p50).toBeCloseTo(0.01, 3);
    // Five seconds into the current slice: the window covers 55 s.
    time.now += 5_000;
    shop.requests.add(5, attributes);
    snapshot = readout.snapshot();
    requests = seriesOf(metric<CounterSnapshot>(snapshot, 'shop.requests.total').series, attributes);
    expect(requests.window.count).toBe(55);
    expect(requests.window.ratePerSecond).toBeCloseTo(55 / 55, 9);
    // Ten idle minutes: the window is empty, the lifetime stays.
    time.now += 600_000;
    snapshot = readout.snapshot();
    requests = seriesOf(metric<CounterSnapshot>(snapshot, 'shop.requests.total').series, attributes);
    latency = seriesOf(metric<HistogramSnapshot>(snapshot, 'shop.request.duration').series, attributes);
    expect([requests.value, requests.window.count, requests.window.ratePerSecond]).toEqual([125, 0, 0]);
    expect([latency.lifetime.count, latency.window.count, latency.window.p99, latency.window.min]).toEqual([120, 0, null, null]);
    // Recorded again after the idle spell: the window holds only the new values.
    shop.latency.record(2, attributes);
    latency = seriesOf(metric<HistogramSnapshot>(readout.snapshot(), 'shop.request.duration').series, attributes);
    expect([latency.lifetime.count, latency.lifetime.max, latency.window.count, latency.window.min, latency.window.max]).toEqual([121, 2, 1, 2, 2]);
  });

  it('rates a young process over its age, not over a full window', () => {
    const { time, now } = manualTime();
    const readout = new Readout({ windowSeconds: 60, percentiles: true, now, timer: false });
    const shop = new ShopMetrics(setup.start({ specs: SPECS, readout }));
    for (let i = 0; i < 40; i++) shop.requests.add(1, { route: '/', status: 'ok' });
    time.now += 20_000;
    const requests = seriesOf(metric<CounterSnapshot>(readout.snapshot(), 'shop.requests.total').series, { route: '/', status: 'ok' });
    expect(requests.window.ratePerSecond).toBeCloseTo(2, 9);
  });

  it('keeps state bounded and totals exact over thousands of rotations with series churn', async () => {
    const { time, now } = manualTime();
    const readout = new Readout({ windowSeconds: 6, percentiles: true, now, timer: false });
    const recording = setup.start({ specs: SPECS, readout, cardinalityLimit: 50 });
    const shop = new ShopMetrics(recording);
    let total = 0;
    let maxBytes = 0;
    for (let second = 0; second < 5000; second++) {
      // A steady series, and a tenant id that changes every 100 s (churn into the overflow series).
      shop.requests.add(1, { route: '/steady', status: 'ok' });
      shop.latency.record(0.001 * (1 + (second % 1000)), { route: '/steady', status: 'ok' });
      shop.requests.add(1, { route: `/tenant/${Math.floor(second / 100)}`, status: 'ok' });
      total++;
      time.now += 1000;
      readout.clock.advance();
      if (second % 500 === 0) {
        const s = readout.snapshot();
        const bytes = JSON.stringify(s).length;
        maxBytes = Math.max(maxBytes, bytes);
        await recording.collect();
      }
    }
    const snapshot = readout.snapshot();
    const requests = metric<CounterSnapshot>(snapshot, 'shop.requests.total');
    expect(seriesOf(requests.series, { route: '/steady', status: 'ok' }).value).toBe(total);
    // 49 admitted series at most, plus the overflow series: the limit holds for the read-out too.
    expect(requests.series.length).toBeLessThanOrEqual(50);
    const all = requests.series.reduce((sum, s) => sum + s.value, 0);
    expect(all).toBe(2 * total);
    const steady = seriesOf(metric<HistogramSnapshot>(snapshot, 'shop.request.duration').series, { route: '/steady', status: 'ok' });
    expect(steady.lifetime.count).toBe(total);
    // One per second; the current 1 s slice has just begun and is empty: the five before it count.
    expect(steady.window.count).toBe(5);
    expect(maxBytes).toBeLessThan(20_000);
  });

  it('holds one window row per live sum series over 2,000 collections of id churn, each agreeing with the export', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const readout = new Readout({ windowSeconds: 6, percentiles: false, now: () => Date.now(), timer: false });
      const limit = 10;
      // Series not recorded for 5 s leave on the fast path (the SDK path keeps what it admitted).
      const recording = setup.start({ specs: SPECS, readout, cardinalityLimit: limit, seriesExpiryMillis: 5000 });
      const shop = new ShopMetrics(recording);
      const steady = { route: '/steady', status: 'ok' };
      let recorded = 0;
      for (let cycle = 0; cycle < 2000; cycle++) {
        shop.requests.add(1, steady);
        for (let i = 0; i < 3; i++) {
          shop.requests.add(2, { route: `/tenant/${cycle}-${i}`, status: 'ok' });
          shop.inFlight.add(i % 2 === 0 ? 1 : -1, { route: `/tenant/${cycle}-${i}` });
        }
        recorded += 7; // into requests: 1 steady, 2 for each tenant
        vi.setSystemTime(Date.now() + 1000);
        readout.clock.advance();
        const exported = await recording.collect();
        const snapshot = readout.snapshot();
        const requests = metric<CounterSnapshot>(snapshot, 'shop.requests.total');
        const inFlight = metric<CounterSnapshot>(snapshot, 'shop.in_flight');
        // A row for each admitted series (at most limit − 1 per metric) and one for each metric's
        // overflow series, no more and no fewer: a set past the limit or gone holds none, and no
        // row is given back twice.
        const admitted = [...requests.series, ...inFlight.series].filter((s) => s.attributes['otel.metric.overflow'] === undefined);
        expect(readout.sumWindows.rows, `cycle ${cycle}`).toBe(admitted.length + 2);
        expect(readout.sumWindows.rows).toBeLessThanOrEqual(2 * limit);
        expect(seriesOf(requests.series, steady).value).toBe(cycle + 1);
        expect(seriesOf(requests.series, steady).window.count).toBe(Math.min(cycle + 1, 5));
        // Every series, on rows reused many times over, holds what was exported for it.
        for (const [name, series] of [['shop.requests.total', requests.series], ['shop.in_flight', inFlight.series]] as const) {
          for (const s of series) {
            const attributes = s.attributes['otel.metric.overflow'] === undefined ? s.attributes : { 'otel.metric.overflow': true };
            expect(s.value, `cycle ${cycle}: ${name} ${JSON.stringify(s.attributes)}`).toBe(exported.value(name, attributes));
          }
        }
        if (!setup.fast) expect(requests.series.reduce((sum, s) => sum + s.value, 0)).toBe(recorded);
      }
      // A tenant recorded again long after it left (fast path) starts its read-out from zero.
      for (let i = 0; i < 10; i++) {
        vi.setSystemTime(Date.now() + 1000);
        await recording.collect();
      }
      shop.requests.add(5, { route: '/tenant/0-0', status: 'ok' });
      const back = metric<CounterSnapshot>(readout.snapshot(), 'shop.requests.total').series.find((s) => s.attributes['route'] === '/tenant/0-0');
      expect(back?.value).toBe(setup.fast ? 5 : 7);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('read-out of a metric declared in two scopes', () => {
  it('shows one metric with the series of both', () => {
    const readout = new Readout({ windowSeconds: 60, percentiles: true, timer: false });
    const recording = recordingSetups()[0]!.start({ specs: SPECS, readout });
    const a = new ShopMetrics({ meterProvider: recording.meterProvider, meterName: 'a' });
    const b = new ShopMetrics({ meterProvider: recording.meterProvider, meterName: 'b' });
    a.requests.add(2, { route: '/a', status: 'ok' });
    b.requests.add(3, { route: '/b', status: 'ok' });
    const requests = readout.snapshot().metrics.filter((m) => m.name === 'shop.requests.total');
    expect(requests).toHaveLength(1);
    expect((requests[0] as CounterSnapshot).series.map((s) => s.value).sort()).toEqual([2, 3]);
  });
});
