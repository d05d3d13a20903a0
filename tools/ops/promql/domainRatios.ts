// The outcome ratios of each domain (what share of executions failed, of requests were rejected,
// of cache lookups hit), as the catalog declares them, in PromQL terms: Prometheus label names and
// histogram `_count` series. Dashboards chart them and the alert rules record them.
import { CATALOG, type OutcomeRatio, prometheusLabel, type RatioTerm } from 'otel-domain-metrics';
import type { Matcher, RateTerm, RatioQuery } from './build.js';

export interface DomainRatio extends RatioQuery {
  /** The recording rule name, as the catalog gives it. */
  readonly id: string;
  /** The domain class whose dashboard shows it. */
  readonly className: string;
  readonly title: string;
  readonly description: string;
  /** Labels the ratio keeps besides `job` (both must exist on every term). */
  readonly by: readonly string[];
  /** Whether a higher value is better (success, hits) or worse (errors, rejections). */
  readonly better: 'higher' | 'lower';
  /** The catalog's declaration, with its example events. */
  readonly declared: OutcomeRatio;
}

function rateTerm(term: RatioTerm): RateTerm {
  const matchers: Matcher[] = term.where === undefined ? [] : [[prometheusLabel(term.where.attribute), term.where.match, term.where.value]];
  // A histogram counts its events in the `_count` series.
  return { spec: term.metric, suffix: term.metric.kind === 'histogram' ? '_count' : '', matchers };
}

export const DOMAIN_RATIOS: readonly DomainRatio[] = CATALOG.flatMap((domain) =>
  (domain.outcomeRatios ?? []).map(
    (ratio): DomainRatio => ({
      id: ratio.id,
      className: domain.className,
      title: ratio.title,
      description: ratio.description,
      numerator: ratio.numerator.map(rateTerm),
      denominator: ratio.denominator.map(rateTerm),
      by: ratio.by.map(prometheusLabel),
      better: ratio.better,
      declared: ratio,
    }),
  ),
);

export function domainRatio(id: string): DomainRatio {
  const found = DOMAIN_RATIOS.find((r) => r.id === id);
  if (!found) throw new Error(`no domain ratio ${id}`);
  return found;
}
