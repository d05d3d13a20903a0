// The probe response in the shape of the IETF health-check draft ("application/health+json"):
// status pass / warn / fail, and one entry per check with its duration, time and output.
import type { HealthStatus } from '../domains/HealthMetrics.js';
import type { HealthCheckRun, HealthProbe } from './HealthCheck.js';

export const HEALTH_CONTENT_TYPE = 'application/health+json';

export type HealthBodyStatus = 'pass' | 'warn' | 'fail';

export interface HealthBodyCheck {
  readonly componentId: string;
  readonly status: HealthBodyStatus;
  /** The run's duration. */
  readonly observedValue: number;
  readonly observedUnit: 'ms';
  /** When the run finished (ISO 8601); older than the request when the result came from the cache. */
  readonly time: string;
  /** False for a check whose failure only degrades the service. */
  readonly critical: boolean;
  readonly output?: string;
}

export interface HealthBody {
  readonly status: HealthBodyStatus;
  /** Which probe answered: "liveness" or "readiness". */
  readonly description: HealthProbe;
  /** Set when the whole answer has one reason, e.g. "shutting down". */
  readonly output?: string;
  /** Keyed by check name; each an array of one entry, as the draft has it. */
  readonly checks: Readonly<Record<string, readonly HealthBodyCheck[]>>;
}

/** The framework-neutral answer to a probe: the status, the HTTP code and the body to send. */
export interface HealthEvaluation {
  readonly status: HealthStatus;
  /** 200 when healthy or degraded, 503 when unhealthy. */
  readonly httpStatus: 200 | 503;
  readonly contentType: typeof HEALTH_CONTENT_TYPE;
  readonly body: HealthBody;
  readonly checks: readonly HealthCheckRun[];
}

const BODY_STATUS: Record<HealthStatus, HealthBodyStatus> = { healthy: 'pass', degraded: 'warn', unhealthy: 'fail' };

/** Critical failures make the service unhealthy; other failures and any warning, degraded. */
export function overallStatus(runs: readonly HealthCheckRun[]): HealthStatus {
  let status: HealthStatus = 'healthy';
  for (const run of runs) {
    if (run.status === 'unhealthy' && run.critical) return 'unhealthy';
    if (run.status !== 'healthy') status = 'degraded';
  }
  return status;
}

export function healthEvaluation(probe: HealthProbe, runs: readonly HealthCheckRun[], reason?: string): HealthEvaluation {
  const status = reason === undefined ? overallStatus(runs) : 'unhealthy';
  const checks: Record<string, HealthBodyCheck[]> = {};
  for (const run of runs) {
    checks[run.name] = [
      {
        componentId: run.name,
        status: BODY_STATUS[run.status],
        observedValue: Math.round(run.durationMillis * 1000) / 1000,
        observedUnit: 'ms',
        time: run.finishedAt.toISOString(),
        critical: run.critical,
        ...(run.output === undefined ? {} : { output: run.output }),
      },
    ];
  }
  return {
    status,
    httpStatus: status === 'unhealthy' ? 503 : 200,
    contentType: HEALTH_CONTENT_TYPE,
    body: { status: BODY_STATUS[status], description: probe, ...(reason === undefined ? {} : { output: reason }), checks },
    checks: runs,
  };
}
