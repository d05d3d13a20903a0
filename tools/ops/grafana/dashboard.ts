// The frame every generated dashboard shares: uid from the name, the `job` variable, links between
// the dashboards, fixed schema version and no timestamps, so regenerating gives identical files.
import { DASHBOARD_TAG, DATASOURCE, SCHEMA_VERSION, type Dashboard, type LayoutItem, type TemplateVariable } from './model.js';
import { layout } from './layout.js';

const JOB_QUERY = 'label_values(target_info, job)';

/**
 * The dashboards' one variable. `target_info` exists for every service on both paths, with `job`
 * = service.name through the collector and the scrape job on the direct path. A single choice
 * (no "All"): with both paths in one Prometheus, "All" would count every process twice.
 */
export const JOB_VARIABLE: TemplateVariable = {
  name: 'job',
  label: 'Job',
  description: 'Service (collector path: service.name) or scrape job (direct path). Pick one: both paths carry the same data.',
  type: 'query',
  datasource: DATASOURCE,
  definition: JOB_QUERY,
  query: { qryType: 1, query: JOB_QUERY, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
  refresh: 2,
  includeAll: false,
  multi: false,
  sort: 1,
  regex: '',
  hide: 0,
  options: [],
  current: {},
};

/** "HttpServerMetrics" → "http-server": the file name and uid part of a domain's dashboard. */
export function domainSlug(className: string): string {
  return className
    .replace(/Metrics$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

export function dashboardUid(slug: string): string {
  return `odm-${slug}`;
}

export interface DashboardOptions {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly items: readonly LayoutItem[];
}

export function dashboard(o: DashboardOptions): Dashboard {
  return {
    uid: dashboardUid(o.slug),
    title: o.title,
    description: o.description,
    tags: [DASHBOARD_TAG, o.slug],
    editable: false,
    graphTooltip: 1,
    time: { from: 'now-1h', to: 'now' },
    timepicker: {},
    refresh: '30s',
    timezone: 'browser',
    fiscalYearStartMonth: 0,
    liveNow: false,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    links: [
      { title: 'otel-domain-metrics', type: 'dashboards', tags: [DASHBOARD_TAG], asDropdown: true, includeVars: true, keepTime: true, icon: 'external link', targetBlank: false, tooltip: '', url: '' },
    ],
    annotations: { list: [] },
    templating: { list: [JOB_VARIABLE] },
    panels: layout(o.items),
  };
}
