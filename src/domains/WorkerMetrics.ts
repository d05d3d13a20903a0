// Task workers: polling, execution and update of tasks, payload sizes, and the API
// client's request latency.
import { isArgumentObject, readableCopy } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { BoundedCache } from '../core/BoundedCache.js';
import { errorTypeOf } from '../core/errorType.js';
import { normalizeHttpMethod } from '../core/httpMethod.js';
import { routeTemplate } from '../core/routeTemplate.js';
import { WORKER_METRICS as M } from './workerCatalog.js';

/** Status values as task worker SDKs report them. */
export type TaskStatus = 'SUCCESS' | 'FAILURE';

export type PayloadType = 'input' | 'output';

export interface TaskStep {
  readonly taskType: string;
  readonly durationSeconds: number;
  /** The error the step failed with, if it did: status FAILURE, recorded by class name. */
  readonly error?: unknown;
}

export interface TaskExecution extends TaskStep {
  /** Size of the serialised result in bytes. */
  readonly resultBytes?: number;
}

export interface ApiRequest {
  /** HTTP method; anything but the standard methods is recorded as `_OTHER`. */
  readonly method: string;
  /** The request path; raw paths are templated (ids become placeholders). */
  readonly uri: string;
  /** HTTP status code, or an error class name when there was no response. */
  readonly status: number | string;
  readonly durationSeconds: number;
}

export class WorkerMetrics extends BaseMetrics {
  private readonly polls = this.counter(M.polls);
  private readonly pollDuration = this.histogram(M.pollDuration);
  private readonly executeDuration = this.histogram(M.executeDuration);
  private readonly executeErrors = this.counter(M.executeErrors);
  private readonly updateDuration = this.histogram(M.updateDuration);
  private readonly updateErrors = this.counter(M.updateErrors);
  private readonly resultSize = this.histogram(M.resultSize);
  private readonly queueFull = this.counter(M.queueFull);
  private readonly paused = this.counter(M.paused);
  private readonly restarts = this.counter(M.restarts);
  private readonly externalPayload = this.counter(M.externalPayload);
  private readonly workflowInputSize = this.histogram(M.workflowInputSize);
  private readonly workflowStartErrors = this.counter(M.workflowStartErrors);
  private readonly apiRequestDuration = this.histogram(M.apiRequestDuration);
  private readonly uris = new BoundedCache(1024, routeTemplate);

  /** A poll for tasks: `task.poll.total` {task_type}, `task.poll.duration` {task_type, status}. */
  taskPolled(poll: TaskStep): void {
    if (!isArgumentObject(poll, TASK_POLLED)) return;
    let p = poll;
    let taskType, seconds, error;
    try {
      ({ taskType, durationSeconds: seconds, error } = p);
    } catch {
      p = readableCopy(p, STEP_FIELDS, TASK_POLLED);
      ({ taskType, durationSeconds: seconds, error } = p);
    }
    this.polls.add(1, { task_type: taskType });
    this.pollDuration.record(seconds, { task_type: taskType, status: statusOf(error) });
  }

  /**
   * A task ran: `task.execute.duration` {task_type, status}, `task.result.size` when given, and on
   * failure `task.execute.errors.total` {task_type, exception = the error's class name}.
   */
  taskExecuted(execution: TaskExecution): void {
    if (!isArgumentObject(execution, TASK_EXECUTED)) return;
    let e = execution;
    let taskType, seconds, error, resultBytes;
    try {
      ({ taskType, durationSeconds: seconds, error, resultBytes } = e);
    } catch {
      e = readableCopy(e, EXECUTION_FIELDS, TASK_EXECUTED);
      ({ taskType, durationSeconds: seconds, error, resultBytes } = e);
    }
    this.executeDuration.record(seconds, { task_type: taskType, status: statusOf(error) });
    if (error !== undefined) this.executeErrors.add(1, { task_type: taskType, exception: errorTypeOf(error) });
    if (resultBytes !== undefined) this.resultSize.record(resultBytes, { task_type: taskType });
  }

  /** A task's result was reported back: `task.update.duration`, and `task.update.errors.total` on failure. */
  taskUpdated(update: TaskStep): void {
    if (!isArgumentObject(update, TASK_UPDATED)) return;
    let u = update;
    let taskType, seconds, error;
    try {
      ({ taskType, durationSeconds: seconds, error } = u);
    } catch {
      u = readableCopy(u, STEP_FIELDS, TASK_UPDATED);
      ({ taskType, durationSeconds: seconds, error } = u);
    }
    this.updateDuration.record(seconds, { task_type: taskType, status: statusOf(error) });
    if (error !== undefined) this.updateErrors.add(1, { task_type: taskType, exception: errorTypeOf(error) });
  }

  /** The local execution queue had no room: `task.execution_queue.full.total`. */
  executionQueueFull(taskType: string): void {
    this.queueFull.add(1, { task_type: taskType });
  }

  /** A poll skipped because the worker is paused: `task.paused.total`. */
  pollSkippedWhilePaused(taskType: string): void {
    this.paused.add(1, { task_type: taskType });
  }

  /** The worker restarted: `worker.restarts.total`. */
  workerRestarted(taskType: string): void {
    this.restarts.add(1, { task_type: taskType });
  }

  /** A payload too large to inline went to external storage: `external_payload.used.total`. */
  externalPayloadUsed(taskType: string, payloadType: PayloadType): void {
    this.externalPayload.add(1, { task_type: taskType, payload_type: payloadType });
  }

  /** A workflow was started: `workflow.input.size` {workflow_type, version}. */
  workflowStarted(workflowType: string, version: number | string, inputBytes: number): void {
    this.workflowInputSize.record(inputBytes, { workflow_type: workflowType, version });
  }

  /** A workflow failed to start: `workflow.start.errors.total` {workflow_type, exception}. */
  workflowStartFailed(workflowType: string, error: unknown): void {
    this.workflowStartErrors.add(1, { workflow_type: workflowType, exception: errorTypeOf(error) });
  }

  /** A call to the server's API: `api.request.duration` {method, uri template, status}. */
  apiRequest(request: ApiRequest): void {
    if (!isArgumentObject(request, API_REQUEST)) return;
    let r = request;
    let method, uri, rawStatus, seconds;
    try {
      ({ method, uri, status: rawStatus, durationSeconds: seconds } = r);
    } catch {
      r = readableCopy(r, REQUEST_FIELDS, API_REQUEST);
      ({ method, uri, status: rawStatus, durationSeconds: seconds } = r);
    }
    const status = typeof rawStatus === 'number' ? rawStatus : errorTypeOf(rawStatus);
    this.apiRequestDuration.record(seconds, { method: normalizeHttpMethod(method), uri: this.uris.get(uri), status });
  }
}

const TASK_POLLED = 'WorkerMetrics.taskPolled';
const TASK_EXECUTED = 'WorkerMetrics.taskExecuted';
const TASK_UPDATED = 'WorkerMetrics.taskUpdated';
const API_REQUEST = 'WorkerMetrics.apiRequest';
const STEP_FIELDS = ['taskType', 'durationSeconds', 'error'] as const;
const EXECUTION_FIELDS = ['taskType', 'durationSeconds', 'error', 'resultBytes'] as const;
const REQUEST_FIELDS = ['method', 'uri', 'status', 'durationSeconds'] as const;

function statusOf(error: unknown): TaskStatus {
  return error === undefined ? 'SUCCESS' : 'FAILURE';
}
