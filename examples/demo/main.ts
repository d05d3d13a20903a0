// The demo backend: one metrics runtime, domain metric objects injected into the services that
// record them, and a synthetic workload that touches every domain (every rare outcome once in the
// first seconds) and runs until SIGTERM/SIGINT or until the process that started it is gone.
//
//   npm start                                                     # Prometheus endpoint on :9464
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 npm start   # also push OTLP
import {
  DomainMetrics,
  MetricsConfigError,
  OperationMetrics,
  shutdownOnSignals,
  startMetrics,
} from '../../src/index.js';
import { ApiServer } from './ApiServer.js';
import { EventPipeline } from './EventPipeline.js';
import { HealthMonitor } from './HealthMonitor.js';
import { ScriptCache } from './ScriptCache.js';
import { ScriptExecutor } from './ScriptExecutor.js';
import { TaskWorker } from './TaskWorker.js';
import { TrafficGenerator } from './TrafficGenerator.js';
import { watchParent } from './watchParent.js';

const env = process.env;
const timeScale = Number(env['DEMO_TIME_SCALE'] ?? '1');
const requestsPerSecond = Number(env['DEMO_REQUESTS_PER_SECOND'] ?? '30');

// An orphaned demo may have lost the reader of its output: a failed write must not crash it
// before the final export.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

async function main(): Promise<void> {
  const runtime = await startMetrics({
    serviceName: env['TRACING_SERVICE_NAME'] ?? env['OTEL_SERVICE_NAME'] ?? 'otel-domain-metrics-demo',
  });
  const metrics = new DomainMetrics(runtime);
  // The worker's operations carry a task_type label, declared once here.
  const operations = new OperationMetrics({ meterProvider: runtime.meterProvider, labels: ['task_type'] as const });

  // Small enough to evict within the first seconds of traffic, so evictions show up at once.
  const cache = new ScriptCache(metrics.cache, 'compiled_scripts', 24);
  const pipeline = new EventPipeline(metrics.event, metrics.dlq, metrics.notification, timeScale);
  const executor = new ScriptExecutor(metrics.execution, metrics.coordinator, {
    concurrency: 16,
    maxQueue: 40,
    timeoutSeconds: 10,
    timeScale,
    compile: (source) => cache.compiled(source),
    onFinished: (status) => pipeline.publish(status === 'completed' ? 'execution.completed' : 'execution.failed'),
  });
  const api = new ApiServer(
    { http: metrics.httpServer, rateLimit: metrics.rateLimit, database: metrics.database, connections: metrics.connection, submit: () => executor.submit() },
    timeScale,
  );
  const worker = new TaskWorker(metrics.worker, operations, timeScale);
  const health = new HealthMonitor(metrics.health, Math.max(0.5, 5 * timeScale));

  const apiPort = await api.listen();
  const traffic = new TrafficGenerator(apiPort, requestsPerSecond, timeScale);
  pipeline.start();
  traffic.start();
  worker.start();
  health.start();

  // Orphaned, the demo shuts down as on SIGTERM: the same drain and final export.
  const stopWatching = watchParent(() => process.kill(process.pid, 'SIGTERM'));
  shutdownOnSignals(runtime, {
    beforeShutdown: async () => {
      stopWatching();
      traffic.stop();
      worker.stop();
      health.stop();
      await executor.stop(2);
      pipeline.stop();
      await api.close();
      console.log('demo: stopped the workload, flushing metrics');
    },
  });

  const c = runtime.config;
  console.log(`demo: service ${c.serviceName} (instance ${runtime.resourceAttributes['service.instance.id']}, pid ${process.pid})`);
  if (!runtime.enabled) {
    console.log('demo: telemetry is off (ENABLE_TRACING=false, OTEL_SDK_DISABLED=true or no exporter): recording into the no-op provider');
  }
  if (runtime.prometheusUrl) console.log(`demo: Prometheus metrics at ${runtime.prometheusUrl}`);
  if (c.exporters.includes('otlp')) {
    console.log(`demo: pushing OTLP to ${c.otlpMetricsUrl} every ${c.exportIntervalMillis / 1000}s`);
  } else if (runtime.enabled) {
    console.log('demo: OTLP push is off (set OTEL_EXPORTER_OTLP_ENDPOINT to enable it)');
  }
  console.log(`demo: its own API (the traffic source) on http://127.0.0.1:${apiPort}`);
  console.log('demo: try in Prometheus:');
  console.log('  sum(rate(script_executions_total{status="completed"}[5m])) / sum(rate(script_executions_total[5m]))');
  console.log('  histogram_quantile(0.99, sum(rate(script_execution_duration_bucket[5m])) by (le, lang_and_version))');
  console.log('  sum(rate(rate_limit_rejected_total[5m])) / sum(rate(rate_limit_requests_total[5m]))');
  console.log('  avg_over_time(execution_queue_depth[1h])');
  console.log('demo: running; Ctrl-C or SIGTERM flushes and exits');
}

main().catch((error: unknown) => {
  console.error(error instanceof MetricsConfigError ? error.message : error);
  process.exit(1);
});
