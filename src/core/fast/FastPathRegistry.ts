// The fast path of one runtime: the local aggregations of every instrument (sums, histograms and
// gauges), grouped by instrumentation scope, and one MetricProducer per reader the runtime owns.
import type { Resource } from '@opentelemetry/resources';
import type {
  CollectionResult,
  InstrumentType,
  MetricCollectOptions,
  MetricData,
  MetricProducer,
  ScopeMetrics,
  AggregationTemporality,
} from '@opentelemetry/sdk-metrics';
import type { DiagnosticsSink } from '../DiagnosticsSink.js';
import { DEFAULT_CALLBACK_TIMEOUT_MILLIS } from '../gaugeCallbacks.js';
import { MetricDiagnostics } from '../MetricDiagnostics.js';
import { compatible, describeConflict, type CounterSpec, type GaugeSpec, type HistogramSpec, type MetricSpec, type UpDownCounterSpec } from '../MetricSpec.js';
import { GaugeAggregation } from './GaugeAggregation.js';
import { LocalAggregation, type FastSeries, type HistogramSeries } from './LocalAggregation.js';
import type { Readout } from '../../readout/Readout.js';
import type { DistributionReadout, SumReadout } from '../../readout/SeriesReadout.js';

export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string;
}

/** The part of a MetricReader the producer asks: which temporality it wants per instrument type. */
export interface TemporalitySource {
  selectAggregationTemporality(type: InstrumentType): AggregationTemporality;
  /** True for a reader that reads the points under LOCAL_POINTS rather than `dataPoints`. */
  readonly readsLocalPoints?: boolean;
}

type SumSpec = CounterSpec | UpDownCounterSpec | HistogramSpec;
type FastSpec = SumSpec | GaugeSpec;
type Aggregation = LocalAggregation | GaugeAggregation;

export interface FastPathOptions {
  /** At most this many series per metric over its lifetime, the overflow series included. */
  readonly cardinalityLimit: number;
  /** A series not recorded (a gauge value not set) for this long is dropped; 0 never drops. @default 0 */
  readonly seriesExpiryMillis?: number;
  /** Where the instruments' warnings go. @default the process default sink */
  readonly diagnostics?: DiagnosticsSink;
  /** Where snapshots read the metrics from; none keeps no read-out state per series. */
  readonly readout?: Readout;
  /**
   * Metrics whose definition is fixed from the start: the catalog, whose views set their buckets
   * on the runtime's provider. A declaration of one of their names must agree with it (kind, unit,
   * buckets), or it is refused like any conflicting declaration.
   */
  readonly catalog?: readonly MetricSpec[];
}

export class FastPathRegistry {
  /** Per scope, per metric name: the one aggregation every declaration of that name records into. */
  private readonly scopes = new Map<string, { scope: InstrumentationScope; aggregations: Map<string, Aggregation> }>();
  /** The first declaration of each name, across scopes: a conflicting one is refused. */
  private readonly declared = new Map<string, { readonly spec: MetricSpec; readonly diagnostics: MetricDiagnostics }>();
  private readonly producers: DomainMetricProducer[] = [];
  private readonly cardinalityLimit: number;
  private readonly seriesExpiryMillis: number;
  private readonly diagnostics: DiagnosticsSink | undefined;
  private readonly readout: Readout | undefined;

  constructor(private readonly resource: Resource, options: FastPathOptions | number) {
    const o: FastPathOptions = typeof options === 'number' ? { cardinalityLimit: options } : options;
    this.cardinalityLimit = o.cardinalityLimit;
    this.seriesExpiryMillis = o.seriesExpiryMillis ?? 0;
    this.diagnostics = o.diagnostics;
    this.readout = o.readout;
    for (const spec of o.catalog ?? []) this.declared.set(spec.name, { spec, diagnostics: new MetricDiagnostics(spec.name, this.diagnostics) });
  }

  /**
   * The aggregation for `spec` in `scope`, shared by every instance that declares the same
   * metric (two CoordinatorMetrics feed one queue depth), as the SDK shares identical instruments.
   * Undefined when the name is already declared with another kind, unit or buckets: two
   * definitions of one name would put two HELP/TYPE blocks for one family on the scrape, which
   * Prometheus rejects whole, so the second declaration is refused (and reported once).
   */
  aggregation(scope: InstrumentationScope, spec: SumSpec): LocalAggregation | undefined;
  aggregation(scope: InstrumentationScope, spec: GaugeSpec): GaugeAggregation | undefined;
  aggregation(scope: InstrumentationScope, spec: FastSpec): Aggregation | undefined {
    const first = this.declared.get(spec.name);
    if (first === undefined) {
      this.declared.set(spec.name, { spec, diagnostics: new MetricDiagnostics(spec.name, this.diagnostics) });
    } else if (!compatible(first.spec, spec)) {
      first.diagnostics.report('conflicting-declaration', describeConflict(first.spec, spec));
      return undefined;
    }
    const scopeKey = `${scope.name}\u0000${scope.version ?? ''}`;
    let entry = this.scopes.get(scopeKey);
    if (entry === undefined) {
      entry = { scope, aggregations: new Map() };
      this.scopes.set(scopeKey, entry);
    }
    let aggregation = entry.aggregations.get(spec.name);
    if (aggregation === undefined) {
      if (spec.kind === 'gauge') {
        const gauge = new GaugeAggregation(spec, this.cardinalityLimit, this.seriesExpiryMillis, this.diagnostics);
        this.readout?.addSource({ spec, forEachSeries: (visit: (attributes: FastSeries['attributes'], value: number) => void) => gauge.values.forEach(Date.now(), (value, attributes) => visit(attributes, value)) });
        aggregation = gauge;
      } else {
        const local = new LocalAggregation(spec, this.cardinalityLimit, this.seriesExpiryMillis, this.diagnostics, this.readout);
        this.readout?.addSource(readoutSource(spec, local));
        // Every reader gets its share of every interval, including those it has not collected yet.
        for (const producer of this.producers) local.addReader(producer);
        aggregation = local;
      }
      entry.aggregations.set(spec.name, aggregation);
    }
    return aggregation;
  }

  /** A producer for one reader; pass it in the reader's `metricProducers`, then `attach` the reader. */
  createProducer(): DomainMetricProducer {
    const producer = new DomainMetricProducer(this);
    this.producers.push(producer);
    for (const { aggregations } of this.scopes.values()) {
      for (const aggregation of aggregations.values()) if (aggregation instanceof LocalAggregation) aggregation.addReader(producer);
    }
    return producer;
  }

  /** @internal Builds the ScopeMetrics one producer reports; nothing until its reader is attached. */
  async collect(producer: DomainMetricProducer, temporality: TemporalitySource | undefined, timeoutMillis: number): Promise<CollectionResult> {
    if (temporality === undefined) return { resourceMetrics: { resource: this.resource, scopeMetrics: [] }, errors: [] };
    const collectionTime = Date.now();
    const select = (type: InstrumentType) => temporality.selectAggregationTemporality(type);
    const scopeMetrics: ScopeMetrics[] = [];
    for (const { scope, aggregations } of this.scopes.values()) {
      const collected: (MetricData | Promise<MetricData | undefined> | undefined)[] = [];
      for (const aggregation of aggregations.values()) {
        collected.push(
          aggregation instanceof GaugeAggregation
            ? aggregation.collect(select, collectionTime, timeoutMillis)
            : aggregation.collect(producer, select, collectionTime, temporality.readsLocalPoints === true),
        );
      }
      const metrics = (await Promise.all(collected)).filter((m): m is MetricData => m !== undefined);
      if (metrics.length > 0) scopeMetrics.push({ scope: { name: scope.name, version: scope.version }, metrics });
    }
    return { resourceMetrics: { resource: this.resource, scopeMetrics }, errors: [] };
  }
}

/** The read-out's view of a sum or histogram: its admitted series and their read-out state. */
function readoutSource(spec: SumSpec, local: LocalAggregation) {
  if (spec.kind === 'histogram') {
    return { spec, forEachSeries: (visit: (attributes: FastSeries['attributes'], readout: DistributionReadout) => void) => local.forEachSeries((s) => visit(s.attributes, (s as HistogramSeries).readout as DistributionReadout)) };
  }
  return { spec, forEachSeries: (visit: (attributes: FastSeries['attributes'], readout: SumReadout) => void) => local.forEachSeries((s) => visit(s.attributes, local.sumReadout(s))) };
}

/**
 * Hands the fast path's aggregates to one reader at its collection time, with that reader's
 * temporality. Its output is merged by the reader with the SDK's own (gauges).
 */
export class DomainMetricProducer implements MetricProducer {
  private reader: TemporalitySource | undefined;

  constructor(private readonly registry: FastPathRegistry) {}

  /** Connects the reader that owns this producer (readers take producers at construction). */
  attach(reader: TemporalitySource): void {
    this.reader = reader;
  }

  collect(options?: MetricCollectOptions): Promise<CollectionResult> {
    return this.registry.collect(this, this.reader, options?.timeoutMillis ?? DEFAULT_CALLBACK_TIMEOUT_MILLIS);
  }
}
