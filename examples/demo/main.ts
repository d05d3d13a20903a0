// The demo backend: one metrics runtime, domain metric objects injected into the services that
// record them, and a synthetic workload that runs until SIGTERM/SIGINT.
//
//   npm start                      # Prometheus endpoint on :9464
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 npm start   # also push OTLP
import { DomainMetrics, MetricsConfigError, shutdownOnSignals, startMetrics } from '../../src/index.js';
import { ScriptExecutor } from './ScriptExecutor.js';

const env = process.env;
const timeScale = Number(env['DEMO_TIME_SCALE'] ?? '1');
const arrivalsPerSecond = Number(env['DEMO_ARRIVALS_PER_SECOND'] ?? '12');

async function main(): Promise<void> {
  const runtime = await startMetrics({
    serviceName: env['TRACING_SERVICE_NAME'] ?? env['OTEL_SERVICE_NAME'] ?? 'otel-domain-metrics-demo',
  });
  const metrics = new DomainMetrics(runtime);

  const executor = new ScriptExecutor(metrics.execution, metrics.coordinator, {
    concurrency: 16,
    maxQueue: 40,
    timeoutSeconds: 10,
    timeScale,
  });
  const arrivals = setInterval(() => {
    // Bursty arrivals around the mean rate, ten ticks a second.
    const expected = arrivalsPerSecond / 10;
    const burst = Math.random() < 0.05 ? 6 : 1;
    for (let n = Math.floor(expected * burst * 2 * Math.random() + 0.5); n > 0; n--) executor.submit();
  }, 100);

  shutdownOnSignals(runtime, {
    beforeShutdown: async () => {
      clearInterval(arrivals);
      await executor.stop(2);
      console.log('demo: stopped the workload, flushing metrics');
    },
  });

  const c = runtime.config;
  console.log(`demo: service ${c.serviceName} (instance ${runtime.resourceAttributes['service.instance.id']})`);
  if (!runtime.enabled) {
    console.log('demo: telemetry is off (ENABLE_TRACING=false, OTEL_SDK_DISABLED=true or no exporter): recording into the no-op provider');
  }
  if (runtime.prometheusUrl) console.log(`demo: Prometheus metrics at ${runtime.prometheusUrl}`);
  if (c.exporters.includes('otlp')) {
    console.log(`demo: pushing OTLP to ${c.otlpMetricsUrl} every ${c.exportIntervalMillis / 1000}s`);
  } else if (runtime.enabled) {
    console.log('demo: OTLP push is off (set OTEL_EXPORTER_OTLP_ENDPOINT to enable it)');
  }
  console.log('demo: try in Prometheus:');
  console.log('  sum(rate(script_executions_total{status="completed"}[5m])) / sum(rate(script_executions_total[5m]))');
  console.log('  histogram_quantile(0.99, sum(rate(script_execution_duration_bucket[5m])) by (le, lang_and_version))');
  console.log('  avg_over_time(execution_queue_depth[1h])');
  console.log('demo: running; Ctrl-C or SIGTERM flushes and exits');
}

main().catch((error: unknown) => {
  console.error(error instanceof MetricsConfigError ? error.message : error);
  process.exit(1);
});
