// Opt-in process integration: on SIGTERM/SIGINT, stop the caller's work, flush metrics, exit.
// Without it the last export interval is lost on every deploy.
import type { MetricsRuntime } from './MetricsRuntime.js';

export interface ShutdownOnSignalsOptions {
  /** @default ['SIGTERM', 'SIGINT'] */
  readonly signals?: readonly NodeJS.Signals[];
  /** Runs first (stop accepting work, drain); metrics are flushed after it so its last recordings count. */
  readonly beforeShutdown?: () => Promise<void> | void;
  /** Exit the process when done. @default true */
  readonly exit?: boolean;
  /** Longest wait for `beforeShutdown`; metrics are flushed after it either way. @default 10000 */
  readonly beforeShutdownTimeoutMillis?: number;
}

/**
 * Installs signal handlers that shut the runtime down (flushing the last interval) and exit with
 * code 0, or 1 if `beforeShutdown` threw or overran its time. A second signal while shutting
 * down exits at once.
 * Returns a function that removes the handlers.
 */
export function shutdownOnSignals(runtime: MetricsRuntime, options: ShutdownOnSignalsOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? true;
  let inProgress = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (inProgress) {
      if (exit) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
      return;
    }
    inProgress = true;
    void (async () => {
      let code = 0;
      try {
        await bounded(Promise.resolve(options.beforeShutdown?.()), options.beforeShutdownTimeoutMillis ?? 10_000);
      } catch {
        code = 1;
      }
      await runtime.shutdown();
      if (exit) process.exit(code);
    })();
  };

  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}

/** Resolves with `work`, or rejects when it takes longer than `millis`. */
function bounded(work: Promise<unknown>, millis: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`beforeShutdown took longer than ${millis} ms`)), millis);
    timer.unref();
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
