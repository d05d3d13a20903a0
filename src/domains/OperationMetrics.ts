// Generic operations: latency, success and failure, retries, for any named unit of
// work, with a wrapper and a method decorator that time a call and pass its result or error
// through untouched.
import { isArgumentObject, isCallable, readableCopy, reportArgument, usableOptions } from '../core/argumentGuard.js';
import { BaseMetrics, type BaseMetricsOptions } from '../core/BaseMetrics.js';
import { errorTypeOf } from '../core/errorType.js';
import type { DomainCounter, DomainHistogram } from '../core/instruments.js';
import type { AttributesOf, AttributeValueInput } from '../core/MetricSpec.js';
import { startTimer } from '../core/timing.js';
import { OPERATION_METRICS as M } from './operationCatalog.js';

export type Outcome = 'success' | 'failure';

/** Values for the extra attribute keys an OperationMetrics instance declared. */
export type OperationLabels<E extends string> = { readonly [P in E]?: AttributeValueInput };

export interface OperationMetricsOptions<E extends string> extends BaseMetricsOptions {
  /**
   * Extra attribute keys that `operation.duration` and `operation.total` accept, e.g. `['task_type'] as const`. Keep them bounded: no ids, no messages.
   */
  readonly labels?: readonly E[];
}

export interface OperationRecord<E extends string> {
  readonly operation: string;
  readonly success: boolean;
  readonly durationSeconds?: number;
  /** Why it failed; recorded by class name. */
  readonly error?: unknown;
  readonly labels?: OperationLabels<E>;
}

export interface OperationLatency<E extends string> {
  readonly operation: string;
  readonly durationSeconds: number;
  readonly labels?: OperationLabels<E>;
}

export interface OperationSuccess<E extends string> {
  readonly operation: string;
  readonly labels?: OperationLabels<E>;
}

export interface OperationFailure<E extends string> {
  readonly operation: string;
  /** Why it failed; recorded by class name. */
  readonly error: unknown;
  readonly labels?: OperationLabels<E>;
}

export interface OperationRetry {
  readonly operation: string;
  /** The attempt number; above 10 recorded as ">10". */
  readonly attempt: number;
}

/** Retry attempts beyond this are recorded as one bucket, to keep `attempt` bounded. */
const MAX_ATTEMPT_LABEL = 10;

export class OperationMetrics<E extends string = never> extends BaseMetrics {
  // Keyed by string: the allow-list is the catalog's keys plus the declared labels, known only
  // at construction. The public methods are typed by OperationLabels<E>.
  private readonly duration: DomainHistogram<string>;
  private readonly total: DomainCounter<string>;
  private readonly errors = this.counter(M.errors);
  private readonly retries = this.counter(M.retries);
  /** The declared extra keys: what is read from a labels object whose own reading threw. */
  private readonly labelKeys: readonly string[];

  constructor(options: OperationMetricsOptions<E> = {}) {
    const usable = usableOptions(options, 'OperationMetrics');
    super(usable);
    this.labelKeys = declaredLabels(usable);
    this.duration = this.histogram({ ...M.duration, attributes: [...M.duration.attributes, ...this.labelKeys] });
    this.total = this.counter({ ...M.total, attributes: [...M.total.attributes, ...this.labelKeys] });
  }

  /** `operation.duration` {operation, …labels}, without an outcome. */
  recordLatency(latency: OperationLatency<E>): void {
    if (!isArgumentObject(latency, RECORD_LATENCY)) return;
    let l = latency;
    let operation, seconds, labels;
    try {
      ({ operation, durationSeconds: seconds, labels } = l);
    } catch {
      l = readableCopy(l, LATENCY_FIELDS, RECORD_LATENCY);
      ({ operation, durationSeconds: seconds, labels } = l);
    }
    this.duration.record(seconds, this.#attributesOf(labels, operation, undefined, RECORD_LATENCY));
  }

  /** `operation.total` {operation, outcome="success", …labels}. */
  succeeded(success: OperationSuccess<E>): void {
    if (!isArgumentObject(success, SUCCEEDED)) return;
    let s = success;
    let operation, labels;
    try {
      ({ operation, labels } = s);
    } catch {
      s = readableCopy(s, SUCCESS_FIELDS, SUCCEEDED);
      ({ operation, labels } = s);
    }
    this.total.add(1, this.#attributesOf(labels, operation, 'success', SUCCEEDED));
  }

  /** `operation.total` {outcome="failure"} and `operation.errors.total` {operation, error_type}. */
  failed(failure: OperationFailure<E>): void {
    if (!isArgumentObject(failure, FAILED)) return;
    let f = failure;
    let operation, error, labels;
    try {
      ({ operation, error, labels } = f);
    } catch {
      f = readableCopy(f, FAILURE_FIELDS, FAILED);
      ({ operation, error, labels } = f);
    }
    this.total.add(1, this.#attributesOf(labels, operation, 'failure', FAILED));
    this.errors.add(1, { operation, error_type: errorTypeOf(error) });
  }

  /** `operation.retries.total` {operation, attempt}; attempts above 10 are recorded as ">10". */
  retried(retry: OperationRetry): void {
    if (!isArgumentObject(retry, RETRIED)) return;
    let r = retry;
    let operation, attempt;
    try {
      ({ operation, attempt } = r);
    } catch {
      r = readableCopy(r, RETRY_FIELDS, RETRIED);
      ({ operation, attempt } = r);
    }
    const label = Number.isInteger(attempt) && attempt >= 0 ? (attempt > MAX_ATTEMPT_LABEL ? `>${MAX_ATTEMPT_LABEL}` : String(attempt)) : undefined;
    this.retries.add(1, { operation, attempt: label });
  }

  /**
   * One finished operation: `operation.total` {outcome}, `operation.duration` {outcome} when a
   * duration is given, and `operation.errors.total` on failure.
   */
  recordOperation(record: OperationRecord<E>): void {
    this.#recordedOperation(record, RECORD_OPERATION);
  }

  /**
   * Records many operations; a malformed entry (not an object, no string `operation`) is skipped,
   * the rest still count. Returns how many were recorded. An iterable that throws ends the batch
   * there: what came before it is recorded and counted.
   */
  recordBatch(records: Iterable<OperationRecord<E>>): number {
    let recorded = 0;
    try {
      if (typeof records !== 'object' || records === null || typeof records[Symbol.iterator] !== 'function') {
        reportArgument(RECORD_BATCH, 'not-iterable', records);
        return 0;
      }
      for (const record of records) {
        if (this.#recordedOperation(record, RECORD_BATCH, true)) recorded++;
      }
    } catch (error) {
      // Only the iteration can throw here: recording an entry never does.
      reportArgument(RECORD_BATCH, 'not-iterable', error);
    }
    return recorded;
  }

  /**
   * Runs `fn` now and records it as an operation: duration and outcome, the error class on
   * failure. Returns what `fn` returns (for a Promise, one that settles the same way) and
   * rethrows the original error untouched. A `fn` that is not a function is not called: nothing
   * is recorded and `undefined` is returned.
   */
  measure<T>(operation: string, fn: () => T, labels?: OperationLabels<E>): T {
    if (!isCallable(fn, MEASURE)) return undefined as T;
    const elapsed = startTimer();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.#recorded(operation, false, elapsed(), error, labels, MEASURE);
      throw error;
    }
    try {
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => {
            this.#recorded(operation, true, elapsed(), undefined, labels, MEASURE);
            return value;
          },
          (error: unknown) => {
            this.#recorded(operation, false, elapsed(), error, labels, MEASURE);
            throw error;
          },
        ) as T;
      }
    } catch (error) {
      // A returned value whose prototype or `then` throws: it is handed back as it is, counted as a success.
      reportArgument(MEASURE, 'failed', error);
    }
    this.#recorded(operation, true, elapsed(), undefined, labels, MEASURE);
    return result;
  }

  /**
   * Returns `fn` wrapped so that every call is measured as `operation` (see {@link OperationMetrics.measure}). A
   * `fn` that is not a function gives a wrapper that records nothing and returns `undefined`.
   */
  wrap<A extends unknown[], R>(operation: string, fn: (...args: A) => R, labels?: OperationLabels<E>): (...args: A) => R {
    if (!isCallable(fn, 'OperationMetrics.wrap')) return returnsNothing as (...args: A) => R;
    const metrics = this;
    return function (this: unknown, ...args: A): R {
      return metrics.measure(operation, () => fn.apply(this, args), labels);
    };
  }

  /**
   * A method decorator that measures every call as `operation`: `@metrics.timed('intent_parsing')
   * async parse() {…}`, as a standard decorator or a legacy one (`experimentalDecorators`). For
   * metrics injected into the instance, use {@link timedWith}.
   */
  timed<This = unknown>(operation: string, labels?: OperationLabels<E>): TimingDecorator<This> {
    return timedWith<This, E>(() => this, operation, labels);
  }

  /** Records one operation; false when `record` is not one (or, in a batch, has no string `operation`). */
  #recordedOperation(record: OperationRecord<E>, method: string, requireName = false): boolean {
    if (!isArgumentObject(record, method)) return false;
    let r = record;
    let operation, success, seconds, error, labels;
    try {
      ({ operation, success, durationSeconds: seconds, error, labels } = r);
    } catch {
      r = readableCopy(r, RECORD_FIELDS, method);
      ({ operation, success, durationSeconds: seconds, error, labels } = r);
    }
    if (requireName && typeof operation !== 'string') {
      reportArgument(method, 'wrong-type', `operation: ${typeof operation}`);
      return false;
    }
    this.#recorded(operation, Boolean(success), seconds, error, labels, method);
    return true;
  }

  #recorded(operation: string, success: boolean, seconds: number | undefined, error: unknown, labels: OperationLabels<E> | undefined, method: string): void {
    const attributes = this.#attributesOf(labels, operation, success ? 'success' : 'failure', method);
    this.total.add(1, attributes);
    if (seconds !== undefined) this.duration.record(seconds, attributes);
    if (!success) this.errors.add(1, { operation, error_type: errorTypeOf(error) });
  }

  /**
   * The attributes of `operation.total` and `operation.duration`: the caller's labels, then
   * `operation` and `outcome`. Labels that are not an object are dropped (a string would spread
   * into one key per character); labels whose reading throws keep the declared keys that read.
   */
  #attributesOf(labels: unknown, operation: unknown, outcome: Outcome | undefined, method: string): AttributesOf<string> {
    // Values are not checked here: the series resolver drops those that are not attribute values.
    let l = labels;
    if (l != null && (typeof l !== 'object' || Array.isArray(l))) {
      reportArgument(method, 'wrong-type', `labels: ${Array.isArray(l) ? 'array' : typeof l}`);
      l = undefined;
    }
    try {
      return (outcome === undefined ? { ...(l as object | undefined), operation } : { ...(l as object | undefined), operation, outcome }) as AttributesOf<string>;
    } catch {
      const readable = readableCopy(l as Record<string, unknown>, this.labelKeys, method);
      return (outcome === undefined ? { ...readable, operation } : { ...readable, operation, outcome }) as AttributesOf<string>;
    }
  }
}

const RECORD_LATENCY = 'OperationMetrics.recordLatency';
const SUCCEEDED = 'OperationMetrics.succeeded';
const FAILED = 'OperationMetrics.failed';
const RETRIED = 'OperationMetrics.retried';
const LATENCY_FIELDS = ['operation', 'durationSeconds', 'labels'] as const;
const SUCCESS_FIELDS = ['operation', 'labels'] as const;
const FAILURE_FIELDS = ['operation', 'error', 'labels'] as const;
const RETRY_FIELDS = ['operation', 'attempt'] as const;
const RECORD_OPERATION = 'OperationMetrics.recordOperation';
const RECORD_BATCH = 'OperationMetrics.recordBatch';
const MEASURE = 'OperationMetrics.measure';
const TIMED = 'OperationMetrics.timed';
const RECORD_FIELDS = ['operation', 'success', 'durationSeconds', 'error', 'labels'] as const;

function returnsNothing(): undefined {
  return undefined;
}

/** The extra keys declared in `options.labels`: strings other than the catalog's own keys. */
function declaredLabels(options: OperationMetricsOptions<string>): string[] {
  try {
    const labels: unknown = options.labels;
    if (labels === undefined) return [];
    if (Array.isArray(labels)) return labels.filter((key): key is string => typeof key === 'string' && key !== 'operation' && key !== 'outcome');
  } catch (error) {
    reportArgument('OperationMetrics', 'unreadable-field', `labels: ${String(error)}`);
    return [];
  }
  reportArgument('OperationMetrics', 'wrong-type', 'labels must be an array of attribute keys');
  return [];
}

/** A method of `This` as decorators see it. */
export type TimedMethod<This, A extends unknown[], R> = (this: This, ...args: A) => R;

/**
 * A method decorator for both decorator dialects: TypeScript's standard (TC39) decorators, and
 * legacy `experimentalDecorators` (NestJS, TypeORM, Angular), where it replaces the property
 * descriptor's function.
 */
export interface TimingDecorator<This> {
  <A extends unknown[], R>(method: TimedMethod<This, A, R>, context: ClassMethodDecoratorContext<This, TimedMethod<This, A, R>>): TimedMethod<This, A, R>;
  <A extends unknown[], R>(
    prototype: object,
    name: string | symbol,
    descriptor: TypedPropertyDescriptor<TimedMethod<This, A, R>>,
  ): TypedPropertyDescriptor<TimedMethod<This, A, R>>;
}

/**
 * A method decorator that finds the OperationMetrics on the instance, for classes that get their
 * metrics by injection: `@timedWith((self: Planner) => self.metrics, 'plan')`. When `select`
 * throws or finds no metrics (not injected yet), the method runs unmeasured; its own result and
 * errors pass through untouched either way. Works as a standard decorator and as a legacy one
 * (`experimentalDecorators`).
 */
export function timedWith<This, E extends string = never>(
  select: (self: This) => OperationMetrics<E>,
  operation: string,
  labels?: OperationLabels<E>,
): TimingDecorator<This> {
  const decorate = <A extends unknown[], R>(method: TimedMethod<This, A, R>): TimedMethod<This, A, R> => {
    if (!isCallable(method, TIMED)) return method;
    const timed = function (this: This, ...args: A): R {
      const metrics = selected(select, this);
      if (metrics === undefined) return method.apply(this, args);
      return metrics.measure(operation, () => method.apply(this, args), labels);
    };
    keepMetadata(method, timed);
    return timed;
  };
  return function (target: unknown, contextOrName: unknown, descriptor?: unknown): unknown {
    // Standard: (method, context); the context is an object, where legacy passes the property name.
    if (typeof contextOrName === 'object' && contextOrName !== null) return decorate(target as TimedMethod<This, unknown[], unknown>);
    // Legacy: (prototype, name, descriptor); the descriptor's function is replaced in place.
    if (typeof descriptor !== 'object' || descriptor === null) {
      reportArgument(TIMED, 'not-a-function', `${String(contextOrName)} is a field, not a method; it is not measured`);
      return undefined;
    }
    const property = descriptor as TypedPropertyDescriptor<TimedMethod<This, unknown[], unknown>>;
    if (property.value === undefined) {
      reportArgument(TIMED, 'not-a-function', `${String(contextOrName)} is an accessor, not a method; it is not measured`);
      return property;
    }
    property.value = decorate(property.value);
    return property;
  } as TimingDecorator<This>;
}

/**
 * Metadata other legacy decorators stored on the original function (with reflect-metadata, as
 * NestJS's `@Get()` does when written above this one) is copied to the timed function, so the
 * order of the decorators does not matter. Nothing happens without reflect-metadata.
 */
function keepMetadata(from: object, to: object): void {
  const reflect = Reflect as unknown as {
    getOwnMetadataKeys?: (target: object) => unknown[];
    getOwnMetadata?: (key: unknown, target: object) => unknown;
    defineMetadata?: (key: unknown, value: unknown, target: object) => void;
  };
  if (typeof reflect.getOwnMetadataKeys !== 'function' || typeof reflect.getOwnMetadata !== 'function' || typeof reflect.defineMetadata !== 'function') return;
  try {
    for (const key of reflect.getOwnMetadataKeys(from)) reflect.defineMetadata(key, reflect.getOwnMetadata(key, from), to);
  } catch (error) {
    reportArgument(TIMED, 'failed', error);
  }
}

/**
 * The metrics `select` finds on `self`, if any. Recognised by their `measure` method rather than
 * by class, so that metrics from the other module format (ESM beside CommonJS) still count.
 */
function selected<This, E extends string>(select: (self: This) => OperationMetrics<E>, self: This): OperationMetrics<E> | undefined {
  if (!isCallable(select, TIMED)) return undefined;
  try {
    const metrics: unknown = select(self);
    if (typeof metrics === 'object' && metrics !== null && typeof (metrics as OperationMetrics<E>).measure === 'function') return metrics as OperationMetrics<E>;
    reportArgument(TIMED, 'wrong-type', `the selector returned ${metrics === null ? 'null' : typeof metrics}, not an OperationMetrics; the call is not measured`);
  } catch (error) {
    reportArgument(TIMED, 'failed', error);
  }
  return undefined;
}
