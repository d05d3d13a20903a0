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
import type { HistogramPoint, SumPoint } from '../core/fast/accumulations.js';
import { LOCAL_POINTS, type LocalPoints } from '../core/fast/LocalAggregation.js';
import { keepShape } from '../core/keepShape.js';
import { attributesKey, countsUp, type ExposedSeries } from './NewSeriesAtZero.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface PrometheusTextOptions {
  /**
   * Writes `otel_scope_name`/`otel_scope_version` on every series. When false, they are written
   * only on the families that series of more than one scope share, where they keep the series
   * apart. @default false
   */
  readonly scopeLabels?: boolean;
  /** Work this long at most before yielding to the event loop, in ms. @default 2 */
  readonly sliceMillis?: number;
  /**
   * The scraper's view of new series: a counter or histogram series it has not seen before is
   * written at 0 (see NewSeriesAtZero). The caller begins and ends the scrape on it.
   */
  readonly newSeries?: { showsZero(metric: string, key: string): boolean; showsZeroOnce(series: ExposedSeries): boolean };
}

/** Receives the text in order, as UTF-8; the writer awaits a returned promise before it goes on. */
export type TextSink = (chunk: Buffer) => void | Promise<void>;

/** The size of the buffers the text is written into and handed over in. */
const CHUNK_BYTES = 64 * 1024;
const NO_METRICS = '# no registered metrics';
/** Pieces of text this long or longer are copied by Buffer#write (see ChunkedOutput.push). */
const LONG_PIECE = 16;

interface Family {
  readonly name: string;
  readonly type: string;
  help: string;
  unit: string;
  readonly members: { readonly metric: MetricData; readonly scopeLabels: string; readonly id: string }[];
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
  const out = new ChunkedOutput(sink, options.sliceMillis ?? 2);
  out.push(`# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info${braced(labelsOf(metrics.resource.attributes))} 1\n`);
  const families = collectFamilies(metrics, options.scopeLabels === true);
  if (families.length === 0) out.push(NO_METRICS);
  for (const family of families) {
    if (family.conflict) continue;
    out.push(`# HELP ${family.name} ${escapeText(family.help || 'description missing')}\n`);
    if (family.unit) out.push(`# UNIT ${family.name} ${escapeText(family.unit)}\n`);
    out.push(`# TYPE ${family.name} ${family.type}\n`);
    for (const { metric, scopeLabels, id } of family.members) {
      const extra = options.scopeLabels === true || family.shared ? scopeLabels : '';
      const zero = options.newSeries !== undefined && countsUp(metric) ? options.newSeries : undefined;
      const local = (metric as { [LOCAL_POINTS]?: LocalPoints })[LOCAL_POINTS];
      if (local !== undefined) {
        const zeroOnce = zero && ((point: ExposedSeries) => zero.showsZeroOnce(point));
        if (metric.dataPointType === DataPointType.HISTOGRAM) await writeLocalHistograms(out, family.name, local, extra, zeroOnce);
        else await writeLocalValues(out, family.name, local, extra, zeroOnce);
      } else if (metric.dataPointType === DataPointType.HISTOGRAM) {
        await writeHistograms(out, family.name, metric.dataPoints as DataPoint<Histogram>[], extra, zero && ((key) => zero.showsZero(id, key)));
      } else {
        await writeValues(out, family.name, metric.dataPoints as DataPoint<number>[], extra, zero && ((key) => zero.showsZero(id, key)));
      }
    }
  }
  await out.end();
}

/** The whole exposition as one string (for a push or a file, where nothing waits on a socket). */
export async function renderPrometheusText(metrics: ResourceMetrics, options?: PrometheusTextOptions): Promise<string> {
  const parts: Buffer[] = [];
  await writePrometheusText(metrics, (chunk) => void parts.push(chunk), options);
  return Buffer.concat(parts).toString('utf8');
}

/** Whether a series, by its key, is written at 0 in this scrape. */
type ZeroTest = ((key: string) => boolean) | undefined;
/** The same for the fast path's points, which keep what scrapes exposed them. */
type PointZeroTest = ((point: ExposedSeries) => boolean) | undefined;

async function writeValues(out: ChunkedOutput, name: string, points: readonly DataPoint<number>[], extra: string, zero: ZeroTest): Promise<void> {
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    const value = zero !== undefined && zero(attributesKey(point.attributes)) ? 0 : point.value;
    out.push(`${name}${braced(joinLabels(labelsOf(point.attributes), extra))} ${formatValue(value)}\n`);
    if ((i & 255) === 255 && out.due()) await out.breathe();
  }
}

/**
 * The fast path's points, read straight from the collection (no data point objects). A point of a
 * cumulative reader lives as long as its series, so it keeps the start of its line for the next
 * scrape (`name{labels} `), checked against the name and extra labels it was made for.
 */
async function writeLocalValues(out: ChunkedOutput, name: string, local: LocalPoints, extra: string, zero: PointZeroTest): Promise<void> {
  const made = extra === '' ? name : `${name}\u0000${extra}`;
  const { points, values } = local;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as SumPoint;
    if (p.textFor !== made) {
      p.textLine = keptFlat(`${name}${braced(joinLabels(labelText(p.attributes), extra))} `);
      p.textFor = made;
    }
    out.push(p.textLine!);
    out.pushNumber(zero !== undefined && zero(p) ? 0 : values[i]!);
    out.newline();
    if ((i & 255) === 255 && out.due()) await out.breathe();
  }
}

async function writeHistograms(out: ChunkedOutput, name: string, points: readonly DataPoint<Histogram>[], extra: string, zero: ZeroTest): Promise<void> {
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    const h = point.value;
    const zeroed = zero !== undefined && zero(attributesKey(point.attributes));
    writeHistogram(out, name, joinLabels(labelsOf(point.attributes), extra), h.buckets.boundaries, h.buckets.counts, h.count, h.sum, zeroed);
    if ((i & 31) === 31 && out.due()) await out.breathe();
  }
}

async function writeLocalHistograms(out: ChunkedOutput, name: string, local: LocalPoints, extra: string, zero: PointZeroTest): Promise<void> {
  const made = extra === '' ? name : `${name}\u0000${extra}`;
  const { points, values, sums, buckets, boundaries } = local;
  const width = boundaries.length + 1;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as HistogramPoint;
    if (p.textFor !== made) {
      p.textLine = keptFlat(joinLabels(labelText(p.attributes), extra));
      p.textFor = made;
    }
    writeHistogram(out, name, p.textLine!, boundaries, buckets!.subarray(i * width, (i + 1) * width), values[i]!, sums![i]!, zero !== undefined && zero(p));
    if ((i & 31) === 31 && out.due()) await out.breathe();
  }
}

/** The `_count`, `_sum` and cumulative `_bucket` lines of one series; all 0 when `zeroed`. */
function writeHistogram(out: ChunkedOutput, name: string, labels: string, boundaries: readonly number[], counts: ArrayLike<number>, count: number, sum: number | undefined, zeroed: boolean): void {
  const plain = braced(labels);
  out.push(`${name}_count${plain} ${zeroed ? 0 : formatValue(count)}\n`);
  if (sum != null) out.push(`${name}_sum${plain} ${zeroed ? 0 : formatValue(sum)}\n`);
  const prefix = flat(labels === '' ? `${name}_bucket{le="` : `${name}_bucket{${labels},le="`);
  const tails = bucketTails(boundaries);
  let cumulative = 0;
  for (let b = 0; b < counts.length; b++) {
    cumulative += counts[b]!;
    const bound = boundaries[b];
    out.push(prefix);
    out.push(bound === undefined ? '+Inf"} ' : tails[b]!);
    out.push(zeroed ? '0' : formatValue(cumulative));
    out.newline();
    if (bound === Infinity) break;
  }
}

/**
 * `text` as one flat string. A string built by concatenation is a tree of pieces in V8, and
 * reading it character by character walks the tree each time; converting it to a number once
 * makes V8 flatten it in place.
 */
function flat(text: string): string {
  // eslint-disable-next-line @typescript-eslint/no-unused-expressions
  Number(text);
  return text;
}

/**
 * `text` as a new flat string, for a line kept as long as its series. Flattening in place (above)
 * leaves the tree's root in front of the flat copy, 32 bytes per series for good; a join of two
 * pieces is copied into one new string.
 */
function keptFlat(text: string): string {
  return text.length < 2 ? text : [text.slice(0, 1), text.slice(1)].join('');
}

/** `0.5"} ` for each boundary: the end of a bucket line's labels, made once per boundary list. */
const tailsOf = new WeakMap<readonly number[], string[]>();

function bucketTails(boundaries: readonly number[]): string[] {
  let tails = tailsOf.get(boundaries);
  if (tails === undefined) {
    tails = boundaries.map((bound) => `${bound === Infinity ? '+Inf' : String(bound)}"} `);
    tailsOf.set(boundaries, tails);
  }
  return tails;
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
      family.members.push({ metric, scopeLabels: scopeText, id: `${scope.name}\u0000${scope.version ?? ''}\u0000${metric.descriptor.name}` });
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

/** `name="value",…` of an attribute set, cached per attributes object (the SDK's points). */
function labelsOf(attributes: Attributes): string {
  let text = labelTexts.get(attributes);
  if (text === undefined) {
    text = labelText(attributes);
    labelTexts.set(attributes, text);
  }
  return text;
}

/** `name="value",…` of an attribute set. */
function labelText(attributes: Attributes): string {
  let text = '';
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    text += `${text === '' ? '' : ','}${sanitize(key)}="${escapeLabelValue(attributes[key])}"`;
  }
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

/** Gathers text into chunks and yields to the event loop once a slice of work time is used up. */
class ChunkedOutput {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private sliceStart = performance.now();

  constructor(private readonly sink: TextSink, private readonly sliceMillis: number) {}

  /**
   * Appends `text` as UTF-8 (n characters take at most 3n bytes). A long piece (a series' line
   * start) goes through Buffer#write; a short one (a value) is copied here character by
   * character, cheaper than the call for a few characters.
   */
  push(text: string): void {
    const n = text.length;
    if (this.used + n * 3 > this.buffer.length) this.grow(n * 3);
    if (n >= LONG_PIECE) {
      this.used += this.buffer.write(text, this.used);
      return;
    }
    const buffer = this.buffer;
    let at = this.used;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code > 127) {
        this.used += buffer.write(text, this.used);
        return;
      }
      buffer[at++] = code;
    }
    this.used = at;
  }

  newline(): void {
    if (this.used === this.buffer.length) this.grow(1);
    this.buffer[this.used++] = 10;
  }

  /**
   * Appends a value as `formatValue` writes it. Whole numbers are written digit by digit, with
   * no string made for them: a scrape then allocates next to nothing per series.
   */
  pushNumber(value: number): void {
    if (!Number.isInteger(value) || value <= -1e15 || value >= 1e15) {
      this.push(formatValue(value));
      return;
    }
    if (this.used + 17 > this.buffer.length) this.grow(17);
    const buffer = this.buffer;
    if (value < 0) {
      buffer[this.used++] = 45; // '-'
      value = -value;
    }
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.used + digits;
    this.used = at;
    do {
      const next = Math.floor(value / 10);
      buffer[--at] = 48 + (value - next * 10);
      value = next;
    } while (value > 0);
  }

  /** Whether a chunk is ready to hand over or the slice is used up: then `breathe` has work. */
  due(): boolean {
    return this.used >= CHUNK_BYTES / 2 || performance.now() - this.sliceStart >= this.sliceMillis;
  }

  /** Hands over a full chunk, and gives the event loop a turn when the slice is used up. */
  async breathe(): Promise<void> {
    if (this.used >= CHUNK_BYTES / 2) await this.flush();
    if (performance.now() - this.sliceStart >= this.sliceMillis) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.sliceStart = performance.now();
    }
  }

  async end(): Promise<void> {
    await this.flush();
  }

  /** Makes room for `bytes` more: a new buffer, the written part kept to be handed over next. */
  private grow(bytes: number): void {
    const next = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, this.used + bytes));
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    const chunk = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    await this.sink(chunk);
  }
}

// Every scrape makes its own output; this one keeps the class's shape, and the writer's compiled
// code with it, across full garbage collections (see keepShape).
keepShape(new ChunkedOutput(() => undefined, 4));
