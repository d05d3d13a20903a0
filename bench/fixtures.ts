// What the benchmarks record into: the same attributes for every library, cycling through
// 4 × 2 × 3 = 24 attribute sets, with a fresh object literal per call as application code does;
// and per-case domain classes for the matrix of attribute counts.
import {
  BaseMetrics,
  counter,
  histogram,
  startMetrics,
  type BaseMetricsOptions,
  type DomainCounter,
  type DomainHistogram,
  type MetricsRuntime,
  type StartMetricsOptions,
} from '../src/index.js';
import { ATTRIBUTE_NAMES, type AttributeName } from './attributeSets.js';

export const ROUTES = ['/users/:id', '/orders/:id', '/executions', '/health'] as const;
export const METHODS = ['GET', 'POST'] as const;
export const STATUSES = ['200', '404', '500'] as const;

/** The cardinality limit every recording case runs under: the default, so 10 000 sets are past it. */
export const DEFAULT_CARDINALITY_LIMIT = 2000;

/** The histogram boundaries of the 'request' bucket set, given to the raw SDK and the Prometheus clients alike. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * The scrape as a user gets it by default: `otel_scope_name`/`otel_scope_version` only where a
 * name is shared by two scopes (here: nowhere). Stated so that the cases do not depend on it.
 */
export const SCOPE_LABELS_OPTION = { prometheusScopeLabels: false } as const;

export const SPECS = {
  requests: counter({ name: 'bench.requests.total', unit: '{request}', description: 'Requests', attributes: ['route', 'method', 'status'] }),
  latency: histogram({ name: 'bench.latency', unit: 's', description: 'Latency', attributes: ['route', 'method', 'status'], buckets: 'request' }),
  series: counter({ name: 'bench.series.total', unit: '{event}', description: 'One series per key', attributes: ['key'] }),
};

export class BenchMetrics extends BaseMetrics {
  readonly requests = this.counter(SPECS.requests);
  readonly latency = this.histogram(SPECS.latency);
  readonly series = this.counter(SPECS.series);
}

/** What a matrix case records into through the domain API. */
export interface CellMetrics {
  readonly requests: DomainCounter<AttributeName>;
  readonly latency: DomainHistogram<AttributeName>;
}

/** A counter and a histogram with the first `attributes` of ATTRIBUTE_NAMES, named after `prefix`. */
export function cellMetrics(options: BaseMetricsOptions, prefix: string, attributes: number): CellMetrics {
  const names: AttributeName[] = ATTRIBUTE_NAMES.slice(0, attributes);
  const counterSpec = counter({ name: `${prefix}.requests.total`, unit: '{request}', description: 'Requests', attributes: names });
  const histogramSpec = histogram({ name: `${prefix}.latency`, unit: 's', description: 'Latency', attributes: names, buckets: 'request' });
  class Cell extends BaseMetrics implements CellMetrics {
    readonly requests = this.counter(counterSpec);
    readonly latency = this.histogram(histogramSpec);
  }
  return new Cell(options);
}

/**
 * A runtime serving Prometheus on an ephemeral loopback port, on the fast path or not. Without the
 * runtime's own Node.js metrics: the Prometheus clients beside it collect none either.
 */
export function benchRuntime(fastPath: boolean, cardinalityLimit = DEFAULT_CARDINALITY_LIMIT, overrides: Partial<StartMetricsOptions> = {}): Promise<MetricsRuntime> {
  return startMetrics({
    ...SCOPE_LABELS_OPTION,
    env: { OTEL_METRICS_EXPORTER: 'prometheus', METRICS_DIAGNOSTICS: 'silent' },
    prometheusHost: '127.0.0.1',
    prometheusPort: 0,
    cardinalityLimit,
    fastPath,
    runtimeMetrics: false,
    ...overrides,
  });
}
