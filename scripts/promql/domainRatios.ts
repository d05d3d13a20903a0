// The outcome ratios of each domain: what share of executions failed, of requests were rejected,
// of cache lookups hit. Dashboards chart them and the alert rules record them, from this one list.
import { CACHE_METRICS } from '../../src/domains/cacheCatalog.js';
import { COORDINATOR_METRICS } from '../../src/domains/coordinatorCatalog.js';
import { DATABASE_METRICS } from '../../src/domains/databaseCatalog.js';
import { EVENT_METRICS } from '../../src/domains/eventCatalog.js';
import { EXECUTION_METRICS } from '../../src/domains/executionCatalog.js';
import { HEALTH_METRICS } from '../../src/domains/healthCatalog.js';
import { HTTP_SERVER_METRICS } from '../../src/domains/httpServerCatalog.js';
import { NOTIFICATION_METRICS } from '../../src/domains/notificationCatalog.js';
import { OPERATION_METRICS } from '../../src/domains/operationCatalog.js';
import { RATE_LIMIT_METRICS } from '../../src/domains/rateLimitCatalog.js';
import { WORKER_METRICS } from '../../src/domains/workerCatalog.js';
import { prometheusLabel } from '../../src/naming/prometheusNames.js';
import type { RateTerm, RatioQuery } from './build.js';
import type { MetricSpec } from '../../src/core/MetricSpec.js';
import type { Matcher } from './build.js';

export type RatioId =
  | 'script_executions:success_ratio'
  | 'script_executions:error_ratio'
  | 'coordinator_scheduling:failure_ratio'
  | 'rate_limit:rejection_ratio'
  | 'events:error_ratio'
  | 'database_operations:error_ratio'
  | 'health_checks:not_healthy_ratio'
  | 'notifications:failure_ratio'
  | 'operations:failure_ratio'
  | 'task_executions:failure_ratio'
  | 'http_server_requests:error_ratio'
  | 'cache_requests:hit_ratio';

export interface DomainRatio extends RatioQuery {
  readonly id: RatioId;
  /** The domain class whose dashboard shows it. */
  readonly className: string;
  readonly title: string;
  readonly description: string;
  /** Labels the ratio keeps besides `job` (both must exist on every term). */
  readonly by: readonly string[];
  /** Whether a higher value is better (success, hits) or worse (errors, rejections). */
  readonly better: 'higher' | 'lower';
}

const counter = (spec: MetricSpec, ...matchers: Matcher[]): RateTerm => ({ spec, suffix: '', matchers });
const observations = (spec: MetricSpec, ...matchers: Matcher[]): RateTerm => ({ spec, suffix: '_count', matchers });

export const DOMAIN_RATIOS: readonly DomainRatio[] = [
  {
    id: 'script_executions:success_ratio',
    className: 'ExecutionMetrics',
    title: 'Execution success ratio',
    description: 'Share of script executions that completed (the "execution success rate").',
    numerator: [counter(EXECUTION_METRICS.executions, ['status', '=', 'completed'])],
    denominator: [counter(EXECUTION_METRICS.executions)],
    by: [],
    better: 'higher',
  },
  {
    id: 'script_executions:error_ratio',
    className: 'ExecutionMetrics',
    title: 'Execution error ratio',
    description: 'Share of script executions that did not complete (failed, timeout, error, cancelled).',
    numerator: [counter(EXECUTION_METRICS.executions, ['status', '!=', 'completed'])],
    denominator: [counter(EXECUTION_METRICS.executions)],
    by: [],
    better: 'lower',
  },
  {
    id: 'coordinator_scheduling:failure_ratio',
    className: 'CoordinatorMetrics',
    title: 'Scheduling failure ratio',
    description: 'Share of scheduling decisions that rejected or failed an execution.',
    numerator: [counter(COORDINATOR_METRICS.scheduled, ['status', '!=', 'scheduled'])],
    denominator: [counter(COORDINATOR_METRICS.scheduled)],
    by: [],
    better: 'lower',
  },
  {
    id: 'rate_limit:rejection_ratio',
    className: 'RateLimitMetrics',
    title: 'Rate-limit rejection ratio',
    description: 'Rejected requests per rate-limit check (the "rate limit rejection rate").',
    numerator: [counter(RATE_LIMIT_METRICS.rejected)],
    denominator: [counter(RATE_LIMIT_METRICS.requests)],
    by: [],
    better: 'lower',
  },
  {
    id: 'events:error_ratio',
    className: 'EventMetrics',
    title: 'Event processing error ratio',
    description: 'Processing errors per consumed event.',
    numerator: [counter(EVENT_METRICS.errors)],
    denominator: [counter(EVENT_METRICS.consumed)],
    by: [],
    better: 'lower',
  },
  {
    id: 'database_operations:error_ratio',
    className: 'DatabaseMetrics',
    title: 'Database error ratio',
    description: 'Database errors per operation.',
    numerator: [counter(DATABASE_METRICS.errors)],
    denominator: [counter(DATABASE_METRICS.operations)],
    by: [],
    better: 'lower',
  },
  {
    id: 'health_checks:not_healthy_ratio',
    className: 'HealthMetrics',
    title: 'Health checks not healthy',
    description: 'Share of health checks that reported degraded or unhealthy.',
    numerator: [counter(HEALTH_METRICS.checks, ['status', '!=', 'healthy'])],
    denominator: [counter(HEALTH_METRICS.checks)],
    by: [],
    better: 'lower',
  },
  {
    id: 'notifications:failure_ratio',
    className: 'NotificationMetrics',
    title: 'Notification failure ratio',
    description: 'Failed deliveries per delivery attempt: failed / (sent + failed).',
    numerator: [counter(NOTIFICATION_METRICS.failed)],
    denominator: [counter(NOTIFICATION_METRICS.sent), counter(NOTIFICATION_METRICS.failed)],
    by: [],
    better: 'lower',
  },
  {
    id: 'operations:failure_ratio',
    className: 'OperationMetrics',
    title: 'Operation failure ratio',
    description: 'Share of operations with outcome "failure", per operation.',
    numerator: [counter(OPERATION_METRICS.total, ['outcome', '=', 'failure'])],
    denominator: [counter(OPERATION_METRICS.total)],
    by: ['operation'],
    better: 'lower',
  },
  {
    id: 'task_executions:failure_ratio',
    className: 'WorkerMetrics',
    title: 'Task execution failure ratio',
    description: 'Share of task executions that ended with status FAILURE, per task type.',
    numerator: [observations(WORKER_METRICS.executeDuration, ['status', '=', 'FAILURE'])],
    denominator: [observations(WORKER_METRICS.executeDuration)],
    by: ['task_type'],
    better: 'lower',
  },
  {
    id: 'http_server_requests:error_ratio',
    className: 'HttpServerMetrics',
    title: 'HTTP 5xx ratio',
    description: 'Share of inbound HTTP requests answered with a 5xx status.',
    numerator: [observations(HTTP_SERVER_METRICS.requestDuration, [prometheusLabel('http.response.status_code'), '=~', '5..'])],
    denominator: [observations(HTTP_SERVER_METRICS.requestDuration)],
    by: [],
    better: 'lower',
  },
  {
    id: 'cache_requests:hit_ratio',
    className: 'CacheMetrics',
    title: 'Cache hit ratio',
    description: 'Share of cache lookups that hit, per cache.',
    numerator: [counter(CACHE_METRICS.requests, ['result', '=', 'hit'])],
    denominator: [counter(CACHE_METRICS.requests)],
    by: ['cache'],
    better: 'higher',
  },
];

export function domainRatio(id: RatioId): DomainRatio {
  const found = DOMAIN_RATIOS.find((r) => r.id === id);
  if (!found) throw new Error(`no domain ratio ${id}`);
  return found;
}
