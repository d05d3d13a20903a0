// Every domain class over one provider, for injection as a single object.
import type { BaseMetricsOptions } from './core/BaseMetrics.js';
import { CoordinatorMetrics } from './domains/CoordinatorMetrics.js';
import { ExecutionMetrics } from './domains/ExecutionMetrics.js';

export class DomainMetrics {
  readonly execution: ExecutionMetrics;
  readonly coordinator: CoordinatorMetrics;

  /** `new DomainMetrics(runtime)` or `new DomainMetrics({ meterProvider })`. */
  constructor(options: BaseMetricsOptions = {}) {
    this.execution = new ExecutionMetrics(options);
    this.coordinator = new CoordinatorMetrics(options);
  }
}
