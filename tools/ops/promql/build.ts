// Small PromQL builders shared by the dashboards and the alert rules, so that the same ratio or
// quantile is written the same way everywhere.
import type { MetricSpec } from 'otel-domain-metrics';
import { seriesOf } from './catalogSeries.js';
import type { MatchOp } from './syntax.js';

export type Matcher = readonly [label: string, op: MatchOp, value: string];

/** The filter every dashboard query carries: the Grafana `job` variable. */
export const JOB_FILTER: Matcher = ['job', '=~', '$job'];

export function selector(name: string, matchers: readonly Matcher[] = []): string {
  if (matchers.length === 0) return name;
  return `${name}{${matchers.map(([label, op, value]) => `${label}${op}${JSON.stringify(value)}`).join(', ')}}`;
}

/** The series name of `spec` with an optional histogram suffix. */
export function seriesName(spec: MetricSpec, suffix: '' | '_bucket' | '_sum' | '_count' = ''): string {
  const { base } = seriesOf(spec);
  if (suffix !== '' && spec.kind !== 'histogram') throw new Error(`${spec.name} is not a histogram; it has no ${suffix}`);
  if (suffix === '' && spec.kind === 'histogram') throw new Error(`${spec.name} is a histogram: select _bucket, _sum or _count`);
  return `${base}${suffix}`;
}

export function aggregate(op: 'sum' | 'min' | 'max' | 'avg' | 'count', by: readonly string[], inner: string): string {
  return by.length === 0 ? `${op}(${inner})` : `${op} by (${by.join(', ')}) (${inner})`;
}

export function rate(selectorText: string, range: string): string {
  return `rate(${selectorText}[${range}])`;
}

/** A counter-like term of a ratio: a series with matchers, summed as a per-second rate. */
export interface RateTerm {
  readonly spec: MetricSpec;
  /** `_count` for a histogram's observation count; '' for a counter. */
  readonly suffix: '' | '_count';
  readonly matchers: readonly Matcher[];
}

function rateSum(term: RateTerm, by: readonly string[], range: string, filter: readonly Matcher[]): string {
  return aggregate('sum', by, rate(selector(seriesName(term.spec, term.suffix), [...term.matchers, ...filter]), range));
}

/**
 * `expr`, or zero with the same labels as `like` where `expr` has no series. Counters with
 * attributes appear only after their first event: without this a ratio over an absent numerator
 * is an empty result ("no data") instead of 0.
 */
export function orZero(expr: string, like: string): string {
  return `(${expr} or ${like} * 0)`;
}

/** The sum of the terms' rates, each term filled with zeros where only the others exist. */
function sumOfTerms(terms: readonly RateTerm[], by: readonly string[], range: string, filter: readonly Matcher[]): string {
  const sums = terms.map((t) => rateSum(t, by, range, filter));
  if (sums.length === 1) return sums[0]!;
  return sums
    .map((s, i) => {
      const others = sums.filter((_, j) => j !== i);
      return orZero(s, others.length === 1 ? others[0]! : `(${others.join(' or ')})`);
    })
    .join(' + ');
}

export interface RatioQuery {
  readonly numerator: readonly RateTerm[];
  readonly denominator: readonly RateTerm[];
}

/** numerator/denominator of per-second rates, 0 (not empty) when the numerator has no series yet. */
export function ratioExpr(ratio: RatioQuery, by: readonly string[], range: string, filter: readonly Matcher[] = []): string {
  const numerator = sumOfTerms(ratio.numerator, by, range, filter);
  const denominatorSums = ratio.denominator.map((t) => rateSum(t, by, range, filter));
  const denominator = sumOfTerms(ratio.denominator, by, range, filter);
  // Zeros for the numerator take the label sets of any denominator series.
  const like = denominatorSums.length > 1 ? `(${denominatorSums.join(' or ')})` : denominatorSums[0]!;
  return `${orZero(numerator, like)} / ${denominatorSums.length > 1 ? `(${denominator})` : denominator}`;
}

/** The φ-quantile of a histogram from its bucket rates, grouped by `by` (le is added). */
export function quantileExpr(spec: MetricSpec, phi: number, by: readonly string[], range: string, filter: readonly Matcher[] = []): string {
  const buckets = aggregate('sum', ['le', ...by], rate(selector(seriesName(spec, '_bucket'), filter), range));
  return `histogram_quantile(${phi}, ${buckets})`;
}
