// SDK views derived from the catalog: each histogram gets its catalog bucket boundaries and each
// catalog stream the configured cardinality limit (with the SDK's overflow series beyond it).
import { AggregationType, type ViewOptions } from '@opentelemetry/sdk-metrics';
import { BUCKET_SETS } from '../core/buckets.js';
import type { MetricSpec } from '../core/MetricSpec.js';

export function catalogViews(specs: readonly MetricSpec[], cardinalityLimit: number): ViewOptions[] {
  return specs.map((spec): ViewOptions => {
    const view: ViewOptions = { instrumentName: spec.name, aggregationCardinalityLimit: cardinalityLimit };
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
