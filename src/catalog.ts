// The catalog in code: every metric the domain classes record, grouped by domain, with the
// methods that record each one. Views, docs, dashboards and alert rules derive from this list;
// the conformance tests check the `recordedBy` claims by calling those methods.
import type { MetricSpec } from './core/MetricSpec.js';
import type { OutcomeRatio } from './core/outcomeRatio.js';
import { CACHE_METRICS, CACHE_OUTCOME_RATIOS } from './domains/cacheCatalog.js';
import { CONNECTION_METRICS } from './domains/connectionCatalog.js';
import { COORDINATOR_METRICS, COORDINATOR_OUTCOME_RATIOS } from './domains/coordinatorCatalog.js';
import { DATABASE_METRICS, DATABASE_OUTCOME_RATIOS } from './domains/databaseCatalog.js';
import { DLQ_METRICS } from './domains/dlqCatalog.js';
import { EVENT_METRICS, EVENT_OUTCOME_RATIOS } from './domains/eventCatalog.js';
import { EXECUTION_METRICS, EXECUTION_OUTCOME_RATIOS } from './domains/executionCatalog.js';
import { HEALTH_METRICS, HEALTH_OUTCOME_RATIOS } from './domains/healthCatalog.js';
import { HTTP_SERVER_METRICS, HTTP_SERVER_OUTCOME_RATIOS } from './domains/httpServerCatalog.js';
import { NOTIFICATION_METRICS, NOTIFICATION_OUTCOME_RATIOS } from './domains/notificationCatalog.js';
import { OPERATION_METRICS, OPERATION_OUTCOME_RATIOS } from './domains/operationCatalog.js';
import { RATE_LIMIT_METRICS, RATE_LIMIT_OUTCOME_RATIOS } from './domains/rateLimitCatalog.js';
import { WORKER_METRICS, WORKER_OUTCOME_RATIOS } from './domains/workerCatalog.js';

export interface CatalogDomain<M extends Readonly<Record<string, MetricSpec>> = Readonly<Record<string, MetricSpec>>> {
  /** The domain class, as exported. */
  readonly className: string;
  /** The published conventions the domain's names and attributes follow, if any. */
  readonly source?: string;
  readonly metrics: M;
  /** The shares of the domain's events (failed, rejected, hit) that dashboards and alert rules derive. */
  readonly outcomeRatios?: readonly OutcomeRatio[];
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
    outcomeRatios: EXECUTION_OUTCOME_RATIOS,
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
    outcomeRatios: COORDINATOR_OUTCOME_RATIOS,
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
    outcomeRatios: RATE_LIMIT_OUTCOME_RATIOS,
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
    outcomeRatios: EVENT_OUTCOME_RATIOS,
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
    outcomeRatios: DATABASE_OUTCOME_RATIOS,
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
    outcomeRatios: HEALTH_OUTCOME_RATIOS,
    recordedBy: {
      checks: ['HealthMetrics.recordCheck', 'HealthMetrics.measureCheck'],
      checkDuration: ['HealthMetrics.recordCheck', 'HealthMetrics.measureCheck'],
      dependencyStatus: ['HealthMetrics.setDependencyStatus', 'HealthMetrics.observeDependencyStatus'],
    },
  }),
  domain({
    className: 'NotificationMetrics',
    metrics: NOTIFICATION_METRICS,
    outcomeRatios: NOTIFICATION_OUTCOME_RATIOS,
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
    outcomeRatios: OPERATION_OUTCOME_RATIOS,
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
    outcomeRatios: WORKER_OUTCOME_RATIOS,
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
    outcomeRatios: HTTP_SERVER_OUTCOME_RATIOS,
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
    outcomeRatios: CACHE_OUTCOME_RATIOS,
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
