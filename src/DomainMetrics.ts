// Every domain class over one provider, for injection as a single object.
import { usableOptions } from './core/argumentGuard.js';
import type { BaseMetricsOptions } from './core/BaseMetrics.js';
import { CacheMetrics } from './domains/CacheMetrics.js';
import { ConnectionMetrics } from './domains/ConnectionMetrics.js';
import { CoordinatorMetrics } from './domains/CoordinatorMetrics.js';
import { DatabaseMetrics } from './domains/DatabaseMetrics.js';
import { DlqMetrics } from './domains/DlqMetrics.js';
import { EventMetrics } from './domains/EventMetrics.js';
import { ExecutionMetrics } from './domains/ExecutionMetrics.js';
import { HealthMetrics } from './domains/HealthMetrics.js';
import { HttpServerMetrics } from './domains/HttpServerMetrics.js';
import { NotificationMetrics } from './domains/NotificationMetrics.js';
import { OperationMetrics } from './domains/OperationMetrics.js';
import { RateLimitMetrics } from './domains/RateLimitMetrics.js';
import { WorkerMetrics } from './domains/WorkerMetrics.js';

/**
 * One instance of every domain class. Each field is named after its class, without `Metrics`
 * and in lower camel case: `metrics.httpServer` is the HttpServerMetrics.
 */
export class DomainMetrics {
  readonly execution: ExecutionMetrics;
  readonly coordinator: CoordinatorMetrics;
  readonly rateLimit: RateLimitMetrics;
  readonly event: EventMetrics;
  readonly database: DatabaseMetrics;
  readonly connection: ConnectionMetrics;
  readonly health: HealthMetrics;
  readonly notification: NotificationMetrics;
  readonly dlq: DlqMetrics;
  readonly operation: OperationMetrics;
  readonly worker: WorkerMetrics;
  readonly httpServer: HttpServerMetrics;
  readonly cache: CacheMetrics;

  /**
   * `new DomainMetrics(runtime)` or `new DomainMetrics({ meterProvider })`. Options that are not
   * usable (null, a provider without `getMeter`) give disabled classes and a diagnostic, not an
   * exception at startup.
   */
  constructor(givenOptions: BaseMetricsOptions = {}) {
    const options = usableOptions(givenOptions, 'DomainMetrics');
    this.execution = new ExecutionMetrics(options);
    this.coordinator = new CoordinatorMetrics(options);
    this.rateLimit = new RateLimitMetrics(options);
    this.event = new EventMetrics(options);
    this.database = new DatabaseMetrics(options);
    this.connection = new ConnectionMetrics(options);
    this.health = new HealthMetrics(options);
    this.notification = new NotificationMetrics(options);
    this.dlq = new DlqMetrics(options);
    this.operation = new OperationMetrics(options);
    this.worker = new WorkerMetrics(options);
    this.httpServer = new HttpServerMetrics(options);
    this.cache = new CacheMetrics(options);
  }
}
