// A metric's Prometheus name on each of the two paths: scraped from the in-process endpoint
// (@opentelemetry/exporter-prometheus), or pushed over OTLP to the collector whose Prometheus
// exporter runs with the project's settings (translation_strategy:
// UnderscoreEscapingWithoutSuffixes in otel-collector.yaml). The catalog's names are chosen so
// that both give the same series name, and one query or dashboard serves either deployment.
import type { MetricSpec } from '../core/MetricSpec.js';

export type PrometheusPath = 'endpoint' | 'collector';

export const PROMETHEUS_PATHS: readonly PrometheusPath[] = ['endpoint', 'collector'];

/**
 * The exporter-prometheus translation: characters outside [a-zA-Z0-9_:] become "_", runs of "_"
 * collapse to one, a leading digit gets a "_" prefix, and monotonic sums get "_total" unless the
 * name already ends in it. No unit suffix.
 */
function endpointName(spec: MetricSpec): string {
  let name = spec.name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_{2,}/g, '_');
  if (/^[0-9]/.test(name)) name = `_${name}`;
  if (spec.kind === 'counter' && !name.endsWith('_total')) name += '_total';
  return name;
}

/**
 * The collector's UnderscoreEscapingWithoutSuffixes translation: the name is split on characters
 * outside [a-zA-Z0-9_:] and the parts joined with "_"; no type or unit suffix is added.
 */
function collectorName(spec: MetricSpec): string {
  let name = spec.name.split(/[^a-zA-Z0-9_:]+/).filter((part) => part !== '').join('_');
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return name;
}

/** The metric family name as Prometheus stores it on `path`. */
export function prometheusName(spec: MetricSpec, path: PrometheusPath = 'endpoint'): string {
  return path === 'endpoint' ? endpointName(spec) : collectorName(spec);
}

/** The series names a query can select: histograms expose _bucket, _sum and _count. */
export function prometheusSeriesNames(spec: MetricSpec, path: PrometheusPath = 'endpoint'): string[] {
  const name = prometheusName(spec, path);
  return spec.kind === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
}

/** An attribute key as a Prometheus label name (the same on both paths). */
export function prometheusLabel(key: string): string {
  const label = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(label) ? `key_${label}` : label;
}

/** The Prometheus type a metric is exposed as. */
export function prometheusType(spec: MetricSpec): 'counter' | 'gauge' | 'histogram' {
  if (spec.kind === 'counter') return 'counter';
  return spec.kind === 'histogram' ? 'histogram' : 'gauge';
}
