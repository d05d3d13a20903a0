// One registered check with its last result: a burst of probes shares one run in flight and then
// its result for the cache period, so a hundred probes cost the dependency one query.
import type { HealthCheckDefinition, HealthCheckRun, HealthCheckScope } from './HealthCheck.js';
import { runCheck } from './runCheck.js';

export const DEFAULT_TIMEOUT_MILLIS = 2000;
export const DEFAULT_CACHE_MILLIS = 1000;

export class CachedCheck {
  readonly name: string;
  readonly critical: boolean;
  readonly scope: HealthCheckScope;
  private readonly timeoutMillis: number;
  private readonly cacheMillis: number;
  private last: { readonly run: HealthCheckRun; readonly finished: number } | undefined;
  private inFlight: Promise<HealthCheckRun> | undefined;
  /** Whether the run in flight was started by {@link refresh} rather than by a probe. */
  private inBackground = false;

  constructor(
    private readonly definition: HealthCheckDefinition,
    /** Called once per actual run (not per cached answer), e.g. to record it as metrics. */
    private readonly onRun: (run: HealthCheckRun) => void,
  ) {
    this.name = definition.name;
    this.critical = definition.critical ?? true;
    // Dependencies belong to readiness: a failing database must not make an orchestrator restart the process.
    this.scope = definition.scope ?? 'readiness';
    this.timeoutMillis = definition.timeoutMillis ?? DEFAULT_TIMEOUT_MILLIS;
    this.cacheMillis = definition.cacheMillis ?? DEFAULT_CACHE_MILLIS;
  }

  /**
   * The last result while it is fresh, else the run in flight, else a new run. A background run
   * (see {@link refresh}) does not hold a probe up: while it is in flight, the probe gets the
   * previous result. Never rejects.
   */
  result(): Promise<HealthCheckRun> {
    if (this.last !== undefined && performance.now() - this.last.finished < this.cacheMillis) return Promise.resolve(this.last.run);
    if (this.inFlight !== undefined && this.inBackground && this.last !== undefined) return Promise.resolve(this.last.run);
    return (this.inFlight ??= this.run());
  }

  /**
   * Runs the check now, fresh result or not, unless a run is already in flight (then that run):
   * for background runs, which keep the result current so that probes only read it. Never rejects.
   */
  refresh(): Promise<HealthCheckRun> {
    if (this.inFlight !== undefined) return this.inFlight;
    this.inBackground = true;
    return (this.inFlight = this.run());
  }

  private async run(): Promise<HealthCheckRun> {
    try {
      const outcome = await runCheck(this.definition.check, this.timeoutMillis);
      const run: HealthCheckRun = {
        name: this.name,
        status: outcome.status,
        critical: this.critical,
        durationMillis: outcome.durationMillis,
        finishedAt: new Date(),
        ...(outcome.output === undefined ? {} : { output: outcome.output }),
      };
      this.last = { run, finished: performance.now() };
      try {
        this.onRun(run);
      } catch {
        // Recording is best effort; the probe's answer does not depend on it.
      }
      return run;
    } finally {
      this.inFlight = undefined;
      this.inBackground = false;
    }
  }
}
