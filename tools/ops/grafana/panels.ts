// Builders of the two panel types the dashboards use, with the display options fixed in one place.
import { DATASOURCE, type FieldDefaults, type PanelSpec, type RowSpec, type Target } from './model.js';

export interface Query {
  readonly expr: string;
  /** Grafana legend template, e.g. `{{lang_and_version}}` or `p99`. */
  readonly legend: string;
}

function targets(queries: readonly Query[], kind: 'range' | 'instant'): Target[] {
  return queries.map((q, i) => ({
    datasource: DATASOURCE,
    expr: q.expr,
    legendFormat: q.legend,
    refId: String.fromCharCode(65 + i),
    ...(kind === 'instant' ? { instant: true, range: false } : { range: true }),
  }));
}

/** The legend template that names a series by its labels: `{{a}} {{b}}`, or a fixed text. */
export function legendOf(labels: readonly string[], fallback: string): string {
  return labels.length === 0 ? fallback : labels.map((l) => `{{${l}}}`).join(' ');
}

export interface PanelOptions {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly queries: readonly Query[];
  readonly width?: number;
  readonly height?: number;
  /** Axis/limits for ratios: 0…1. */
  readonly ratio?: boolean;
  /** Colour steps for a stat panel. */
  readonly thresholds?: FieldDefaults['thresholds'];
}

/** What every panel shares: titles, size, queries, unit and the 0…1 range of ratios. */
function panel(
  o: PanelOptions,
  type: PanelSpec['type'],
  size: { readonly width: number; readonly height: number },
  defaults: Omit<FieldDefaults, 'unit' | 'min' | 'max'>,
  options: PanelSpec['options'],
): PanelSpec {
  return {
    type,
    title: o.title,
    description: o.description,
    width: o.width ?? size.width,
    height: o.height ?? size.height,
    targets: targets(o.queries, type === 'stat' ? 'instant' : 'range'),
    fieldConfig: { defaults: { unit: o.unit, ...(o.ratio ? { min: 0, max: 1 } : {}), ...defaults }, overrides: [] },
    options,
  };
}

export function timeseries(o: PanelOptions): PanelSpec {
  return panel(
    o,
    'timeseries',
    { width: 12, height: 8 },
    {
      color: { mode: 'palette-classic' },
      custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', spanNulls: false },
    },
    {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  );
}

export function stat(o: PanelOptions): PanelSpec {
  return panel(
    o,
    'stat',
    { width: 6, height: 4 },
    { color: { mode: 'thresholds' }, thresholds: o.thresholds ?? { mode: 'absolute', steps: [{ color: 'green', value: null }] } },
    {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'value',
      graphMode: 'none',
      justifyMode: 'auto',
      textMode: 'auto',
      orientation: 'auto',
    },
  );
}

export function row(title: string): RowSpec {
  return { type: 'row', title };
}
