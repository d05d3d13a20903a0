// Service health: the results and cost of health checks, and whether each dependency is up.
import { isArgumentObject, isCallable, nothingToUnsubscribe, readableCopy } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import type { GaugeObserver } from '../core/instruments.js';
import { startTimer } from '../core/timing.js';
import { HEALTH_METRICS as M } from './healthCatalog.js';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface HealthCheckResult {
  /** The checked service or component (`mongodb`, `redis`, `self`). */
  readonly service: string;
  readonly status: HealthStatus;
  readonly durationSeconds: number;
}

export interface DependencyStatus {
  /** The dependency (`mongodb`, `redis`). */
  readonly dependency: string;
  readonly up: boolean;
}

/** What `measureCheck` runs: true or `'healthy'` is healthy, `'degraded'` degraded, anything else unhealthy. */
export type HealthCheckProbe = () => Promise<boolean | HealthStatus> | boolean | HealthStatus;

export class HealthMetrics extends BaseMetrics {
  private readonly checks = this.counter(M.checks);
  private readonly checkDuration = this.histogram(M.checkDuration);
  private readonly dependencyStatus = this.gauge(M.dependencyStatus);

  /** A health check ran: `health.checks.total` {service, status}, `health.check.duration` {service}. */
  recordCheck(result: HealthCheckResult): void {
    if (!isArgumentObject(result, RECORD_CHECK)) return;
    let r = result;
    let service, status, seconds;
    try {
      ({ service, status, durationSeconds: seconds } = r);
    } catch {
      r = readableCopy(r, CHECK_FIELDS, RECORD_CHECK);
      ({ service, status, durationSeconds: seconds } = r);
    }
    this.#recorded(service, status, seconds);
  }

  /**
   * Runs `probe`, times it and records the result as {@link HealthMetrics.recordCheck} does. A probe that
   * resolves `true` or `'healthy'` is healthy, `'degraded'` degraded; `false`, anything else or a
   * thrown error is unhealthy. The probe's error is not rethrown: the status is the answer; a
   * probe that is not a function cannot pass, so it is unhealthy too.
   */
  async measureCheck(service: string, probe: HealthCheckProbe): Promise<HealthStatus> {
    const elapsed = startTimer();
    let status: HealthStatus = 'unhealthy';
    if (isCallable(probe, 'HealthMetrics.measureCheck')) {
      try {
        const outcome = await probe();
        status = outcome === true ? 'healthy' : outcome === 'healthy' || outcome === 'degraded' ? outcome : 'unhealthy';
      } catch {
        status = 'unhealthy';
      }
    }
    this.#recorded(service, status, elapsed());
    return status;
  }

  /** A dependency's current state: `health.dependencies.status` {dependency} = 1 when up, 0 when down. */
  setDependencyStatus(status: DependencyStatus): void {
    if (!isArgumentObject(status, SET_DEPENDENCY_STATUS)) return;
    let s = status;
    let dependency, up;
    try {
      ({ dependency, up } = s);
    } catch {
      s = readableCopy(s, STATUS_FIELDS, SET_DEPENDENCY_STATUS);
      ({ dependency, up } = s);
    }
    this.dependencyStatus.record(up ? 1 : 0, { dependency });
  }

  /** Reads dependency states at every collection instead. Returns an unsubscribe function. */
  observeDependencyStatus(callback: (observe: GaugeObserver<'dependency'>) => void): () => void {
    if (!isCallable(callback, 'HealthMetrics.observeDependencyStatus')) return nothingToUnsubscribe;
    return this.dependencyStatus.observe(callback);
  }

  #recorded(service: string, status: HealthStatus, seconds: number): void {
    this.checks.add(1, { service, status });
    this.checkDuration.record(seconds, { service });
  }
}

const RECORD_CHECK = 'HealthMetrics.recordCheck';
const CHECK_FIELDS = ['service', 'status', 'durationSeconds'] as const;
const SET_DEPENDENCY_STATUS = 'HealthMetrics.setDependencyStatus';
const STATUS_FIELDS = ['dependency', 'up'] as const;
