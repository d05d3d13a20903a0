import { describe, expect, it } from 'vitest';
import { DlqMetrics } from '../../src/domains/DlqMetrics.js';
import { testProvider } from '../support/collect.js';

describe('DlqMetrics', () => {
  it('counts dead-lettered messages by reason and retries by topic', async () => {
    const { meterProvider, reader } = testProvider();
    const m = new DlqMetrics({ meterProvider });
    m.messageDeadLettered('orders.dlq', 'max_retries_exceeded');
    m.messageDeadLettered('orders.dlq', 'max_retries_exceeded');
    m.messageDeadLettered('orders.dlq', 'deserialization_failed');
    m.retryAttempted('orders.dlq');
    const s = await reader.snapshot();
    expect(s.value('dlq.messages.total', { topic: 'orders.dlq', reason: 'max_retries_exceeded' })).toBe(2);
    expect(s.value('dlq.messages.total', { topic: 'orders.dlq', reason: 'deserialization_failed' })).toBe(1);
    expect(s.value('dlq.retries.total', { topic: 'orders.dlq' })).toBe(1);
  });

  it('exports the DLQ size as the true absolute value, also in a freshly started process', async () => {
    // A process that starts while 40 messages wait reports 40, not a delta from zero.
    const first = testProvider();
    new DlqMetrics({ meterProvider: first.meterProvider }).dlqSize('orders.dlq', 40);
    expect((await first.reader.snapshot()).value('dlq.size', { topic: 'orders.dlq' })).toBe(40);
    const restarted = testProvider();
    const m = new DlqMetrics({ meterProvider: restarted.meterProvider });
    m.dlqSize('orders.dlq', 38);
    expect((await restarted.reader.snapshot()).value('dlq.size', { topic: 'orders.dlq' })).toBe(38);
    m.dlqSize('orders.dlq', -3); // impossible: dropped
    expect((await restarted.reader.snapshot()).value('dlq.size', { topic: 'orders.dlq' })).toBe(38);
  });
});
