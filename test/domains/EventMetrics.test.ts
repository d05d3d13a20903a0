import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { EventMetrics } from '../../src/domains/EventMetrics.js';
import { testProvider } from '../support/collect.js';

describe('EventMetrics', () => {
  it('counts produced and consumed events, processing time, and errors by class', async () => {
    const { meterProvider, reader } = testProvider();
    const m = new EventMetrics({ meterProvider });
    m.eventProduced('order.created', 'orders', 3);
    m.eventProcessed({ eventType: 'order.created', topic: 'orders', durationSeconds: 0.02 });
    m.eventProcessed({ eventType: 'order.created', topic: 'orders', durationSeconds: 0.3, error: new SyntaxError('Unexpected token < in JSON') });
    const s = await reader.snapshot();
    expect(s.value('events.produced.total', { event_type: 'order.created', topic: 'orders' })).toBe(3);
    expect(s.value('events.consumed.total', { event_type: 'order.created', topic: 'orders' })).toBe(2);
    expect(s.value('events.errors.total', { event_type: 'order.created', error_type: 'SyntaxError' })).toBe(1);
    expect(s.histogram('events.processing.duration', { event_type: 'order.created' })).toMatchObject({ count: 2, min: 0.02, max: 0.3 });
  });

  it('exports lag as the absolute value last reported, per partition, until the partition is revoked', async () => {
    const { meterProvider, reader } = testProvider({ temporality: AggregationTemporality.DELTA });
    const m = new EventMetrics({ meterProvider });
    m.consumerLag({ topic: 'orders', partition: 0, lag: 120 });
    m.consumerLag({ topic: 'orders', partition: 1, lag: 5 });
    m.consumerLag({ topic: 'orders', partition: 0, lag: 80 });
    let s = await reader.snapshot();
    expect(s.value('events.lag', { topic: 'orders', partition: 0 })).toBe(80);
    expect(s.value('events.lag', { topic: 'orders', partition: 1 })).toBe(5);
    // Unchanged values are exported again at the next collection: they are states, not deltas.
    s = await reader.snapshot();
    expect(s.value('events.lag', { topic: 'orders', partition: 0 })).toBe(80);
    m.partitionRevoked('orders', 1);
    s = await reader.snapshot();
    expect(s.attributeSets('events.lag')).toEqual([{ topic: 'orders', partition: 0 }]);
  });

  it('reads lag from a callback at collection time', async () => {
    const { meterProvider, reader } = testProvider();
    const m = new EventMetrics({ meterProvider });
    let lag = 10;
    m.observeLag((observe) => observe(lag, { topic: 'orders', partition: 2 }));
    expect((await reader.snapshot()).value('events.lag', { topic: 'orders', partition: 2 })).toBe(10);
    lag = 3;
    expect((await reader.snapshot()).value('events.lag', { topic: 'orders', partition: 2 })).toBe(3);
  });
});
