// A batch job as a child process: starts metrics with the environment given as a JSON argument,
// records known counts, and exits through runtime.shutdown(), printing one JSON line about its
// run. With `recordUntilKilled` it keeps recording (for writes interrupted by SIGKILL).
import { ExecutionMetrics, startMetrics } from '../../../src/index.js';

export interface BatchJobPlan {
  readonly env: Record<string, string>;
  readonly fastPath: boolean;
  /** Executions recorded as completed, failed, and errors recorded, all under `langAndVersion`. */
  readonly completed: number;
  readonly failed: number;
  readonly errors: number;
  readonly langAndVersion: string;
  readonly recordUntilKilled?: boolean;
}

export interface BatchJobResult {
  readonly instance: string;
  readonly exporters: readonly string[];
  readonly prometheusUrl: string | undefined;
  readonly shutdownMillis: number;
}

const plan = JSON.parse(process.argv[2] ?? '{}') as BatchJobPlan;
const runtime = await startMetrics({ env: plan.env, fastPath: plan.fastPath, runtimeMetrics: false });
const metrics = new ExecutionMetrics(runtime);
const { langAndVersion } = plan;
for (let i = 0; i < plan.completed; i++) metrics.recordExecution({ status: 'completed', langAndVersion, durationSeconds: 0.07 });
for (let i = 0; i < plan.failed; i++) metrics.recordExecution({ status: 'failed', langAndVersion, durationSeconds: 7 });
for (let i = 0; i < plan.errors; i++) metrics.errorOccurred({ error: new RangeError('out of range') });
if (plan.recordUntilKilled) {
  process.stdout.write('recording\n');
  // Bounded: the test kills the process long before this ends.
  for (let i = 0; i < 60_000; i++) {
    metrics.recordExecution({ status: 'completed', langAndVersion: `lang-${i % 50}`, durationSeconds: 0.01 });
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
const started = Date.now();
await runtime.shutdown();
const result: BatchJobResult = {
  instance: String(runtime.resourceAttributes['service.instance.id']),
  exporters: runtime.config.exporters,
  prometheusUrl: runtime.prometheusUrl,
  shutdownMillis: Date.now() - started,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
