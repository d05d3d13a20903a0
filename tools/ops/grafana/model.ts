// The subset of Grafana's dashboard JSON model the generator writes. Only what the dashboards use
// is typed; Grafana fills in defaults for the rest when it loads a file.

export const DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;

/** Dashboard JSON schema version written into every file (Grafana migrates newer on load). */
export const SCHEMA_VERSION = 39;

/** Tag on every generated dashboard; the overview links to them by it. */
export const DASHBOARD_TAG = 'otel-domain-metrics';

export interface Target {
  readonly datasource: typeof DATASOURCE;
  readonly expr: string;
  readonly legendFormat: string;
  readonly refId: string;
  readonly range?: boolean;
  readonly instant?: boolean;
}

export interface GridPos {
  readonly h: number;
  readonly w: number;
  readonly x: number;
  readonly y: number;
}

export interface ThresholdStep {
  readonly color: string;
  readonly value: number | null;
}

export interface FieldDefaults {
  readonly unit: string;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
  readonly color?: { readonly mode: string };
  readonly thresholds?: { readonly mode: 'absolute'; readonly steps: readonly ThresholdStep[] };
  readonly custom?: Readonly<Record<string, unknown>>;
  readonly noValue?: string;
}

/** A data panel before layout: the layout assigns `id` and `gridPos`. */
export interface PanelSpec {
  readonly type: 'timeseries' | 'stat';
  readonly title: string;
  readonly description: string;
  readonly width: number;
  readonly height: number;
  readonly targets: readonly Target[];
  readonly fieldConfig: { readonly defaults: FieldDefaults; readonly overrides: readonly unknown[] };
  readonly options: Readonly<Record<string, unknown>>;
}

/** A full-width row header that starts a new line of panels. */
export interface RowSpec {
  readonly type: 'row';
  readonly title: string;
}

export type LayoutItem = PanelSpec | RowSpec;

export interface Panel {
  readonly id: number;
  readonly gridPos: GridPos;
  readonly type: string;
  readonly title: string;
  readonly [key: string]: unknown;
}

export interface TemplateVariable {
  readonly name: string;
  readonly [key: string]: unknown;
}

export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly panels: readonly Panel[];
  readonly templating: { readonly list: readonly TemplateVariable[] };
  readonly schemaVersion: number;
  readonly [key: string]: unknown;
}
