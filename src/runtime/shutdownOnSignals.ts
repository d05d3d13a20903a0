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
}

/**
 * Installs signal handlers that shut the runtime down (flushing the last interval) and exit with
 * code 0, or 1 if `beforeShutdown` threw. A second signal while shutting down exits at once.
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
        await options.beforeShutdown?.();
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
