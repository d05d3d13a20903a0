// What a query may select: the catalog's series (identical on both paths), target_info and up,
// and the recording rules of a Prometheus rule file — each with the labels its series carry.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { catalogSeriesIndex, type CatalogSeriesIndex } from './catalogSeries.js';
import { substituteGrafanaVariables } from './grafanaVariables.js';
import { outputLabels, type LabelSet, type SeriesLabelLookup } from './outputLabels.js';
import { parsePromql } from './syntax.js';
import { RULES_DIR } from '../paths.js';

export interface QueryContext {
  readonly catalog: CatalogSeriesIndex;
  /** Non-catalog series a query may select, with their labels. */
  readonly extraSeries: ReadonlyMap<string, LabelSet>;
}

/**
 * Series that exist besides the catalog's: `target_info` carries the resource attributes (an open
 * set), `up` only the target labels.
 */
export const BUILTIN_SERIES: ReadonlyMap<string, LabelSet> = new Map<string, LabelSet>([
  ['target_info', 'any'],
  ['up', new Set(['job', 'instance'])],
]);

/** The catalog and the built-in series, without recording rules. */
export function catalogQueryContext(): QueryContext {
  return { catalog: catalogSeriesIndex(), extraSeries: BUILTIN_SERIES };
}

export function seriesLookup(context: QueryContext): SeriesLabelLookup {
  return (name) => context.catalog.series.get(name)?.labels ?? context.extraSeries.get(name);
}

export interface RuleDefinition {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly RuleDefinition[];
}

export const DEFAULT_RULES_FILE = join(RULES_DIR, 'alerts.yml');

/** The rule groups of a Prometheus rule file (throws on a malformed file). */
export function readRuleGroups(file: string): RuleGroup[] {
  const doc = parse(readFileSync(file, 'utf8')) as { groups?: RuleGroup[] } | null;
  if (!doc || !Array.isArray(doc.groups)) throw new Error(`${file}: no "groups" list`);
  return doc.groups;
}

/** `base` plus the recording rules of `groups`, each with the labels its result carries. */
export function withRecordingRules(base: QueryContext, groups: readonly RuleGroup[]): QueryContext {
  const extra = new Map<string, LabelSet>(base.extraSeries);
  const context: QueryContext = { catalog: base.catalog, extraSeries: extra };
  for (const group of groups) {
    for (const rule of group.rules) {
      if (rule.record === undefined) continue;
      const expr = substituteGrafanaVariables(rule.expr);
      const inferred = outputLabels(expr, parsePromql(expr).tree.topNode, seriesLookup(context));
      const labels: LabelSet = inferred === 'any' ? 'any' : new Set([...inferred, ...Object.keys(rule.labels ?? {})]);
      const previous = extra.get(rule.record);
      // A name recorded by several rules carries the union of their labels.
      extra.set(rule.record, previous === undefined ? labels : previous === 'any' || labels === 'any' ? 'any' : new Set([...previous, ...labels]));
    }
  }
  return context;
}

let cachedDefault: QueryContext | undefined;

/**
 * The context queries are checked in by default: the catalog, target_info, up, and the recording
 * rules of the committed prometheus/alerts.yml (when it exists).
 */
export function defaultQueryContext(): QueryContext {
  if (cachedDefault) return cachedDefault;
  const base = catalogQueryContext();
  cachedDefault = existsSync(DEFAULT_RULES_FILE) ? withRecordingRules(base, readRuleGroups(DEFAULT_RULES_FILE)) : base;
  return cachedDefault;
}
