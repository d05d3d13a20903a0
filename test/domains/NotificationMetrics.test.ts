// NotificationMetrics on both recording paths and both temporalities.
import { describe, expect, it } from 'vitest';
import { NotificationMetrics } from '../../src/domains/NotificationMetrics.js';
import { recordingSetups } from '../support/recordingSetups.js';

class SmtpError extends Error {
  override name = 'SmtpError';
}

describe.each(recordingSetups())('NotificationMetrics ($name)', (setup) => {
  it('counts deliveries by type and channel, failures by error class (never the message)', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new NotificationMetrics({ meterProvider });
    m.recordDelivery({ type: 'password_reset', channel: 'email', durationSeconds: 1.2 });
    m.recordDelivery({ type: 'password_reset', channel: 'email', durationSeconds: 0.7 });
    m.recordDelivery({ type: 'password_reset', channel: 'email', durationSeconds: 9, error: new SmtpError('550 mailbox bob@example.com unavailable') });
    const s = await collect();
    expect(s.value('notifications.sent.total', { type: 'password_reset', channel: 'email' })).toBe(2);
    expect(s.value('notifications.failed.total', { type: 'password_reset', error: 'SmtpError' })).toBe(1);
    // Delivery time is the time to a successful delivery: failures don't skew it.
    expect(s.histogram('notifications.delivery.duration', { channel: 'email' })).toMatchObject({ count: 2, max: 1.2 });
  });
});
