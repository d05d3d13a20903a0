// ConnectionMetrics on both recording paths and both temporalities.
import { describe, expect, it } from 'vitest';
import { ConnectionMetrics, type ConnectionType } from '../../src/domains/ConnectionMetrics.js';
import { recordingSetups } from '../support/recordingSetups.js';

describe.each(recordingSetups())('ConnectionMetrics ($name)', (setup) => {
  it('tracks open connections, messages and lifetimes per type; close counts once', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new ConnectionMetrics({ meterProvider });
    const ws = m.connectionOpened({ type: 'websocket' });
    const sse = m.connectionOpened({ type: 'sse' });
    ws.messageSent();
    ws.messageSent({ count: 4 });
    m.messagesBroadcast({ type: 'sse', count: 10 });
    let s = await collect();
    expect(s.value('connections.active', { type: 'websocket' })).toBe(1);
    expect(s.value('connections.opened.total', { type: 'sse' })).toBe(1);
    expect(s.value('connections.messages.sent.total', { type: 'websocket' })).toBe(5);
    expect(s.value('connections.messages.sent.total', { type: 'sse' })).toBe(10);

    await new Promise((r) => setTimeout(r, 20));
    ws.finish();
    ws.finish();
    s = await collect();
    expect(s.value('connections.active', { type: 'websocket' })).toBe(0);
    expect(s.value('connections.active', { type: 'sse' })).toBe(1);
    expect(s.value('connections.opened.total', { type: 'websocket' })).toBe(1);
    expect(s.value('connections.messages.sent.total', { type: 'websocket' })).toBe(5);
    const lifetime = s.histogram('connections.duration', { type: 'websocket' });
    expect(lifetime.count).toBe(1);
    expect(lifetime.sum).toBeGreaterThanOrEqual(0.015);
    sse.finish();
  });

  it('accepts extra connection types through its type parameter', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new ConnectionMetrics<ConnectionType | 'grpc_stream'>({ meterProvider });
    m.connectionOpened({ type: 'grpc_stream' }).finish();
    // @ts-expect-error not a declared connection type
    m.connectionOpened({ type: 'carrier_pigeon' });
    expect((await collect()).value('connections.opened.total', { type: 'grpc_stream' })).toBe(1);
  });
});
