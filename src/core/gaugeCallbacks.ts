// Runs the callbacks of a gauge at collection time. A callback may be async (TypeScript lets an
// async function stand where a void one is expected): its promise is awaited up to a time limit
// and a rejection is contained and reported, so a failing callback never ends the process nor
// fails the collection of the other metrics.
import type { MetricDiagnostics } from './MetricDiagnostics.js';

/** What a gauge callback may return. */
export type CallbackResult = void | Promise<void>;

/** The longest wait for async gauge callbacks in one collection when the reader gives no limit. */
export const DEFAULT_CALLBACK_TIMEOUT_MILLIS = 5_000;

/**
 * Calls every callback; resolves when all have settled or `timeoutMillis` passed. Returns
 * synchronously-settled work without a timer, so a collection of sync callbacks costs no more
 * than the calls.
 */
export function runGaugeCallbacks(
  callbacks: Iterable<() => CallbackResult>,
  timeoutMillis: number,
  diagnostics: MetricDiagnostics,
): Promise<void> | undefined {
  let pending: Promise<void>[] | undefined;
  for (const callback of callbacks) {
    let result: CallbackResult;
    try {
      result = callback();
    } catch (error) {
      diagnostics.report('callback-failed', error);
      continue;
    }
    if (isPromiseLike(result)) {
      (pending ??= []).push(
        Promise.resolve(result).then(
          () => undefined,
          (error: unknown) => diagnostics.report('callback-failed', error),
        ),
      );
    }
  }
  if (pending === undefined) return undefined;
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      diagnostics.report('callback-failed', `still running after ${timeoutMillis} ms`);
      resolve();
    }, timeoutMillis);
    timer.unref?.();
    void Promise.all(pending).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function isPromiseLike(value: unknown): value is PromiseLike<void> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}
