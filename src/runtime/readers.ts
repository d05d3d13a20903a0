// One reader per configured exporter: OTLP and console push on an interval, Prometheus is pulled
// through the runtime's endpoint.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGzip, gzipSync } from 'node:zlib';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import {
  ConsoleMetricExporter,
  PeriodicExportingMetricReader,
  type CollectionResult,
  type MetricProducer,
  type MetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { diag } from '@opentelemetry/api';
import type { MetricsConfig } from '../config/MetricsConfig.js';
import type { FastPathRegistry } from '../core/fast/FastPathRegistry.js';
import { wantsBatchOutputs } from './BatchOutputs.js';
import { ScraperViews, scraperIdentity } from './NewSeriesAtZero.js';
import { reportingExporter } from './ReportingExporter.js';
import { createOtlpExporter } from './otlpExporters.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheusText, writePrometheusText, type PrometheusTextOptions } from './prometheusText.js';
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
 * new counter series shown to each Prometheus scraper at 0 first (see NewSeriesAtZero), and the
 * exposition written in slices (see prometheusText), gzipped when the scraper accepts it.
 */
export class DomainPrometheusExporter extends PrometheusExporter {
  /** The fast path hands this reader its points rather than data point objects. */
  readonly readsLocalPoints = true;
  private readonly scrapers = new ScraperViews();
  /**
   * Collections run one after another: the points of one stay this reader's until its next
   * collection, and a scrape written in slices reads them until it has finished.
   */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly cardinalityLimit: number,
    metricProducers: MetricProducer[] | undefined,
    private readonly textOptions: PrometheusTextOptions = {},
  ) {
    super({ preventServerStart: true, metricProducers });
  }
  override selectCardinalityLimit(): number {
    return this.cardinalityLimit;
  }

  /** Answers one scrape request with the exposition. */
  serve(request: IncomingMessage, response: ServerResponse): void {
    void this.inTurn(() => this.respond(request, response));
  }

  /** The exposition as a string, with plain values (no scraper view): for a push or a file. */
  render(): Promise<string> {
    return this.inTurn(async () => renderPrometheusText(await this.collected(), this.textOptions));
  }

  /**
   * One collection. Errors of single instruments (a failing callback) are logged and the rest is
   * served, as the SDK's exporter does: one broken gauge must not empty the whole scrape.
   */
  private async collected(): Promise<ResourceMetrics> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length > 0) diag.error('otel-domain-metrics: errors while collecting for the Prometheus endpoint', ...errors);
    return resourceMetrics;
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let metrics;
    try {
      metrics = await this.collected();
    } catch (error) {
      response.statusCode = 500;
      response.setHeader('content-type', 'text/plain; charset=utf-8');
      response.end(`# failed to export metrics: ${error instanceof Error ? error.message : String(error)}\n`);
      return;
    }
    response.statusCode = 200;
    response.setHeader('content-type', PROMETHEUS_CONTENT_TYPE);
    response.setHeader('vary', 'accept-encoding');
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (gzip) response.setHeader('content-encoding', 'gzip');
    const scraper = scraperIdentity(request);
    const newSeries = scraper === undefined ? undefined : this.scrapers.view(scraper);
    newSeries?.begin();
    // The first chunk is held back: a text that fits in it is compressed at once (well under a
    // millisecond), a longer one is streamed through zlib, which works in the thread pool.
    let first: Buffer | undefined;
    let body: NodeJS.WritableStream | undefined;
    const open = (): NodeJS.WritableStream => {
      if (!gzip) return response;
      const stream = createGzip();
      stream.pipe(response);
      response.once('close', () => stream.destroy());
      return stream;
    };
    try {
      await writePrometheusText(
        metrics,
        (chunk) => {
          if (body === undefined && first === undefined) {
            first = chunk;
            return;
          }
          if (body === undefined) {
            body = open();
            const held = first!;
            first = undefined;
            const wrote = writeChunk(body, held, response);
            if (wrote !== undefined) return wrote.then(() => writeChunk(body!, chunk, response));
          }
          return writeChunk(body, chunk, response);
        },
        { ...this.textOptions, newSeries },
      );
      newSeries?.end();
      if (body !== undefined) body.end();
      else if (first === undefined) response.end();
      else response.end(gzip ? gzipSync(first) : first);
    } catch (error) {
      // Headers may be out; all that is left is to cut the response short so the scrape fails.
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** How long a scraper may leave written text unread before its scrape is abandoned. */
const DRAIN_TIMEOUT_MILLIS = 30_000;

/**
 * Writes, and waits when the stream's buffer is full (a slow scraper, a big text) until it drains;
 * a scraper that stops reading has its response closed, so that it cannot hold up later scrapes.
 */
function writeChunk(stream: NodeJS.WritableStream, chunk: Buffer, response: ServerResponse): Promise<void> | void {
  if (response.destroyed) throw new Error('the scraper went away');
  if (stream.write(chunk)) return;
  return new Promise((resolve) => {
    const timer = setTimeout(() => response.destroy(), DRAIN_TIMEOUT_MILLIS);
    const done = () => {
      clearTimeout(timer);
      stream.off('drain', done);
      response.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    response.on('close', done);
  });
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
        prometheus = withProducer((metricProducers) => new DomainPrometheusExporter(sdkCardinalityLimit(config.cardinalityLimit), metricProducers, { scopeLabels: config.prometheusScopeLabels }));
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
    exposition = prometheus ?? withProducer((metricProducers) => new DomainPrometheusExporter(sdkCardinalityLimit(config.cardinalityLimit), metricProducers, { scopeLabels: config.prometheusScopeLabels }));
    if (exposition !== prometheus) all.push(exposition);
  }
  return { all, prometheus, exposition };
}
