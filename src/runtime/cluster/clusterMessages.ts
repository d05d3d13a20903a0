// The IPC messages between a cluster's primary and its workers. Every message carries a `type`
// under this library's prefix, so that the application's own messages on the same channel are
// never taken for ours (and ours are easy to ignore in the application's own listeners).
import type { ScopeMetrics } from '@opentelemetry/sdk-metrics';

export const MESSAGE_PREFIX = 'otel-domain-metrics:';

/**
 * Set by `startClusterMetrics()` in the primary's environment, so that workers forked afterwards
 * inherit it: the primary's pid, which a worker compares with its parent's.
 */
export const CLUSTER_PRIMARY_ENV = 'OTEL_DOMAIN_METRICS_CLUSTER_PRIMARY';

/** Worker → primary, once at start: "my metrics are collected by you". */
export interface HelloMessage {
  readonly type: 'otel-domain-metrics:hello';
}

/** Primary → worker: "send your cumulative metrics now"; `id` grows with every request. */
export interface CollectMessage {
  readonly type: 'otel-domain-metrics:collect';
  readonly id: number;
}

/**
 * Worker → primary: its cumulative metrics, in answer to request `id`, or unasked (`id` null,
 * `final` true) as the last report of a worker that shuts its metrics down: the primary keeps those
 * totals and stops asking. Plain JSON: times are [seconds, nanos] pairs.
 */
export interface ReportMessage {
  readonly type: 'otel-domain-metrics:report';
  readonly id: number | null;
  readonly final: boolean;
  readonly scopeMetrics: ScopeMetrics[];
}

export type ClusterMessage = HelloMessage | CollectMessage | ReportMessage;

function typed(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const type = (message as { type?: unknown }).type;
  return typeof type === 'string' && type.startsWith(MESSAGE_PREFIX) ? type : undefined;
}

export function isHello(message: unknown): message is HelloMessage {
  return typed(message) === 'otel-domain-metrics:hello';
}

export function isCollect(message: unknown): message is CollectMessage {
  return typed(message) === 'otel-domain-metrics:collect' && typeof (message as CollectMessage).id === 'number';
}

export function isReport(message: unknown): message is ReportMessage {
  if (typed(message) !== 'otel-domain-metrics:report') return false;
  const { id, scopeMetrics } = message as ReportMessage;
  return (typeof id === 'number' || id === null) && Array.isArray(scopeMetrics) && typeof (message as ReportMessage).final === 'boolean';
}
