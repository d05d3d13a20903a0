// What plain JavaScript or a bad `any` can hand to every public method of the domain classes
// (HttpServerMetrics aside) and the DomainMetrics facade: null, wrong types, BigInt, Symbol, 1 MB
// strings, throwing getters and Proxies, arrays, functions. No call may throw, and what was valid
// in the call must be exported exactly: each hostile call is compared with the same call where the
// hostile part is replaced by what it amounts to (absent, dropped, or its normalised value), and
// each method's valid call with its exact expected export. On the SDK and the fast path.
import { types } from 'node:util';
import type { MeterProvider } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOG, catalogMetrics } from '../../src/catalog.js';
import type { BaseMetricsOptions } from '../../src/core/BaseMetrics.js';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import { CacheMetrics } from '../../src/domains/CacheMetrics.js';
import { ConnectionMetrics } from '../../src/domains/ConnectionMetrics.js';
import { CoordinatorMetrics } from '../../src/domains/CoordinatorMetrics.js';
import { DatabaseMetrics } from '../../src/domains/DatabaseMetrics.js';
import { DlqMetrics } from '../../src/domains/DlqMetrics.js';
import { EventMetrics } from '../../src/domains/EventMetrics.js';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import { HealthMetrics } from '../../src/domains/HealthMetrics.js';
import { NotificationMetrics } from '../../src/domains/NotificationMetrics.js';
import { OperationMetrics, timedWith } from '../../src/domains/OperationMetrics.js';
import { RateLimitMetrics } from '../../src/domains/RateLimitMetrics.js';
import { WorkerMetrics } from '../../src/domains/WorkerMetrics.js';
import { testProvider, type TestReader } from '../support/collect.js';
import { captureDiag } from '../support/diagnostics.js';
import { runtimeLikeProvider } from '../support/fastPathProvider.js';

// ---------------------------------------------------------------------------------------------
// Hostile values

const MB = 'x'.repeat(1024 * 1024);
const TRUNCATED_MB = 'x'.repeat(128);

function throwingProxy(): object {
  const fail = () => {
    throw new Error('trap');
  };
  return new Proxy({}, { get: fail, has: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, getPrototypeOf: fail });
}

/** An object whose every listed field is a getter that throws. */
function throwingGetters(keys: readonly string[]): object {
  const o = {};
  for (const key of keys) {
    Object.defineProperty(o, key, {
      enumerable: true,
      get() {
        throw new Error(`getter ${key}`);
      },
    });
  }
  return o;
}

type HostileName =
  | 'null'
  | 'undefined'
  | 'number'
  | 'NaN'
  | 'string'
  | '1 MB string'
  | 'BigInt'
  | 'Symbol'
  | 'array'
  | 'function'
  | 'plain object'
  | 'throwing Proxy'
  | 'object of throwing getters';

const HOSTILE: readonly (readonly [HostileName, () => unknown])[] = [
  ['null', () => null],
  ['undefined', () => undefined],
  ['number', () => 42],
  ['NaN', () => Number.NaN],
  ['string', () => 'abc'],
  ['1 MB string', () => MB],
  ['BigInt', () => 10n],
  ['Symbol', () => Symbol('hostile')],
  ['array', () => [1, 2]],
  ['function', () => () => 1],
  ['plain object', () => ({ a: 1 })],
  ['throwing Proxy', throwingProxy],
  ['object of throwing getters', () => throwingGetters(['a', 'name', 'message', 'code', 'then'])],
];

/** Stands for "no reference call exists for this value": the hostile call is only checked not to throw. */
const SKIP = Symbol('skip');

/**
 * How a parameter or field reads its value, and so what a hostile value amounts to: the value a
 * well-typed caller would pass to get the same export.
 */
type Kind = 'attr' | 'route' | 'status' | 'number' | 'flag' | 'error' | 'labels' | 'callback' | 'selector' | 'batch';

function referenceFor(kind: Kind, name: HostileName, value: unknown): unknown {
  switch (kind) {
    case 'attr': // the attribute policy: strings trimmed and cut, finite numbers kept, BigInt as text
      return { number: 42, string: 'abc', '1 MB string': TRUNCATED_MB, BigInt: '10' }[name as string];
    case 'route': // templated strings; anything else is `_OTHER`, as undefined is
      return { string: 'abc', '1 MB string': TRUNCATED_MB }[name as string];
    case 'status': // a number, or an error class name from anything else
      return name === 'NaN' ? SKIP : { number: 42, string: 'abc' }[name as string];
    case 'number': // only numbers are values; everything else is dropped like NaN (undefined takes a default)
      return name === 'number' ? 42 : name === 'undefined' ? undefined : Number.NaN;
    case 'flag':
      return Boolean(value);
    case 'error': // present: recorded by class name, `_OTHER` for anything without one
      return name === 'undefined' ? undefined : name === 'string' ? 'abc' : '_OTHER';
    case 'labels': // no label keys are declared: whatever arrives adds nothing
      return undefined;
    case 'callback':
      return typeof value === 'function' ? value : undefined;
    case 'selector':
      return undefined;
    case 'batch':
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Exported state and what a call changed

type Export = Map<string, number>;

function keyOf(name: string, attributes: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)));
  return `${name} ${JSON.stringify(sorted)}`;
}

async function exported(reader: TestReader): Promise<{ values: Export; gauges: Set<string> }> {
  const s = await reader.snapshot();
  const values: Export = new Map();
  const gauges = new Set<string>();
  for (const metric of s.metrics) {
    for (const point of metric.dataPoints) {
      const key = keyOf(metric.descriptor.name, point.attributes);
      if (metric.dataPointType === DataPointType.HISTOGRAM) {
        const h = point.value as { count: number; sum?: number };
        values.set(`${key} count`, h.count);
        // Whole seconds: durations the library measures itself (handles, measure) round to 0.
        values.set(`${key} sum`, Math.round(h.sum ?? 0));
      } else {
        values.set(key, point.value as number);
        if (metric.dataPointType === DataPointType.GAUGE) gauges.add(key);
      }
    }
  }
  return { values, gauges };
}

/** Sums and histograms: the change; gauges: the new value, or "removed". Unchanged entries are left out. */
function delta(before: Export, after: { values: Export; gauges: Set<string> }): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [key, value] of after.values) {
    const was = before.get(key);
    if (after.gauges.has(key)) {
      if (was !== value) out[key] = value;
    } else {
      const change = value - (was ?? 0);
      if (change !== 0) out[key] = change;
    }
  }
  for (const key of before.keys()) if (!after.values.has(key)) out[key] = 'removed';
  return out;
}

const sum = (name: string, attributes: Record<string, unknown>, change: number) => ({ [keyOf(name, attributes)]: change });
const gauge = sum;
/** A histogram change; a `total` of 0 (a duration measured by the library) leaves the sum out. */
const hist = (name: string, attributes: Record<string, unknown>, total: number, count = 1) => ({
  [`${keyOf(name, attributes)} count`]: count,
  ...(total === 0 ? {} : { [`${keyOf(name, attributes)} sum`]: total }),
});

// ---------------------------------------------------------------------------------------------
// Recording paths

interface Path {
  readonly name: string;
  make(): { meterProvider: MeterProvider; reader: TestReader };
}

const PATHS: readonly Path[] = [
  { name: 'SDK path', make: () => testProvider() },
  {
    name: 'fast path',
    make: () => {
      const { meterProvider, readers } = runtimeLikeProvider({ fast: true, specs: catalogMetrics(), temporalities: [AggregationTemporality.CUMULATIVE] });
      return { meterProvider, reader: readers[0]! };
    },
  },
];

// ---------------------------------------------------------------------------------------------
// The table: every public method, its parameters, a valid call and that call's exact export

type Param = Kind | { readonly fields: Readonly<Record<string, Kind>>; readonly notAnObject: 'dropped' | 'as empty' };

interface MethodCase<T = any> {
  readonly method: string;
  readonly owner: keyof DomainMetrics;
  readonly create: (options: BaseMetricsOptions) => T;
  /** Runs before the "before" snapshot (opens a handle, sets a gauge). */
  readonly prepare?: (metrics: T) => unknown;
  readonly params: readonly Param[];
  readonly valid: readonly unknown[];
  readonly invoke: (metrics: T, args: readonly any[], prepared: any) => unknown;
  readonly expected: Record<string, number | string> | ((path: Path) => Record<string, number | string>);
}

const method = <T,>(c: MethodCase<T>): MethodCase<T> => c;
const noop = () => undefined;
const decoratorContext = {} as ClassMethodDecoratorContext;

const EXEC = { status: 'attr', langAndVersion: 'attr', durationSeconds: 'number', memoryMiB: 'number', cpuMillicores: 'number' } as const;

const CASES: readonly MethodCase[] = [
  // ExecutionMetrics
  method({
    method: 'ExecutionMetrics.recordExecution',
    owner: 'execution',
    create: (o) => new ExecutionMetrics(o),
    params: [{ fields: EXEC, notAnObject: 'dropped' }],
    valid: [{ status: 'completed', langAndVersion: 'py', durationSeconds: 2, memoryMiB: 10, cpuMillicores: 5 }],
    invoke: (m, [r]) => m.recordExecution(r),
    expected: {
      ...sum('script.executions.total', { status: 'completed', lang_and_version: 'py' }, 1),
      ...hist('script.execution.duration', { lang_and_version: 'py' }, 2),
      ...hist('script.memory.usage', { lang_and_version: 'py' }, 10),
      ...hist('script.cpu.utilization', {}, 5),
    },
  }),
  method({
    method: 'ExecutionMetrics.executionStarted',
    owner: 'execution',
    create: (o) => new ExecutionMetrics(o),
    params: [{ fields: { langAndVersion: 'attr' }, notAnObject: 'as empty' }],
    valid: [{ langAndVersion: 'py' }],
    invoke: (m, [s]) => m.executionStarted(s),
    expected: sum('script.executions.active', {}, 1),
  }),
  method({
    method: 'ExecutionMetrics.executionStarted().finish',
    owner: 'execution',
    create: (o) => new ExecutionMetrics(o),
    prepare: (m) => m.executionStarted({ langAndVersion: 'py' }),
    params: [{ fields: { status: 'attr', memoryMiB: 'number', cpuMillicores: 'number' }, notAnObject: 'as empty' }],
    valid: [{ status: 'failed', memoryMiB: 10, cpuMillicores: 5 }],
    invoke: (_m, [outcome], run) => run.finish(outcome),
    expected: {
      ...sum('script.executions.active', {}, -1),
      ...sum('script.executions.total', { status: 'failed', lang_and_version: 'py' }, 1),
      ...hist('script.execution.duration', { lang_and_version: 'py' }, 0),
      ...hist('script.memory.usage', { lang_and_version: 'py' }, 10),
      ...hist('script.cpu.utilization', {}, 5),
    },
  }),
  method({
    method: 'ExecutionMetrics.errorOccurred',
    owner: 'execution',
    create: (o) => new ExecutionMetrics(o),
    params: [{ fields: { error: 'error' }, notAnObject: 'dropped' }],
    valid: [{ error: new TypeError('x') }],
    invoke: (m, [e]) => m.errorOccurred(e),
    expected: sum('script.errors.total', { error_type: 'TypeError' }, 1),
  }),
  // CoordinatorMetrics
  method({
    method: 'CoordinatorMetrics.enqueued',
    owner: 'coordinator',
    create: (o) => new CoordinatorMetrics(o),
    params: [],
    valid: [],
    invoke: (m) => m.enqueued(),
    expected: sum('execution.queue.depth', {}, 1),
  }),
  method({
    method: 'CoordinatorMetrics.scheduled',
    owner: 'coordinator',
    create: (o) => new CoordinatorMetrics(o),
    params: [{ fields: { priority: 'attr', langAndVersion: 'attr', queueWaitSeconds: 'number', schedulingSeconds: 'number' }, notAnObject: 'dropped' }],
    valid: [{ priority: 'high', langAndVersion: 'go', queueWaitSeconds: 3, schedulingSeconds: 1 }],
    invoke: (m, [e]) => m.scheduled(e),
    expected: {
      ...sum('execution.queue.depth', {}, -1),
      ...sum('coordinator.executions.active', {}, 1),
      ...hist('coordinator.queue.wait_time', { priority: 'high' }, 3),
      ...hist('execution.queue.wait_time', { lang_and_version: 'go' }, 3),
      ...sum('coordinator.executions.scheduled.total', { status: 'scheduled' }, 1),
      ...hist('coordinator.scheduling.duration', {}, 1),
    },
  }),
  method({
    method: 'CoordinatorMetrics.schedulingFailed',
    owner: 'coordinator',
    create: (o) => new CoordinatorMetrics(o),
    params: [{ fields: { status: 'attr', schedulingSeconds: 'number', dequeued: 'flag' }, notAnObject: 'dropped' }],
    valid: [{ status: 'rejected', schedulingSeconds: 2, dequeued: true }],
    invoke: (m, [f]) => m.schedulingFailed(f),
    expected: {
      ...sum('execution.queue.depth', {}, -1),
      ...sum('coordinator.executions.scheduled.total', { status: 'rejected' }, 1),
      ...hist('coordinator.scheduling.duration', {}, 2),
    },
  }),
  method({
    method: 'CoordinatorMetrics.released',
    owner: 'coordinator',
    create: (o) => new CoordinatorMetrics(o),
    params: [],
    valid: [],
    invoke: (m) => m.released(),
    expected: sum('coordinator.executions.active', {}, -1),
  }),
  // RateLimitMetrics
  method({
    method: 'RateLimitMetrics.recordCheck',
    owner: 'rateLimit',
    create: (o) => new RateLimitMetrics(o),
    params: [
      {
        fields: {
          endpoint: 'route',
          authenticated: 'flag',
          algorithm: 'attr',
          allowed: 'flag',
          group: 'attr',
          priority: 'attr',
          multiplier: 'attr',
          durationSeconds: 'number',
          remaining: 'number',
          limit: 'number',
          tokens: 'number',
        },
        notAnObject: 'dropped',
      },
    ],
    valid: [{ endpoint: '/users/42', authenticated: true, algorithm: 'token_bucket', allowed: false, group: 'pro', priority: 'normal', multiplier: 2, durationSeconds: 2, remaining: 3, limit: 4, tokens: 7 }],
    invoke: (m, [c]) => m.recordCheck(c),
    expected: {
      ...sum('rate_limit.requests.total', { authenticated: 'true', endpoint: '/users/{id}', algorithm: 'token_bucket' }, 1),
      ...sum('rate_limit.rejected.total', { group: 'pro', priority: 'normal', multiplier: 2 }, 1),
      ...hist('rate_limit.check.duration', { endpoint: '/users/{id}', authenticated: 'true' }, 2),
      ...hist('rate_limit.remaining', {}, 3),
      ...hist('rate_limit.quota.usage', {}, 25),
      ...hist('rate_limit.token_bucket.tokens', { endpoint: '/users/{id}' }, 7),
    },
  }),
  method({
    method: 'RateLimitMetrics.bypassed',
    owner: 'rateLimit',
    create: (o) => new RateLimitMetrics(o),
    params: [{ fields: { endpoint: 'route' }, notAnObject: 'dropped' }],
    valid: [{ endpoint: '/health' }],
    invoke: (m, [b]) => m.bypassed(b),
    expected: sum('rate_limit.bypass.total', { endpoint: '/health' }, 1),
  }),
  method({
    method: 'RateLimitMetrics.recordRedisOperation',
    owner: 'rateLimit',
    create: (o) => new RateLimitMetrics(o),
    params: [{ fields: { operation: 'attr', durationSeconds: 'number' }, notAnObject: 'dropped' }],
    valid: [{ operation: 'evalsha', durationSeconds: 2 }],
    invoke: (m, [r]) => m.recordRedisOperation(r),
    expected: hist('rate_limit.redis.duration', { operation: 'evalsha' }, 2),
  }),
  // EventMetrics
  method({
    method: 'EventMetrics.eventProduced',
    owner: 'event',
    create: (o) => new EventMetrics(o),
    params: [{ fields: { eventType: 'attr', topic: 'attr', count: 'number' }, notAnObject: 'dropped' }],
    valid: [{ eventType: 'created', topic: 'orders', count: 3 }],
    invoke: (m, [e]) => m.eventProduced(e),
    expected: sum('events.produced.total', { event_type: 'created', topic: 'orders' }, 3),
  }),
  method({
    method: 'EventMetrics.recordProcessing',
    owner: 'event',
    create: (o) => new EventMetrics(o),
    params: [{ fields: { eventType: 'attr', topic: 'attr', durationSeconds: 'number', error: 'error' }, notAnObject: 'dropped' }],
    valid: [{ eventType: 'created', topic: 'orders', durationSeconds: 2, error: new RangeError('x') }],
    invoke: (m, [e]) => m.recordProcessing(e),
    expected: {
      ...sum('events.consumed.total', { event_type: 'created', topic: 'orders' }, 1),
      ...hist('events.processing.duration', { event_type: 'created' }, 2),
      ...sum('events.errors.total', { event_type: 'created', error_type: 'RangeError' }, 1),
    },
  }),
  method({
    method: 'EventMetrics.setLag',
    owner: 'event',
    create: (o) => new EventMetrics(o),
    params: [{ fields: { topic: 'attr', partition: 'attr', lag: 'number' }, notAnObject: 'dropped' }],
    valid: [{ topic: 'orders', partition: 1, lag: 12 }],
    invoke: (m, [l]) => m.setLag(l),
    expected: gauge('events.lag', { topic: 'orders', partition: 1 }, 12),
  }),
  method({
    method: 'EventMetrics.partitionRevoked',
    owner: 'event',
    create: (o) => new EventMetrics(o),
    prepare: (m) => m.setLag({ topic: 'orders', partition: 1, lag: 12 }),
    params: [{ fields: { topic: 'attr', partition: 'attr' }, notAnObject: 'dropped' }],
    valid: [{ topic: 'orders', partition: 1 }],
    invoke: (m, [r]) => m.partitionRevoked(r),
    // The SDK's cumulative gauge storage keeps exporting every series it has seen (see EventMetrics.test.ts).
    expected: (path) => (path.name === 'SDK path' ? {} : { [keyOf('events.lag', { topic: 'orders', partition: 1 })]: 'removed' }),
  }),
  method({
    method: 'EventMetrics.observeLag',
    owner: 'event',
    create: (o) => new EventMetrics(o),
    params: ['callback'],
    valid: [(observe: (v: number, a: object) => void) => observe(5, { topic: 'orders', partition: 2 })],
    invoke: (m, [cb]) => m.observeLag(cb),
    expected: gauge('events.lag', { topic: 'orders', partition: 2 }, 5),
  }),
  // DatabaseMetrics
  method({
    method: 'DatabaseMetrics.recordOperation',
    owner: 'database',
    create: (o) => new DatabaseMetrics(o),
    params: [{ fields: { operation: 'attr', collection: 'attr', durationSeconds: 'number', error: 'error' }, notAnObject: 'dropped' }],
    valid: [{ operation: 'find', collection: 'users', durationSeconds: 2, error: new Error('boom') }],
    invoke: (m, [r]) => m.recordOperation(r),
    expected: {
      ...sum('database.operations.total', { operation: 'find', collection: 'users' }, 1),
      ...hist('database.operation.duration', { operation: 'find', collection: 'users' }, 2),
      ...sum('database.errors.total', { operation: 'find', error_type: 'Error' }, 1),
    },
  }),
  method({
    method: 'DatabaseMetrics.connectionAcquired',
    owner: 'database',
    create: (o) => new DatabaseMetrics(o),
    params: [],
    valid: [],
    invoke: (m) => m.connectionAcquired(),
    expected: sum('database.connections.active', {}, 1),
  }),
  method({
    method: 'DatabaseMetrics.connectionAcquired().finish',
    owner: 'database',
    create: (o) => new DatabaseMetrics(o),
    prepare: (m) => m.connectionAcquired(),
    params: [],
    valid: [],
    invoke: (_m, _args, held) => held.finish(),
    expected: sum('database.connections.active', {}, -1),
  }),
  // ConnectionMetrics
  method({
    method: 'ConnectionMetrics.connectionOpened',
    owner: 'connection',
    create: (o) => new ConnectionMetrics(o),
    params: [{ fields: { type: 'attr' }, notAnObject: 'as empty' }],
    valid: [{ type: 'sse' }],
    invoke: (m, [o]) => m.connectionOpened(o),
    expected: { ...sum('connections.opened.total', { type: 'sse' }, 1), ...sum('connections.active', { type: 'sse' }, 1) },
  }),
  method({
    method: 'ConnectionMetrics.connectionOpened().finish',
    owner: 'connection',
    create: (o) => new ConnectionMetrics(o),
    prepare: (m) => m.connectionOpened({ type: 'sse' }),
    params: [],
    valid: [],
    invoke: (_m, _args, c) => c.finish(),
    expected: { ...sum('connections.active', { type: 'sse' }, -1), ...hist('connections.duration', { type: 'sse' }, 0) },
  }),
  method({
    method: 'ConnectionMetrics.connectionOpened().messageSent',
    owner: 'connection',
    create: (o) => new ConnectionMetrics(o),
    prepare: (m) => m.connectionOpened({ type: 'sse' }),
    params: [{ fields: { count: 'number' }, notAnObject: 'as empty' }],
    valid: [{ count: 3 }],
    invoke: (_m, [sent], c) => c.messageSent(sent),
    expected: sum('connections.messages.sent.total', { type: 'sse' }, 3),
  }),
  method({
    method: 'ConnectionMetrics.messagesBroadcast',
    owner: 'connection',
    create: (o) => new ConnectionMetrics(o),
    params: [{ fields: { type: 'attr', count: 'number' }, notAnObject: 'dropped' }],
    valid: [{ type: 'websocket', count: 10 }],
    invoke: (m, [b]) => m.messagesBroadcast(b),
    expected: sum('connections.messages.sent.total', { type: 'websocket' }, 10),
  }),
  // HealthMetrics
  method({
    method: 'HealthMetrics.recordCheck',
    owner: 'health',
    create: (o) => new HealthMetrics(o),
    params: [{ fields: { service: 'attr', status: 'attr', durationSeconds: 'number' }, notAnObject: 'dropped' }],
    valid: [{ service: 'mongodb', status: 'healthy', durationSeconds: 2 }],
    invoke: (m, [r]) => m.recordCheck(r),
    expected: { ...sum('health.checks.total', { service: 'mongodb', status: 'healthy' }, 1), ...hist('health.check.duration', { service: 'mongodb' }, 2) },
  }),
  method({
    method: 'HealthMetrics.measureCheck',
    owner: 'health',
    create: (o) => new HealthMetrics(o),
    params: ['attr', 'callback'],
    valid: ['redis', async () => 'degraded'],
    invoke: (m, [service, probe]) => m.measureCheck(service, probe),
    expected: { ...sum('health.checks.total', { service: 'redis', status: 'degraded' }, 1), ...hist('health.check.duration', { service: 'redis' }, 0) },
  }),
  method({
    method: 'HealthMetrics.setDependencyStatus',
    owner: 'health',
    create: (o) => new HealthMetrics(o),
    params: [{ fields: { dependency: 'attr', up: 'flag' }, notAnObject: 'dropped' }],
    valid: [{ dependency: 'kafka', up: true }],
    invoke: (m, [d]) => m.setDependencyStatus(d),
    expected: gauge('health.dependencies.status', { dependency: 'kafka' }, 1),
  }),
  method({
    method: 'HealthMetrics.observeDependencyStatus',
    owner: 'health',
    create: (o) => new HealthMetrics(o),
    params: ['callback'],
    valid: [(observe: (v: number, a: object) => void) => observe(0, { dependency: 'redis' })],
    invoke: (m, [cb]) => m.observeDependencyStatus(cb),
    expected: gauge('health.dependencies.status', { dependency: 'redis' }, 0),
  }),
  // NotificationMetrics
  method({
    method: 'NotificationMetrics.recordDelivery',
    owner: 'notification',
    create: (o) => new NotificationMetrics(o),
    params: [{ fields: { type: 'attr', channel: 'attr', durationSeconds: 'number', error: 'error' }, notAnObject: 'dropped' }],
    valid: [{ type: 'welcome', channel: 'email', durationSeconds: 2 }],
    invoke: (m, [d]) => m.recordDelivery(d),
    expected: { ...sum('notifications.sent.total', { type: 'welcome', channel: 'email' }, 1), ...hist('notifications.delivery.duration', { channel: 'email' }, 2) },
  }),
  // DlqMetrics
  method({
    method: 'DlqMetrics.deadLettered',
    owner: 'dlq',
    create: (o) => new DlqMetrics(o),
    params: [{ fields: { topic: 'attr', reason: 'attr' }, notAnObject: 'dropped' }],
    valid: [{ topic: 'orders.dlq', reason: 'timeout' }],
    invoke: (m, [l]) => m.deadLettered(l),
    expected: sum('dlq.messages.total', { topic: 'orders.dlq', reason: 'timeout' }, 1),
  }),
  method({
    method: 'DlqMetrics.retryAttempted',
    owner: 'dlq',
    create: (o) => new DlqMetrics(o),
    params: [{ fields: { topic: 'attr' }, notAnObject: 'dropped' }],
    valid: [{ topic: 'orders.dlq' }],
    invoke: (m, [r]) => m.retryAttempted(r),
    expected: sum('dlq.retries.total', { topic: 'orders.dlq' }, 1),
  }),
  method({
    method: 'DlqMetrics.setSize',
    owner: 'dlq',
    create: (o) => new DlqMetrics(o),
    params: [{ fields: { topic: 'attr', size: 'number' }, notAnObject: 'dropped' }],
    valid: [{ topic: 'orders.dlq', size: 17 }],
    invoke: (m, [s]) => m.setSize(s),
    expected: gauge('dlq.size', { topic: 'orders.dlq' }, 17),
  }),
  method({
    method: 'DlqMetrics.observeSize',
    owner: 'dlq',
    create: (o) => new DlqMetrics(o),
    params: ['callback'],
    valid: [(observe: (v: number, a: object) => void) => observe(3, { topic: 'payments.dlq' })],
    invoke: (m, [cb]) => m.observeSize(cb),
    expected: gauge('dlq.size', { topic: 'payments.dlq' }, 3),
  }),
  // OperationMetrics
  method({
    method: 'OperationMetrics.recordLatency',
    owner: 'operation',
    create: (o) => new OperationMetrics(o),
    params: [{ fields: { operation: 'attr', durationSeconds: 'number', labels: 'labels' }, notAnObject: 'dropped' }],
    valid: [{ operation: 'plan', durationSeconds: 2 }],
    invoke: (m, [l]) => m.recordLatency(l),
    expected: hist('operation.duration', { operation: 'plan' }, 2),
  }),
  method({
    method: 'OperationMetrics.succeeded',
    owner: 'operation',
    create: (o) => new OperationMetrics(o),
    params: [{ fields: { operation: 'attr', labels: 'labels' }, notAnObject: 'dropped' }],
    valid: [{ operation: 'plan' }],
    invoke: (m, [o]) => m.succeeded(o),
    expected: sum('operation.total', { operation: 'plan', outcome: 'success' }, 1),
  }),
  method({
    method: 'OperationMetrics.failed',
    owner: 'operation',
    create: (o) => new OperationMetrics(o),
    params: [{ fields: { operation: 'attr', error: 'error', labels: 'labels' }, notAnObject: 'dropped' }],
    valid: [{ operation: 'plan', error: new TypeError('x') }],
    invoke: (m, [f]) => m.failed(f),
    expected: {
      ...sum('operation.total', { operation: 'plan', outcome: 'failure' }, 1),
      ...sum('operation.errors.total', { operation: 'plan', error_type: 'TypeError' }, 1),
    },
  }),
  method({
    method: 'OperationMetrics.retried',
    owner: 'operation',
    create: (o) => new OperationMetrics(o),
    params: [{ fields: { operation: 'attr', attempt: 'number' }, notAnObject: 'dropped' }],
    valid: [{ operation: 'plan', attempt: 2 }],
    invoke: (m, [r]) => m.retried(r),
    expected: sum('operation.retries.total', { operation: 'plan', attempt: '2' }, 1),
  }),
  method({
    method: 'OperationMetrics.recordOperation',
    owner: 'operation',
    create: (o) => new OperationMetrics(o),
    params: [{ fields: { operation: 'attr', success: 'flag', durationSeconds: 'number', error: 'error', labels: 'labels' }, notAnObject: 'dropped' }],
    valid: [{ operation: 'plan', success: false, durationSeconds: 2, error: new TypeError('x') }],
    invoke: (m, [r]) => m.recordOperation(r),
    expected: {
      ...sum('operation.total', { operation: 'plan', outcome: 'failure' }, 1),
      ...hist('operation.duration', { operation: 'plan', outcome: 'failure' }, 2),
      ...sum('operation.errors.total', { operation: 'plan', error_type: 'TypeError' }, 1),
    },
  }),
  method({
    method: 'OperationMetrics.recordBatch',
    owner: 'operation',
    create: (o) => new OperationMetrics(o),
    params: ['batch'],
    valid: [[{ operation: 'plan', success: true, durationSeconds: 2 }, { operation: 'plan', success: true }]],
    invoke: (m, [records]) => m.recordBatch(records),
    expected: { ...sum('operation.total', { operation: 'plan', outcome: 'success' }, 2), ...hist('operation.duration', { operation: 'plan', outcome: 'success' }, 2) },
  }),
  method({
    method: 'OperationMetrics.measure',
    owner: 'operation',
    create: (o) => new OperationMetrics(o),
    params: ['attr', 'callback', 'labels'],
    valid: ['parse', () => 'ok', undefined],
    invoke: (m, [op, fn, labels]) => m.measure(op, fn, labels),
    expected: { ...sum('operation.total', { operation: 'parse', outcome: 'success' }, 1), ...hist('operation.duration', { operation: 'parse', outcome: 'success' }, 0) },
  }),
  method({
    method: 'OperationMetrics.wrap',
    owner: 'operation',
    create: (o) => new OperationMetrics(o),
    params: ['attr', 'callback', 'labels'],
    valid: ['fetch', async () => 'ok', undefined],
    invoke: (m, [op, fn, labels]) => m.wrap(op, fn, labels)(),
    expected: { ...sum('operation.total', { operation: 'fetch', outcome: 'success' }, 1), ...hist('operation.duration', { operation: 'fetch', outcome: 'success' }, 0) },
  }),
  method({
    method: 'OperationMetrics.timed',
    owner: 'operation',
    create: (o) => new OperationMetrics(o),
    params: ['attr', 'labels', 'callback'],
    valid: ['decorated', undefined, function run() {
      return 'ok';
    }],
    // Misapplied to something that is not a method, the decorator leaves it as it is.
    invoke: (m, [op, labels, fn]) => {
      const decorated: unknown = m.timed(op, labels)(fn, decoratorContext);
      return typeof decorated === 'function' ? decorated.call({}) : decorated;
    },
    expected: { ...sum('operation.total', { operation: 'decorated', outcome: 'success' }, 1), ...hist('operation.duration', { operation: 'decorated', outcome: 'success' }, 0) },
  }),
  method({
    method: 'timedWith',
    owner: 'operation',
    create: (o) => new OperationMetrics(o),
    params: ['selector', 'attr', 'labels'],
    valid: [(self: { metrics: OperationMetrics }) => self.metrics, 'injected', undefined],
    invoke: (m, [select, op, labels]) =>
      timedWith(select, op, labels)(function run() {
        return 'ok';
      }, decoratorContext).call({ metrics: m }),
    expected: { ...sum('operation.total', { operation: 'injected', outcome: 'success' }, 1), ...hist('operation.duration', { operation: 'injected', outcome: 'success' }, 0) },
  }),
  // WorkerMetrics
  method({
    method: 'WorkerMetrics.recordPoll',
    owner: 'worker',
    create: (o) => new WorkerMetrics(o),
    params: [{ fields: { taskType: 'attr', durationSeconds: 'number', error: 'error' }, notAnObject: 'dropped' }],
    valid: [{ taskType: 'resize', durationSeconds: 2 }],
    invoke: (m, [p]) => m.recordPoll(p),
    expected: { ...sum('task.poll.total', { task_type: 'resize' }, 1), ...hist('task.poll.duration', { task_type: 'resize', status: 'SUCCESS' }, 2) },
  }),
  method({
    method: 'WorkerMetrics.recordExecution',
    owner: 'worker',
    create: (o) => new WorkerMetrics(o),
    params: [{ fields: { taskType: 'attr', durationSeconds: 'number', error: 'error', resultBytes: 'number' }, notAnObject: 'dropped' }],
    valid: [{ taskType: 'resize', durationSeconds: 3, resultBytes: 2048, error: new Error('x') }],
    invoke: (m, [e]) => m.recordExecution(e),
    expected: {
      ...hist('task.execute.duration', { task_type: 'resize', status: 'FAILURE' }, 3),
      ...sum('task.execute.errors.total', { task_type: 'resize', exception: 'Error' }, 1),
      ...hist('task.result.size', { task_type: 'resize' }, 2048),
    },
  }),
  method({
    method: 'WorkerMetrics.recordUpdate',
    owner: 'worker',
    create: (o) => new WorkerMetrics(o),
    params: [{ fields: { taskType: 'attr', durationSeconds: 'number', error: 'error' }, notAnObject: 'dropped' }],
    valid: [{ taskType: 'resize', durationSeconds: 2, error: new RangeError('x') }],
    invoke: (m, [u]) => m.recordUpdate(u),
    expected: {
      ...hist('task.update.duration', { task_type: 'resize', status: 'FAILURE' }, 2),
      ...sum('task.update.errors.total', { task_type: 'resize', exception: 'RangeError' }, 1),
    },
  }),
  method({
    method: 'WorkerMetrics.executionQueueOverflowed',
    owner: 'worker',
    create: (o) => new WorkerMetrics(o),
    params: [{ fields: { taskType: 'attr' }, notAnObject: 'dropped' }],
    valid: [{ taskType: 'resize' }],
    invoke: (m, [e]) => m.executionQueueOverflowed(e),
    expected: sum('task.execution_queue.full.total', { task_type: 'resize' }, 1),
  }),
  method({
    method: 'WorkerMetrics.pollSkippedWhilePaused',
    owner: 'worker',
    create: (o) => new WorkerMetrics(o),
    params: [{ fields: { taskType: 'attr' }, notAnObject: 'dropped' }],
    valid: [{ taskType: 'resize' }],
    invoke: (m, [e]) => m.pollSkippedWhilePaused(e),
    expected: sum('task.paused.total', { task_type: 'resize' }, 1),
  }),
  method({
    method: 'WorkerMetrics.workerRestarted',
    owner: 'worker',
    create: (o) => new WorkerMetrics(o),
    params: [{ fields: { taskType: 'attr' }, notAnObject: 'dropped' }],
    valid: [{ taskType: 'resize' }],
    invoke: (m, [e]) => m.workerRestarted(e),
    expected: sum('worker.restarts.total', { task_type: 'resize' }, 1),
  }),
  method({
    method: 'WorkerMetrics.externalPayloadUsed',
    owner: 'worker',
    create: (o) => new WorkerMetrics(o),
    params: [{ fields: { taskType: 'attr', payloadType: 'attr' }, notAnObject: 'dropped' }],
    valid: [{ taskType: 'resize', payloadType: 'output' }],
    invoke: (m, [p]) => m.externalPayloadUsed(p),
    expected: sum('external_payload.used.total', { task_type: 'resize', payload_type: 'output' }, 1),
  }),
  method({
    method: 'WorkerMetrics.workflowStarted',
    owner: 'worker',
    create: (o) => new WorkerMetrics(o),
    params: [{ fields: { workflowType: 'attr', version: 'attr', inputBytes: 'number' }, notAnObject: 'dropped' }],
    valid: [{ workflowType: 'report', version: 2, inputBytes: 4096 }],
    invoke: (m, [w]) => m.workflowStarted(w),
    expected: hist('workflow.input.size', { workflow_type: 'report', version: 2 }, 4096),
  }),
  method({
    method: 'WorkerMetrics.workflowStartFailed',
    owner: 'worker',
    create: (o) => new WorkerMetrics(o),
    params: [{ fields: { workflowType: 'attr', error: 'error' }, notAnObject: 'dropped' }],
    valid: [{ workflowType: 'report', error: new SyntaxError('x') }],
    invoke: (m, [f]) => m.workflowStartFailed(f),
    expected: sum('workflow.start.errors.total', { workflow_type: 'report', exception: 'SyntaxError' }, 1),
  }),
  method({
    method: 'WorkerMetrics.recordApiRequest',
    owner: 'worker',
    create: (o) => new WorkerMetrics(o),
    params: [{ fields: { method: 'route', uri: 'route', status: 'status', durationSeconds: 'number' }, notAnObject: 'dropped' }],
    valid: [{ method: 'get', uri: '/tasks/42', status: 200, durationSeconds: 2 }],
    invoke: (m, [r]) => m.recordApiRequest(r),
    expected: hist('api.request.duration', { method: 'GET', uri: '/tasks/{id}', status: 200 }, 2),
  }),
  // CacheMetrics
  method({
    method: 'CacheMetrics.lookedUp',
    owner: 'cache',
    create: (o) => new CacheMetrics(o),
    params: [{ fields: { cache: 'attr', result: 'attr' }, notAnObject: 'dropped' }],
    valid: [{ cache: 'sessions', result: 'hit' }],
    invoke: (m, [l]) => m.lookedUp(l),
    expected: sum('cache.requests.total', { cache: 'sessions', result: 'hit' }, 1),
  }),
  method({
    method: 'CacheMetrics.evicted',
    owner: 'cache',
    create: (o) => new CacheMetrics(o),
    params: [{ fields: { cache: 'attr', count: 'number' }, notAnObject: 'dropped' }],
    valid: [{ cache: 'sessions', count: 2 }],
    invoke: (m, [e]) => m.evicted(e),
    expected: sum('cache.evictions.total', { cache: 'sessions' }, 2),
  }),
  method({
    method: 'CacheMetrics.setSize',
    owner: 'cache',
    create: (o) => new CacheMetrics(o),
    params: [{ fields: { cache: 'attr', size: 'number' }, notAnObject: 'dropped' }],
    valid: [{ cache: 'sessions', size: 100 }],
    invoke: (m, [s]) => m.setSize(s),
    expected: gauge('cache.size', { cache: 'sessions' }, 100),
  }),
  method({
    method: 'CacheMetrics.observeSize',
    owner: 'cache',
    create: (o) => new CacheMetrics(o),
    params: ['callback'],
    valid: [(observe: (v: number, a: object) => void) => observe(7, { cache: 'scripts' })],
    invoke: (m, [cb]) => m.observeSize(cb),
    expected: gauge('cache.size', { cache: 'scripts' }, 7),
  }),
];

// ---------------------------------------------------------------------------------------------
// Variants of each case: the hostile call and the well-typed call it must export exactly like

interface Variant {
  readonly label: string;
  readonly hostile: readonly unknown[];
  /** Arguments of the reference call, or "dropped" when the call must export nothing. */
  readonly reference: readonly unknown[] | 'dropped' | typeof SKIP;
}

function variants(c: MethodCase): Variant[] {
  const out: Variant[] = [];
  c.params.forEach((param, i) => {
    const withArg = (value: unknown) => c.valid.map((v, j) => (j === i ? value : v));
    if (typeof param === 'string') {
      for (const [name, make] of HOSTILE) {
        const value = make();
        const reference = referenceFor(param, name, value);
        out.push({ label: `argument ${i} = ${name}`, hostile: withArg(value), reference: reference === SKIP ? SKIP : withArg(reference) });
      }
      return;
    }
    const valid = c.valid[i] as Record<string, unknown>;
    for (const [name, make] of HOSTILE) {
      const value = make();
      const isRecord = typeof value === 'object' && value !== null && !Array.isArray(value);
      const reference = isRecord ? withArg({}) : param.notAnObject === 'dropped' ? 'dropped' : withArg({});
      out.push({ label: `argument ${i} = ${name}`, hostile: withArg(value), reference });
    }
    for (const [field, kind] of Object.entries(param.fields)) {
      const withField = (value: unknown) => withArg({ ...valid, [field]: value });
      for (const [name, make] of HOSTILE) {
        const value = make();
        const reference = referenceFor(kind, name, value);
        out.push({ label: `${field} = ${name}`, hostile: withField(value), reference: reference === SKIP ? SKIP : withField(reference) });
      }
      // A getter on this field alone that throws: the field is absent, the others are recorded.
      const getter = { ...valid };
      Object.defineProperty(getter, field, {
        enumerable: true,
        get() {
          throw new Error(`getter ${field}`);
        },
      });
      out.push({ label: `${field} = throwing getter`, hostile: withArg(getter), reference: withField(undefined) });
    }
  });
  return out;
}

/** Runs one call on a fresh instance and provider; what it changed in the export, or the error it threw. */
async function run(path: Path, c: MethodCase, args: readonly unknown[], through: 'class' | 'facade' = 'class'): Promise<Record<string, number | string>> {
  const { meterProvider, reader } = path.make();
  const metrics = through === 'class' ? c.create({ meterProvider }) : new DomainMetrics({ meterProvider })[c.owner];
  const prepared = c.prepare?.(metrics);
  const before = await exported(reader);
  // Only Promises are awaited: awaiting a returned Proxy would read its `then` here, in the test.
  const result = c.invoke(metrics, args, prepared);
  if (types.isPromise(result)) await result;
  const after = await exported(reader);
  await reader.shutdown();
  return delta(before.values, after);
}

const diagnostics = captureDiag();
afterAll(() => diagnostics.restore());

describe.each(PATHS)('bad input on the $name', (path) => {
  describe.each(CASES.map((c) => [c.method, c] as const))('%s', (_name, c) => {
    it('records the valid call exactly', async () => {
      expect(await run(path, c, c.valid)).toEqual(typeof c.expected === 'function' ? c.expected(path) : c.expected);
    });

    it('never throws on hostile arguments and records exactly what was valid in them', async () => {
      const failures: string[] = [];
      for (const v of variants(c)) {
        let got: Record<string, number | string>;
        try {
          got = await run(path, c, v.hostile);
        } catch (error) {
          failures.push(`${v.label}: threw ${String(error)}`);
          continue;
        }
        if (v.reference === SKIP) continue;
        const want = v.reference === 'dropped' ? {} : await run(path, c, v.reference);
        if (JSON.stringify(sorted(got)) !== JSON.stringify(sorted(want))) {
          failures.push(`${v.label}: exported ${JSON.stringify(sorted(got))}, expected ${JSON.stringify(sorted(want))}`);
        }
      }
      expect(failures).toEqual([]);
    });
  });

  it('the DomainMetrics facade takes every whole-argument hostile value without throwing, recording as the classes do', async () => {
    const failures: string[] = [];
    for (const c of CASES) {
      if (c.method === 'timedWith') continue; // a free function, not reached through the facade
      for (const v of variants(c).filter((x) => x.label.startsWith('argument'))) {
        try {
          const viaFacade = await run(path, c, v.hostile, 'facade');
          const direct = await run(path, c, v.hostile);
          if (JSON.stringify(sorted(viaFacade)) !== JSON.stringify(sorted(direct))) failures.push(`${c.method} ${v.label}: ${JSON.stringify(viaFacade)} ≠ ${JSON.stringify(direct)}`);
        } catch (error) {
          failures.push(`${c.method} ${v.label}: threw ${String(error)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

function sorted(o: Record<string, number | string>): [string, number | string][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

// ---------------------------------------------------------------------------------------------
// Named behaviours

describe('named bad-input behaviours', () => {
  it('recordExecution with a BigInt memory still records the count and the duration, dropping only the memory', async () => {
    for (const path of PATHS) {
      const { meterProvider, reader } = path.make();
      new ExecutionMetrics({ meterProvider }).recordExecution({ status: 'completed', langAndVersion: 'x', durationSeconds: 2, memoryMiB: 10n as never });
      const s = await reader.snapshot();
      expect(s.value('script.executions.total', { status: 'completed', lang_and_version: 'x' }), path.name).toBe(1);
      expect(s.histogram('script.execution.duration', { lang_and_version: 'x' }), path.name).toMatchObject({ count: 1, sum: 2 });
      expect(s.has('script.memory.usage'), path.name).toBe(false);
    }
  });

  it('recordCheck with BigInt remaining and limit records the check and skips the quota usage instead of throwing on mixed arithmetic', async () => {
    const { meterProvider, reader } = testProvider();
    new RateLimitMetrics({ meterProvider }).recordCheck({ endpoint: '/x', authenticated: false, algorithm: 'fixed_window', allowed: true, durationSeconds: 2, remaining: 10n as never, limit: 20n as never });
    const s = await reader.snapshot();
    expect(s.value('rate_limit.requests.total', { authenticated: 'false', endpoint: '/x', algorithm: 'fixed_window' })).toBe(1);
    expect(s.value('rate_limit.allowed.total')).toBe(1);
    expect(s.has('rate_limit.remaining')).toBe(false);
    expect(s.has('rate_limit.quota.usage')).toBe(false);
  });

  it('a getter that throws drops only its own field: the other fields of the same call are recorded', async () => {
    const { meterProvider, reader } = testProvider();
    const result = { status: 'completed', langAndVersion: 'py', durationSeconds: 2, cpuMillicores: 5 };
    Object.defineProperty(result, 'memoryMiB', {
      enumerable: true,
      get() {
        throw new Error('no memory reading');
      },
    });
    new ExecutionMetrics({ meterProvider }).recordExecution(result as never);
    const s = await reader.snapshot();
    expect(s.value('script.executions.total', { status: 'completed', lang_and_version: 'py' })).toBe(1);
    expect(s.histogram('script.execution.duration', { lang_and_version: 'py' })).toMatchObject({ count: 1, sum: 2 });
    expect(s.histogram('script.cpu.utilization')).toMatchObject({ count: 1, sum: 5 });
    expect(s.has('script.memory.usage')).toBe(false);
  });

  it('finish with a non-object outcome still releases the active slot and counts the execution without a status', async () => {
    const { meterProvider, reader } = testProvider();
    const metrics = new ExecutionMetrics({ meterProvider });
    metrics.executionStarted({ langAndVersion: 'py' }).finish(null as never);
    const s = await reader.snapshot();
    expect(s.value('script.executions.active')).toBe(0);
    expect(s.value('script.executions.total', { lang_and_version: 'py' })).toBe(1);
    expect(s.histogram('script.execution.duration', { lang_and_version: 'py' }).count).toBe(1);
  });

  it('recordBatch records the entries before an iterator that throws, and returns how many', async () => {
    const { meterProvider, reader } = testProvider();
    const metrics = new OperationMetrics({ meterProvider });
    function* records() {
      yield { operation: 'a', success: true };
      yield null;
      yield throwingProxy();
      yield { operation: 5, success: true };
      yield { operation: 'a', success: false, error: new TypeError('x') };
      throw new Error('source failed');
    }
    expect(metrics.recordBatch(records() as never)).toBe(2);
    expect(metrics.recordBatch(null as never)).toBe(0);
    expect(metrics.recordBatch({} as never)).toBe(0);
    expect(metrics.recordBatch(MB as never)).toBe(0);
    const s = await reader.snapshot();
    expect(s.value('operation.total', { operation: 'a', outcome: 'success' })).toBe(1);
    expect(s.value('operation.total', { operation: 'a', outcome: 'failure' })).toBe(1);
    expect(s.attributeSets('operation.total')).toHaveLength(2);
  });

  it('labels whose reading throws keep the declared labels that read, and a string is not spread into keys', async () => {
    const { meterProvider, reader } = testProvider();
    const metrics = new OperationMetrics<'task_type' | 'region'>({ meterProvider, labels: ['task_type', 'region'] });
    const labels = { task_type: 'resize' };
    Object.defineProperty(labels, 'region', {
      enumerable: true,
      get() {
        throw new Error('region');
      },
    });
    metrics.succeeded({ operation: 'plan', labels });
    metrics.succeeded({ operation: 'plan', labels: MB as never });
    const s = await reader.snapshot();
    expect(s.value('operation.total', { operation: 'plan', outcome: 'success', task_type: 'resize' })).toBe(1);
    expect(s.value('operation.total', { operation: 'plan', outcome: 'success' })).toBe(1);
  });

  it("measure, wrap and the decorators pass the user function's own error through unchanged, whatever the labels", async () => {
    const { meterProvider, reader } = testProvider();
    const metrics = new OperationMetrics({ meterProvider });
    const own = new SyntaxError('user code');
    const fail = () => {
      throw own;
    };
    let caught: unknown;
    try {
      metrics.measure('m', fail, throwingProxy() as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(own);
    await expect(metrics.wrap('w', async () => Promise.reject(own), MB as never)()).rejects.toBe(own);
    const decorated = metrics.timed('t', 10n as never)(fail, decoratorContext);
    expect(() => decorated.call({})).toThrow(own);
    const s = await reader.snapshot();
    for (const operation of ['m', 'w', 't']) {
      expect(s.value('operation.errors.total', { operation, error_type: 'SyntaxError' }), operation).toBe(1);
    }
  });

  it('measure and wrap with a non-function record nothing and return undefined', async () => {
    const { meterProvider, reader } = testProvider();
    const metrics = new OperationMetrics({ meterProvider });
    expect(metrics.measure('m', null as never)).toBeUndefined();
    expect(metrics.wrap('w', 'fn' as never)()).toBeUndefined();
    expect((await reader.snapshot()).has('operation.total')).toBe(false);
  });

  it('timedWith runs the method unmeasured when the selector throws or finds no metrics, passing its result and error through', async () => {
    const { meterProvider, reader } = testProvider();
    const own = new RangeError('method');
    const method = function (this: { n: number }, fail: boolean) {
      if (fail) throw own;
      return this.n;
    };
    const selectors = [
      () => {
        throw new Error('selector');
      },
      () => undefined,
      null,
    ];
    for (const select of selectors) {
      const decorated = timedWith<{ n: number }>(select as never, 'x')(method, decoratorContext);
      expect(decorated.call({ n: 7 }, false)).toBe(7);
      expect(() => decorated.call({ n: 7 }, true)).toThrow(own);
    }
    expect((await reader.snapshot()).has('operation.total')).toBe(false);
    void meterProvider;
  });

  it('HealthMetrics.measureCheck with a probe that is not a function reports the service unhealthy', async () => {
    const { meterProvider, reader } = testProvider();
    expect(await new HealthMetrics({ meterProvider }).measureCheck('redis', undefined as never)).toBe('unhealthy');
    expect((await reader.snapshot()).value('health.checks.total', { service: 'redis', status: 'unhealthy' })).toBe(1);
  });

  it('DomainMetrics built from unusable options is disabled instead of throwing, and records nothing', () => {
    const unusable = [null, 'x', 42, [], { meterProvider: 'x' }, { meterProvider: {} }, throwingProxy(), throwingGetters(['meterProvider'])];
    for (const [i, options] of unusable.entries()) {
      const metrics = new DomainMetrics(options as never);
      expect(metrics.execution.enabled, `options #${i}`).toBe(false);
      metrics.execution.recordExecution({ status: 'completed', langAndVersion: 'py', durationSeconds: 1 });
    }
  });

  it('OperationMetrics with labels that are not an array of keys declares none and records', async () => {
    const { meterProvider, reader } = testProvider();
    for (const labels of ['task_type', 42, null, throwingProxy(), [5, 'task_type']]) {
      new OperationMetrics({ meterProvider, labels: labels as never }).succeeded({ operation: 'plan', labels: { task_type: 'resize' } as never });
    }
    const s = await reader.snapshot();
    expect(s.value('operation.total', { operation: 'plan', outcome: 'success' })).toBe(4);
    expect(s.value('operation.total', { operation: 'plan', outcome: 'success', task_type: 'resize' })).toBe(1);
  });

  it('reports each kind of dropped argument once per method', () => {
    const own = diagnostics.warnings.filter((w) => /^otel-domain-metrics: [A-Za-z]+Metrics\.[^:]*: (dropped the call|a field of the argument|a function was expected|dropped a field|recording failed)/.test(w));
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own).size).toBe(own.length);
    expect(own).toContain('otel-domain-metrics: ExecutionMetrics.recordExecution: dropped the call: its argument is not an object (null); further occurrences are counted and summarised at most every 5 minutes');
    expect(own.some((w) => w.startsWith('otel-domain-metrics: ExecutionMetrics.recordExecution: a field of the argument threw when read'))).toBe(true);
    expect(own.some((w) => w.startsWith('otel-domain-metrics: OperationMetrics.recordBatch: dropped the call: its argument is not an iterable'))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The table covers every public method

describe('the bad-input table', () => {
  it('covers every method the catalog names outside HttpServerMetrics, and every public method of the classes', () => {
    const covered = new Set(CASES.map((c) => c.method));
    for (const domain of CATALOG) {
      for (const methods of Object.values(domain.recordedBy)) {
        for (const m of methods) {
          if (m.startsWith('HttpServerMetrics')) continue;
          const name = m === '@timed / @timedWith' ? 'timedWith' : m;
          expect(covered, m).toContain(name);
        }
      }
    }
    const facade = new DomainMetrics();
    for (const c of CASES) expect(facade[c.owner], c.method).toBeInstanceOf(c.create({}).constructor);
    const PRIVATE = new Set(['constructor', 'recorded', 'recordedOperation', 'attributesOf', 'counter', 'upDownCounter', 'histogram', 'gauge']);
    const classes = [CacheMetrics, ConnectionMetrics, CoordinatorMetrics, DatabaseMetrics, DlqMetrics, EventMetrics, ExecutionMetrics, HealthMetrics, NotificationMetrics, OperationMetrics, RateLimitMetrics, WorkerMetrics];
    for (const cls of classes) {
      for (const name of Object.getOwnPropertyNames(cls.prototype)) {
        if (PRIVATE.has(name)) continue;
        expect(covered, `${cls.name}.${name}`).toContain(`${cls.name}.${name}`);
      }
    }
  });
});
