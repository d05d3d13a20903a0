// For each domain ratio: which series make up its numerator and the rest of its denominator in
// the unit tests, from the example events the catalog declares with the ratio.
import { prometheusLabel, type RatioExample } from 'otel-domain-metrics';
import { domainRatio } from '../promql/domainRatios.js';
import type { Labels, RatioFixture } from './fixtures.js';

function term(example: RatioExample): RatioFixture['hit'] {
  const labels: Labels = Object.fromEntries(Object.entries(example.attributes).map(([key, value]) => [prometheusLabel(key), value]));
  return { spec: example.metric, suffix: example.metric.kind === 'histogram' ? '_count' : '', labels };
}

export function ratioFixture(id: string): RatioFixture {
  const ratio = domainRatio(id).declared;
  return {
    hit: term(ratio.example.hit),
    rest: term(ratio.example.rest),
    // A rest series of another metric than the numerator's already counts every event (rejected
    // vs requests); one of the same metric, or also a numerator term, is the complement.
    restIsWhole: !ratio.denominator.some((t) => t.metric === ratio.example.hit.metric),
  };
}
