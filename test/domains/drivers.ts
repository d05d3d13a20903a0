// One driver per domain class for the conformance suite: how to build it, and for every
// `recordedBy` entry of the catalog a call that performs exactly that method with valid values.
import type { BaseMetricsOptions } from '../../src/core/BaseMetrics.js';
import { CacheMetrics } from '../../src/domains/CacheMetrics.js';
import { ConnectionMetrics } from '../../src/domains/ConnectionMetrics.js';
import { CoordinatorMetrics } from '../../src/domains/CoordinatorMetrics.js';
import { DatabaseMetrics } from '../../src/domains/DatabaseMetrics.js';
import { DlqMetrics } from '../../src/domains/DlqMetrics.js';
import { EventMetrics } from '../../src/domains/EventMetrics.js';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import { HealthMetrics } from '../../src/domains/HealthMetrics.js';
import { HttpServerMetrics } from '../../src/domains/HttpServerMetrics.js';
import { NotificationMetrics } from '../../src/domains/NotificationMetrics.js';
import { OperationMetrics, timedWith } from '../../src/domains/OperationMetrics.js';
import { RateLimitMetrics } from '../../src/domains/RateLimitMetrics.js';
import { WorkerMetrics } from '../../src/domains/WorkerMetrics.js';

/** A call that performs one method; `prepare` runs before the "before" snapshot (e.g. open a handle). */
export interface MethodCall<T> {
  prepare?(metrics: T): unknown;
  call(metrics: T, prepared: unknown): unknown;
}

export interface DomainDriver<T = any> {
  readonly className: string;
  create(options: BaseMetricsOptions): T;
  /** Keyed exactly like the catalog's recordedBy entries. */
  readonly methods: Readonly<Record<string, MethodCall<T>>>;
  /** Calls with bad numbers (NaN, ±Infinity, negative, non-numbers); none may throw. */
  badNumbers(metrics: T): void;
}

const BAD: unknown[] = [Number.NaN, Infinity, -Infinity, -1, '3', undefined, null];
const bad = () => BAD as number[];

function driver<T>(d: DomainDriver<T>): DomainDriver<T> {
  return d;
}

class Timed {
  constructor(readonly metrics: OperationMetrics) {}
  @timedWith((self: Timed) => self.metrics, 'decorated')
  async run(fail: boolean): Promise<string> {
    if (fail) throw new TypeError('nope');
    return 'ok';
  }
}

export const DRIVERS: readonly DomainDriver[] = [
  driver({
    className: 'ExecutionMetrics',
    create: (o) => new ExecutionMetrics(o),
    methods: {
      'ExecutionMetrics.recordExecution': {
        call: (m) => m.recordExecution({ status: 'completed', langAndVersion: 'python-3.11', durationSeconds: 2, memoryMiB: 64, cpuMillicores: 120 }),
      },
      'ExecutionMetrics.executionStarted': { call: (m) => m.executionStarted({ langAndVersion: 'python-3.11' }) },
      'ExecutionMetrics.executionStarted().finish': {
        prepare: (m) => m.executionStarted({ langAndVersion: 'python-3.11' }),
        call: (_m, run) => (run as ReturnType<ExecutionMetrics['executionStarted']>).finish({ status: 'failed', memoryMiB: 10, cpuMillicores: 5 }),
      },
      'ExecutionMetrics.errorOccurred': { call: (m) => m.errorOccurred({ error: new TypeError('x') }) },
    },
    badNumbers: (m) => {
      for (const v of bad()) {
        m.recordExecution({ status: 'completed', langAndVersion: 'py', durationSeconds: v, memoryMiB: v, cpuMillicores: v });
        m.executionStarted({ langAndVersion: 'py' }).finish({ status: 'completed', memoryMiB: v, cpuMillicores: v });
      }
    },
  }),
  driver({
    className: 'CoordinatorMetrics',
    create: (o) => new CoordinatorMetrics(o),
    methods: {
      'CoordinatorMetrics.enqueued': { call: (m) => m.enqueued() },
      'CoordinatorMetrics.scheduled': {
        call: (m) => m.scheduled({ priority: 'high', langAndVersion: 'go-1.22', queueWaitSeconds: 3, schedulingSeconds: 0.002 }),
      },
      'CoordinatorMetrics.schedulingFailed': { call: (m) => m.schedulingFailed({ status: 'rejected', schedulingSeconds: 0.001, dequeued: true }) },
      'CoordinatorMetrics.released': { call: (m) => m.released() },
    },
    badNumbers: (m) => {
      for (const v of bad()) {
        m.scheduled({ priority: 'low', queueWaitSeconds: v, schedulingSeconds: v });
        m.schedulingFailed({ status: 'failed', schedulingSeconds: v, dequeued: false });
      }
    },
  }),
  driver({
    className: 'RateLimitMetrics',
    create: (o) => new RateLimitMetrics(o),
    methods: {
      'RateLimitMetrics.recordCheck': {
        call: (m) => {
          const base = { endpoint: '/api/v1/users/42', authenticated: true, algorithm: 'token_bucket', group: 'pro', priority: 'normal', multiplier: 2, durationSeconds: 0.0004, remaining: 9, limit: 10, tokens: 9 } as const;
          m.recordCheck({ ...base, allowed: true });
          m.recordCheck({ ...base, allowed: false });
        },
      },
      'RateLimitMetrics.bypassed': { call: (m) => m.bypassed({ endpoint: '/health' }) },
      'RateLimitMetrics.recordRedisOperation': { call: (m) => m.recordRedisOperation({ operation: 'evalsha', durationSeconds: 0.0007 }) },
    },
    badNumbers: (m) => {
      for (const v of bad()) {
        m.recordCheck({ endpoint: '/x', authenticated: false, algorithm: 'fixed_window', allowed: true, durationSeconds: v, remaining: v, limit: v, tokens: v, multiplier: v });
        m.recordRedisOperation({ operation: 'get', durationSeconds: v });
      }
    },
  }),
  driver({
    className: 'EventMetrics',
    create: (o) => new EventMetrics(o),
    methods: {
      'EventMetrics.eventProduced': { call: (m) => m.eventProduced({ eventType: 'execution.completed', topic: 'executions' }) },
      'EventMetrics.recordProcessing': {
        call: (m) => m.recordProcessing({ eventType: 'execution.completed', topic: 'executions', durationSeconds: 0.02, error: new RangeError('x') }),
      },
      'EventMetrics.setLag': { call: (m) => m.setLag({ topic: 'executions', partition: 0, lag: 12 }) },
      'EventMetrics.observeLag': { call: (m) => m.observeLag((observe) => observe(5, { topic: 'executions', partition: 1 })) },
    },
    badNumbers: (m) => {
      for (const v of bad()) {
        m.eventProduced({ eventType: 't', topic: 'x', count: v });
        m.recordProcessing({ eventType: 't', topic: 'x', durationSeconds: v });
        m.setLag({ topic: 'x', partition: 0, lag: v });
      }
    },
  }),
  driver({
    className: 'DatabaseMetrics',
    create: (o) => new DatabaseMetrics(o),
    methods: {
      'DatabaseMetrics.recordOperation': {
        call: (m) => m.recordOperation({ operation: 'find', collection: 'executions', durationSeconds: 0.004, error: new Error('boom') }),
      },
      'DatabaseMetrics.connectionAcquired': { call: (m) => m.connectionAcquired() },
      'DatabaseMetrics.connectionAcquired().finish': {
        prepare: (m) => m.connectionAcquired(),
        call: (_m, held) => (held as ReturnType<DatabaseMetrics['connectionAcquired']>).finish(),
      },
    },
    badNumbers: (m) => {
      for (const v of bad()) m.recordOperation({ operation: 'insert', collection: 'x', durationSeconds: v });
    },
  }),
  driver({
    className: 'ConnectionMetrics',
    create: (o) => new ConnectionMetrics(o),
    methods: {
      'ConnectionMetrics.connectionOpened': { call: (m) => m.connectionOpened({ type: 'websocket' }) },
      'ConnectionMetrics.connectionOpened().finish': {
        prepare: (m) => m.connectionOpened({ type: 'sse' }),
        call: (_m, c) => (c as ReturnType<ConnectionMetrics['connectionOpened']>).finish(),
      },
      'ConnectionMetrics.connectionOpened().messageSent': {
        prepare: (m) => m.connectionOpened({ type: 'sse' }),
        call: (_m, c) => (c as ReturnType<ConnectionMetrics['connectionOpened']>).messageSent({ count: 3 }),
      },
      'ConnectionMetrics.messagesBroadcast': { call: (m) => m.messagesBroadcast({ type: 'websocket', count: 10 }) },
    },
    badNumbers: (m) => {
      for (const v of bad()) {
        m.messagesBroadcast({ type: 'sse', count: v });
        m.connectionOpened({ type: 'sse' }).messageSent({ count: v });
      }
    },
  }),
  driver({
    className: 'HealthMetrics',
    create: (o) => new HealthMetrics(o),
    methods: {
      'HealthMetrics.recordCheck': { call: (m) => m.recordCheck({ service: 'mongodb', status: 'healthy', durationSeconds: 0.003 }) },
      'HealthMetrics.measureCheck': { call: (m) => m.measureCheck('redis', async () => 'degraded' as const) },
      'HealthMetrics.setDependencyStatus': { call: (m) => m.setDependencyStatus({ dependency: 'kafka', up: false }) },
      'HealthMetrics.observeDependencyStatus': { call: (m) => m.observeDependencyStatus((observe) => observe(1, { dependency: 'redis' })) },
    },
    badNumbers: (m) => {
      for (const v of bad()) m.recordCheck({ service: 's', status: 'healthy', durationSeconds: v });
    },
  }),
  driver({
    className: 'NotificationMetrics',
    create: (o) => new NotificationMetrics(o),
    methods: {
      'NotificationMetrics.recordDelivery': {
        call: (m) => {
          m.recordDelivery({ type: 'execution_completed', channel: 'email', durationSeconds: 0.8 });
          m.recordDelivery({ type: 'execution_completed', channel: 'email', durationSeconds: 2, error: new URIError('bad address') });
        },
      },
    },
    badNumbers: (m) => {
      for (const v of bad()) m.recordDelivery({ type: 't', channel: 'sms', durationSeconds: v });
    },
  }),
  driver({
    className: 'DlqMetrics',
    create: (o) => new DlqMetrics(o),
    methods: {
      'DlqMetrics.deadLettered': { call: (m) => m.deadLettered({ topic: 'orders.dlq', reason: 'max_retries_exceeded' }) },
      'DlqMetrics.retryAttempted': { call: (m) => m.retryAttempted({ topic: 'orders.dlq' }) },
      'DlqMetrics.setSize': { call: (m) => m.setSize({ topic: 'orders.dlq', size: 17 }) },
      'DlqMetrics.observeSize': { call: (m) => m.observeSize((observe) => observe(3, { topic: 'payments.dlq' })) },
    },
    badNumbers: (m) => {
      for (const v of bad()) m.setSize({ topic: 'x', size: v });
    },
  }),
  driver({
    className: 'OperationMetrics',
    create: (o) => new OperationMetrics(o),
    methods: {
      'OperationMetrics.recordLatency': { call: (m) => m.recordLatency({ operation: 'plan', durationSeconds: 0.2 }) },
      'OperationMetrics.succeeded': { call: (m) => m.succeeded({ operation: 'plan' }) },
      'OperationMetrics.failed': { call: (m) => m.failed({ operation: 'plan', error: new TypeError('x') }) },
      'OperationMetrics.recordOperation': {
        call: (m) => m.recordOperation({ operation: 'plan', success: false, durationSeconds: 0.3, error: new TypeError('x') }),
      },
      'OperationMetrics.measure': {
        call: (m) => {
          m.measure('parse', () => 1);
          try {
            m.measure('parse', () => {
              throw new SyntaxError('x');
            });
          } catch {
            // expected: rethrown untouched
          }
        },
      },
      'OperationMetrics.wrap': {
        call: async (m) => {
          await m.wrap('fetch', async () => 1)();
          await m.wrap('fetch', async () => Promise.reject(new RangeError('x')))().catch(() => undefined);
        },
      },
      '@timed / @timedWith': {
        call: async (m) => {
          const t = new Timed(m);
          await t.run(false);
          await t.run(true).catch(() => undefined);
        },
      },
      'OperationMetrics.retried': { call: (m) => m.retried({ operation: 'plan', attempt: 2 }) },
    },
    badNumbers: (m) => {
      for (const v of bad()) {
        m.recordLatency({ operation: 'x', durationSeconds: v });
        m.recordOperation({ operation: 'x', success: true, durationSeconds: v });
        m.retried({ operation: 'x', attempt: v });
      }
    },
  }),
  driver({
    className: 'WorkerMetrics',
    create: (o) => new WorkerMetrics(o),
    methods: {
      'WorkerMetrics.recordPoll': { call: (m) => m.recordPoll({ taskType: 'resize', durationSeconds: 0.02 }) },
      'WorkerMetrics.recordExecution': {
        call: (m) => m.recordExecution({ taskType: 'resize', durationSeconds: 1.5, resultBytes: 2048, error: new Error('x') }),
      },
      'WorkerMetrics.recordUpdate': { call: (m) => m.recordUpdate({ taskType: 'resize', durationSeconds: 0.05, error: new Error('x') }) },
      'WorkerMetrics.executionQueueOverflowed': { call: (m) => m.executionQueueOverflowed({ taskType: 'resize' }) },
      'WorkerMetrics.pollSkippedWhilePaused': { call: (m) => m.pollSkippedWhilePaused({ taskType: 'resize' }) },
      'WorkerMetrics.workerRestarted': { call: (m) => m.workerRestarted({ taskType: 'resize' }) },
      'WorkerMetrics.externalPayloadUsed': { call: (m) => m.externalPayloadUsed({ taskType: 'resize', payloadType: 'output' }) },
      'WorkerMetrics.workflowStarted': { call: (m) => m.workflowStarted({ workflowType: 'report', version: 2, inputBytes: 4096 }) },
      'WorkerMetrics.workflowStartFailed': { call: (m) => m.workflowStartFailed({ workflowType: 'report', error: new Error('x') }) },
      'WorkerMetrics.recordApiRequest': { call: (m) => m.recordApiRequest({ method: 'get', uri: '/tasks/poll/batch/resize', status: 200, durationSeconds: 0.1 }) },
    },
    badNumbers: (m) => {
      for (const v of bad()) {
        m.recordExecution({ taskType: 't', durationSeconds: v, resultBytes: v });
        m.workflowStarted({ workflowType: 'w', version: 1, inputBytes: v });
        m.recordApiRequest({ method: 'GET', uri: '/x', status: 200, durationSeconds: v });
      }
    },
  }),
  driver({
    className: 'HttpServerMetrics',
    create: (o) => new HttpServerMetrics(o),
    methods: {
      'HttpServerMetrics.requestStarted': { call: (m) => m.requestStarted({ method: 'GET' }) },
      'HttpServerMetrics.requestStarted().finish': {
        prepare: (m) => m.requestStarted({ method: 'POST' }),
        call: (_m, r) =>
          (r as ReturnType<HttpServerMetrics['requestStarted']>).finish({ route: '/users/:id', statusCode: 201, requestBodyBytes: 300, responseBodyBytes: 40 }),
      },
    },
    badNumbers: (m) => {
      for (const v of bad()) m.requestStarted({ method: 'GET' }).finish({ statusCode: v, requestBodyBytes: v, responseBodyBytes: v });
    },
  }),
  driver({
    className: 'CacheMetrics',
    create: (o) => new CacheMetrics(o),
    methods: {
      'CacheMetrics.lookedUp': {
        call: (m) => {
          m.lookedUp({ cache: 'sessions', result: 'hit' });
          m.lookedUp({ cache: 'sessions', result: 'miss' });
        },
      },
      'CacheMetrics.evicted': { call: (m) => m.evicted({ cache: 'sessions', count: 2 }) },
      'CacheMetrics.setSize': { call: (m) => m.setSize({ cache: 'sessions', size: 100 }) },
      'CacheMetrics.observeSize': { call: (m) => m.observeSize((observe) => observe(7, { cache: 'scripts' })) },
    },
    badNumbers: (m) => {
      for (const v of bad()) {
        m.evicted({ cache: 'x', count: v });
        m.setSize({ cache: 'x', size: v });
      }
    },
  }),
];

/** Methods whose effect needs a real HTTP server; test/domains/HttpServerMetrics.test.ts covers them. */
export const COVERED_ELSEWHERE = new Set(['HttpServerMetrics.track', 'HttpServerMetrics.middleware']);
