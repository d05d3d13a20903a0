// A pull reader that hands each collection to the caller instead of exporting it.
import { AggregationTemporality, MetricReader, type MetricProducer, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

export class MemoryReader extends MetricReader {
  constructor(temporality: AggregationTemporality, metricProducers: MetricProducer[] | undefined) {
    super({ aggregationTemporalitySelector: () => temporality, metricProducers });
  }

  /** Collects now; throws when the SDK or a producer reported errors (a test wants to see them). */
  async read(): Promise<ResourceMetrics> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length > 0) throw new AggregateError(errors, `metrics collection failed: ${errors.map(String).join('; ')}`);
    return resourceMetrics;
  }

  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
