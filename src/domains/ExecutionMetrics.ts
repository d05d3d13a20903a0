// Script execution: how many ran, how they ended, how long they took and what they used.
import { isArgumentObject, readableCopy } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { errorTypeOf } from '../core/errorType.js';
import { inProgress, type InProgress } from '../core/inProgress.js';
import { startTimer } from '../core/timing.js';
import { EXECUTION_METRICS as M } from './executionCatalog.js';

/** How an execution ended. */
export type ExecutionStatus = 'completed' | 'failed' | 'timeout' | 'cancelled' | 'error';

/** A language and its version as one bounded value, e.g. `python-3.11`. */
export type LangAndVersion = string;

export interface ExecutionResult {
  readonly status: ExecutionStatus;
  readonly langAndVersion: LangAndVersion;
  readonly durationSeconds: number;
  /** Peak memory of the execution in MiB, when measured. */
  readonly memoryMiB?: number;
  /** CPU used in millicores, when measured. */
  readonly cpuMillicores?: number;
}

export type ExecutionOutcome = Omit<ExecutionResult, 'durationSeconds' | 'langAndVersion'>;

export interface ExecutionStart {
  readonly langAndVersion: LangAndVersion;
}

export interface ExecutionError {
  /** The error; recorded by class name. */
  readonly error: unknown;
}

export class ExecutionMetrics extends BaseMetrics {
  private readonly executions = this.counter(M.executions);
  private readonly duration = this.histogram(M.duration);
  private readonly active = this.upDownCounter(M.active);
  private readonly memory = this.histogram(M.memory);
  private readonly cpu = this.histogram(M.cpu);
  private readonly errors = this.counter(M.errors);

  /**
   * An execution started: `script.executions.active` +1. The returned handle's `finish` records
   * `script.executions.total`, `script.execution.duration` (measured from now),
   * `script.memory.usage`, `script.cpu.utilization`, and takes the active count back down; a
   * second `finish` is ignored, so the active count cannot drift.
   */
  executionStarted(start: ExecutionStart): InProgress<ExecutionOutcome> {
    let langAndVersion: LangAndVersion | undefined;
    if (isArgumentObject(start, EXECUTION_STARTED)) {
      try {
        ({ langAndVersion } = start);
      } catch {
        ({ langAndVersion } = readableCopy(start, START_FIELDS, EXECUTION_STARTED));
      }
    }
    this.active.add(1);
    const elapsed = startTimer();
    return inProgress((outcome: ExecutionOutcome) => {
      this.active.add(-1);
      // The handle knows the language and the duration: even without a readable outcome, the
      // execution happened and is counted, so the active count and the total agree.
      let o = isArgumentObject(outcome, FINISH) ? outcome : NO_OUTCOME;
      let status, memory, cpu;
      try {
        ({ status, memoryMiB: memory, cpuMillicores: cpu } = o);
      } catch {
        o = readableCopy(o, OUTCOME_FIELDS, FINISH);
        ({ status, memoryMiB: memory, cpuMillicores: cpu } = o);
      }
      this.#recorded(status, langAndVersion as LangAndVersion, elapsed(), memory, cpu);
    });
  }

  /**
   * A finished execution measured elsewhere: `script.executions.total` {status, lang_and_version},
   * `script.execution.duration`, and `script.memory.usage` / `script.cpu.utilization` when given.
   */
  recordExecution(result: ExecutionResult): void {
    if (!isArgumentObject(result, RECORD_EXECUTION)) return;
    let r = result;
    let status, lang, seconds, memory, cpu;
    try {
      ({ status, langAndVersion: lang, durationSeconds: seconds, memoryMiB: memory, cpuMillicores: cpu } = r);
    } catch {
      r = readableCopy(r, RESULT_FIELDS, RECORD_EXECUTION);
      ({ status, langAndVersion: lang, durationSeconds: seconds, memoryMiB: memory, cpuMillicores: cpu } = r);
    }
    this.#recorded(status, lang, seconds, memory, cpu);
  }

  /** An execution error: `script.errors.total` {error_type = the error's class name}. */
  errorOccurred(occurred: ExecutionError): void {
    if (!isArgumentObject(occurred, ERROR_OCCURRED)) return;
    let error;
    try {
      ({ error } = occurred);
    } catch {
      ({ error } = readableCopy(occurred, ERROR_FIELDS, ERROR_OCCURRED));
    }
    this.errors.add(1, { error_type: errorTypeOf(error) });
  }

  #recorded(status: ExecutionStatus, lang: LangAndVersion, seconds: number, memory: number | undefined, cpu: number | undefined): void {
    this.executions.add(1, { status, lang_and_version: lang });
    this.duration.record(seconds, { lang_and_version: lang });
    if (memory !== undefined) this.memory.record(memory, { lang_and_version: lang });
    if (cpu !== undefined) this.cpu.record(cpu);
  }
}

const RECORD_EXECUTION = 'ExecutionMetrics.recordExecution';
const EXECUTION_STARTED = 'ExecutionMetrics.executionStarted';
const FINISH = 'ExecutionMetrics.executionStarted().finish';
const ERROR_OCCURRED = 'ExecutionMetrics.errorOccurred';
const START_FIELDS = ['langAndVersion'] as const;
const ERROR_FIELDS = ['error'] as const;
const RESULT_FIELDS = ['status', 'langAndVersion', 'durationSeconds', 'memoryMiB', 'cpuMillicores'] as const;
const OUTCOME_FIELDS = ['status', 'memoryMiB', 'cpuMillicores'] as const;
const NO_OUTCOME: ExecutionOutcome = Object.freeze({}) as ExecutionOutcome;
