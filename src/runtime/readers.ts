// One reader per configured exporter: OTLP and console push on an interval, Prometheus is pulled
// through the runtime's endpoint.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import {
  ConsoleMetricExporter,
  PeriodicExportingMetricReader,
  type CollectionResult,
  type MetricProducer,
  type MetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import type { MetricsConfig } from '../config/MetricsConfig.js';
import type { FastPathRegistry } from '../core/fast/FastPathRegistry.js';
import { wantsBatchOutputs } from './BatchOutputs.js';
import { ScraperViews, scraperIdentity } from './NewSeriesAtZero.js';
import { reportingExporter } from './ReportingExporter.js';
import { createOtlpExporter } from './otlpExporters.js';
import { sdkCardinalityLimit } from './views.js';

export interface Readers {
  readonly all: MetricReader[];
  readonly prometheus: DomainPrometheusExporter | undefined;
  /**
   * The reader a Pushgateway push or textfile renders from: the served one when "prometheus" is
   * configured, else one that no endpoint serves; undefined when neither output is configured.
   */
  readonly exposition: DomainPrometheusExporter | undefined;
}

/**
 * The Prometheus exporter with the configured cardinality limit for every instrument (the
 * exporter itself takes no such option, so instruments without a view would get the SDK's 2000),
 * and new counter series shown to each Prometheus scraper at 0 first (see NewSeriesAtZero).
 */
export class DomainPrometheusExporter extends PrometheusExporter {
  private readonly scrapers = new ScraperViews();
  /** The scraper of the request being served; read by `collect`, which the handler calls synchronously. */
  private servedScraper: string | undefined;

  constructor(private readonly cardinalityLimit: number, metricProducers: MetricProducer[] | undefined) {
    super({ preventServerStart: true, metricProducers });
  }
  override selectCardinalityLimit(): number {
    return this.cardinalityLimit;
  }
  /** Answers one scrape request with the exposition. */
  serve(request: IncomingMessage, response: ServerResponse): void {
    this.servedScraper = scraperIdentity(request);
    try {
      this.getMetricsRequestHandler(request, response);
    } finally {
      this.servedScraper = undefined;
    }
  }
  override async collect(options?: Parameters<PrometheusExporter['collect']>[0]): Promise<CollectionResult> {
    const scraper = this.servedScraper;
    this.servedScraper = undefined;
    const result = await super.collect(options);
    if (scraper === undefined) return result;
    return { resourceMetrics: this.scrapers.view(scraper).apply(result.resourceMetrics), errors: result.errors };
  }
}

/**
 * Builds the readers; with a fast path, each reader gets its own producer of the locally
 * aggregated data (readers take producers at construction, and the producer then asks its reader
 * which temporality it wants). Asynchronous because the OTLP exporter's package is imported only
 * when OTLP is configured; rejects when that protocol's optional package is not installed.
 */
export async function buildReaders(config: MetricsConfig, fastPath: FastPathRegistry | undefined): Promise<Readers> {
  const all: MetricReader[] = [];
  let prometheus: DomainPrometheusExporter | undefined;
  const withProducer = <R extends MetricReader>(build: (metricProducers: MetricProducer[] | undefined) => R): R => {
    const producer = fastPath?.createProducer();
    const reader = build(producer && [producer]);
    producer?.attach(reader);
    return reader;
  };
  const periodic = (exporter: PushMetricExporter) =>
    withProducer(
      (metricProducers) =>
        new PeriodicExportingMetricReader({
          exporter: reportingExporter(exporter, config),
          exportIntervalMillis: config.exportIntervalMillis,
          exportTimeoutMillis: config.exportTimeoutMillis,
          metricProducers,
          cardinalityLimits: { default: sdkCardinalityLimit(config.cardinalityLimit) },
        }),
    );

  for (const name of config.exporters) {
    switch (name) {
      case 'prometheus':
        prometheus = withProducer((metricProducers) => new DomainPrometheusExporter(sdkCardinalityLimit(config.cardinalityLimit), metricProducers));
        all.push(prometheus);
        break;
      case 'otlp':
        all.push(periodic(await createOtlpExporter(config)));
        break;
      case 'console':
        all.push(periodic(new ConsoleMetricExporter()));
        break;
    }
  }
  let exposition: DomainPrometheusExporter | undefined;
  if (wantsBatchOutputs(config)) {
    exposition = prometheus ?? withProducer((metricProducers) => new DomainPrometheusExporter(sdkCardinalityLimit(config.cardinalityLimit), metricProducers));
    if (exposition !== prometheus) all.push(exposition);
  }
  return { all, prometheus, exposition };
}
