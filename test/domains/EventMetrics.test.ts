// EventMetrics on both recording paths and both temporalities.
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { EventMetrics } from '../../src/domains/EventMetrics.js';
import { recordingSetups } from '../support/recordingSetups.js';

describe.each(recordingSetups())('EventMetrics ($name)', (setup) => {
  it('counts produced and consumed events, processing time, and errors by class', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new EventMetrics({ meterProvider });
    m.eventProduced({ eventType: 'order.created', topic: 'orders', count: 3 });
    m.recordProcessing({ eventType: 'order.created', topic: 'orders', durationSeconds: 0.02 });
    m.recordProcessing({ eventType: 'order.created', topic: 'orders', durationSeconds: 0.3, error: new SyntaxError('Unexpected token < in JSON') });
    let s = await collect();
    expect(s.value('events.produced.total', { event_type: 'order.created', topic: 'orders' })).toBe(3);
    expect(s.value('events.consumed.total', { event_type: 'order.created', topic: 'orders' })).toBe(2);
    expect(s.value('events.errors.total', { event_type: 'order.created', error_type: 'SyntaxError' })).toBe(1);
    expect(s.histogram('events.processing.duration', { event_type: 'order.created' })).toMatchObject({ count: 2, min: 0.02, max: 0.3 });
    m.recordProcessing({ eventType: 'order.created', topic: 'orders', durationSeconds: 0.01 });
    s = await collect();
    expect(s.value('events.consumed.total', { event_type: 'order.created', topic: 'orders' })).toBe(3);
    expect(s.value('events.produced.total', { event_type: 'order.created', topic: 'orders' })).toBe(3);
    expect(s.histogram('events.processing.duration', { event_type: 'order.created' })).toMatchObject({ count: 3, min: 0.01, max: 0.3 });
  });

  it('exports lag as the absolute value last reported, per partition, until the partition is revoked', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new EventMetrics({ meterProvider });
    m.setLag({ topic: 'orders', partition: 0, lag: 120 });
    m.setLag({ topic: 'orders', partition: 1, lag: 5 });
    m.setLag({ topic: 'orders', partition: 0, lag: 80 });
    let s = await collect();
    expect(s.value('events.lag', { topic: 'orders', partition: 0 })).toBe(80);
    expect(s.value('events.lag', { topic: 'orders', partition: 1 })).toBe(5);
    // Unchanged values are exported again at the next collection: they are states, not deltas.
    s = await collect();
    expect(s.value('events.lag', { topic: 'orders', partition: 0 })).toBe(80);
    expect(s.value('events.lag', { topic: 'orders', partition: 1 })).toBe(5);
    m.partitionRevoked({ topic: 'orders', partition: 1 });
    s = await collect();
    if (!setup.fast && setup.temporality === AggregationTemporality.CUMULATIVE) {
      // The SDK's cumulative gauge storage keeps exporting the last value of every series it
      // has seen: the plain SDK path cannot take a revoked partition off a cumulative reader.
      expect(s.attributeSets('events.lag')).toEqual([
        { topic: 'orders', partition: 0 },
        { topic: 'orders', partition: 1 },
      ]);
    } else {
      expect(s.attributeSets('events.lag')).toEqual([{ topic: 'orders', partition: 0 }]);
    }
    expect(s.value('events.lag', { topic: 'orders', partition: 0 })).toBe(80);
  });

  it('exports the lag of limit − 1 partitions and the overflow series when more partitions report', async () => {
    const { meterProvider, collect } = setup.start({ cardinalityLimit: 4 });
    const m = new EventMetrics({ meterProvider });
    for (let partition = 0; partition < 10; partition++) m.setLag({ topic: 'orders', partition, lag: 100 + partition });
    const s = await collect();
    expect(s.attributeSets('events.lag')).toEqual([
      { topic: 'orders', partition: 0 },
      { topic: 'orders', partition: 1 },
      { topic: 'orders', partition: 2 },
      { 'otel.metric.overflow': true },
    ]);
    expect(s.value('events.lag', { topic: 'orders', partition: 2 })).toBe(102);
    // A gauge's overflow series holds the last value reported beyond the limit.
    expect(s.value('events.lag', { 'otel.metric.overflow': true })).toBe(109);
  });

  it('reads lag from a callback at collection time', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new EventMetrics({ meterProvider });
    let lag = 10;
    m.observeLag((observe) => observe(lag, { topic: 'orders', partition: 2 }));
    expect((await collect()).value('events.lag', { topic: 'orders', partition: 2 })).toBe(10);
    lag = 3;
    expect((await collect()).value('events.lag', { topic: 'orders', partition: 2 })).toBe(3);
  });
});
