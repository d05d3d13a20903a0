// The catalog in code: every metric the domain classes record, grouped by domain. Views, docs,
// dashboards and alert rules are derived from this list.
import type { MetricSpec } from './core/MetricSpec.js';
import { COORDINATOR_METRICS } from './domains/coordinatorCatalog.js';
import { EXECUTION_METRICS } from './domains/executionCatalog.js';

export interface CatalogDomain {
  /** The domain class that records these metrics. */
  readonly className: string;
  readonly metrics: Readonly<Record<string, MetricSpec>>;
}

export const CATALOG: readonly CatalogDomain[] = [
  { className: 'ExecutionMetrics', metrics: EXECUTION_METRICS },
  { className: 'CoordinatorMetrics', metrics: COORDINATOR_METRICS },
];

/** Every catalog metric once, in catalog order. */
export function catalogMetrics(): MetricSpec[] {
  const seen = new Map<string, MetricSpec>();
  for (const domain of CATALOG) {
    for (const spec of Object.values(domain.metrics)) if (!seen.has(spec.name)) seen.set(spec.name, spec);
  }
  return [...seen.values()];
}
