// One reader per configured exporter: OTLP/HTTP and console push on an interval, Prometheus is
// pulled through the runtime's endpoint.
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import {
  ConsoleMetricExporter,
  PeriodicExportingMetricReader,
  type MetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import type { MetricsConfig, TemporalityPreference } from '../config/MetricsConfig.js';

export interface Readers {
  readonly all: MetricReader[];
  readonly prometheus: PrometheusExporter | undefined;
}

const TEMPORALITY: Record<TemporalityPreference, AggregationTemporalityPreference> = {
  cumulative: AggregationTemporalityPreference.CUMULATIVE,
  delta: AggregationTemporalityPreference.DELTA,
  lowmemory: AggregationTemporalityPreference.LOWMEMORY,
};

export function buildReaders(config: MetricsConfig): Readers {
  const all: MetricReader[] = [];
  let prometheus: PrometheusExporter | undefined;
  const periodic = (exporter: PushMetricExporter) =>
    new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: config.exportIntervalMillis,
      exportTimeoutMillis: config.exportTimeoutMillis,
    });

  for (const name of config.exporters) {
    switch (name) {
      case 'prometheus':
        prometheus = new PrometheusExporter({ preventServerStart: true });
        all.push(prometheus);
        break;
      case 'otlp':
        all.push(
          periodic(
            new OTLPMetricExporter({
              url: config.otlpMetricsUrl,
              headers: { ...config.otlpHeaders },
              temporalityPreference: TEMPORALITY[config.temporalityPreference],
              timeoutMillis: config.exportTimeoutMillis,
            }),
          ),
        );
        break;
      case 'console':
        all.push(periodic(new ConsoleMetricExporter()));
        break;
    }
  }
  return { all, prometheus };
}
