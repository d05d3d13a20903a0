// The shapes of the health registry: what a check is registered with, and what one run of it found.
import type { HealthStatus } from '../domains/HealthMetrics.js';

/** Which probe asks: liveness ("restart me if this fails") or readiness ("send me traffic"). */
export type HealthProbe = 'liveness' | 'readiness';

/** Which probes a check counts for. */
export type HealthCheckScope = HealthProbe | 'both';

/**
 * What a check may return. Resolving without a value or with `true` or `'healthy'` passes;
 * `'degraded'` warns; `false` or `'unhealthy'` fails. The object form adds an output line (shown
 * in the probe's body). Throwing, rejecting or running past the timeout fails with the error's
 * class and message; any other value fails as unrecognised.
 */
export type HealthCheckOutcome = void | boolean | HealthStatus | { readonly status: HealthStatus; readonly output?: string };

export interface HealthCheckDefinition {
  /** Unique within the registry; the `service` label of health.checks.total and the key in the body. */
  readonly name: string;
  /**
   * The check. `signal` aborts when the timeout passes, so a check that can cancel its work
   * (fetch, many database drivers) should pass it on.
   */
  readonly check: (signal: AbortSignal) => Promise<HealthCheckOutcome> | HealthCheckOutcome;
  /** Longest wait for one run; beyond it the run fails as a timeout. @default 2000 */
  readonly timeoutMillis?: number;
  /**
   * A failing critical check makes the service unhealthy (HTTP 503); a failing non-critical one
   * only degraded (HTTP 200, status "warn" in the body). @default true
   */
  readonly critical?: boolean;
  /**
   * Readiness ("send me traffic") by default: most checks probe a dependency, and a failing
   * dependency should take the instance out of rotation, not restart it. Use "liveness" or "both"
   * only for checks of the process itself (a stuck event loop, a deadlocked worker). @default "readiness"
   */
  readonly scope?: HealthCheckScope;
  /**
   * How long a result is reused after its run finished: probes within it share the last result,
   * and probes during a run share that run. @default 1000
   */
  readonly cacheMillis?: number;
}

/** One run of one check. */
export interface HealthCheckRun {
  readonly name: string;
  readonly status: HealthStatus;
  readonly critical: boolean;
  /** How long the run took (at most about the timeout). */
  readonly durationMillis: number;
  /** When the run finished. */
  readonly finishedAt: Date;
  /** Why it failed or warned: the error's class and a bounded message, or the check's own output. */
  readonly output?: string;
}
