// Which labels the result of a PromQL expression carries, following Prometheus's evaluation rules
// (aggregation by/without, one-to-one and group_left/right matching, functions that drop or add
// labels). Used to know what a recording rule's series look like, and to catch `by (x)` clauses
// over results that no longer have `x`.
import { children, childOf, descendants, groupingLabelNames, readSelector, textOf, unquote, type SyntaxNode } from './syntax.js';

/** A set of label names, or 'any' where the labels cannot be known (e.g. target_info). */
export type LabelSet = ReadonlySet<string> | 'any';

/** Looks up the labels a series name carries; undefined for an unknown name. */
export type SeriesLabelLookup = (name: string) => LabelSet | undefined;

const EXPRESSION_NODES = new Set([
  'AggregateExpr',
  'AnchoredExpr',
  'BinaryExpr',
  'FunctionCall',
  'MatrixSelector',
  'NumberDurationLiteral',
  'OffsetExpr',
  'ParenExpr',
  'SmoothedExpr',
  'StepInvariantExpr',
  'StringLiteral',
  'SubqueryExpr',
  'UnaryExpr',
  'VectorSelector',
]);

/** The expression children of a node (operators, modifiers and durations left out). */
export function expressionChildren(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter((c) => EXPRESSION_NODES.has(c.name));
}

/** Arguments of a function call or aggregation. */
export function argumentsOf(node: SyntaxNode): SyntaxNode[] {
  const body = childOf(node, 'FunctionCallBody');
  return body ? expressionChildren(body) : [];
}

const SCALAR_FUNCTIONS = new Set(['scalar', 'time', 'pi']);
const LABELLESS_FUNCTIONS = new Set(['vector', 'time', 'pi', 'scalar', 'day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year']);
const KEEP_LABELS_AGGREGATIONS = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);

/** True when `node` evaluates to a scalar rather than an instant vector. */
export function isScalar(expr: string, node: SyntaxNode): boolean {
  switch (node.name) {
    case 'NumberDurationLiteral':
      return true;
    case 'ParenExpr':
    case 'UnaryExpr': {
      const inner = expressionChildren(node)[0];
      return inner !== undefined && isScalar(expr, inner);
    }
    case 'FunctionCall':
      return SCALAR_FUNCTIONS.has(functionName(expr, node));
    case 'BinaryExpr': {
      const [left, right] = expressionChildren(node);
      return left !== undefined && right !== undefined && isScalar(expr, left) && isScalar(expr, right);
    }
    default:
      return false;
  }
}

export function functionName(expr: string, node: SyntaxNode): string {
  const id = childOf(node, 'FunctionIdentifier');
  return id ? textOf(expr, id) : '';
}

export function aggregationName(expr: string, node: SyntaxNode): string {
  const op = childOf(node, 'AggregateOp');
  return op ? textOf(expr, op) : '';
}

export interface Grouping {
  readonly kind: 'by' | 'without' | 'none';
  readonly labels: readonly string[];
}

export function groupingOf(expr: string, aggregate: SyntaxNode): Grouping {
  const modifier = childOf(aggregate, 'AggregateModifier');
  if (!modifier) return { kind: 'none', labels: [] };
  const kind = childOf(modifier, 'Without') ? 'without' : 'by';
  return { kind, labels: groupingLabelNames(expr, childOf(modifier, 'GroupingLabels')) };
}

export interface Matching {
  readonly kind: 'on' | 'ignoring' | 'none';
  readonly labels: readonly string[];
  readonly group: 'left' | 'right' | 'none';
  readonly include: readonly string[];
}

export function matchingOf(expr: string, binary: SyntaxNode): Matching {
  const clause = childOf(binary, 'MatchingModifierClause');
  if (!clause) return { kind: 'none', labels: [], group: 'none', include: [] };
  const lists = children(clause).filter((c) => c.name === 'GroupingLabels');
  const kind = childOf(clause, 'On') ? 'on' : 'ignoring';
  const group = childOf(clause, 'GroupLeft') ? 'left' : childOf(clause, 'GroupRight') ? 'right' : 'none';
  return {
    kind,
    labels: groupingLabelNames(expr, lists[0]),
    group,
    include: group === 'none' ? [] : groupingLabelNames(expr, lists[1]),
  };
}

export function binaryOperator(binary: SyntaxNode): string {
  return expressionChildren(binary).length === 2 ? (children(binary).find((c) => !EXPRESSION_NODES.has(c.name) && c.name !== 'BoolModifier' && c.name !== 'MatchingModifierClause')?.name ?? '') : '';
}

const union = (a: LabelSet, b: LabelSet): LabelSet => (a === 'any' || b === 'any' ? 'any' : new Set([...a, ...b]));
const minus = (a: LabelSet, b: readonly string[]): LabelSet => (a === 'any' ? 'any' : new Set([...a].filter((l) => !b.includes(l))));
const plus = (a: LabelSet, b: readonly string[]): LabelSet => (a === 'any' ? 'any' : new Set([...a, ...b]));
const EMPTY: LabelSet = new Set<string>();

/** The labels of the result of `node` (never `__name__`). */
export function outputLabels(expr: string, node: SyntaxNode, lookup: SeriesLabelLookup): LabelSet {
  switch (node.name) {
    case 'PromQL': {
      const inner = expressionChildren(node)[0];
      return inner ? outputLabels(expr, inner, lookup) : EMPTY;
    }
    case 'VectorSelector': {
      const selector = readSelector(expr, node);
      return selector.metric === undefined ? 'any' : (lookup(selector.metric) ?? 'any');
    }
    case 'NumberDurationLiteral':
    case 'StringLiteral':
      return EMPTY;
    case 'MatrixSelector':
    case 'SubqueryExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'AnchoredExpr':
    case 'SmoothedExpr': {
      const inner = expressionChildren(node)[0];
      return inner ? outputLabels(expr, inner, lookup) : EMPTY;
    }
    case 'FunctionCall':
      return functionLabels(expr, node, lookup);
    case 'AggregateExpr':
      return aggregationLabels(expr, node, lookup);
    case 'BinaryExpr':
      return binaryLabels(expr, node, lookup);
    default:
      return 'any';
  }
}

function functionLabels(expr: string, node: SyntaxNode, lookup: SeriesLabelLookup): LabelSet {
  const name = functionName(expr, node);
  const args = argumentsOf(node);
  if (LABELLESS_FUNCTIONS.has(name) && args.length === 0) return EMPTY;
  switch (name) {
    case 'vector':
    case 'scalar':
      return EMPTY;
    case 'histogram_quantile':
    case 'histogram_fraction': {
      const last = args.at(-1);
      return last ? minus(outputLabels(expr, last, lookup), ['le']) : EMPTY;
    }
    case 'label_replace':
    case 'label_join': {
      const [source, destination] = args;
      if (!source) return EMPTY;
      const added = destination?.name === 'StringLiteral' ? [unquote(textOf(expr, destination))] : [];
      return plus(outputLabels(expr, source, lookup), added);
    }
    case 'absent':
    case 'absent_over_time': {
      // The result carries the labels of the selector's equality matchers.
      const selector = args[0] ? descendants(args[0], 'VectorSelector')[0] : undefined;
      if (!selector) return EMPTY;
      return new Set(readSelector(expr, selector).matchers.filter((m) => m.op === '=').map((m) => m.label));
    }
    default: {
      const vectorArg = args.find((a) => !isScalar(expr, a) && a.name !== 'StringLiteral');
      return vectorArg ? outputLabels(expr, vectorArg, lookup) : EMPTY;
    }
  }
}

function aggregationLabels(expr: string, node: SyntaxNode, lookup: SeriesLabelLookup): LabelSet {
  const op = aggregationName(expr, node);
  const args = argumentsOf(node);
  const body = args.at(-1);
  const inner = body ? outputLabels(expr, body, lookup) : EMPTY;
  if (KEEP_LABELS_AGGREGATIONS.has(op)) return inner;
  const grouping = groupingOf(expr, node);
  let result: LabelSet = grouping.kind === 'by' ? new Set(grouping.labels) : grouping.kind === 'without' ? minus(inner, grouping.labels) : EMPTY;
  if (op === 'count_values') {
    const param = args[0];
    if (param?.name === 'StringLiteral') result = plus(result, [unquote(textOf(expr, param))]);
  }
  return result;
}

function binaryLabels(expr: string, node: SyntaxNode, lookup: SeriesLabelLookup): LabelSet {
  const [left, right] = expressionChildren(node);
  if (!left || !right) return 'any';
  const op = binaryOperator(node);
  const leftLabels = outputLabels(expr, left, lookup);
  const rightLabels = outputLabels(expr, right, lookup);
  if (op === 'Or') return union(leftLabels, rightLabels);
  if (op === 'And' || op === 'Unless') return leftLabels;
  if (isScalar(expr, left)) return rightLabels;
  if (isScalar(expr, right)) return leftLabels;
  const matching = matchingOf(expr, node);
  if (matching.group === 'left') return plus(leftLabels, matching.include);
  if (matching.group === 'right') return plus(rightLabels, matching.include);
  if (matching.kind === 'on') return new Set(matching.labels);
  if (matching.kind === 'ignoring') return minus(leftLabels, matching.labels);
  return leftLabels;
}

/** Every label any series selected inside `node` can carry, plus labels functions add there. */
export function labelsAvailableIn(expr: string, node: SyntaxNode, lookup: SeriesLabelLookup): LabelSet {
  let result: LabelSet = new Set<string>();
  for (const selector of descendants(node, 'VectorSelector')) result = union(result, outputLabels(expr, selector, lookup));
  for (const call of descendants(node, 'FunctionCall')) {
    const name = functionName(expr, call);
    if (name === 'label_replace' || name === 'label_join') result = union(result, functionLabels(expr, call, lookup));
  }
  for (const aggregate of descendants(node, 'AggregateExpr')) {
    if (aggregationName(expr, aggregate) === 'count_values') result = union(result, aggregationLabels(expr, aggregate, lookup));
  }
  return result;
}
