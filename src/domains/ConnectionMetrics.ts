// Long-lived client connections (SSE, WebSocket): how many are open, how long they last, what
// they carry.
import { isArgumentObject, readableCopy } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { inProgress, type InProgress } from '../core/inProgress.js';
import { startTimer } from '../core/timing.js';
import { CONNECTION_METRICS as M } from './connectionCatalog.js';

/** The connection kinds the catalog names; extend with the type parameter of ConnectionMetrics. */
export type ConnectionType = 'sse' | 'websocket';

export interface MessagesSent {
  /** Messages sent at once. @default 1 */
  readonly count?: number;
}

export interface ConnectionOpening<T extends string = ConnectionType> {
  readonly type: T;
}

export interface MessagesBroadcast<T extends string = ConnectionType> {
  readonly type: T;
  readonly count: number;
}

/** An open connection. `finish` (on close) records its lifetime and releases the active slot, once. */
export interface OpenConnection extends InProgress {
  messageSent(sent?: MessagesSent): void;
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
   * handle's `messageSent` counts `connections.messages.sent.total`; its `finish` records
   * `connections.duration` and takes `connections.active` back down.
   */
  connectionOpened(opening: ConnectionOpening<T>): OpenConnection {
    let type;
    if (isArgumentObject(opening, CONNECTION_OPENED)) {
      try {
        ({ type } = opening);
      } catch {
        ({ type } = readableCopy(opening, OPENING_FIELDS, CONNECTION_OPENED));
      }
    }
    // Even without a readable type the connection is open: it is counted, so `finish` balances it.
    const attributes = { type };
    this.opened.add(1, attributes);
    this.active.add(1, attributes);
    const elapsed = startTimer();
    const handle = inProgress(() => {
      this.active.add(-1, attributes);
      this.duration.record(elapsed(), attributes);
    });
    return {
      finish: handle.finish,
      messageSent: (sent) => this.messagesSent.add(countOf(sent, MESSAGE_SENT), attributes),
    };
  }

  /** Messages sent on connections of `type` without a handle (broadcasts): `connections.messages.sent.total`. */
  messagesBroadcast(broadcast: MessagesBroadcast<T>): void {
    if (!isArgumentObject(broadcast, MESSAGES_BROADCAST)) return;
    let b = broadcast;
    let type, count;
    try {
      ({ type, count } = b);
    } catch {
      b = readableCopy(b, BROADCAST_FIELDS, MESSAGES_BROADCAST);
      ({ type, count } = b);
    }
    this.messagesSent.add(count, { type });
  }
}

/** The `count` of an optional `{ count }`: 1 when there is none (an unreadable argument is still one message). */
function countOf(sent: MessagesSent | undefined, method: string): number {
  if (sent === undefined || !isArgumentObject(sent, method)) return 1;
  let count;
  try {
    ({ count = 1 } = sent);
  } catch {
    ({ count = 1 } = readableCopy(sent, SENT_FIELDS, method));
  }
  return count;
}

const CONNECTION_OPENED = 'ConnectionMetrics.connectionOpened';
const MESSAGE_SENT = 'ConnectionMetrics.connectionOpened().messageSent';
const MESSAGES_BROADCAST = 'ConnectionMetrics.messagesBroadcast';
const OPENING_FIELDS = ['type'] as const;
const SENT_FIELDS = ['count'] as const;
const BROADCAST_FIELDS = ['type', 'count'] as const;
