// Runs in a worker thread: its own metrics runtime (one per thread), pushing delta OTLP to the
// receiver the parent gives, while recording a known number of events.
import { parentPort, workerData } from 'node:worker_threads';
import { ExecutionMetrics, startMetrics } from '../../../src/index.js';

const { otlpUrl, events } = workerData as { otlpUrl: string; events: number };

const runtime = await startMetrics({
  env: {
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
    OTEL_METRIC_EXPORT_INTERVAL: '25',
    OTEL_METRIC_EXPORT_TIMEOUT: '25',
  },
});
const metrics = new ExecutionMetrics(runtime);
for (let i = 0; i < events; i++) {
  metrics.recordExecution({ status: i % 3 === 0 ? 'failed' : 'completed', langAndVersion: `lang-${i % 4}`, durationSeconds: (i % 50) / 10 });
  if (i % 250 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
}
await runtime.shutdown();
parentPort!.postMessage({ instance: runtime.resourceAttributes['service.instance.id'] });
