// Outcome ratios: the share of a domain's events that went one way (failed, rejected, hit),
// declared next to the domain's metrics so that dashboards and alert rules derive them from the
// catalog, with attribute names checked against each metric's allow-list.
import type { MetricSpec } from './MetricSpec.js';

/** How an attribute value selects events: equal, not equal, or a full-match regular expression. */
export type RatioMatch = '=' | '!=' | '=~';

/**
 * The events of one metric that count towards a ratio: a counter's increments or a histogram's
 * observations, all of them or only those whose attribute matches.
 */
export interface RatioTerm {
  readonly metric: MetricSpec;
  readonly where?: { readonly attribute: string; readonly match: RatioMatch; readonly value: string };
}

/** One recorded event: a metric with attribute values the domain really records. */
export interface RatioExample {
  readonly metric: MetricSpec;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface OutcomeRatio {
  /** Its name as a Prometheus recording rule (`level:metric:operation`). */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly numerator: readonly RatioTerm[];
  readonly denominator: readonly RatioTerm[];
  /** Attributes the ratio keeps apart; each is on the metric of every term. */
  readonly by: readonly string[];
  /** Whether a higher share is better (successes, hits) or worse (errors, rejections). */
  readonly better: 'higher' | 'lower';
  /**
   * An event that counts towards the numerator (`hit`) and one that counts towards the
   * denominator only (`rest`), for tests that build series the way the domain records them.
   */
  readonly example: { readonly hit: RatioExample; readonly rest: RatioExample };
}

/** The events of `metric`, optionally only those whose `attribute` (one of its own) matches `value`. */
export function ratioTerm<K extends string>(metric: MetricSpec<K>, where?: readonly [attribute: K, match: RatioMatch, value: string]): RatioTerm {
  if (where === undefined) return { metric };
  const [attribute, match, value] = where;
  return { metric, where: { attribute, match, value } };
}

/** An event of `metric` with attribute values from its own allow-list. */
export function ratioExample<K extends string>(metric: MetricSpec<K>, attributes: { readonly [P in K]?: string }): RatioExample {
  return { metric, attributes: attributes as Readonly<Record<string, string>> };
}
