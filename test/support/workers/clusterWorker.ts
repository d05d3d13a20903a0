// A node:cluster worker of clusterPrimary.ts: starts metrics with the default cluster role (the
// primary started cluster metrics before forking, so this reports to it), then records what the
// primary tells it to and answers over the cluster's IPC channel.
import { BaseMetrics, counter, gauge, histogram, startMetrics, upDownCounter } from '../../../src/index.js';

const SPECS = {
  events: counter({ name: 'clustertest.events.total', unit: '{event}', description: 'Events', attributes: ['kind'] }),
  duration: histogram({ name: 'clustertest.duration', unit: 's', description: 'Durations', attributes: ['kind'], buckets: 'long' }),
  index: gauge({ name: 'clustertest.worker.index', unit: '{worker}', description: 'Index of the worker', attributes: [] }),
  inflight: upDownCounter({ name: 'clustertest.inflight', unit: '{request}', description: 'In flight', attributes: [] }),
} as const;

class ClusterTestMetrics extends BaseMetrics {
  readonly events = this.counter(SPECS.events);
  readonly duration = this.histogram(SPECS.duration);
  readonly index = this.gauge(SPECS.index);
  readonly inflight = this.upDownCounter(SPECS.inflight);
}

const fastPath = process.env['CLUSTER_TEST_FAST_PATH'] === 'true';
// Port 1 cannot be bound: a worker that should report to the primary but tried to serve fails.
const port = process.env['CLUSTER_TEST_WORKER_PORT'] ?? '1';
const runtime = await startMetrics({ env: { OTEL_METRICS_EXPORTER: 'prometheus', OTEL_SERVICE_NAME: 'cluster-test', METRICS_HOST: '127.0.0.1', METRICS_PORT: port }, fastPath });
const metrics = new ClusterTestMetrics(runtime);
const workerIndex = Number(process.env['CLUSTER_TEST_INDEX']);
metrics.index.record(workerIndex);
metrics.inflight.add(workerIndex * 10);

interface Command {
  readonly test: 'record' | 'hang' | 'describe' | 'shutdown';
  readonly count?: number;
  readonly millis?: number;
}

process.on('message', (message: unknown) => {
  if (typeof message !== 'object' || message === null || !('test' in message)) return;
  const command = message as Command;
  if (command.test === 'record') {
    for (let i = 0; i < (command.count ?? 0); i++) {
      metrics.events.add(1, { kind: 'a' });
      metrics.duration.record(0.5, { kind: 'a' });
    }
    process.send!({ test: 'recorded', count: command.count });
  } else if (command.test === 'hang') {
    // Blocks the event loop: the primary's collect request waits unanswered meanwhile.
    process.send!({ test: 'hanging' });
    const until = Date.now() + (command.millis ?? 0);
    while (Date.now() < until) {
      // busy on purpose
    }
  } else if (command.test === 'shutdown') {
    void runtime.shutdown().then(() => process.send!({ test: 'shut down' }));
  } else if (command.test === 'describe') {
    process.send!({
      test: 'described',
      prometheusUrl: runtime.prometheusUrl ?? null,
      instanceId: runtime.resourceAttributes['service.instance.id'],
    });
  }
});
process.send!({ test: 'started', index: workerIndex });
