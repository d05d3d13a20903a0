// Generic operations (seed 000): latency, success and failure, retries, for any named unit of
// work, with a wrapper and a method decorator that time a call and pass its result or error
// through untouched.
import { BaseMetrics, type BaseMetricsOptions } from '../core/BaseMetrics.js';
import { errorTypeOf } from '../core/errorType.js';
import type { DomainCounter, DomainHistogram } from '../core/instruments.js';
import type { AttributeValueInput } from '../core/MetricSpec.js';
import { startTimer } from '../core/timing.js';
import { OPERATION_METRICS as M } from './operationCatalog.js';

export type Outcome = 'success' | 'failure';

/** Values for the extra attribute keys an OperationMetrics instance declared. */
export type OperationLabels<E extends string> = { readonly [P in E]?: AttributeValueInput };

export interface OperationMetricsOptions<E extends string> extends BaseMetricsOptions {
  /**
   * Extra attribute keys that `operation.duration` and `operation.total` accept (seed 000's
   * `labels`), e.g. `['task_type'] as const`. Keep them bounded: no ids, no messages.
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

/** Retry attempts beyond this are recorded as one bucket, to keep `attempt` bounded. */
const MAX_ATTEMPT_LABEL = 10;

export class OperationMetrics<E extends string = never> extends BaseMetrics {
  // Keyed by string: the allow-list is the catalog's keys plus the declared labels, known only
  // at construction. The public methods are typed by OperationLabels<E>.
  private readonly duration: DomainHistogram<string>;
  private readonly total: DomainCounter<string>;
  private readonly errors = this.counter(M.errors);
  private readonly retries = this.counter(M.retries);

  constructor(options: OperationMetricsOptions<E> = {}) {
    super(options);
    const extra: string[] = (options.labels ?? []).filter((key: string) => key !== 'operation' && key !== 'outcome');
    this.duration = this.histogram({ ...M.duration, attributes: [...M.duration.attributes, ...extra] });
    this.total = this.counter({ ...M.total, attributes: [...M.total.attributes, ...extra] });
  }

  /** `operation.duration` {operation, …labels}, without an outcome. */
  recordLatency(operation: string, durationSeconds: number, labels?: OperationLabels<E>): void {
    this.duration.record(durationSeconds, { ...labels, operation });
  }

  /** `operation.total` {operation, outcome="success", …labels}. */
  recordSuccess(operation: string, labels?: OperationLabels<E>): void {
    this.total.add(1, { ...labels, operation, outcome: 'success' });
  }

  /** `operation.total` {outcome="failure"} and `operation.errors.total` {operation, error_type}. */
  recordFailure(operation: string, error: unknown, labels?: OperationLabels<E>): void {
    this.total.add(1, { ...labels, operation, outcome: 'failure' });
    this.errors.add(1, { operation, error_type: errorTypeOf(error) });
  }

  /** `operation.retries.total` {operation, attempt}; attempts above 10 are recorded as ">10". */
  recordRetry(operation: string, attempt: number): void {
    const label = Number.isInteger(attempt) && attempt >= 0 ? (attempt > MAX_ATTEMPT_LABEL ? `>${MAX_ATTEMPT_LABEL}` : String(attempt)) : undefined;
    this.retries.add(1, { operation, attempt: label });
  }

  /**
   * One finished operation: `operation.total` {outcome}, `operation.duration` {outcome} when a
   * duration is given, and `operation.errors.total` on failure.
   */
  recordOperation(record: OperationRecord<E>): void {
    const outcome: Outcome = record.success ? 'success' : 'failure';
    const attributes = { ...record.labels, operation: record.operation, outcome };
    this.total.add(1, attributes);
    if (record.durationSeconds !== undefined) this.duration.record(record.durationSeconds, attributes);
    if (!record.success) this.errors.add(1, { operation: record.operation, error_type: errorTypeOf(record.error) });
  }

  /** Records many operations; a malformed entry is skipped, the rest still count. Returns how many were recorded. */
  recordBatch(records: Iterable<OperationRecord<E>>): number {
    let recorded = 0;
    for (const record of records) {
      if (record === null || typeof record !== 'object' || typeof record.operation !== 'string') continue;
      this.recordOperation(record);
      recorded++;
    }
    return recorded;
  }

  /**
   * Runs `fn` now and records it as an operation: duration and outcome, the error class on
   * failure. Returns what `fn` returns (for a Promise, one that settles the same way) and
   * rethrows the original error untouched.
   */
  measure<T>(operation: string, fn: () => T, labels?: OperationLabels<E>): T {
    const elapsed = startTimer();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.finished(operation, elapsed(), labels, false, error);
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => {
          this.finished(operation, elapsed(), labels, true);
          return value;
        },
        (error: unknown) => {
          this.finished(operation, elapsed(), labels, false, error);
          throw error;
        },
      ) as T;
    }
    this.finished(operation, elapsed(), labels, true);
    return result;
  }

  /** Returns `fn` wrapped so that every call is measured as `operation` (see {@link measure}). */
  wrap<A extends unknown[], R>(operation: string, fn: (...args: A) => R, labels?: OperationLabels<E>): (...args: A) => R {
    const metrics = this;
    return function (this: unknown, ...args: A): R {
      return metrics.measure(operation, () => fn.apply(this, args), labels);
    };
  }

  /**
   * A TypeScript (standard) method decorator that measures every call as `operation`:
   * `@metrics.timed('intent_parsing') async parse() {…}`. For metrics injected into the instance,
   * use {@link timedWith}.
   */
  timed(operation: string, labels?: OperationLabels<E>) {
    return timedWith(() => this, operation, labels);
  }

  private finished(operation: string, seconds: number, labels: OperationLabels<E> | undefined, success: boolean, error?: unknown): void {
    this.recordOperation({ operation, success, durationSeconds: seconds, error, labels });
  }
}

/**
 * A method decorator that finds the OperationMetrics on the instance, for classes that get their
 * metrics by injection: `@timedWith((self: Planner) => self.metrics, 'plan')`.
 */
export function timedWith<This, E extends string = never>(
  select: (self: This) => OperationMetrics<E>,
  operation: string,
  labels?: OperationLabels<E>,
) {
  return function <A extends unknown[], R>(method: (this: This, ...args: A) => R, _context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => R>) {
    return function (this: This, ...args: A): R {
      return select(this).measure(operation, () => method.apply(this, args), labels);
    };
  };
}
