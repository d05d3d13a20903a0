// Guards for what callers hand to domain methods: plain JavaScript and casts bring null, arrays,
// objects with throwing getters and non-functions where the types promise records and callbacks.
// The checks on the valid path are typeof tests; anything costlier runs only once a read threw.
import type { BaseMetricsOptions } from './BaseMetrics.js';
import { defaultDiagnosticsSink, type DiagnosticsSink } from './DiagnosticsSink.js';
import { describeDetail } from './MetricDiagnostics.js';

export type ArgumentProblem =
  | 'not-an-object'
  | 'unreadable-field'
  | 'not-a-function'
  | 'not-iterable'
  | 'wrong-type'
  | 'failed';

const EXPLANATIONS: Record<ArgumentProblem, string> = {
  'not-an-object': 'dropped the call: its argument is not an object',
  'unreadable-field': 'a field of the argument threw when read; it was treated as absent',
  'not-a-function': 'a function was expected; the call was not measured',
  'not-iterable': 'dropped the call: its argument is not an iterable of records',
  'wrong-type': 'dropped a field of the wrong type',
  'failed': 'recording failed and was dropped',
};

/**
 * Reports a dropped argument or field of `method` ("ExecutionMetrics.recordExecution"),
 * rate-limited per method and problem: request-scoped instances come and go, and each must not
 * log again. Argument checks run before any provider is known, so they report to the process
 * default sink unless given one.
 */
export function reportArgument(method: string, problem: ArgumentProblem, detail: unknown, sink: DiagnosticsSink = defaultDiagnosticsSink()): void {
  try {
    sink.warn(`${method}|${problem}`, () => `${method}: ${EXPLANATIONS[problem]} (${describeDetail(detail)})`);
  } catch {
    // Reporting must not turn a dropped recording into an exception.
  }
}

/**
 * True when `value` can be read as a record of fields; otherwise reports it and the caller drops
 * the call. Arrays and functions are not records: their fields would read as absent and record
 * an event nobody described.
 */
export function isArgumentObject(value: unknown, method: string): value is object {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
  reportArgument(method, 'not-an-object', value);
  return false;
}

/**
 * A copy of the `keys` of `source` as plain data, for when reading `source` threw (a getter, a
 * Proxy): a field that throws reads as absent and is reported, the others keep their values.
 */
export function readableCopy<T extends object>(source: T, keys: readonly (keyof T & string)[], method: string): T {
  const copy: Partial<Record<keyof T, unknown>> = {};
  for (const key of keys) {
    try {
      copy[key] = source[key];
    } catch (error) {
      reportArgument(method, 'unreadable-field', `${key}: ${describeDetail(error)}`);
    }
  }
  return copy as T;
}

/** True for a callable; otherwise reports it. */
export function isCallable(value: unknown, method: string): value is (...args: never[]) => unknown {
  if (typeof value === 'function') return true;
  reportArgument(method, 'not-a-function', value);
  return false;
}

/**
 * Constructor options as given when they are usable; otherwise what of them is: `{}` for null or
 * a non-object, and no provider for a `meterProvider` without `getMeter` (recording is then off,
 * as without a provider). Reported once per owner.
 */
export function usableOptions<T extends BaseMetricsOptions>(options: T | null | undefined, owner: string): T {
  if (options === undefined) return {} as T;
  if (!isArgumentObject(options, owner)) return {} as T;
  try {
    const provider: unknown = options.meterProvider;
    if (provider === undefined || (typeof provider === 'object' && provider !== null && typeof (provider as { getMeter?: unknown }).getMeter === 'function')) return options;
    reportArgument(owner, 'wrong-type', 'meterProvider has no getMeter(); recording is off');
    return { ...options, meterProvider: undefined };
  } catch (error) {
    reportArgument(owner, 'unreadable-field', error);
    return {} as T;
  }
}

/** What a refused registration returns: an unsubscribe function with nothing to undo. */
export function nothingToUnsubscribe(): void {}
