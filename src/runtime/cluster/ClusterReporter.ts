// The worker's side of cluster metrics: a pull reader with cumulative temporality whose data the
// primary asks for over IPC, so that the shared endpoint can add every worker up.
import {
  AggregationTemporality,
  MetricReader,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { MetricsConfig } from '../../config/MetricsConfig.js';
import type { FastPathRegistry } from '../../core/fast/FastPathRegistry.js';
import { sdkCardinalityLimit } from '../views.js';
import { isCollect, type HelloMessage, type ReportMessage } from './clusterMessages.js';

/**
 * Cumulative whatever the push exporters use: the primary keeps each worker's last totals, and
 * only running totals can be added across workers and kept after a worker is gone.
 */
class ClusterReportingReader extends MetricReader {
  constructor(cardinalityLimit: number, metricProducers: MetricProducer[] | undefined) {
    super({
      aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
      cardinalitySelector: () => sdkCardinalityLimit(cardinalityLimit),
      metricProducers,
    });
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

export interface ClusterReporter {
  /** Add to the worker's MeterProvider. */
  readonly reader: MetricReader;
  /** Sends the last totals to the primary (which then stops asking) and stops answering. */
  stop(): Promise<void>;
}

/** Sends without throwing: a closed channel (the primary is gone) only loses this report. */
function send(message: HelloMessage | ReportMessage): Promise<void> {
  return new Promise((resolve) => {
    try {
      if (process.send === undefined || process.connected === false) return resolve();
      process.send(message, undefined, {}, () => resolve());
    } catch {
      resolve();
    }
  });
}

/**
 * Builds the reader (with its own fast-path producer) and answers the primary's collect requests.
 * Call before the MeterProvider is built; the reader answers once the provider registered it.
 */
export function startClusterReporting(fastPath: FastPathRegistry | undefined, cardinalityLimit: number): ClusterReporter {
  const producer = fastPath?.createProducer();
  const reader = new ClusterReportingReader(cardinalityLimit, producer && [producer]);
  producer?.attach(reader);

  const report = async (id: number | null, final: boolean) => {
    let scopeMetrics: ReportMessage['scopeMetrics'] = [];
    try {
      scopeMetrics = (await reader.collect()).resourceMetrics.scopeMetrics;
    } catch {
      // Not registered yet, or shut down: an empty report still answers, so the primary need not wait.
    }
    await send({ type: 'otel-domain-metrics:report', id, final, scopeMetrics });
  };
  const onMessage = (message: unknown) => {
    if (isCollect(message)) void report(message.id, false);
  };
  process.on('message', onMessage);
  void send({ type: 'otel-domain-metrics:hello' });

  let stopping: Promise<void> | undefined;
  return {
    reader,
    stop: () =>
      (stopping ??= (async () => {
        process.off('message', onMessage);
        await report(null, true);
      })()),
  };
}

/**
 * The configuration a reporting worker builds its own readers from: the same, without the
 * Prometheus exporter (the primary serves the endpoint). Credentials stay non-enumerable.
 */
export function withoutPrometheus(config: MetricsConfig): MetricsConfig {
  const descriptors: PropertyDescriptorMap = {
    ...Object.getOwnPropertyDescriptors(config),
    exporters: { value: config.exporters.filter((name) => name !== 'prometheus'), enumerable: true },
  };
  return Object.create(Object.getPrototypeOf(config) as object, descriptors) as MetricsConfig;
}
