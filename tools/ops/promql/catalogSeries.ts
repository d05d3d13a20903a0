// The Prometheus series every catalog metric produces, on both paths (scraped from the in-process
// endpoint or pushed through the collector: the same names), with the labels each series can carry; likewise the process and runtime metrics
// of the contrib packages the runtime starts. Queries in dashboards, alert rules and docs are
// checked against this index, so a query can only name what the library really exports.
import { CATALOG, type MetricSpec, PROMETHEUS_PATHS, prometheusLabel, type PrometheusPath, prometheusSeriesNames, RUNTIME_METRIC_GROUPS } from 'otel-domain-metrics';

/** Labels Prometheus or the exporters put on every series of a catalog metric. */
export const COMMON_LABELS: readonly string[] = ['job', 'instance', 'otel_scope_name', 'otel_scope_version'];

/**
 * The SDK's cardinality limit folds excess attribute sets into one series marked with this label.
 * Only metrics with attributes can overflow.
 */
export const OVERFLOW_LABEL = 'otel_metric_overflow';

export interface CatalogSeries {
  /** The series name as a query selects it (identical on both paths, or reported as a mismatch). */
  readonly name: string;
  readonly spec: MetricSpec;
  /** The domain class the metric belongs to, or the contrib package that records it. */
  readonly className: string;
  /** `_bucket`, `_sum`, `_count` for histograms, '' otherwise. */
  readonly suffix: '' | '_bucket' | '_sum' | '_count';
  /** Every label a series of this name can carry (never `__name__`). */
  readonly labels: ReadonlySet<string>;
  /** The attribute labels alone, in catalog order. */
  readonly attributeLabels: readonly string[];
}

export interface NameMismatch {
  readonly metric: string;
  readonly endpoint: readonly string[];
  readonly collector: readonly string[];
}

/** The catalog's domains, then the contrib packages' runtime metrics. */
function metricSources(): { readonly className: string; readonly metrics: Readonly<Record<string, MetricSpec>> }[] {
  return [...CATALOG, ...RUNTIME_METRIC_GROUPS.map((g) => ({ className: g.packageName, metrics: g.metrics }))];
}

function seriesNamesOn(spec: MetricSpec, path: PrometheusPath): string[] {
  return prometheusSeriesNames(spec, path);
}

/** Every catalog or runtime metric whose series names differ between the two paths (should be none). */
export function catalogNameMismatches(): NameMismatch[] {
  const out: NameMismatch[] = [];
  for (const domain of metricSources()) {
    for (const spec of Object.values(domain.metrics)) {
      const [endpoint, collector] = PROMETHEUS_PATHS.map((p) => seriesNamesOn(spec, p)) as [string[], string[]];
      if (endpoint.join(',') !== collector.join(',')) out.push({ metric: spec.name, endpoint, collector });
    }
  }
  return out;
}

export interface CatalogSeriesIndex {
  /** Series names that are the same on both paths. */
  readonly series: ReadonlyMap<string, CatalogSeries>;
  /** Series names that exist on one path only: name → explanation. */
  readonly onePathOnly: ReadonlyMap<string, string>;
}

let cached: CatalogSeriesIndex | undefined;

/** The index of catalog series, built once. */
export function catalogSeriesIndex(): CatalogSeriesIndex {
  if (cached) return cached;
  const series = new Map<string, CatalogSeries>();
  const onePathOnly = new Map<string, string>();
  for (const domain of metricSources()) {
    for (const spec of Object.values(domain.metrics)) {
      const endpoint = seriesNamesOn(spec, 'endpoint');
      const collector = seriesNamesOn(spec, 'collector');
      const attributeLabels = spec.attributes.map(prometheusLabel);
      for (const [i, name] of endpoint.entries()) {
        const other = collector[i];
        if (other !== name) {
          onePathOnly.set(name, `${name} is the scrape-endpoint name of ${spec.name}; through the collector it is ${other}`);
          if (other !== undefined) onePathOnly.set(other, `${other} is the collector name of ${spec.name}; on the scrape endpoint it is ${name}`);
          continue;
        }
        const suffix = spec.kind === 'histogram' ? (['_bucket', '_sum', '_count'] as const)[i]! : '';
        const labels = new Set<string>([...COMMON_LABELS, ...attributeLabels]);
        if (attributeLabels.length > 0) labels.add(OVERFLOW_LABEL);
        if (suffix === '_bucket') labels.add('le');
        series.set(name, { name, spec, className: domain.className, suffix, labels, attributeLabels });
      }
    }
  }
  cached = { series, onePathOnly };
  return cached;
}

/** The series names of `spec` (asserting both paths agree; the tests check that separately). */
export function seriesOf(spec: MetricSpec): { readonly base: string; readonly names: readonly string[] } {
  const names = seriesNamesOn(spec, 'endpoint');
  const base = spec.kind === 'histogram' ? names[0]!.slice(0, -'_bucket'.length) : names[0]!;
  return { base, names };
}
