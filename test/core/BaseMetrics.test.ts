import { metrics as metricsApi } from '@opentelemetry/api';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { BaseMetrics, DEFAULT_METER_NAME, type BaseMetricsOptions } from '../../src/core/BaseMetrics.js';
import { BUCKET_SETS } from '../../src/core/buckets.js';
import { DiagnosticsSink } from '../../src/core/DiagnosticsSink.js';
import { counter, gauge, histogram, upDownCounter } from '../../src/core/MetricSpec.js';
import { VERSION } from '../../src/version.js';
import { throwingMeterProvider } from '../support/brokenSdk.js';
import { testProvider } from '../support/collect.js';
import { captureDiag } from '../support/diagnostics.js';
import { runtimeLikeProvider } from '../support/fastPathProvider.js';

const SPECS = {
  jobs: counter({ name: 'test.jobs.total', unit: '{job}', description: 'Jobs', attributes: ['status', 'queue'] }),
  inflight: upDownCounter({ name: 'test.inflight', unit: '{job}', description: 'In flight', attributes: [] }),
  latency: histogram({ name: 'test.latency', unit: 's', description: 'Latency', attributes: ['queue'], buckets: 'request' }),
  size: gauge({ name: 'test.size', unit: '{item}', description: 'Size', attributes: ['queue'] }),
};

class TestMetrics extends BaseMetrics {
  readonly jobs = this.counter(SPECS.jobs);
  readonly inflight = this.upDownCounter(SPECS.inflight);
  readonly latency = this.histogram(SPECS.latency);
  readonly size = this.gauge(SPECS.size);
}

describe('BaseMetrics', () => {
  let restore = () => {};
  afterEach(() => {
    restore();
    metricsApi.disable();
  });

  it('records every instrument kind with its name, unit, description and attributes', async () => {
    const { meterProvider, reader } = testProvider();
    const m = new TestMetrics({ meterProvider });
    m.jobs.add(2, { status: 'ok', queue: 'a' });
    m.jobs.add(3, { status: 'ok', queue: 'a' });
    m.jobs.add(1, { status: 'failed', queue: 'a' });
    m.inflight.add(5);
    m.inflight.add(-2);
    m.latency.record(0.02, { queue: 'a' });
    m.latency.record(3, { queue: 'a' });
    m.size.record(10, { queue: 'a' });
    m.size.record(7, { queue: 'a' });

    const s = await reader.snapshot();
    expect(s.value('test.jobs.total', { status: 'ok', queue: 'a' })).toBe(5);
    expect(s.value('test.jobs.total', { status: 'failed', queue: 'a' })).toBe(1);
    expect(s.value('test.inflight')).toBe(3);
    expect(s.value('test.size', { queue: 'a' })).toBe(7);
    const h = s.histogram('test.latency', { queue: 'a' });
    expect(h.count).toBe(2);
    expect(h.sum).toBeCloseTo(3.02);
    expect(h.min).toBe(0.02);
    expect(h.max).toBe(3);
    const jobs = s.metric('test.jobs.total').descriptor;
    expect(jobs.unit).toBe('{job}');
    expect(jobs.description).toBe('Jobs');
    expect(s.resourceMetrics.scopeMetrics[0]!.scope).toMatchObject({ name: DEFAULT_METER_NAME, version: VERSION });
  });

  it('exports sums without attributes at 0 from the start, so queries return 0 rather than nothing', async () => {
    const { meterProvider, reader } = testProvider();
    new TestMetrics({ meterProvider });
    const s = await reader.snapshot();
    expect(s.value('test.inflight')).toBe(0);
    expect(s.has('test.jobs.total')).toBe(false); // attributes unknown until the first event
  });

  it('gives histograms their catalog buckets even on a provider it did not configure (advice)', async () => {
    const { meterProvider, reader } = testProvider();
    new TestMetrics({ meterProvider }).latency.record(0.03, { queue: 'a' });
    const h = (await reader.snapshot()).histogram('test.latency', { queue: 'a' });
    expect(h.boundaries).toEqual([...BUCKET_SETS.request]);
    // 0.03 falls in (0.025, 0.05]: the fourth bucket.
    expect(h.counts).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('drops unknown attribute keys before recording', async () => {
    const diag = captureDiag();
    restore = diag.restore;
    const { meterProvider, reader } = testProvider();
    new TestMetrics({ meterProvider }).jobs.add(1, { status: 'ok', queue: 'a', user_id: 'u-42' } as never);
    expect((await reader.snapshot()).attributeSets('test.jobs.total')).toEqual([{ status: 'ok', queue: 'a' }]);
    expect(diag.warnings.join('\n')).toContain('test.jobs.total: dropped an attribute key outside the allow-list (user_id)');
  });

  it.each([
    { name: 'fast path', fast: true },
    { name: 'SDK path', fast: false },
  ])('reports an unknown key first seen past the cardinality limit, within 256 records ($name)', async ({ fast }) => {
    const diag = captureDiag();
    restore = diag.restore;
    const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: Object.values(SPECS), cardinalityLimit: 3, diagnostics: new DiagnosticsSink('diag'), temporalities: [AggregationTemporality.CUMULATIVE] });
    const m = new TestMetrics({ meterProvider });
    for (let i = 0; i < 10; i++) m.jobs.add(1, { status: `s${i}`, queue: 'a' });
    const unknownKey = (line: string) => line.includes('outside the allow-list');
    expect(diag.warnings.filter(unknownKey)).toEqual([]);
    // Past the limit the fast path checks the keys of one record in 256 sent to the overflow.
    for (let i = 0; i < 256; i++) m.jobs.add(1, { status: `late${i}`, queue: 'a', tenant_id: 't-1' } as never);
    expect(diag.warnings.filter(unknownKey).join('\n')).toContain('test.jobs.total: dropped an attribute key outside the allow-list (tenant_id)');
    const exported = await readers[0]!.snapshot();
    expect(exported.attributeSets('test.jobs.total')).toHaveLength(3);
    expect(exported.value('test.jobs.total', { 'otel.metric.overflow': true })).toBe(8 + 256);
  });

  it('drops NaN, ±Infinity, non-numbers and negative increments without throwing, one diagnostic per metric and problem', async () => {
    const diag = captureDiag();
    restore = diag.restore;
    const { meterProvider, reader } = testProvider();
    const m = new TestMetrics({ meterProvider });
    const bad: unknown[] = [Number.NaN, Infinity, -Infinity, '5', undefined, null, {}];
    for (const value of bad) {
      expect(() => m.jobs.add(value as number, { status: 'ok' })).not.toThrow();
      expect(() => m.inflight.add(value as number)).not.toThrow();
      expect(() => m.latency.record(value as number)).not.toThrow();
      expect(() => m.size.record(value as number)).not.toThrow();
    }
    m.jobs.add(-1, { status: 'ok' });
    m.jobs.add(-7, { status: 'ok' });
    m.latency.record(-0.5);
    m.jobs.add(4, { status: 'ok' });
    m.inflight.add(-3);
    m.size.record(-2, { queue: 'q' });

    const s = await reader.snapshot();
    // Only the valid recordings arrived, none lost.
    expect(s.value('test.jobs.total', { status: 'ok' })).toBe(4);
    expect(s.value('test.inflight')).toBe(-3);
    expect(s.value('test.size', { queue: 'q' })).toBe(-2);
    expect(s.has('test.latency')).toBe(false);

    const about = (name: string, problem: string) => diag.warnings.filter((w) => w.includes(`${name}:`) && w.includes(problem));
    expect(about('test.jobs.total', 'not a finite number')).toHaveLength(1);
    expect(about('test.jobs.total', 'negative value')).toHaveLength(1);
    expect(about('test.latency', 'not a finite number')).toHaveLength(1);
    expect(about('test.latency', 'negative value')).toHaveLength(1);
    expect(about('test.inflight', 'not a finite number')).toHaveLength(1);
  });

  it('exports gauges as their current absolute value: recorded values, removals and callbacks', async () => {
    // Delta reader: SDK 2.x/3.x keep exporting an observable attribute set that is no longer
    // observed under cumulative temporality (it merges the last report), so removal is only
    // visible on delta readers; see the closing note.
    const { meterProvider, reader } = testProvider({ temporality: AggregationTemporality.DELTA });
    const m = new TestMetrics({ meterProvider });
    m.size.record(10, { queue: 'a' });
    m.size.record(3, { queue: 'b' });
    let observed = 41;
    const stop = m.size.observe((observe) => observe(observed++, { queue: 'c' }));

    let s = await reader.snapshot();
    expect(s.value('test.size', { queue: 'a' })).toBe(10);
    expect(s.value('test.size', { queue: 'b' })).toBe(3);
    expect(s.value('test.size', { queue: 'c' })).toBe(41);

    m.size.remove({ queue: 'b' });
    m.size.record(12, { queue: 'a' });
    stop();
    s = await reader.snapshot();
    expect(s.attributeSets('test.size')).toEqual([{ queue: 'a' }]);
    expect(s.value('test.size', { queue: 'a' })).toBe(12);

    m.size.record(5, { queue: 'b' }); // a removed series comes back when recorded again
    expect((await reader.snapshot()).value('test.size', { queue: 'b' })).toBe(5);
  });

  it('keeps a throwing gauge callback from breaking collection of the others', async () => {
    const diag = captureDiag();
    restore = diag.restore;
    const { meterProvider, reader } = testProvider();
    const m = new TestMetrics({ meterProvider });
    m.size.observe(() => {
      throw new Error('callback bug');
    });
    m.size.observe((observe) => observe(Number.NaN, { queue: 'x' }));
    m.size.observe((observe) => observe(7, { queue: 'y' }));
    const s = await reader.snapshot();
    expect(s.attributeSets('test.size')).toEqual([{ queue: 'y' }]);
    expect(diag.warnings.some((w) => w.includes('test.size') && w.includes('callback bug'))).toBe(true);
  });

  it('records 200 and "200" into one series, as Prometheus would show them', async () => {
    const { meterProvider, reader } = testProvider();
    const m = new TestMetrics({ meterProvider });
    m.jobs.add(1, { status: 200 });
    m.jobs.add(1, { status: '200' });
    expect((await reader.snapshot()).attributeSets('test.jobs.total')).toEqual([{ status: 200 }]);
  });

  it('tolerates undefined and null attribute objects', async () => {
    const { meterProvider, reader } = testProvider();
    const m = new TestMetrics({ meterProvider });
    m.jobs.add(1, undefined);
    m.jobs.add(1, null as never);
    m.jobs.add(1, { status: null, queue: undefined });
    expect((await reader.snapshot()).value('test.jobs.total', {})).toBe(3);
  });

  it('never throws when the SDK instrument throws', async () => {
    const diag = captureDiag();
    restore = diag.restore;
    const m = new TestMetrics({ meterProvider: throwingMeterProvider() });
    expect(() => {
      m.jobs.add(1);
      m.inflight.add(1);
      m.latency.record(1);
      m.size.record(1);
    }).not.toThrow();
    expect(diag.warnings.filter((w) => w.includes('the SDK threw'))).toHaveLength(3);
  });

  it.each([true, false])('refuses a histogram declared without a known bucket set, with one warning however many instances (fast path: %s)', async (fast) => {
    const diag = captureDiag();
    restore = diag.restore;
    // Names of their own per path: the warnings go to the process's sink, whose rate limit outlives a test.
    const path = fast ? 'fast' : 'sdk';
    class Untyped extends BaseMetrics {
      readonly jobs = this.counter(SPECS.jobs);
      readonly wait = this.histogram({ ...SPECS.latency, name: `test.${path}.wait`, buckets: undefined } as never);
      readonly odd = this.histogram({ ...SPECS.latency, name: `test.${path}.odd`, buckets: 'constructor' } as never);
    }
    const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: Object.values(SPECS), temporalities: [AggregationTemporality.CUMULATIVE] });
    for (let i = 0; i < 50; i++) {
      const m = new Untyped({ meterProvider });
      expect(() => {
        m.wait.record(0.2, { queue: 'a' });
        m.odd.record(0.2, { queue: 'a' });
      }).not.toThrow();
      m.jobs.add(1, { status: 'ok', queue: 'a' });
    }
    const snapshot = await readers[0]!.snapshot();
    expect([snapshot.names(), snapshot.value('test.jobs.total', { status: 'ok', queue: 'a' })]).toEqual([['test.jobs.total'], 50]);
    expect(diag.warnings).toEqual([
      expect.stringContaining(`test.${path}.wait: declares no known bucket set (buckets: undefined; the sets are fast, request, db, long, bytes, mebibytes, percent, count); this histogram is refused and records nothing`),
      expect.stringContaining(`test.${path}.odd: declares no known bucket set (buckets: constructor;`),
    ]);
  });

  it('turns recording off, never throws, for options plain JavaScript may pass: null, a string, a provider without getMeter', () => {
    for (const options of [null, 'runtime', 42, [], { meterProvider: {} }, { meterProvider: null }]) {
      const m = new TestMetrics(options as never);
      expect(m.enabled).toBe(false);
      expect(() => m.jobs.add(1, { queue: 'a' })).not.toThrow();
    }
  });

  it('never falls back to the global provider: without one it records nothing, on purpose', async () => {
    const { meterProvider, reader } = testProvider();
    metricsApi.setGlobalMeterProvider(meterProvider);
    const m = new TestMetrics();
    expect(m.enabled).toBe(false);
    m.jobs.add(1, { status: 'ok' });
    expect((await reader.snapshot()).metrics).toHaveLength(0);
  });

  it('does not call subclass code from its constructor (fields are ready when instruments are made)', async () => {
    class Prefixed extends BaseMetrics {
      private readonly label = 'from-field';
      readonly jobs = this.counter(SPECS.jobs);
      run() {
        this.jobs.add(1, { status: this.label });
      }
    }
    const { meterProvider, reader } = testProvider();
    new Prefixed({ meterProvider }).run();
    expect((await reader.snapshot()).value('test.jobs.total', { status: 'from-field' })).toBe(1);
  });

  it('uses the given meter name and version as the instrumentation scope', async () => {
    const { meterProvider, reader } = testProvider();
    const options: BaseMetricsOptions = { meterProvider, meterName: 'billing', meterVersion: '9.9.9' };
    new TestMetrics(options).jobs.add(1);
    expect((await reader.snapshot()).resourceMetrics.scopeMetrics[0]!.scope).toMatchObject({ name: 'billing', version: '9.9.9' });
  });

  it('rejects attribute keys outside the allow-list at compile time', () => {
    const { meterProvider } = testProvider();
    const m = new TestMetrics({ meterProvider });
    // @ts-expect-error user_id is not an allowed key of test.jobs.total
    m.jobs.add(1, { user_id: '42' });
    // @ts-expect-error test.inflight has no attributes
    m.inflight.add(1, { queue: 'a' });
    expect(true).toBe(true);
  });
});

describe('gauges shared between instances', () => {
  const SIZE = gauge({ name: 'shared.size', unit: '{item}', description: 'Size', attributes: ['queue'], nonNegative: true });
  class Sized extends BaseMetrics {
    readonly size = this.gauge(SIZE);
  }

  it('export the last value recorded by any instance, and one removal removes it for all', async () => {
    const { meterProvider, reader } = testProvider({ temporality: AggregationTemporality.DELTA });
    const a = new Sized({ meterProvider });
    const b = new Sized({ meterProvider });
    b.size.record(5, { queue: 'q' });
    a.size.record(7, { queue: 'q' });
    expect((await reader.snapshot()).value('shared.size', { queue: 'q' })).toBe(7);
    b.size.remove({ queue: 'q' });
    expect((await reader.snapshot()).has('shared.size')).toBe(false);
  });

  it('add no collection work per instance: a thousand short-lived instances leave one stored series', async () => {
    const { meterProvider, reader } = testProvider();
    for (let i = 0; i < 1000; i++) new Sized({ meterProvider }).size.record(i, { queue: 'q' });
    expect((await reader.snapshot()).attributeSets('shared.size')).toEqual([{ queue: 'q' }]);
    expect((await reader.snapshot()).value('shared.size', { queue: 'q' })).toBe(999);
  });

  it('free the room of removed series, and report, not hide, a series beyond the bound', async () => {
    const diag = captureDiag();
    const { meterProvider, readers } = runtimeLikeProvider({ fast: false, specs: [SIZE], cardinalityLimit: 5, temporalities: [AggregationTemporality.DELTA] });
    const m = new Sized({ meterProvider });
    try {
      for (let i = 0; i < 30; i++) {
        m.size.record(i, { queue: `owned-${i}` });
        m.size.remove({ queue: `owned-${i}` });
      }
      m.size.record(42, { queue: 'current' });
      expect((await readers[0]!.snapshot()).attributeSets('shared.size')).toEqual([{ queue: 'current' }]);
      for (let i = 0; i < 20; i++) m.size.record(1, { queue: `kept-${i}` });
      // The store keeps limit − 1 series; later ones are recorded into the overflow series.
      const sets = (await readers[0]!.snapshot()).attributeSets('shared.size');
      expect(sets).toHaveLength(5);
      expect(sets).toContainEqual({ 'otel.metric.overflow': true });
      expect(diag.warnings.some((w) => w.includes('shared.size') && w.includes('cardinality limit'))).toBe(true);
    } finally {
      diag.restore();
    }
  });
});
