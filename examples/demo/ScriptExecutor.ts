// A stand-in for a script execution backend: a priority queue in front of a fixed number of
// runners. Its metric objects come in through the constructor; it never builds its own.
import type { CoordinatorMetrics, ExecutionMetrics, ExecutionStatus, SchedulingPriority } from '../../src/index.js';
import { chance, logNormal, pick, rare, sleep } from './random.js';

export interface ScriptJob {
  readonly langAndVersion: string;
  readonly priority: SchedulingPriority;
  readonly enqueuedAt: number;
}

const LANGUAGES = [
  ['python-3.11', 5],
  ['python-3.12', 3],
  ['node-20', 3],
  ['go-1.22', 2],
  ['ruby-3.3', 1],
] as const;

const PRIORITIES = [
  ['low', 2],
  ['normal', 6],
  ['high', 2],
  ['critical', 0.5],
] as const;

const MEDIAN_SECONDS: Record<string, number> = {
  'python-3.11': 0.8,
  'python-3.12': 0.7,
  'node-20': 0.4,
  'go-1.22': 0.15,
  'ruby-3.3': 1.2,
};

class ScriptTimeoutError extends Error {
  override name = 'ScriptTimeoutError';
}
class ScriptRuntimeError extends Error {
  override name = 'ScriptRuntimeError';
}
class SandboxError extends Error {
  override name = 'SandboxError';
}

export class ScriptExecutor {
  private readonly queue: ScriptJob[] = [];
  private running = 0;
  private stopped = false;

  constructor(
    private readonly execution: ExecutionMetrics,
    private readonly coordinator: CoordinatorMetrics,
    private readonly options: {
      concurrency: number;
      maxQueue: number;
      timeoutSeconds: number;
      timeScale: number;
      /** Compiles the script source (through the script cache). */
      compile: (source: string) => void;
      /** Told of every finished execution (publishes an event). */
      onFinished: (status: ExecutionStatus) => void;
    },
  ) {}

  /** A request to run a script arrives. */
  submit(): void {
    if (this.stopped) return;
    const started = performance.now();
    const job: ScriptJob = { langAndVersion: pick(LANGUAGES), priority: pick(PRIORITIES), enqueuedAt: started };
    if (this.queue.length >= this.options.maxQueue) {
      this.coordinator.schedulingFailed({ status: 'rejected', schedulingSeconds: (performance.now() - started) / 1000, dequeued: false });
      return;
    }
    this.queue.push(job);
    this.coordinator.enqueued();
    this.schedule();
  }

  /** Places queued jobs on free runners, highest priority first. */
  private schedule(): void {
    while (!this.stopped && this.running < this.options.concurrency && this.queue.length > 0) {
      const decisionStarted = performance.now();
      const index = this.highestPriorityIndex();
      const [job] = this.queue.splice(index, 1);
      const now = performance.now();
      this.coordinator.scheduled({
        priority: job!.priority,
        langAndVersion: job!.langAndVersion,
        queueWaitSeconds: (now - job!.enqueuedAt) / 1000,
        schedulingSeconds: (now - decisionStarted) / 1000 + logNormal(0.0008, 0.6),
      });
      this.running++;
      void this.run(job!).finally(() => {
        this.running--;
        this.coordinator.released();
        this.schedule();
      });
    }
  }

  private async run(job: ScriptJob): Promise<void> {
    this.options.compile(`${job.langAndVersion}:script-${Math.floor(logNormal(20, 1.2))}`);
    const execution = this.execution.executionStarted({ langAndVersion: job.langAndVersion });
    const planned = logNormal(MEDIAN_SECONDS[job.langAndVersion] ?? 0.5, 0.9);
    const timedOut = planned > this.options.timeoutSeconds;
    // The first run meets a broken sandbox, so script errors show within the demo's first seconds.
    const status: ExecutionStatus = timedOut
      ? 'timeout'
      : rare('sandbox error', 0)
        ? 'error'
        : pick([['completed', 90], ['failed', 6], ['error', 1.5], ['cancelled', 1]]);
    // A sandbox that cannot start fails at once; everything else runs its course or times out.
    const seconds = status === 'error' ? 0.05 : Math.min(planned, this.options.timeoutSeconds);
    await sleep(seconds * this.options.timeScale);
    if (status === 'timeout') this.execution.errorOccurred({ error: new ScriptTimeoutError(`exceeded ${this.options.timeoutSeconds}s`) });
    if (status === 'failed') this.execution.errorOccurred({ error: new ScriptRuntimeError('script exited with code 1') });
    if (status === 'error') this.execution.errorOccurred({ error: new SandboxError('sandbox could not start') });
    execution.finish({
      status,
      memoryMiB: logNormal(job.langAndVersion.startsWith('go') ? 24 : 90, 0.7),
      cpuMillicores: Math.min(4000, logNormal(250, 0.8)),
    });
    if (chance(0.001)) this.execution.errorOccurred({ error: new RangeError('output too large') });
    this.options.onFinished(status);
  }

  private highestPriorityIndex(): number {
    const rank: Record<SchedulingPriority, number> = { critical: 3, high: 2, normal: 1, low: 0 };
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      if (rank[this.queue[i]!.priority] > rank[this.queue[best]!.priority]) best = i;
    }
    return best;
  }

  /** Stops taking work and waits (bounded) for running scripts to end. */
  async stop(maxWaitSeconds: number): Promise<void> {
    this.stopped = true;
    const deadline = Date.now() + maxWaitSeconds * 1000;
    while (this.running > 0 && Date.now() < deadline) await sleep(0.05);
  }
}
