// The panels of one catalog metric, by instrument kind:
//   counter          rate now (stat) and rate by its attributes (time series)
//   histogram        p50/p95/p99, p99 by its attributes, observations per second by its attributes
//   gauge/UpDown     current value (stat) and value by its attributes (time series)
// Every selector filters on the `job` variable: the dashboards then work on the direct-scrape and
// the collector path alike, and never add the two paths up.
import { type MetricSpec, prometheusLabel, prometheusSeriesNames } from 'otel-domain-metrics';
import { JOB_FILTER, aggregate, quantileExpr, rate, selector, seriesName } from '../promql/build.js';
import type { LayoutItem } from './model.js';
import { legendOf, row, stat, timeseries } from './panels.js';
import { OBSERVATION_RATE_UNIT, rateUnit, valueUnit } from './units.js';

/** Grafana's rate window: at least four scrape intervals, so rate() always has two samples. */
export const RATE_INTERVAL = '$__rate_interval';

const QUANTILES = [0.5, 0.95, 0.99] as const;

/** The description as a title: some (the OTel semantic-convention ones) end in a full stop. */
function titleOf(spec: MetricSpec): string {
  return spec.description.replace(/\.$/, '');
}

function describe(spec: MetricSpec): string {
  const names = prometheusSeriesNames(spec).join(', ');
  const attributes = spec.attributes.length === 0 ? 'no attributes' : `attributes ${spec.attributes.join(', ')}`;
  return `${titleOf(spec)}. OpenTelemetry ${spec.name} (${spec.kind}, unit ${spec.unit}, ${attributes}); Prometheus ${names}.`;
}

function byPhrase(labels: readonly string[]): string {
  return labels.length === 0 ? '' : ` by ${labels.join(', ')}`;
}

function counterPanels(spec: MetricSpec, labels: readonly string[]): LayoutItem[] {
  const series = selector(seriesName(spec), [JOB_FILTER]);
  return [
    stat({
      title: `${titleOf(spec)} per second`,
      description: `${describe(spec)} Zero until the first event: counters with attributes appear only then.`,
      unit: rateUnit(spec),
      queries: [{ expr: `${aggregate('sum', [], rate(series, RATE_INTERVAL))} or vector(0)`, legend: 'total' }],
    }),
    timeseries({
      title: `${titleOf(spec)}: rate${byPhrase(labels)}`,
      description: describe(spec),
      unit: rateUnit(spec),
      width: 18,
      queries: [{ expr: aggregate('sum', labels, rate(series, RATE_INTERVAL)), legend: legendOf(labels, 'total') }],
    }),
  ];
}

function histogramPanels(spec: MetricSpec, labels: readonly string[]): LayoutItem[] {
  const width = labels.length === 0 ? 12 : 8;
  const panels: LayoutItem[] = [
    timeseries({
      title: `${titleOf(spec)}: p50 / p95 / p99`,
      description: `${describe(spec)} Quantiles interpolated within the catalog's bucket boundaries.`,
      unit: valueUnit(spec),
      width,
      queries: QUANTILES.map((q) => ({ expr: quantileExpr(spec, q, [], RATE_INTERVAL, [JOB_FILTER]), legend: `p${Math.round(q * 100)}` })),
    }),
  ];
  if (labels.length > 0) {
    panels.push(
      timeseries({
        title: `${titleOf(spec)}: p99${byPhrase(labels)}`,
        description: describe(spec),
        unit: valueUnit(spec),
        width,
        queries: [{ expr: quantileExpr(spec, 0.99, labels, RATE_INTERVAL, [JOB_FILTER]), legend: legendOf(labels, 'p99') }],
      }),
    );
  }
  panels.push(
    timeseries({
      title: `${titleOf(spec)}: observations per second${byPhrase(labels)}`,
      description: describe(spec),
      unit: OBSERVATION_RATE_UNIT,
      width,
      queries: [{ expr: aggregate('sum', labels, rate(selector(seriesName(spec, '_count'), [JOB_FILTER]), RATE_INTERVAL)), legend: legendOf(labels, 'total') }],
    }),
  );
  return panels;
}

function currentValuePanels(spec: MetricSpec, labels: readonly string[]): LayoutItem[] {
  // A status (unit 1: 1 = up, 0 = down) is combined with min, so one instance seeing a dependency
  // down shows as down; counts (queue depth, lag, sizes) add up across instances.
  const op = spec.unit === '1' ? 'min' : 'sum';
  const series = selector(seriesName(spec), [JOB_FILTER]);
  return [
    stat({
      title: `${titleOf(spec)} (now)`,
      description: `${describe(spec)} ${op === 'min' ? 'Lowest value across instances.' : 'Sum across instances.'}`,
      unit: valueUnit(spec),
      queries: [{ expr: aggregate(op, op === 'min' ? labels : [], series), legend: op === 'min' ? legendOf(labels, 'value') : 'total' }],
    }),
    timeseries({
      title: `${titleOf(spec)}${byPhrase(labels)}`,
      description: describe(spec),
      unit: valueUnit(spec),
      width: 18,
      queries: [{ expr: aggregate(op, labels, series), legend: legendOf(labels, op === 'min' ? 'value' : 'total') }],
    }),
  ];
}

/** A row for the metric and its panels. */
export function metricPanels(spec: MetricSpec): LayoutItem[] {
  const labels = spec.attributes.map(prometheusLabel);
  const title = `${spec.name} — ${titleOf(spec)}`;
  switch (spec.kind) {
    case 'counter':
      return [row(title), ...counterPanels(spec, labels)];
    case 'histogram':
      return [row(title), ...histogramPanels(spec, labels)];
    case 'upDownCounter':
    case 'gauge':
      return [row(title), ...currentValuePanels(spec, labels)];
  }
}
