// Whether what a reader received matches the declarations: unit, description, attribute keys
// within the allow-list, histogram buckets as declared, and no value a query would choke on.
import { BUCKET_SETS } from '../core/buckets.js';
import type { MetricSpec } from '../core/MetricSpec.js';
import type { CollectedMetrics } from './CollectedMetrics.js';
import type { MetricsClassProblem } from './specRules.js';

export interface ExportCheckOptions {
  /** Also report each declared metric that has no series. @default false */
  readonly requireEvery?: boolean;
}

/** Problems of the exported series of the metrics declared in `specs` (other metrics are not looked at). */
export function exportProblems(collected: CollectedMetrics, specs: readonly MetricSpec[], options: ExportCheckOptions = {}): MetricsClassProblem[] {
  const problems: MetricsClassProblem[] = [];
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  for (const spec of byName.values()) {
    const metric = collected.find(spec.name);
    const add = (message: string) => problems.push({ rule: 'export', subject: spec.name, message });
    if (metric === undefined) {
      if (options.requireEvery === true) add('declared but not exported after the calls that should record it');
      continue;
    }
    if (metric.unit !== spec.unit) add(`exported in unit "${metric.unit}", declared "${spec.unit}"`);
    if (metric.description !== spec.description) add(`exported with description ${JSON.stringify(metric.description)}, declared ${JSON.stringify(spec.description)}`);
    const allowed = new Set<string>(spec.attributes);
    const extra = new Set(metric.series.flatMap((s) => Object.keys(s.attributes)).filter((key) => !allowed.has(key) && key !== 'otel.metric.overflow'));
    if (extra.size > 0) add(`exported attribute keys outside the allow-list: ${[...extra].join(', ')}`);
    const mayBeNegative = spec.kind === 'upDownCounter' || (spec.kind === 'gauge' && spec.nonNegative !== true);
    for (const series of metric.series) {
      const numbers = typeof series.value === 'number' ? [series.value] : [series.value.sum, series.value.min ?? 0, series.value.max ?? 0];
      if (numbers.some((v) => !Number.isFinite(v) || (!mayBeNegative && v < 0))) {
        add(`exported ${numbers.join('/')} for ${JSON.stringify(series.attributes)}: ${mayBeNegative ? 'not finite' : 'not a finite value ≥ 0'}`);
      }
      if (spec.kind === 'histogram' && typeof series.value !== 'number') {
        const declared = BUCKET_SETS[spec.buckets];
        const exported = series.value.boundaries;
        if (declared !== undefined && (exported.length !== declared.length || exported.some((b, i) => b !== declared[i]))) {
          add(`exported on buckets [${exported.join(', ')}], declared "${spec.buckets}" [${declared.join(', ')}]`);
        }
      }
    }
  }
  return problems;
}
