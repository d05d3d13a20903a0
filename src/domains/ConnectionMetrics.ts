// Long-lived client connections (SSE, WebSocket): how many are open, how long they last, what
// they carry.
import { BaseMetrics } from '../core/BaseMetrics.js';
import { startTimer } from '../core/timing.js';
import { CONNECTION_METRICS as M } from './connectionCatalog.js';

/** The connection kinds the catalog names; extend with the type parameter of ConnectionMetrics. */
export type ConnectionType = 'sse' | 'websocket';

/** An open connection. `close` records its lifetime and releases the active slot, once. */
export interface OpenConnection {
  messageSent(count?: number): void;
  close(): void;
}

/**
 * @typeParam T the connection types this service has; `'sse' | 'websocket'` by default, e.g.
 * `new ConnectionMetrics<ConnectionType | 'grpc_stream'>(runtime)` to add one.
 */
export class ConnectionMetrics<T extends string = ConnectionType> extends BaseMetrics {
  private readonly active = this.upDownCounter(M.active);
  private readonly opened = this.counter(M.opened);
  private readonly duration = this.histogram(M.duration);
  private readonly messagesSent = this.counter(M.messagesSent);

  /**
   * A connection opened: `connections.opened.total` and `connections.active` +1 {type}. The
   * handle's `messageSent` counts `connections.messages.sent.total`; its `close` records
   * `connections.duration` and takes `connections.active` back down.
   */
  connectionOpened(type: T): OpenConnection {
    const attributes = { type };
    this.opened.add(1, attributes);
    this.active.add(1, attributes);
    const elapsed = startTimer();
    let closed = false;
    return {
      messageSent: (count = 1) => this.messagesSent.add(count, attributes),
      close: () => {
        if (closed) return;
        closed = true;
        this.active.add(-1, attributes);
        this.duration.record(elapsed(), attributes);
      },
    };
  }

  /** Messages sent on connections of `type` without a handle (broadcasts): `connections.messages.sent.total`. */
  messagesBroadcast(type: T, count: number): void {
    this.messagesSent.add(count, { type });
  }
}
