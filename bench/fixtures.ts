// What the benchmarks record into: the same three attributes for every library, cycling through
// 4 × 2 × 3 = 24 attribute sets, with a fresh object literal per call as application code does.
import { BaseMetrics, counter, histogram, startMetrics, type MetricsRuntime } from '../src/index.js';

export const ROUTES = ['/users/:id', '/orders/:id', '/executions', '/health'] as const;
export const METHODS = ['GET', 'POST'] as const;
export const STATUSES = ['200', '404', '500'] as const;

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

/** A runtime serving Prometheus on an ephemeral loopback port, on the fast path or not. */
export function benchRuntime(fastPath: boolean, cardinalityLimit = 2000): Promise<MetricsRuntime> {
  return startMetrics({
    env: { OTEL_METRICS_EXPORTER: 'prometheus', METRICS_DIAGNOSTICS: 'silent' },
    prometheusHost: '127.0.0.1',
    prometheusPort: 0,
    cardinalityLimit,
    fastPath,
  });
}
