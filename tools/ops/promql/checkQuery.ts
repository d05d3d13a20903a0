// Checks a PromQL query against what the library really exports: it must parse, name only series
// of the catalog (identical on the scrape-endpoint and collector paths), recording rules of
// prometheus/alerts.yml, `target_info` or `up`, and use only labels those series carry. Also flags
// syntax that Prometheus 2.42 (the version the tests run) does not understand.
export type { QueryContext } from './queryContext.js';
import type { CatalogSeriesIndex } from './catalogSeries.js';
import { substituteGrafanaVariables } from './grafanaVariables.js';
import {
  aggregationName,
  argumentsOf,
  expressionChildren,
  functionName,
  groupingOf,
  labelsAvailableIn,
  matchingOf,
  outputLabels,
  type LabelSet,
  type SeriesLabelLookup,
} from './outputLabels.js';
import { defaultQueryContext, seriesLookup, type QueryContext } from './queryContext.js';
import { descendants, parsePromql, readSelector, textOf, type SyntaxNode } from './syntax.js';

export type ProblemCode =
  | 'syntax'
  | 'unknown-metric'
  | 'one-path-only'
  | 'unknown-label'
  | 'unchecked-selector'
  | 'prometheus-2-incompatible';

export interface QueryProblem {
  readonly code: ProblemCode;
  readonly message: string;
}

// Functions of PromQL as Prometheus 2.42 has them; newer ones fail there at load or query time.
const PROMETHEUS_2_42_FUNCTIONS = new Set(
  (
    'abs absent absent_over_time acos acosh asin asinh atan atanh avg_over_time ceil changes clamp clamp_max clamp_min ' +
    'cos cosh count_over_time day_of_month day_of_week day_of_year days_in_month deg delta deriv exp floor ' +
    'histogram_count histogram_fraction histogram_quantile histogram_sum holt_winters hour idelta increase irate ' +
    'label_join label_replace last_over_time ln log10 log2 max_over_time min_over_time minute month pi predict_linear ' +
    'present_over_time quantile_over_time rad rate resets round scalar sgn sin sinh sort sort_desc sqrt ' +
    'stddev_over_time stdvar_over_time sum_over_time tan tanh time timestamp vector year'
  ).split(' '),
);
const PROMETHEUS_2_42_AGGREGATIONS = new Set('avg bottomk count count_values group max min quantile stddev stdvar sum topk'.split(' '));
// Grammar of Prometheus 3 only: UTF-8 quoted names, anchored/smoothed rate modifiers, fill
// modifiers of binary operators, duration arithmetic.
const PROMETHEUS_3_NODES = new Set([
  'QuotedLabelName',
  'QuotedLabelMatcher',
  'AnchoredExpr',
  'SmoothedExpr',
  'FillModifier',
  'DurationStep',
  'DurationRange',
  'DurationMinOf',
  'DurationMaxOf',
]);

// Unit and type suffixes the collector adds under its default translation (which the project
// turns off): naming a series with one of them means the query was written for the wrong naming.
const UNIT_SUFFIXES = ['_seconds', '_milliseconds', '_bytes', '_mebibytes', '_ratio', '_percent', '_millicores', '_1'];

function suggestion(name: string, catalog: CatalogSeriesIndex): string {
  for (const unit of UNIT_SUFFIXES) {
    for (const tail of ['_bucket', '_sum', '_count', '_total', '']) {
      if (!name.endsWith(`${unit}${tail}`)) continue;
      const stripped = name.slice(0, name.length - unit.length - tail.length) + tail;
      if (catalog.series.has(stripped)) {
        return ` (unit suffixes are the collector's default naming, which the project switches off: the series is ${stripped})`;
      }
    }
  }
  if (name.endsWith('_total') && catalog.series.has(name.slice(0, -'_total'.length))) {
    return ` (${name.slice(0, -'_total'.length)} is not a counter, so it has no _total)`;
  }
  return '';
}

function describeSet(labels: LabelSet): string {
  return labels === 'any' ? 'any' : [...labels].sort().join(', ') || 'none';
}

/**
 * Problems of `query` (empty when it is fine). Grafana variables are replaced first
 * ($__rate_interval → 5m, $job and other user variables → .*).
 */
export function checkQuery(query: string, context: QueryContext = defaultQueryContext()): QueryProblem[] {
  const expr = substituteGrafanaVariables(query);
  const parsed = parsePromql(expr);
  if (parsed.syntaxErrors.length > 0) {
    // Error recovery invents nodes; anything past a syntax error would be noise.
    return parsed.syntaxErrors.map((e) => ({ code: 'syntax', message: `syntax error at ${e.at} near ${JSON.stringify(e.near)} in ${expr}` }));
  }
  const problems: QueryProblem[] = [];
  const lookup = seriesLookup(context);
  const root = parsed.tree.topNode;

  parsed.tree.iterate({
    enter(node) {
      if (PROMETHEUS_3_NODES.has(node.name)) {
        problems.push({ code: 'prometheus-2-incompatible', message: `${node.name} "${expr.slice(node.from, node.to)}" needs Prometheus 3; the project supports 2.42` });
      }
      if (node.name === 'DurationExpr' && node.node.getChildren('DurationExpr').length > 0) {
        problems.push({ code: 'prometheus-2-incompatible', message: `duration arithmetic "${expr.slice(node.from, node.to)}" needs Prometheus 3` });
      }
    },
  });

  for (const call of descendants(root, 'FunctionCall')) {
    const name = functionName(expr, call);
    if (!PROMETHEUS_2_42_FUNCTIONS.has(name)) problems.push({ code: 'prometheus-2-incompatible', message: `function ${name}() does not exist in Prometheus 2.42` });
  }

  for (const node of descendants(root, 'VectorSelector')) checkSelector(expr, node, context, problems);

  for (const aggregate of descendants(root, 'AggregateExpr')) {
    const op = aggregationName(expr, aggregate);
    if (!PROMETHEUS_2_42_AGGREGATIONS.has(op)) problems.push({ code: 'prometheus-2-incompatible', message: `aggregation ${op} does not exist in Prometheus 2.42` });
    const grouping = groupingOf(expr, aggregate);
    const body = argumentsOf(aggregate).at(-1);
    if (!body || grouping.kind === 'none') continue;
    checkGroupingLabels(expr, `${op} ${grouping.kind} (…)`, grouping.labels, [body], lookup, problems);
  }

  for (const binary of descendants(root, 'BinaryExpr')) {
    const matching = matchingOf(expr, binary);
    const operands = expressionChildren(binary);
    if (matching.kind !== 'none') checkGroupingLabels(expr, matching.kind, matching.labels, operands, lookup, problems);
    if (matching.group !== 'none') checkGroupingLabels(expr, `group_${matching.group}`, matching.include, operands, lookup, problems);
  }
  return problems;
}

function checkSelector(expr: string, node: SyntaxNode, context: QueryContext, problems: QueryProblem[]): void {
  const selector = readSelector(expr, node);
  const text = textOf(expr, node);
  if (selector.metric === undefined) {
    problems.push({ code: 'unchecked-selector', message: `${text} selects no fixed metric name, so it cannot be checked; name the metric` });
    return;
  }
  const name = selector.metric;
  const onePath = context.catalog.onePathOnly.get(name);
  if (onePath !== undefined) {
    problems.push({ code: 'one-path-only', message: onePath });
    return;
  }
  const labels = seriesLookup(context)(name);
  if (labels === undefined) {
    problems.push({ code: 'unknown-metric', message: `${name} is not a catalog series, a recording rule, target_info or up${suggestion(name, context.catalog)}` });
    return;
  }
  if (labels === 'any') return;
  for (const matcher of selector.matchers) {
    if (matcher.label === '__name__' || labels.has(matcher.label)) continue;
    problems.push({ code: 'unknown-label', message: `${name} has no label ${matcher.label} (it has: ${describeSet(labels)})` });
  }
}

/**
 * A label in by/without/on/ignoring/group_x must exist on some series inside the operands (the
 * union is enough there), and for by/on it must also survive to the operands' results: `by (x)`
 * over an inner `sum by (le)` can never see `x`.
 */
function checkGroupingLabels(
  expr: string,
  clause: string,
  names: readonly string[],
  operands: readonly SyntaxNode[],
  lookup: SeriesLabelLookup,
  problems: QueryProblem[],
): void {
  let available: LabelSet = new Set<string>();
  let results: LabelSet = new Set<string>();
  for (const operand of operands) {
    const inside = labelsAvailableIn(expr, operand, lookup);
    const result = outputLabels(expr, operand, lookup);
    available = available === 'any' || inside === 'any' ? 'any' : new Set([...available, ...inside]);
    results = results === 'any' || result === 'any' ? 'any' : new Set([...results, ...result]);
  }
  const where = operands.map((o) => textOf(expr, o)).join(' … ');
  for (const name of names) {
    if (available !== 'any' && !available.has(name)) {
      problems.push({ code: 'unknown-label', message: `${clause} names ${name}, which no series in ${where} has (they have: ${describeSet(available)})` });
    } else if (!clause.includes('without') && !clause.includes('ignoring') && results !== 'any' && !results.has(name)) {
      problems.push({ code: 'unknown-label', message: `${clause} names ${name}, which ${where} no longer carries (its result has: ${describeSet(results)})` });
    }
  }
}

/** A readable one-line summary of problems, for assertion messages. */
export function formatProblems(query: string, problems: readonly QueryProblem[]): string {
  return problems.length === 0 ? '' : `${query}\n${problems.map((p) => `  - [${p.code}] ${p.message}`).join('\n')}`;
}

/** The metric names a query selects (Grafana variables replaced), in source order. */
export function selectedMetricNames(query: string): string[] {
  const expr = substituteGrafanaVariables(query);
  const parsed = parsePromql(expr);
  return descendants(parsed.tree.topNode, 'VectorSelector')
    .map((n) => readSelector(expr, n).metric)
    .filter((m): m is string => m !== undefined);
}
