// For each domain ratio: which series make up its numerator and the rest of its denominator in
// the unit tests, with label values the domain really uses. Typed by RatioId, so a new ratio
// without test data does not compile.
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
import type { RatioFixtures } from './fixtures.js';

const python = { lang_and_version: 'python-3.11' };

export const RATIO_FIXTURES: RatioFixtures = {
  'script_executions:success_ratio': {
    hit: { spec: EXECUTION_METRICS.executions, suffix: '', labels: { ...python, status: 'completed' } },
    rest: { spec: EXECUTION_METRICS.executions, suffix: '', labels: { ...python, status: 'failed' } },
    restIsWhole: false,
  },
  'script_executions:error_ratio': {
    hit: { spec: EXECUTION_METRICS.executions, suffix: '', labels: { ...python, status: 'timeout' } },
    rest: { spec: EXECUTION_METRICS.executions, suffix: '', labels: { ...python, status: 'completed' } },
    restIsWhole: false,
  },
  'coordinator_scheduling:failure_ratio': {
    hit: { spec: COORDINATOR_METRICS.scheduled, suffix: '', labels: { status: 'rejected' } },
    rest: { spec: COORDINATOR_METRICS.scheduled, suffix: '', labels: { status: 'scheduled' } },
    restIsWhole: false,
  },
  'rate_limit:rejection_ratio': {
    hit: { spec: RATE_LIMIT_METRICS.rejected, suffix: '', labels: { group: 'free', priority: 'normal', multiplier: '1' } },
    rest: { spec: RATE_LIMIT_METRICS.requests, suffix: '', labels: { authenticated: 'true', endpoint: '/executions', algorithm: 'token_bucket' } },
    restIsWhole: true,
  },
  'events:error_ratio': {
    hit: { spec: EVENT_METRICS.errors, suffix: '', labels: { event_type: 'execution.completed', error_type: 'HandlerTimeoutError' } },
    rest: { spec: EVENT_METRICS.consumed, suffix: '', labels: { event_type: 'execution.completed', topic: 'execution-events' } },
    restIsWhole: true,
  },
  'database_operations:error_ratio': {
    hit: { spec: DATABASE_METRICS.errors, suffix: '', labels: { operation: 'find', error_type: 'MongoTimeoutError' } },
    rest: { spec: DATABASE_METRICS.operations, suffix: '', labels: { operation: 'find', collection: 'executions' } },
    restIsWhole: true,
  },
  'health_checks:not_healthy_ratio': {
    hit: { spec: HEALTH_METRICS.checks, suffix: '', labels: { service: 'mongodb', status: 'unhealthy' } },
    rest: { spec: HEALTH_METRICS.checks, suffix: '', labels: { service: 'mongodb', status: 'healthy' } },
    restIsWhole: false,
  },
  'notifications:failure_ratio': {
    hit: { spec: NOTIFICATION_METRICS.failed, suffix: '', labels: { type: 'execution.completed', error: 'SmtpError' } },
    rest: { spec: NOTIFICATION_METRICS.sent, suffix: '', labels: { type: 'execution.completed', channel: 'email' } },
    restIsWhole: false,
  },
  'operations:failure_ratio': {
    hit: { spec: OPERATION_METRICS.total, suffix: '', labels: { operation: 'checkout', outcome: 'failure' } },
    rest: { spec: OPERATION_METRICS.total, suffix: '', labels: { operation: 'checkout', outcome: 'success' } },
    restIsWhole: false,
  },
  'task_executions:failure_ratio': {
    hit: { spec: WORKER_METRICS.executeDuration, suffix: '_count', labels: { task_type: 'image_resize', status: 'FAILURE' } },
    rest: { spec: WORKER_METRICS.executeDuration, suffix: '_count', labels: { task_type: 'image_resize', status: 'SUCCESS' } },
    restIsWhole: false,
  },
  'http_server_requests:error_ratio': {
    hit: {
      spec: HTTP_SERVER_METRICS.requestDuration,
      suffix: '_count',
      labels: { http_request_method: 'POST', http_route: '/executions', http_response_status_code: '503', error_type: '503' },
    },
    rest: {
      spec: HTTP_SERVER_METRICS.requestDuration,
      suffix: '_count',
      labels: { http_request_method: 'POST', http_route: '/executions', http_response_status_code: '202' },
    },
    restIsWhole: false,
  },
  'cache_requests:hit_ratio': {
    hit: { spec: CACHE_METRICS.requests, suffix: '', labels: { cache: 'compiled_scripts', result: 'hit' } },
    rest: { spec: CACHE_METRICS.requests, suffix: '', labels: { cache: 'compiled_scripts', result: 'miss' } },
    restIsWhole: false,
  },
};
