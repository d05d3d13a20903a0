// Ad-hoc metrics on both recording paths: exported under the same names as domain metrics, read
// back in-process, conflicting reuse reported and dropped, and reset affecting the read-out only.
import { afterEach, describe, expect, it } from 'vitest';
import { AdHocMetrics, NOOP_METER_PROVIDER } from '../../src/index.js';
import { Readout } from '../../src/readout/Readout.js';
import { prometheusName } from '../../src/naming/prometheusNames.js';
import { captureDiag } from '../support/diagnostics.js';
import { recordingSetups } from '../support/recordingSetups.js';

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

function captured() {
  const capture = captureDiag();
  restore = capture.restore;
  return capture.warnings;
}

describe.each(recordingSetups())('AdHocMetrics on the $name', (setup) => {
  function start() {
    const readout = new Readout({ windowSeconds: 60, percentiles: true, timer: false });
    const recording = setup.start({ specs: [], readout });
    return { recording, adhoc: new AdHocMetrics(recording), readout };
  }

  it('exports timings, counters and gauges under the domain naming rules and reads them back', async () => {
    const { recording, adhoc } = start();
    adhoc.timing('checkout', 0.25, { region: 'eu' });
    adhoc.timing('checkout', 0.75, { region: 'eu' });
    adhoc.increment('orders', 3, { region: 'eu' });
    adhoc.increment('orders', 1, { region: 'eu' });
    adhoc.decrement('workers.busy');
    adhoc.increment('workers.busy', 3);
    adhoc.gauge('queue.depth', 12, { queue: 'mail' });

    const exported = await recording.collect();
    expect(exported.names()).toEqual(['checkout.seconds', 'orders.total', 'queue.depth', 'workers.busy']);
    const timing = exported.histogram('checkout.seconds', { region: 'eu' });
    expect([timing.count, timing.sum, timing.min, timing.max]).toEqual([2, 1, 0.25, 0.75]);
    expect(exported.metric('checkout.seconds').descriptor.unit).toBe('s');
    expect(exported.value('orders.total', { region: 'eu' })).toBe(4);
    expect(exported.value('workers.busy')).toBe(2);
    expect(exported.value('queue.depth', { queue: 'mail' })).toBe(12);
    expect(prometheusName({ kind: 'histogram', name: 'checkout.seconds', unit: 's', description: '', attributes: [], buckets: 'long' })).toBe('checkout_seconds');

    expect(adhoc.getCounter('orders', { region: 'eu' })).toBe(4);
    expect(adhoc.getCounter('workers.busy')).toBe(2);
    expect(adhoc.getGauge('queue.depth', { queue: 'mail' })).toBe(12);
    const reading = adhoc.getTiming('checkout', { region: 'eu' })!;
    expect(reading.lifetime).toMatchObject({ count: 2, sum: 1, min: 0.25, max: 0.75, mean: 0.5 });
    expect(Math.abs(reading.lifetime.p50! - 0.25)).toBeLessThanOrEqual(0.02 * 0.25);
    expect(Math.abs(reading.lifetime.p99! - 0.75)).toBeLessThanOrEqual(0.02 * 0.75);
    expect(reading.window.count).toBe(2);
    expect(adhoc.getTiming('checkout', { region: 'us' })).toBeUndefined();
    expect(adhoc.getCounter('never.used')).toBeUndefined();
  });

  it('times sync and async work, with a handle, `using` and a wrapper', async () => {
    const { adhoc } = start();
    const handle = adhoc.timer('step');
    const first = handle.stop();
    expect(handle.stop()).toBe(first); // recorded once
    {
      using _timer = adhoc.timer('step');
    }
    expect(adhoc.time('step', () => 42)).toBe(42);
    await expect(adhoc.time('step', async () => 'done')).resolves.toBe('done');
    expect(() => adhoc.time('step', () => { throw new Error('boom'); })).toThrow('boom');
    await expect(adhoc.time('step', () => Promise.reject(new Error('late boom')))).rejects.toThrow('late boom');
    const reading = adhoc.getTiming('step')!;
    expect(reading.lifetime.count).toBe(6);
    expect(reading.lifetime.min).toBeGreaterThanOrEqual(0);
    expect(reading.lifetime.max).toBeLessThan(5);
  });

  it('reports a conflicting reuse of a name and drops it, never splitting the metric', async () => {
    const warnings = captured();
    const { recording, adhoc } = start();
    const names = ['kind', 'keys', 'none', 'down', 'other'];
    for (const name of names) adhoc.increment(name, 1, { queue: 'a' });
    adhoc.timing('kind', 0.5, { queue: 'a' }); // another kind
    adhoc.increment('keys', 1, { queue: 'a', tenant: 't1' }); // other tag keys
    adhoc.increment('none', 1); // no tags
    adhoc.decrement('down', 1, { queue: 'a' }); // a counter cannot go down
    new AdHocMetrics(recording).gauge('other', 3, { queue: 'a' }); // another instance shares the names
    adhoc.increment('bad name!');
    for (const name of names) adhoc.increment(name, 2, { queue: 'a' });

    const exported = await recording.collect();
    expect(exported.names()).toEqual(names.map((n) => `${n}.total`).sort());
    for (const name of names) {
      expect(exported.attributeSets(`${name}.total`)).toEqual([{ queue: 'a' }]);
      expect(exported.value(`${name}.total`, { queue: 'a' })).toBe(3);
      expect(adhoc.getCounter(name, { queue: 'a' })).toBe(3);
    }
    const text = warnings.join('\n');
    expect(text).toContain('kind: is in use with another kind or other tag keys; this use is dropped (a name is one metric) (a counter, used as a timing)');
    expect(text).toContain('keys: is in use with another kind or other tag keys; this use is dropped (a name is one metric) (tag keys [queue], used with [queue, tenant])');
    expect(text).toContain('(tag keys [queue], used with [])');
    expect(text).toContain('(a counter, used as a upDownCounter)');
    expect(text).toContain('(a counter, used as a gauge)');
    expect(text).toContain('name "bad name!": expected letters, digits');
  });

  it('applies the cardinality limit of the domain classes', async () => {
    const readout = new Readout({ windowSeconds: 60, percentiles: true, timer: false });
    const recording = setup.start({ specs: [], readout, cardinalityLimit: 5 });
    const adhoc = new AdHocMetrics(recording);
    captured();
    for (let i = 0; i < 20; i++) adhoc.increment('logins', 1, { user: `u${i}` });
    const exported = await recording.collect();
    expect(exported.attributeSets('logins.total')).toHaveLength(5);
    expect(exported.value('logins.total', { 'otel.metric.overflow': true })).toBe(16);
    expect(adhoc.getCounter('logins', { 'otel.metric.overflow': 'true' })).toBe(16);
  });

  it('resets the read-out only: exported counters keep counting up', async () => {
    const { recording, adhoc } = start();
    adhoc.increment('orders', 5);
    adhoc.timing('checkout', 1);
    adhoc.gauge('queue.depth', 7);
    expect((await recording.collect()).value('orders.total')).toBe(5);

    adhoc.resetCounters();
    expect(adhoc.getCounter('orders')).toBe(0);
    expect(adhoc.getTiming('checkout')!.lifetime.count).toBe(1);
    adhoc.reset();
    expect(adhoc.getTiming('checkout')!.lifetime).toMatchObject({ count: 0, sum: 0, min: null, p99: null });
    expect(adhoc.getGauge('queue.depth')).toBe(7);

    adhoc.increment('orders', 2);
    adhoc.timing('checkout', 3);
    expect(adhoc.getCounter('orders')).toBe(2);
    expect(adhoc.getTiming('checkout')!.lifetime).toMatchObject({ count: 1, sum: 3, min: 3, max: 3 });
    const exported = await recording.collect();
    expect(exported.value('orders.total')).toBe(7);
    expect(exported.histogram('checkout.seconds').count).toBe(2);
  });
});

describe('AdHocMetrics without a runtime', () => {
  it('records nothing and reads nothing on the no-op provider, without throwing', () => {
    const adhoc = new AdHocMetrics({ meterProvider: NOOP_METER_PROVIDER });
    expect(adhoc.enabled).toBe(false);
    adhoc.increment('orders');
    adhoc.timing('checkout', 1);
    using _t = adhoc.timer('x');
    expect(adhoc.getCounter('orders')).toBeUndefined();
    expect(adhoc.getTiming('checkout')).toBeUndefined();
    adhoc.reset();
    expect(new AdHocMetrics().enabled).toBe(false);
  });
});
