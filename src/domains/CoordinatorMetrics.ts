// Scheduling and queue management. Each queue state transition is one call that moves every
// metric it implies, so queue depth, active count and waits cannot drift apart.
import { isArgumentObject, readableCopy } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { COORDINATOR_METRICS as M } from './coordinatorCatalog.js';
import { EXECUTION_METRICS } from './executionCatalog.js';
import type { LangAndVersion } from './ExecutionMetrics.js';

export type SchedulingPriority = 'low' | 'normal' | 'high' | 'critical';

/** What became of a scheduling attempt (`coordinator.executions.scheduled.total` {status}). */
export type SchedulingStatus = 'scheduled' | 'rejected' | 'failed';

export interface ScheduledExecution {
  readonly priority: SchedulingPriority;
  readonly langAndVersion?: LangAndVersion;
  /** Time the execution spent queued, in seconds. */
  readonly queueWaitSeconds: number;
  /** Time the scheduling decision took, in seconds. */
  readonly schedulingSeconds: number;
}

export interface SchedulingFailure {
  readonly status: Exclude<SchedulingStatus, 'scheduled'>;
  readonly schedulingSeconds: number;
  /** True when the execution was taken off the queue (its depth goes down). */
  readonly dequeued: boolean;
}

export class CoordinatorMetrics extends BaseMetrics {
  private readonly schedulingDuration = this.histogram(M.schedulingDuration);
  private readonly active = this.upDownCounter(M.active);
  private readonly queueWait = this.histogram(M.queueWait);
  private readonly scheduledTotal = this.counter(M.scheduled);
  // The execution queue is the coordinator's to move; with the shared meter these instruments
  // are the same streams ExecutionMetrics documents.
  private readonly queueDepth = this.upDownCounter(EXECUTION_METRICS.queueDepth);
  private readonly executionQueueWait = this.histogram(EXECUTION_METRICS.queueWait);

  /** Enqueue: `execution.queue.depth` +1. */
  enqueued(): void {
    this.queueDepth.add(1);
  }

  /**
   * Schedule: `execution.queue.depth` −1, `coordinator.executions.active` +1, the wait recorded on
   * `coordinator.queue.wait_time` {priority} and `execution.queue.wait_time` {lang_and_version},
   * `coordinator.executions.scheduled.total` {status="scheduled"}, `coordinator.scheduling.duration`.
   */
  scheduled(execution: ScheduledExecution): void {
    if (!isArgumentObject(execution, SCHEDULED)) return;
    let e = execution;
    let priority, lang, wait, seconds;
    try {
      ({ priority, langAndVersion: lang, queueWaitSeconds: wait, schedulingSeconds: seconds } = e);
    } catch {
      e = readableCopy(e, SCHEDULED_FIELDS, SCHEDULED);
      ({ priority, langAndVersion: lang, queueWaitSeconds: wait, schedulingSeconds: seconds } = e);
    }
    this.queueDepth.add(-1);
    this.active.add(1);
    this.queueWait.record(wait, { priority });
    this.executionQueueWait.record(wait, { lang_and_version: lang });
    this.scheduledTotal.add(1, { status: 'scheduled' });
    this.schedulingDuration.record(seconds);
  }

  /**
   * A scheduling attempt that did not place the execution: `coordinator.executions.scheduled.total`
   * {status}, `coordinator.scheduling.duration`, and `execution.queue.depth` −1 when dequeued.
   */
  schedulingFailed(failure: SchedulingFailure): void {
    if (!isArgumentObject(failure, SCHEDULING_FAILED)) return;
    let f = failure;
    let status, seconds, dequeued;
    try {
      ({ status, schedulingSeconds: seconds, dequeued } = f);
    } catch {
      f = readableCopy(f, FAILURE_FIELDS, SCHEDULING_FAILED);
      ({ status, schedulingSeconds: seconds, dequeued } = f);
    }
    if (dequeued) this.queueDepth.add(-1);
    this.scheduledTotal.add(1, { status });
    this.schedulingDuration.record(seconds);
  }

  /** Release: a managed execution ended, `coordinator.executions.active` −1. */
  released(): void {
    this.active.add(-1);
  }
}

const SCHEDULED = 'CoordinatorMetrics.scheduled';
const SCHEDULING_FAILED = 'CoordinatorMetrics.schedulingFailed';
const SCHEDULED_FIELDS = ['priority', 'langAndVersion', 'queueWaitSeconds', 'schedulingSeconds'] as const;
const FAILURE_FIELDS = ['status', 'schedulingSeconds', 'dequeued'] as const;
