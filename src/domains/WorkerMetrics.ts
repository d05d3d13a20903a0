// Task workers: polling, execution and update of tasks, payload sizes, and the API
// client's request latency.
import { isArgumentObject, readableCopy } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { errorTypeOf } from '../core/errorType.js';
import { normalizeHttpMethod } from '../core/httpMethod.js';
import { cachedRouteTemplate } from '../core/routeTemplate.js';
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

/** A task type, for the events that carry nothing else. */
export interface TaskTypeEvent {
  readonly taskType: string;
}

export interface ExternalPayload {
  readonly taskType: string;
  readonly payloadType: PayloadType;
}

export interface WorkflowStart {
  readonly workflowType: string;
  readonly version: number | string;
  /** Size of the serialised workflow input in bytes. */
  readonly inputBytes: number;
}

export interface WorkflowStartFailure {
  readonly workflowType: string;
  /** Why the start failed; recorded by class name. */
  readonly error: unknown;
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

  /** A poll for tasks: `task.poll.total` {task_type}, `task.poll.duration` {task_type, status}. */
  recordPoll(poll: TaskStep): void {
    if (!isArgumentObject(poll, RECORD_POLL)) return;
    let p = poll;
    let taskType, seconds, error;
    try {
      ({ taskType, durationSeconds: seconds, error } = p);
    } catch {
      p = readableCopy(p, STEP_FIELDS, RECORD_POLL);
      ({ taskType, durationSeconds: seconds, error } = p);
    }
    this.polls.add(1, { task_type: taskType });
    this.pollDuration.record(seconds, { task_type: taskType, status: statusOf(error) });
  }

  /**
   * A task ran: `task.execute.duration` {task_type, status}, `task.result.size` when given, and on
   * failure `task.execute.errors.total` {task_type, exception = the error's class name}.
   */
  recordExecution(execution: TaskExecution): void {
    if (!isArgumentObject(execution, RECORD_EXECUTION)) return;
    let e = execution;
    let taskType, seconds, error, resultBytes;
    try {
      ({ taskType, durationSeconds: seconds, error, resultBytes } = e);
    } catch {
      e = readableCopy(e, EXECUTION_FIELDS, RECORD_EXECUTION);
      ({ taskType, durationSeconds: seconds, error, resultBytes } = e);
    }
    this.executeDuration.record(seconds, { task_type: taskType, status: statusOf(error) });
    if (error !== undefined) this.executeErrors.add(1, { task_type: taskType, exception: errorTypeOf(error) });
    if (resultBytes !== undefined) this.resultSize.record(resultBytes, { task_type: taskType });
  }

  /** A task's result was reported back: `task.update.duration`, and `task.update.errors.total` on failure. */
  recordUpdate(update: TaskStep): void {
    if (!isArgumentObject(update, RECORD_UPDATE)) return;
    let u = update;
    let taskType, seconds, error;
    try {
      ({ taskType, durationSeconds: seconds, error } = u);
    } catch {
      u = readableCopy(u, STEP_FIELDS, RECORD_UPDATE);
      ({ taskType, durationSeconds: seconds, error } = u);
    }
    this.updateDuration.record(seconds, { task_type: taskType, status: statusOf(error) });
    if (error !== undefined) this.updateErrors.add(1, { task_type: taskType, exception: errorTypeOf(error) });
  }

  /** The local execution queue had no room: `task.execution_queue.full.total`. */
  executionQueueOverflowed(event: TaskTypeEvent): void {
    const taskType = taskTypeOf(event, EXECUTION_QUEUE_OVERFLOWED);
    if (taskType !== NO_EVENT) this.queueFull.add(1, { task_type: taskType });
  }

  /** A poll skipped because the worker is paused: `task.paused.total`. */
  pollSkippedWhilePaused(event: TaskTypeEvent): void {
    const taskType = taskTypeOf(event, POLL_SKIPPED);
    if (taskType !== NO_EVENT) this.paused.add(1, { task_type: taskType });
  }

  /** The worker restarted: `worker.restarts.total`. */
  workerRestarted(event: TaskTypeEvent): void {
    const taskType = taskTypeOf(event, WORKER_RESTARTED);
    if (taskType !== NO_EVENT) this.restarts.add(1, { task_type: taskType });
  }

  /** A payload too large to inline went to external storage: `external_payload.used.total`. */
  externalPayloadUsed(payload: ExternalPayload): void {
    if (!isArgumentObject(payload, EXTERNAL_PAYLOAD_USED)) return;
    let p = payload;
    let taskType, payloadType;
    try {
      ({ taskType, payloadType } = p);
    } catch {
      p = readableCopy(p, PAYLOAD_FIELDS, EXTERNAL_PAYLOAD_USED);
      ({ taskType, payloadType } = p);
    }
    this.externalPayload.add(1, { task_type: taskType, payload_type: payloadType });
  }

  /** A workflow was started: `workflow.input.size` {workflow_type, version}. */
  workflowStarted(start: WorkflowStart): void {
    if (!isArgumentObject(start, WORKFLOW_STARTED)) return;
    let w = start;
    let workflowType, version, inputBytes;
    try {
      ({ workflowType, version, inputBytes } = w);
    } catch {
      w = readableCopy(w, WORKFLOW_FIELDS, WORKFLOW_STARTED);
      ({ workflowType, version, inputBytes } = w);
    }
    this.workflowInputSize.record(inputBytes, { workflow_type: workflowType, version });
  }

  /** A workflow failed to start: `workflow.start.errors.total` {workflow_type, exception}. */
  workflowStartFailed(failure: WorkflowStartFailure): void {
    if (!isArgumentObject(failure, WORKFLOW_START_FAILED)) return;
    let f = failure;
    let workflowType, error;
    try {
      ({ workflowType, error } = f);
    } catch {
      f = readableCopy(f, WORKFLOW_FAILURE_FIELDS, WORKFLOW_START_FAILED);
      ({ workflowType, error } = f);
    }
    this.workflowStartErrors.add(1, { workflow_type: workflowType, exception: errorTypeOf(error) });
  }

  /** A call to the server's API: `api.request.duration` {method, uri template, status}. */
  recordApiRequest(request: ApiRequest): void {
    if (!isArgumentObject(request, RECORD_API_REQUEST)) return;
    let r = request;
    let method, uri, rawStatus, seconds;
    try {
      ({ method, uri, status: rawStatus, durationSeconds: seconds } = r);
    } catch {
      r = readableCopy(r, REQUEST_FIELDS, RECORD_API_REQUEST);
      ({ method, uri, status: rawStatus, durationSeconds: seconds } = r);
    }
    const status = typeof rawStatus === 'number' ? rawStatus : errorTypeOf(rawStatus);
    this.apiRequestDuration.record(seconds, { method: normalizeHttpMethod(method), uri: cachedRouteTemplate(uri), status });
  }
}

const RECORD_POLL = 'WorkerMetrics.recordPoll';
const RECORD_EXECUTION = 'WorkerMetrics.recordExecution';
const RECORD_UPDATE = 'WorkerMetrics.recordUpdate';
const RECORD_API_REQUEST = 'WorkerMetrics.recordApiRequest';
const EXECUTION_QUEUE_OVERFLOWED = 'WorkerMetrics.executionQueueOverflowed';
const POLL_SKIPPED = 'WorkerMetrics.pollSkippedWhilePaused';
const WORKER_RESTARTED = 'WorkerMetrics.workerRestarted';
const EXTERNAL_PAYLOAD_USED = 'WorkerMetrics.externalPayloadUsed';
const WORKFLOW_STARTED = 'WorkerMetrics.workflowStarted';
const WORKFLOW_START_FAILED = 'WorkerMetrics.workflowStartFailed';
const TASK_TYPE_FIELDS = ['taskType'] as const;
const PAYLOAD_FIELDS = ['taskType', 'payloadType'] as const;
const WORKFLOW_FIELDS = ['workflowType', 'version', 'inputBytes'] as const;
const WORKFLOW_FAILURE_FIELDS = ['workflowType', 'error'] as const;
const STEP_FIELDS = ['taskType', 'durationSeconds', 'error'] as const;
const EXECUTION_FIELDS = ['taskType', 'durationSeconds', 'error', 'resultBytes'] as const;
const REQUEST_FIELDS = ['method', 'uri', 'status', 'durationSeconds'] as const;

function statusOf(error: unknown): TaskStatus {
  return error === undefined ? 'SUCCESS' : 'FAILURE';
}

/** What {@link taskTypeOf} returns for an argument that is not an event: the call is dropped. */
const NO_EVENT = Symbol('no event');

/** The `taskType` of an event that carries nothing else, or NO_EVENT when the argument is no object. */
function taskTypeOf(event: TaskTypeEvent, method: string): string | typeof NO_EVENT {
  if (!isArgumentObject(event, method)) return NO_EVENT;
  try {
    return event.taskType;
  } catch {
    return readableCopy(event, TASK_TYPE_FIELDS, method).taskType;
  }
}
