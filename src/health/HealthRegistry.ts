// The service's health checks: registered by name, run concurrently when a probe asks (or on an
// interval), each result recorded through HealthMetrics, and summed up per probe.
import type { MeterProvider } from '@opentelemetry/api';
import { HealthMetrics } from '../domains/HealthMetrics.js';
import { CachedCheck } from './CachedCheck.js';
import type { HealthCheckDefinition, HealthCheckRun, HealthProbe } from './HealthCheck.js';
import { healthEvaluation, type HealthEvaluation } from './healthBody.js';
import { InvalidArgumentError } from '../errors.js';

export interface HealthRegistryOptions {
  /** Where check results are recorded (health.checks.total, health.check.duration, health.dependencies.status). */
  readonly meterProvider?: MeterProvider;
}

export const SHUTTING_DOWN = 'shutting down';

const SCOPES = new Set(['liveness', 'readiness', 'both']);

export class HealthRegistry {
  private readonly checks = new Map<string, CachedCheck>();
  private readonly metrics: HealthMetrics;
  private readonly intervals = new Set<NodeJS.Timeout>();
  private draining = false;

  constructor(options: HealthRegistryOptions = {}) {
    this.metrics = new HealthMetrics({ meterProvider: options.meterProvider });
  }

  /**
   * Adds a check; returns a function that removes it. Throws a TypeError for a definition that
   * cannot work (no name, no function, a name already taken, a non-positive time), so that the
   * mistake shows at start-up rather than as a probe that never fails.
   */
  register(definition: HealthCheckDefinition): () => void {
    const problem = definitionProblem(definition, this.checks);
    if (problem !== undefined) throw new InvalidArgumentError(`HealthRegistry.register: ${problem}`);
    const entry = new CachedCheck(definition, (run) => this.record(run));
    this.checks.set(definition.name, entry);
    return () => {
      if (this.checks.get(definition.name) === entry) this.checks.delete(definition.name);
    };
  }

  /** The names of the registered checks, in registration order. */
  get names(): string[] {
    return [...this.checks.keys()];
  }

  /** True once {@link beginShutdown} was called: readiness fails from then on. */
  get shuttingDown(): boolean {
    return this.draining;
  }

  /**
   * Runs (or reuses) the checks that count for `probe` and sums them up: healthy and degraded
   * answer 200, unhealthy 503. Never rejects. Once shutting down, readiness answers 503 at once
   * without running checks.
   */
  async evaluate(probe: HealthProbe = 'readiness'): Promise<HealthEvaluation> {
    if (probe === 'readiness' && this.draining) return healthEvaluation(probe, [], SHUTTING_DOWN);
    const selected = [...this.checks.values()].filter((check) => check.scope === 'both' || check.scope === probe);
    const runs = await Promise.all(selected.map((check) => check.result()));
    // Shutdown may have begun while the checks ran: the later answer wins.
    if (probe === 'readiness' && this.draining) return healthEvaluation(probe, runs, SHUTTING_DOWN);
    return healthEvaluation(probe, runs);
  }

  /**
   * Also runs every check each `intervalMillis` in the background, whether its last result is
   * still fresh or not, so that results (and their metrics) stay current without probes. Probes
   * read the latest result (while a background run is in flight, the one before it); a probe only
   * runs a check itself once its result is older than its `cacheMillis`, so with `cacheMillis` at
   * least the interval, probes never wait for a run. The timer does not keep the process alive.
   * Returns a function that stops it. After {@link beginShutdown} nothing is started.
   */
  runEvery(intervalMillis: number): () => void {
    if (!Number.isInteger(intervalMillis) || intervalMillis < 1 || intervalMillis > 2_147_483_647) {
      throw new InvalidArgumentError(`HealthRegistry.runEvery: expected a positive integer of milliseconds, got ${String(intervalMillis)}`);
    }
    if (this.draining) return () => {};
    const timer = setInterval(() => {
      for (const check of this.checks.values()) void check.refresh();
    }, intervalMillis);
    timer.unref();
    this.intervals.add(timer);
    return () => {
      clearInterval(timer);
      this.intervals.delete(timer);
    };
  }

  /**
   * Readiness fails from now on (503, "shutting down"), so that load balancers stop sending
   * traffic while the process finishes its work; background runs stop. Liveness is unaffected.
   * Idempotent; `runtime.shutdown()` calls it first.
   */
  beginShutdown(): void {
    this.draining = true;
    for (const timer of this.intervals) clearInterval(timer);
    this.intervals.clear();
  }

  private record(run: HealthCheckRun): void {
    this.metrics.recordCheck({ service: run.name, status: run.status, durationSeconds: run.durationMillis / 1000 });
    this.metrics.setDependencyStatus({ dependency: run.name, up: run.status !== 'unhealthy' });
  }
}

function definitionProblem(definition: unknown, taken: ReadonlyMap<string, unknown>): string | undefined {
  if (typeof definition !== 'object' || definition === null) return 'expected a check definition object';
  const d = definition as Record<string, unknown>;
  if (typeof d['name'] !== 'string' || d['name'].trim() === '') return 'expected a non-empty name';
  if (taken.has(d['name'])) return `a check named "${d['name']}" is already registered`;
  if (typeof d['check'] !== 'function') return `check "${d['name']}": expected a function`;
  for (const field of ['timeoutMillis', 'cacheMillis'] as const) {
    const value = d[field];
    const min = field === 'timeoutMillis' ? 1 : 0;
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= min && (value as number) <= 2_147_483_647)) {
      return `check "${d['name']}": expected ${field} to be an integer of at least ${min}`;
    }
  }
  if (d['critical'] !== undefined && typeof d['critical'] !== 'boolean') return `check "${d['name']}": expected critical to be true or false`;
  if (d['scope'] !== undefined && !SCOPES.has(d['scope'] as string)) return `check "${d['name']}": expected scope "liveness", "readiness" or "both"`;
  return undefined;
}
