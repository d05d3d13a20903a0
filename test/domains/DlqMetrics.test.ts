// DlqMetrics on both recording paths and both temporalities.
import { describe, expect, it } from 'vitest';
import { DlqMetrics } from '../../src/domains/DlqMetrics.js';
import { recordingSetups } from '../support/recordingSetups.js';

describe.each(recordingSetups())('DlqMetrics ($name)', (setup) => {
  it('counts dead-lettered messages by reason and retries by topic', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new DlqMetrics({ meterProvider });
    m.deadLettered({ topic: 'orders.dlq', reason: 'max_retries_exceeded' });
    m.deadLettered({ topic: 'orders.dlq', reason: 'max_retries_exceeded' });
    m.deadLettered({ topic: 'orders.dlq', reason: 'deserialization_failed' });
    m.retryAttempted({ topic: 'orders.dlq' });
    let s = await collect();
    expect(s.value('dlq.messages.total', { topic: 'orders.dlq', reason: 'max_retries_exceeded' })).toBe(2);
    expect(s.value('dlq.messages.total', { topic: 'orders.dlq', reason: 'deserialization_failed' })).toBe(1);
    expect(s.value('dlq.retries.total', { topic: 'orders.dlq' })).toBe(1);
    m.deadLettered({ topic: 'orders.dlq', reason: 'max_retries_exceeded' });
    s = await collect();
    expect(s.value('dlq.messages.total', { topic: 'orders.dlq', reason: 'max_retries_exceeded' })).toBe(3);
    expect(s.value('dlq.messages.total', { topic: 'orders.dlq', reason: 'deserialization_failed' })).toBe(1);
  });

  it('exports the DLQ size as the true absolute value, also in a freshly started process', async () => {
    // A process that starts while 40 messages wait reports 40, not a delta from zero.
    const first = setup.start();
    new DlqMetrics({ meterProvider: first.meterProvider }).setSize({ topic: 'orders.dlq', size: 40 });
    expect((await first.collect()).value('dlq.size', { topic: 'orders.dlq' })).toBe(40);
    const restarted = setup.start();
    const m = new DlqMetrics({ meterProvider: restarted.meterProvider });
    m.setSize({ topic: 'orders.dlq', size: 38 });
    expect((await restarted.collect()).value('dlq.size', { topic: 'orders.dlq' })).toBe(38);
    m.setSize({ topic: 'orders.dlq', size: -3 }); // impossible: dropped
    expect((await restarted.collect()).value('dlq.size', { topic: 'orders.dlq' })).toBe(38);
  });
});
