// The fast path of one runtime: the local aggregations of every fast instrument, grouped by
// instrumentation scope, and one MetricProducer per reader the runtime owns.
import { diag } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type {
  CollectionResult,
  InstrumentType,
  MetricCollectOptions,
  MetricProducer,
  ScopeMetrics,
  AggregationTemporality,
} from '@opentelemetry/sdk-metrics';
import type { CounterSpec, HistogramSpec, UpDownCounterSpec } from '../MetricSpec.js';
import { LocalAggregation } from './LocalAggregation.js';

export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string;
}

/** The part of a MetricReader the producer asks: which temporality it wants per instrument type. */
export interface TemporalitySource {
  selectAggregationTemporality(type: InstrumentType): AggregationTemporality;
}

type FastSpec = CounterSpec | UpDownCounterSpec | HistogramSpec;

export class FastPathRegistry {
  /** Per scope, per metric name: normally one aggregation; more when a name is declared incompatibly. */
  private readonly scopes = new Map<string, { scope: InstrumentationScope; aggregations: Map<string, LocalAggregation[]> }>();
  private readonly producers: DomainMetricProducer[] = [];

  constructor(private readonly resource: Resource, private readonly cardinalityLimit: number) {}

  /**
   * The aggregation for `spec` in `scope`, shared by every instance that declares the same
   * metric (two CoordinatorMetrics feed one queue depth), as the SDK shares identical instruments.
   */
  aggregation(scope: InstrumentationScope, spec: FastSpec): LocalAggregation {
    const scopeKey = `${scope.name}\u0000${scope.version ?? ''}`;
    let entry = this.scopes.get(scopeKey);
    if (entry === undefined) {
      entry = { scope, aggregations: new Map() };
      this.scopes.set(scopeKey, entry);
    }
    const declared = entry.aggregations.get(spec.name) ?? [];
    const existing = declared.find((a) => compatible(a.spec, spec));
    if (existing !== undefined) return existing;
    if (declared.length > 0) {
      // The SDK does the same: a second, conflicting stream under one name, and a warning.
      diag.warn(`otel-domain-metrics: ${spec.name} is declared twice in scope ${scope.name} with different kind, unit or buckets; the second declaration records into a separate stream`);
    }
    const aggregation = this.newAggregation(spec);
    entry.aggregations.set(spec.name, [...declared, aggregation]);
    return aggregation;
  }

  /** A producer for one reader; pass it in the reader's `metricProducers`, then `attach` the reader. */
  createProducer(): DomainMetricProducer {
    const producer = new DomainMetricProducer(this);
    this.producers.push(producer);
    for (const { aggregations } of this.scopes.values()) for (const list of aggregations.values()) for (const a of list) a.addReader(producer);
    return producer;
  }

  /** @internal Builds the ScopeMetrics one producer reports; nothing until its reader is attached. */
  collect(producer: DomainMetricProducer, temporality: TemporalitySource | undefined): CollectionResult {
    if (temporality === undefined) return { resourceMetrics: { resource: this.resource, scopeMetrics: [] }, errors: [] };
    const collectionTime = Date.now();
    const select = (type: InstrumentType) => temporality.selectAggregationTemporality(type);
    const scopeMetrics: ScopeMetrics[] = [];
    for (const { scope, aggregations } of this.scopes.values()) {
      const metrics = [];
      for (const list of aggregations.values()) {
        for (const aggregation of list) {
          const data = aggregation.collect(producer, select, collectionTime);
          if (data !== undefined) metrics.push(data);
        }
      }
      if (metrics.length > 0) scopeMetrics.push({ scope: { name: scope.name, version: scope.version }, metrics });
    }
    return { resourceMetrics: { resource: this.resource, scopeMetrics }, errors: [] };
  }

  private newAggregation(spec: FastSpec): LocalAggregation {
    const aggregation = new LocalAggregation(spec, this.cardinalityLimit);
    for (const producer of this.producers) aggregation.addReader(producer);
    return aggregation;
  }
}

function compatible(a: FastSpec, b: FastSpec): boolean {
  return a.kind === b.kind && a.unit === b.unit && (a.kind !== 'histogram' || a.buckets === (b as HistogramSpec).buckets);
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

  collect(_options?: MetricCollectOptions): Promise<CollectionResult> {
    return Promise.resolve(this.registry.collect(this, this.reader));
  }
}
