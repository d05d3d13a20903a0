// Typed metric specifications: what the catalog declares for each metric. The attribute keys are
// a type parameter, so a domain method that passes a key outside the allow-list does not compile.
import type { BucketSetName } from './buckets.js';

export type InstrumentKind = 'counter' | 'upDownCounter' | 'histogram' | 'gauge';

/** What every kind of spec has. */
export interface SpecBase<K extends string> {
  /** The OpenTelemetry name, dot-separated; counters end in `.total`. */
  readonly name: string;
  /** UCUM unit as OpenTelemetry uses it (`s`, `By`, `{request}`). */
  readonly unit: string;
  readonly description: string;
  /** The allow-list of attribute keys, in a fixed order. Any other key is dropped. */
  readonly attributes: readonly K[];
}

export interface CounterSpec<K extends string = string> extends SpecBase<K> {
  readonly kind: 'counter';
}
export interface UpDownCounterSpec<K extends string = string> extends SpecBase<K> {
  readonly kind: 'upDownCounter';
}
export interface HistogramSpec<K extends string = string> extends SpecBase<K> {
  readonly kind: 'histogram';
  readonly buckets: BucketSetName;
}
/** A current value exported as its true absolute value (never deltas remembered per process). */
export interface GaugeSpec<K extends string = string> extends SpecBase<K> {
  readonly kind: 'gauge';
  /** Sizes, lags and up/down flags cannot be below zero: negative values are dropped. */
  readonly nonNegative?: boolean;
}

export type MetricSpec<K extends string = string> =
  | CounterSpec<K>
  | UpDownCounterSpec<K>
  | HistogramSpec<K>
  | GaugeSpec<K>;

/** A spec as written for `counter()`, `histogram()` and the rest: without its `kind`, which the function sets. */
export type SpecDefinition<S> = Omit<S, 'kind'>;

export function counter<const K extends string = never>(spec: SpecDefinition<CounterSpec<K>>): CounterSpec<K> {
  return Object.freeze({ ...spec, kind: 'counter' });
}
export function upDownCounter<const K extends string = never>(spec: SpecDefinition<UpDownCounterSpec<K>>): UpDownCounterSpec<K> {
  return Object.freeze({ ...spec, kind: 'upDownCounter' });
}
export function histogram<const K extends string = never>(spec: SpecDefinition<HistogramSpec<K>>): HistogramSpec<K> {
  return Object.freeze({ ...spec, kind: 'histogram' });
}
export function gauge<const K extends string = never>(spec: SpecDefinition<GaugeSpec<K>>): GaugeSpec<K> {
  return Object.freeze({ ...spec, kind: 'gauge' });
}

/** What a caller may pass as an attribute value; the policy turns it into a bounded string. */
export type AttributeValueInput = string | number | boolean | null | undefined;

/**
 * Attributes for a metric whose allow-list is `K`: every key optional, no other key allowed
 * (a metric without attributes accepts only an empty object).
 */
export type AttributesOf<K extends string> = [K] extends [never]
  ? Readonly<Record<string, never>>
  : { readonly [P in K]?: AttributeValueInput };

/**
 * Whether two declarations of one name can share a stream: the same kind, unit and buckets. The
 * attribute allow-lists may differ (label sets may differ within one Prometheus family).
 */
export function compatible(a: MetricSpec, b: MetricSpec): boolean {
  return a.kind === b.kind && a.unit === b.unit && (a.kind !== 'histogram' || a.buckets === (b as HistogramSpec).buckets);
}

/** What a refused declaration is told: the first declaration and the refused one. */
export function describeConflict(first: MetricSpec, refused: MetricSpec): string {
  const of = (s: MetricSpec) => `${s.kind} in "${s.unit}"${s.kind === 'histogram' ? ` on ${s.buckets} buckets` : ''}`;
  return `declared as ${of(first)}, refused as ${of(refused)}`;
}
