// All generated dashboards as file name → file content. Keys are sorted and the output has no
// timestamps, so the same catalog always gives byte-identical files.
import { CATALOG } from 'otel-domain-metrics';
import { domainDashboard } from './domainDashboard.js';
import { domainSlug } from './dashboard.js';
import type { Dashboard } from './model.js';
import { overviewDashboard } from './overview.js';
import { processDashboard } from './processDashboard.js';

export interface GeneratedFile {
  /** File name inside grafana/dashboards. */
  readonly name: string;
  readonly dashboard: Dashboard;
  readonly content: string;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** 2-space JSON with sorted keys and a trailing newline. */
export function serialize(dashboard: Dashboard): string {
  return `${JSON.stringify(sortKeys(dashboard), null, 2)}\n`;
}

export function generateDashboards(): GeneratedFile[] {
  const dashboards: [string, Dashboard][] = [
    ...CATALOG.map((d): [string, Dashboard] => [`${domainSlug(d.className)}.json`, domainDashboard(d)]),
    ['overview.json', overviewDashboard()],
    ['process.json', processDashboard()],
  ];
  const names = new Set<string>();
  for (const [name] of dashboards) {
    if (names.has(name)) throw new Error(`two dashboards would be written to ${name}`);
    names.add(name);
  }
  return dashboards.map(([name, dashboard]) => ({ name, dashboard, content: serialize(dashboard) }));
}

/** Generated dashboards carry this uid prefix; only such files are removed as stale. */
export const GENERATED_UID_PREFIX = 'odm-';
