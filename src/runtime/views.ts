// SDK views derived from the catalog: each histogram gets its catalog bucket boundaries and each
// catalog stream the configured cardinality limit (with the SDK's overflow series beyond it).
import { AggregationType, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { BUCKET_SETS } from '../core/buckets.js';
import type { MetricSpec } from '../core/MetricSpec.js';

/**
 * The limit handed to the SDK. The domain classes admit at most limit − 1 attribute sets over a
 * metric's lifetime and send the rest to the overflow series themselves; the SDK counts the
 * overflow series as one of its own limit − 1 when it comes first in an interval, and would then
 * fold an admitted set into it. One place more keeps the SDK from second-guessing.
 */
export function sdkCardinalityLimit(cardinalityLimit: number): number {
  return cardinalityLimit + 1;
}

export function catalogViews(specs: readonly MetricSpec[], cardinalityLimit: number): ViewOptions[] {
  return specs.map((spec): ViewOptions => {
    const view: ViewOptions = { instrumentName: spec.name, aggregationCardinalityLimit: sdkCardinalityLimit(cardinalityLimit) };
    if (spec.kind !== 'histogram') return view;
    return {
      ...view,
      aggregation: {
        type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
        options: { boundaries: [...BUCKET_SETS[spec.buckets]], recordMinMax: true },
      },
    };
  });
}
