// A task worker polling a workflow server, with its planning step measured as a generic
// operation through a method decorator.
import { timedWith, type OperationMetrics, type WorkerMetrics } from '../../src/index.js';
import { logNormal, pick, rare, sleep } from './random.js';

class TaskFailedError extends Error {
  override name = 'TaskFailedError';
}
class ConflictError extends Error {
  override name = 'ConflictError';
}

const TASK_TYPES = [['image_resize', 3], ['send_report', 2], ['index_document', 4]] as const;

/**
 * The first tasks run at a typical duration with no pause in between: their outcomes (a failed
 * task, a stale update, a failed and a started workflow) give every worker metric a series within
 * the demo's first seconds, not after a long pause or a slow tail draw.
 */
const WARM_UP_TASKS = 2;

export class TaskWorker {
  private running = true;
  private tasksRun = 0;

  constructor(
    private readonly worker: WorkerMetrics,
    readonly operations: OperationMetrics<'task_type'>,
    private readonly timeScale: number,
  ) {}

  start(): void {
    this.worker.workerRestarted({ taskType: 'image_resize' });
    void this.loop();
  }

  stop(): void {
    this.running = false;
  }

  private async loop(): Promise<void> {
    let paused = false;
    while (this.running) {
      const taskType = pick(TASK_TYPES);
      // Pauses come and go (about 50 polls each) once warmed up; the first one is a single poll long.
      const pauses = this.tasksRun < WARM_UP_TASKS ? 0 : 0.02;
      if (paused ? rare('worker resumed', 0.02) : rare('worker paused', pauses)) paused = !paused;
      if (paused) {
        this.worker.pollSkippedWhilePaused({ taskType });
        await sleep(0.2 * this.timeScale);
        continue;
      }
      const pollSeconds = logNormal(0.02, 0.5);
      await sleep(pollSeconds * this.timeScale);
      const pollError = rare('poll failed', 0.02) ? new Error('poll failed') : undefined;
      this.worker.recordPoll({ taskType, durationSeconds: pollSeconds, error: pollError });
      this.worker.recordApiRequest({ method: 'GET', uri: `/tasks/poll/batch/${taskType}?count=5`, status: pollError ? 503 : 200, durationSeconds: pollSeconds });
      if (pollError) continue;
      if (rare('execution queue full', 0.02)) {
        this.worker.executionQueueOverflowed({ taskType });
        continue;
      }
      await this.execute(taskType);
    }
  }

  @timedWith((self: TaskWorker) => self.operations, 'task.plan', { task_type: 'planner' })
  private async plan(taskType: string): Promise<number> {
    await sleep(logNormal(0.01, 0.5) * this.timeScale);
    if (rare('plan conflict', 0.05)) throw new ConflictError(`plan for ${taskType} conflicts`);
    // The first result is over the 100 kB that goes to external storage; later about one in seven.
    return rare('large result', 0) ? 250_000 : Math.round(logNormal(20_000, 1.5));
  }

  private async execute(taskType: string): Promise<void> {
    let resultBytes: number;
    try {
      resultBytes = await this.plan(taskType);
    } catch {
      this.operations.retried({ operation: 'task.plan', attempt: 1 });
      return;
    }
    const seconds = this.tasksRun++ < WARM_UP_TASKS ? 0.4 : logNormal(0.4, 0.9);
    await sleep(seconds * this.timeScale);
    const error = rare('task failed', 0.05) ? new TaskFailedError('exit 1') : undefined;
    this.worker.recordExecution({ taskType, durationSeconds: seconds, error, resultBytes });
    if (resultBytes > 100_000) this.worker.externalPayloadUsed({ taskType, payloadType: 'output' });
    const updateSeconds = logNormal(0.03, 0.5);
    const updateError = rare('stale task', 0.03) ? new ConflictError('stale task') : undefined;
    this.worker.recordUpdate({ taskType, durationSeconds: updateSeconds, error: updateError });
    this.worker.recordApiRequest({ method: 'POST', uri: '/tasks/update-v2', status: updateError ? 409 : 200, durationSeconds: updateSeconds });
    const workflowType = 'nightly_report';
    if (rare('workflow start failed', 0.01)) this.worker.workflowStartFailed({ workflowType, error: new ConflictError('already running') });
    else if (rare('workflow started', 0.04)) this.worker.workflowStarted({ workflowType, version: 2, inputBytes: Math.round(logNormal(2_000, 1)) });
  }
}
