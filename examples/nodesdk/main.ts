// Domain metrics on a NodeSDK you configure yourself, at the same cost per record as startMetrics():
// the bridge hands its aggregates to your reader, whatever Views and resource your SDK has.
import { randomUUID } from 'node:crypto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createMetricsBridge, DomainMetrics } from '../../src/index.js';

const bridge = createMetricsBridge();
const metrics = new DomainMetrics(bridge); // inject these anywhere, even before the SDK starts

const sdk = new NodeSDK({
  // NodeSDK sets no service.instance.id: give each process one, so replicas never collide.
  resource: resourceFromAttributes({ 'service.instance.id': randomUUID() }),
  metricReaders: [
    bridge.reader((metricProducers) => new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), metricProducers })),
  ],
});
sdk.start();

metrics.dlq.deadLettered({ topic: 'orders', reason: 'validation_failed' });

// Export the last interval when the process is stopped (SIGTERM) or runs out of work (a script).
const flush = () => void sdk.shutdown();
process.once('SIGTERM', flush);
process.once('beforeExit', flush);
