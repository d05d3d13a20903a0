// Wraps a push exporter so that failing exports reach the user: one line when an outage starts
// (with a hint for a wrong endpoint) and one when exports succeed again, nothing in between.
import { ConsoleMetricExporter, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { MetricsConfig } from '../config/MetricsConfig.js';
import { DiagnosticsSink } from '../core/DiagnosticsSink.js';
import { describeDetail } from '../core/MetricDiagnostics.js';

type ResultCallback = Parameters<PushMetricExporter['export']>[1];
type ExportResult = Parameters<ResultCallback>[0];

/** ExportResultCode.SUCCESS of @opentelemetry/core, which this package does not depend on directly. */
const SUCCESS = 0;

export interface ReportingExporterOptions {
  /** What is exported to, for the message ("OTLP http/protobuf to http://collector:4318/v1/metrics"). */
  readonly target: string;
  readonly sink: DiagnosticsSink;
  /** @default Date.now */
  readonly clock?: () => number;
}

/**
 * Reports export outages of `exporter` and passes everything else through unchanged. An outage
 * is written when it starts, not for each failed export of it (an unreachable collector fails
 * every interval), and its end is written with how long it lasted and how many exports failed.
 */
export class ReportingExporter implements PushMetricExporter {
  readonly selectAggregationTemporality?: PushMetricExporter['selectAggregationTemporality'];
  readonly selectAggregation?: PushMetricExporter['selectAggregation'];
  private readonly clock: () => number;
  /** When the current outage started; undefined while exports succeed. */
  private outageStart: number | undefined;
  private failedExports = 0;

  constructor(private readonly exporter: PushMetricExporter, private readonly options: ReportingExporterOptions) {
    this.clock = options.clock ?? Date.now;
    // The reader binds these when present: present here only when the wrapped exporter has them.
    if (exporter.selectAggregationTemporality) this.selectAggregationTemporality = exporter.selectAggregationTemporality.bind(exporter);
    if (exporter.selectAggregation) this.selectAggregation = exporter.selectAggregation.bind(exporter);
  }

  export(metrics: ResourceMetrics, resultCallback: ResultCallback): void {
    this.exporter.export(metrics, (result) => {
      try {
        this.observe(result);
      } catch {
        // Reporting must never keep the result from the reader.
      }
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }

  private observe(result: ExportResult): void {
    const now = this.clock();
    if (result.code === SUCCESS) {
      if (this.outageStart === undefined) return;
      const failed = this.failedExports;
      this.options.sink.write(
        `metrics export to ${this.options.target} recovered after ${failed} failed export${failed === 1 ? '' : 's'} over ${describeDuration(now - this.outageStart)}`,
      );
      this.outageStart = undefined;
      this.failedExports = 0;
      return;
    }
    this.failedExports += 1;
    if (this.outageStart !== undefined) return;
    this.outageStart = now;
    this.options.sink.write(
      `metrics export to ${this.options.target} failed (${describeFailure(result.error)})${hintFor(result.error)}; ` +
        'the data of failed exports is dropped; exports continue every interval, and this is reported again only when they succeed',
    );
  }
}

/** The wrapper for a runtime's push exporter: target and sink from the runtime's configuration. */
export function reportingExporter(exporter: PushMetricExporter, config: MetricsConfig): ReportingExporter {
  const target = exporter instanceof ConsoleMetricExporter ? 'the console' : `OTLP ${config.otlpProtocol} at ${config.otlpMetricsUrl ?? 'the default endpoint'}`;
  return new ReportingExporter(exporter, { target, sink: new DiagnosticsSink(config.diagnostics) });
}

function describeFailure(error: Error | undefined): string {
  if (error === undefined) return 'no reason given';
  const code = codeOf(error);
  const text = describeDetail(error);
  return code !== undefined && !text.includes(String(code)) ? `${text}, code ${code}` : text;
}

/** A wrong endpoint shows as refused connections, unknown hosts or 404: say where to look. */
function hintFor(error: Error | undefined): string {
  const code = codeOf(error);
  if (code === 404 || code === 405) {
    return '; a server answers there but has no OTLP metrics route at that path: OTEL_EXPORTER_OTLP_METRICS_ENDPOINT takes the full URL (…/v1/metrics), OTEL_EXPORTER_OTLP_ENDPOINT the base URL only';
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 14) {
    return '; nothing answers at that address: check OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_METRICS_ENDPOINT and that the collector is running';
  }
  return '';
}

/** The HTTP status, system error code or gRPC status of a failed export, where the exporter kept one. */
function codeOf(error: unknown): string | number | undefined {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') return code;
    // AggregateError (happy eyeballs over IPv4 and IPv6) and wrapped errors carry the code inside.
    const inner = (current as { errors?: unknown[] }).errors?.[0] ?? (current as { cause?: unknown }).cause;
    current = inner;
  }
  return undefined;
}

function describeDuration(millis: number): string {
  if (millis < 1000) return `${Math.max(0, Math.round(millis))} ms`;
  if (millis < 120_000) return `${Math.round(millis / 1000)} s`;
  return `${Math.round(millis / 60_000)} min`;
}
