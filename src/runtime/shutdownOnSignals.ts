// Opt-in process integration: on SIGTERM/SIGINT, stop the caller's work, flush metrics, exit.
// Without it the last export interval is lost on every deploy.
import { constants } from 'node:os';
import type { MetricsRuntime } from './MetricsRuntime.js';
import { TimeoutError } from '../errors.js';

export interface ShutdownOnSignalsOptions {
  /** @default ['SIGTERM', 'SIGINT'] */
  readonly signals?: readonly NodeJS.Signals[];
  /** Runs first (stop accepting work, drain); metrics are flushed after it so its last recordings count. */
  readonly beforeShutdown?: () => Promise<void> | void;
  /** Exit the process when done. @default true */
  readonly exit?: boolean;
  /** Longest wait for `beforeShutdown`; metrics are flushed after it either way. @default 10000 */
  readonly beforeShutdownTimeoutMillis?: number;
  /**
   * Signals arriving within this time of the first are copies of it and ignored: Ctrl-C signals
   * the whole process group while npm, tsx or a process manager relays its own copy within
   * milliseconds. A signal after it means "stop now": `beforeShutdown` is abandoned, the final
   * export is still attempted (for at most `forcedFlushTimeoutMillis`), and the process exits
   * with 128 + the signal's number. @default 2000
   */
  readonly repeatGraceMillis?: number;
  /** After a forcing signal, longest wait for the final export before exiting. @default 1000 */
  readonly forcedFlushTimeoutMillis?: number;
}

/**
 * Installs signal handlers that shut the runtime down (flushing the last interval) and exit with
 * code 0, or 1 if `beforeShutdown` threw or overran its time. Repeats of the signal within
 * `repeatGraceMillis` are ignored; a later one exits early, after a bounded final export.
 * Returns a function that removes the handlers.
 */
export function shutdownOnSignals(runtime: MetricsRuntime, options: ShutdownOnSignalsOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? true;
  const graceMillis = options.repeatGraceMillis ?? 2000;
  const forcedFlushMillis = options.forcedFlushTimeoutMillis ?? 1000;
  let firstSignalAt: number | undefined;
  let forced = false;
  let flushing: Promise<void> | undefined;
  // One flush whichever path asks first: a forcing signal must not start a second export.
  const flush = () => (flushing ??= runtime.shutdown().catch(() => undefined));

  const shutdown = async () => {
    let code = 0;
    // Readiness fails before the caller drains, so load balancers stop sending new work first.
    runtime.health?.beginShutdown();
    try {
      await bounded(Promise.resolve(options.beforeShutdown?.()), options.beforeShutdownTimeoutMillis ?? 10_000, exit);
    } catch {
      code = 1;
    }
    await flush();
    if (exit && !forced) process.exit(code);
  };

  const forceExit = async (signal: NodeJS.Signals) => {
    await bounded(flush(), forcedFlushMillis, exit).catch(() => undefined);
    if (exit) process.exit(128 + (constants.signals[signal] ?? 0));
  };

  const onSignal = (signal: NodeJS.Signals) => {
    const now = performance.now();
    if (firstSignalAt === undefined) {
      firstSignalAt = now;
      void shutdown();
    } else if (!forced && now - firstSignalAt >= graceMillis) {
      forced = true;
      void forceExit(signal);
    }
  };

  // One listener per signal, so that the signal is known however the event was emitted.
  const listeners = signals.map((signal) => [signal, () => onSignal(signal)] as const);
  for (const [signal, listener] of listeners) process.on(signal, listener);
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}

/**
 * Resolves with `work`, or rejects when it takes longer than `millis`. When the process is to
 * exit, the timer holds the event loop open: otherwise a hung `work` with nothing else pending
 * would let the process end with code 0 before the flush.
 */
function bounded(work: Promise<unknown>, millis: number, keepAlive: boolean): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`took longer than ${millis} ms`, millis)), millis);
    if (!keepAlive) timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
