// The Prometheus text exposition (format 0.0.4) of one collection, written in slices. A scrape of
// 100 000 series is megabytes of text; written in one go it blocks every other request of the
// service for as long. Here the text is produced in chunks, and the writer hands the event loop
// back between chunks once it has worked for a few milliseconds. The values are those of the one
// collection it is given, whatever happens while it writes.
//
// The output matches the SDK's Prometheus exporter line for line (a test compares them), with two
// differences: a name shared by several scopes is one family with one HELP/TYPE block (as SDK 3.x
// writes it; 2.x repeats the block, which Prometheus rejects), and the `otel_scope_*` labels are
// written only where they tell series apart, unless asked for on every series.
import {
  DataPointType,
  type DataPoint,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { Attributes } from '@opentelemetry/api';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface PrometheusTextOptions {
  /**
   * Writes `otel_scope_name`/`otel_scope_version` on every series. When false, they are written
   * only on the families that series of more than one scope share, where they keep the series
   * apart. @default false
   */
  readonly scopeLabels?: boolean;
  /** Work this long at most before yielding to the event loop, in ms. @default 4 */
  readonly sliceMillis?: number;
}

/** Receives the text in order; the writer awaits a returned promise before it goes on. */
export type TextSink = (chunk: string) => void | Promise<void>;

/** About this many characters are gathered before the sink gets them. */
const CHUNK_CHARS = 64 * 1024;
const NO_METRICS = '# no registered metrics';

interface Family {
  readonly name: string;
  readonly type: string;
  help: string;
  unit: string;
  readonly members: { readonly metric: MetricData; readonly scopeLabels: string }[];
  /** Two scopes write series under this name. */
  shared: boolean;
  conflict: boolean;
}

/** Label text of an attribute set, by the attributes object: collections hand out the same objects. */
const labelTexts = new WeakMap<Attributes, string>();

/**
 * Writes the exposition of `metrics` to `sink`, yielding to the event loop between slices.
 * Resolves when the last chunk has been handed over.
 */
export async function writePrometheusText(metrics: ResourceMetrics, sink: TextSink, options: PrometheusTextOptions = {}): Promise<void> {
  const out = new ChunkedOutput(sink, options.sliceMillis ?? 4);
  out.push(`# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info${braced(labelsOf(metrics.resource.attributes))} 1\n`);
  const families = collectFamilies(metrics, options.scopeLabels === true);
  if (families.length === 0) out.push(NO_METRICS);
  for (const family of families) {
    if (family.conflict) continue;
    out.push(`# HELP ${family.name} ${escapeText(family.help || 'description missing')}\n`);
    if (family.unit) out.push(`# UNIT ${family.name} ${escapeText(family.unit)}\n`);
    out.push(`# TYPE ${family.name} ${family.type}\n`);
    for (const { metric, scopeLabels } of family.members) {
      const extra = options.scopeLabels === true || family.shared ? scopeLabels : '';
      if (metric.dataPointType === DataPointType.HISTOGRAM) {
        await writeHistograms(out, family.name, metric.dataPoints as DataPoint<Histogram>[], extra);
      } else {
        await writeValues(out, family.name, metric.dataPoints as DataPoint<number>[], extra);
      }
    }
  }
  await out.end();
}

/** The whole exposition as one string (for a push or a file, where nothing waits on a socket). */
export async function renderPrometheusText(metrics: ResourceMetrics, options?: PrometheusTextOptions): Promise<string> {
  const parts: string[] = [];
  await writePrometheusText(metrics, (chunk) => void parts.push(chunk), options);
  return parts.join('');
}

async function writeValues(out: ChunkedOutput, name: string, points: readonly DataPoint<number>[], extra: string): Promise<void> {
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    out.push(`${name}${braced(joinLabels(labelsOf(point.attributes), extra))} ${formatValue(point.value)}\n`);
    if ((i & 255) === 255) await out.breathe();
  }
}

async function writeHistograms(out: ChunkedOutput, name: string, points: readonly DataPoint<Histogram>[], extra: string): Promise<void> {
  const bucket = `${name}_bucket{`;
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    const histogram = point.value;
    const labels = joinLabels(labelsOf(point.attributes), extra);
    const plain = braced(labels);
    let text = `${name}_count${plain} ${formatValue(histogram.count)}\n`;
    if (histogram.sum != null) text += `${name}_sum${plain} ${formatValue(histogram.sum)}\n`;
    const prefix = labels === '' ? `${bucket}le="` : `${bucket}${labels},le="`;
    const { boundaries, counts } = histogram.buckets;
    let cumulative = 0;
    for (let b = 0; b < counts.length; b++) {
      cumulative += counts[b]!;
      const bound = boundaries[b];
      text += `${prefix}${bound === undefined || bound === Infinity ? '+Inf' : leText(bound)}"} ${formatValue(cumulative)}\n`;
      if (bound === Infinity) break;
    }
    out.push(text);
    if ((i & 31) === 31) await out.breathe();
  }
}

/** Groups the metrics by Prometheus name, in the order they come; a name with two types is dropped. */
function collectFamilies(metrics: ResourceMetrics, scopeLabelsEverywhere: boolean): Family[] {
  const byName = new Map<string, Family & { scopes: Set<string> }>();
  for (const { scope, metrics: list } of metrics.scopeMetrics) {
    const scopeKey = `${scope.name}\u0000${scope.version ?? ''}\u0000${scope.schemaUrl ?? ''}`;
    let scopeText = `otel_scope_name="${escapeLabelValue(scope.name)}"`;
    if (scope.schemaUrl) scopeText += `,otel_scope_schema_url="${escapeLabelValue(scope.schemaUrl)}"`;
    if (scope.version) scopeText += `,otel_scope_version="${escapeLabelValue(scope.version)}"`;
    for (const metric of list) {
      const name = prometheusName(metric);
      if (name === undefined) continue;
      const type = prometheusType(metric);
      let family = byName.get(name);
      if (family === undefined) {
        family = { name, type, help: '', unit: '', members: [], shared: false, conflict: false, scopes: new Set() };
        byName.set(name, family);
      } else if (family.type !== type) {
        family.conflict = true;
      }
      if (!family.help && metric.descriptor.description) family.help = metric.descriptor.description;
      if (!family.unit && metric.descriptor.unit) family.unit = metric.descriptor.unit;
      family.scopes.add(scopeKey);
      family.shared = family.scopes.size > 1 && !scopeLabelsEverywhere;
      family.members.push({ metric, scopeLabels: scopeText });
    }
  }
  return [...byName.values()];
}

/** The name the SDK's exporter gives a metric: invalid characters as `_`, counters with `_total`. */
function prometheusName(metric: MetricData): string | undefined {
  let name = sanitize(escapeText(metric.descriptor.name));
  if (name === '' || name === '_') return undefined;
  if (name[0]! >= '0' && name[0]! <= '9') name = `_${name}`;
  if (metric.dataPointType === DataPointType.SUM && metric.isMonotonic && !name.endsWith('_total')) name += '_total';
  return name;
}

function prometheusType(metric: MetricData): string {
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return metric.isMonotonic ? 'counter' : 'gauge';
    case DataPointType.GAUGE:
      return 'gauge';
    case DataPointType.HISTOGRAM:
      return 'histogram';
    default:
      return 'untyped';
  }
}

/** `name="value",…` of an attribute set, cached per attributes object. */
function labelsOf(attributes: Attributes): string {
  let text = labelTexts.get(attributes);
  if (text !== undefined) return text;
  text = '';
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    text += `${text === '' ? '' : ','}${sanitize(key)}="${escapeLabelValue(attributes[key])}"`;
  }
  labelTexts.set(attributes, text);
  return text;
}

function joinLabels(labels: string, extra: string): string {
  if (extra === '') return labels;
  return labels === '' ? extra : `${labels},${extra}`;
}

function braced(labels: string): string {
  return labels === '' ? '' : `{${labels}}`;
}

const INVALID_NAME_CHARACTERS = /[^a-z0-9_]/gi;
const REPEATED_UNDERSCORES = /_{2,}/g;

function sanitize(name: string): string {
  return name.replace(INVALID_NAME_CHARACTERS, '_').replace(REPEATED_UNDERSCORES, '_');
}

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A label value as the exporter writes it: strings as they are, anything else as JSON, then escaped. */
function escapeLabelValue(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return escapeText(text).replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return `${value}`;
}

const leTexts = new Map<number, string>();

function leText(bound: number): string {
  let text = leTexts.get(bound);
  if (text === undefined) {
    text = String(bound);
    if (leTexts.size < 4096) leTexts.set(bound, text);
  }
  return text;
}

/** Gathers text into chunks and yields to the event loop once a slice of work time is used up. */
class ChunkedOutput {
  private parts: string[] = [];
  private size = 0;
  private sliceStart = performance.now();

  constructor(private readonly sink: TextSink, private readonly sliceMillis: number) {}

  push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  /** Hands over a full chunk, and gives the event loop a turn when the slice is used up. */
  async breathe(): Promise<void> {
    if (this.size >= CHUNK_CHARS) await this.flush();
    if (performance.now() - this.sliceStart >= this.sliceMillis) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.sliceStart = performance.now();
    }
  }

  async end(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await this.sink(chunk);
  }
}
