// Script execution: how many ran, how they ended, how long they took and what they used.
import { BaseMetrics } from '../core/BaseMetrics.js';
import { errorTypeOf } from '../core/errorType.js';
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

/** A running execution; `finish` records its result once and releases the active slot. */
export interface RunningExecution {
  finish(outcome: ExecutionOutcome): void;
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
  executionStarted(langAndVersion: LangAndVersion): RunningExecution {
    this.active.add(1);
    const elapsed = startTimer();
    let finished = false;
    return {
      finish: (outcome) => {
        if (finished) return;
        finished = true;
        this.active.add(-1);
        this.recordExecution({ ...outcome, langAndVersion, durationSeconds: elapsed() });
      },
    };
  }

  /**
   * A finished execution measured elsewhere: `script.executions.total` {status, lang_and_version},
   * `script.execution.duration`, and `script.memory.usage` / `script.cpu.utilization` when given.
   */
  recordExecution(result: ExecutionResult): void {
    const lang = result.langAndVersion;
    this.executions.add(1, { status: result.status, lang_and_version: lang });
    this.duration.record(result.durationSeconds, { lang_and_version: lang });
    if (result.memoryMiB !== undefined) this.memory.record(result.memoryMiB, { lang_and_version: lang });
    if (result.cpuMillicores !== undefined) this.cpu.record(result.cpuMillicores);
  }

  /** An execution error: `script.errors.total` {error_type = the error's class name}. */
  recordError(error: unknown): void {
    this.errors.add(1, { error_type: errorTypeOf(error) });
  }
}
