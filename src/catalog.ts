// The catalog in code: every metric the domain classes record, grouped by domain, with the
// methods that record each one. Views, docs, dashboards and alert rules derive from this list;
// the conformance tests check the `recordedBy` claims by calling those methods.
import type { MetricSpec } from './core/MetricSpec.js';
import { CACHE_METRICS } from './domains/cacheCatalog.js';
import { CONNECTION_METRICS } from './domains/connectionCatalog.js';
import { COORDINATOR_METRICS } from './domains/coordinatorCatalog.js';
import { DATABASE_METRICS } from './domains/databaseCatalog.js';
import { DLQ_METRICS } from './domains/dlqCatalog.js';
import { EVENT_METRICS } from './domains/eventCatalog.js';
import { EXECUTION_METRICS } from './domains/executionCatalog.js';
import { HEALTH_METRICS } from './domains/healthCatalog.js';
import { HTTP_SERVER_METRICS } from './domains/httpServerCatalog.js';
import { NOTIFICATION_METRICS } from './domains/notificationCatalog.js';
import { OPERATION_METRICS } from './domains/operationCatalog.js';
import { RATE_LIMIT_METRICS } from './domains/rateLimitCatalog.js';
import { WORKER_METRICS } from './domains/workerCatalog.js';

export interface CatalogDomain<M extends Readonly<Record<string, MetricSpec>> = Readonly<Record<string, MetricSpec>>> {
  /** The domain class, as exported. */
  readonly className: string;
  /** The published conventions the domain's names and attributes follow, if any. */
  readonly source?: string;
  readonly metrics: M;
  /** For each metric: the methods that record it, as `Class.method`. */
  readonly recordedBy: { readonly [K in keyof M]: readonly string[] };
}

function domain<M extends Readonly<Record<string, MetricSpec>>>(d: CatalogDomain<M>): CatalogDomain {
  return d as unknown as CatalogDomain;
}

export const CATALOG: readonly CatalogDomain[] = [
  domain({
    className: 'ExecutionMetrics',
    metrics: EXECUTION_METRICS,
    recordedBy: {
      executions: ['ExecutionMetrics.recordExecution', 'ExecutionMetrics.executionStarted().finish'],
      duration: ['ExecutionMetrics.recordExecution', 'ExecutionMetrics.executionStarted().finish'],
      active: ['ExecutionMetrics.executionStarted', 'ExecutionMetrics.executionStarted().finish'],
      memory: ['ExecutionMetrics.recordExecution', 'ExecutionMetrics.executionStarted().finish'],
      cpu: ['ExecutionMetrics.recordExecution', 'ExecutionMetrics.executionStarted().finish'],
      errors: ['ExecutionMetrics.errorOccurred'],
      queueDepth: ['CoordinatorMetrics.enqueued', 'CoordinatorMetrics.scheduled', 'CoordinatorMetrics.schedulingFailed'],
      queueWait: ['CoordinatorMetrics.scheduled'],
    },
  }),
  domain({
    className: 'CoordinatorMetrics',
    metrics: COORDINATOR_METRICS,
    recordedBy: {
      schedulingDuration: ['CoordinatorMetrics.scheduled', 'CoordinatorMetrics.schedulingFailed'],
      active: ['CoordinatorMetrics.scheduled', 'CoordinatorMetrics.released'],
      queueWait: ['CoordinatorMetrics.scheduled'],
      scheduled: ['CoordinatorMetrics.scheduled', 'CoordinatorMetrics.schedulingFailed'],
    },
  }),
  domain({
    className: 'RateLimitMetrics',
    metrics: RATE_LIMIT_METRICS,
    recordedBy: {
      requests: ['RateLimitMetrics.recordCheck'],
      allowed: ['RateLimitMetrics.recordCheck'],
      rejected: ['RateLimitMetrics.recordCheck'],
      bypass: ['RateLimitMetrics.bypassed'],
      checkDuration: ['RateLimitMetrics.recordCheck'],
      redisDuration: ['RateLimitMetrics.recordRedisOperation'],
      remaining: ['RateLimitMetrics.recordCheck'],
      quotaUsage: ['RateLimitMetrics.recordCheck'],
      tokens: ['RateLimitMetrics.recordCheck'],
    },
  }),
  domain({
    className: 'EventMetrics',
    metrics: EVENT_METRICS,
    recordedBy: {
      produced: ['EventMetrics.eventProduced'],
      consumed: ['EventMetrics.recordProcessing'],
      processingDuration: ['EventMetrics.recordProcessing'],
      errors: ['EventMetrics.recordProcessing'],
      lag: ['EventMetrics.setLag', 'EventMetrics.observeLag'],
    },
  }),
  domain({
    className: 'DatabaseMetrics',
    metrics: DATABASE_METRICS,
    recordedBy: {
      operations: ['DatabaseMetrics.recordOperation'],
      duration: ['DatabaseMetrics.recordOperation'],
      errors: ['DatabaseMetrics.recordOperation'],
      connections: ['DatabaseMetrics.connectionAcquired', 'DatabaseMetrics.connectionAcquired().finish'],
    },
  }),
  domain({
    className: 'ConnectionMetrics',
    metrics: CONNECTION_METRICS,
    recordedBy: {
      active: ['ConnectionMetrics.connectionOpened', 'ConnectionMetrics.connectionOpened().finish'],
      opened: ['ConnectionMetrics.connectionOpened'],
      duration: ['ConnectionMetrics.connectionOpened().finish'],
      messagesSent: ['ConnectionMetrics.connectionOpened().messageSent', 'ConnectionMetrics.messagesBroadcast'],
    },
  }),
  domain({
    className: 'HealthMetrics',
    metrics: HEALTH_METRICS,
    recordedBy: {
      checks: ['HealthMetrics.recordCheck', 'HealthMetrics.measureCheck'],
      checkDuration: ['HealthMetrics.recordCheck', 'HealthMetrics.measureCheck'],
      dependencyStatus: ['HealthMetrics.setDependencyStatus', 'HealthMetrics.observeDependencyStatus'],
    },
  }),
  domain({
    className: 'NotificationMetrics',
    metrics: NOTIFICATION_METRICS,
    recordedBy: {
      sent: ['NotificationMetrics.recordDelivery'],
      failed: ['NotificationMetrics.recordDelivery'],
      deliveryDuration: ['NotificationMetrics.recordDelivery'],
    },
  }),
  domain({
    className: 'DlqMetrics',
    metrics: DLQ_METRICS,
    recordedBy: {
      messages: ['DlqMetrics.deadLettered'],
      retries: ['DlqMetrics.retryAttempted'],
      size: ['DlqMetrics.setSize', 'DlqMetrics.observeSize'],
    },
  }),
  domain({
    className: 'OperationMetrics',
    metrics: OPERATION_METRICS,
    recordedBy: {
      duration: ['OperationMetrics.recordLatency', 'OperationMetrics.recordOperation', 'OperationMetrics.measure', 'OperationMetrics.wrap', '@timed / @timedWith'],
      total: ['OperationMetrics.succeeded', 'OperationMetrics.failed', 'OperationMetrics.recordOperation', 'OperationMetrics.measure', 'OperationMetrics.wrap', '@timed / @timedWith'],
      errors: ['OperationMetrics.failed', 'OperationMetrics.recordOperation', 'OperationMetrics.measure', 'OperationMetrics.wrap', '@timed / @timedWith'],
      retries: ['OperationMetrics.retried'],
    },
  }),
  domain({
    className: 'WorkerMetrics',
    metrics: WORKER_METRICS,
    recordedBy: {
      polls: ['WorkerMetrics.recordPoll'],
      pollDuration: ['WorkerMetrics.recordPoll'],
      executeDuration: ['WorkerMetrics.recordExecution'],
      executeErrors: ['WorkerMetrics.recordExecution'],
      updateDuration: ['WorkerMetrics.recordUpdate'],
      updateErrors: ['WorkerMetrics.recordUpdate'],
      resultSize: ['WorkerMetrics.recordExecution'],
      queueFull: ['WorkerMetrics.executionQueueOverflowed'],
      paused: ['WorkerMetrics.pollSkippedWhilePaused'],
      restarts: ['WorkerMetrics.workerRestarted'],
      externalPayload: ['WorkerMetrics.externalPayloadUsed'],
      workflowInputSize: ['WorkerMetrics.workflowStarted'],
      workflowStartErrors: ['WorkerMetrics.workflowStartFailed'],
      apiRequestDuration: ['WorkerMetrics.recordApiRequest'],
    },
  }),
  domain({
    className: 'HttpServerMetrics',
    source: 'OpenTelemetry HTTP semantic conventions',
    metrics: HTTP_SERVER_METRICS,
    recordedBy: {
      requestDuration: ['HttpServerMetrics.requestStarted().finish', 'HttpServerMetrics.track', 'HttpServerMetrics.middleware'],
      activeRequests: ['HttpServerMetrics.requestStarted', 'HttpServerMetrics.requestStarted().finish', 'HttpServerMetrics.track', 'HttpServerMetrics.middleware'],
      requestBodySize: ['HttpServerMetrics.requestStarted().finish', 'HttpServerMetrics.track', 'HttpServerMetrics.middleware'],
      responseBodySize: ['HttpServerMetrics.requestStarted().finish', 'HttpServerMetrics.track', 'HttpServerMetrics.middleware'],
    },
  }),
  domain({
    className: 'CacheMetrics',
    metrics: CACHE_METRICS,
    recordedBy: {
      requests: ['CacheMetrics.lookedUp'],
      evictions: ['CacheMetrics.evicted'],
      size: ['CacheMetrics.setSize', 'CacheMetrics.observeSize'],
    },
  }),
];

/** Every catalog metric once, in catalog order. */
export function catalogMetrics(): MetricSpec[] {
  const seen = new Map<string, MetricSpec>();
  for (const d of CATALOG) {
    for (const spec of Object.values(d.metrics)) if (!seen.has(spec.name)) seen.set(spec.name, spec);
  }
  return [...seen.values()];
}
