// Thin helpers over the PromQL grammar of Prometheus's own UI (@prometheus-io/lezer-promql): parse,
// walk, and read the parts of selectors and modifiers that the checks need.
import { parser } from '@prometheus-io/lezer-promql';

export type PromqlTree = ReturnType<typeof parser.parse>;
export type SyntaxNode = PromqlTree['topNode'];

export interface ParsedQuery {
  readonly expr: string;
  readonly tree: PromqlTree;
  /** Where the grammar could not continue: one entry per error node. */
  readonly syntaxErrors: readonly { readonly at: number; readonly near: string }[];
}

export function parsePromql(expr: string): ParsedQuery {
  const tree = parser.parse(expr);
  const syntaxErrors: { at: number; near: string }[] = [];
  tree.iterate({
    enter(node) {
      // Recovery can nest error nodes at one position; report each position once.
      if (node.type.isError && !syntaxErrors.some((e) => e.at === node.from)) {
        syntaxErrors.push({ at: node.from, near: expr.slice(Math.max(0, node.from - 15), node.from + 15) });
      }
    },
  });
  // An empty expression parses without an error node but is no query at all.
  if (expr.trim() === '' && syntaxErrors.length === 0) syntaxErrors.push({ at: 0, near: '' });
  return { expr, tree, syntaxErrors };
}

export function textOf(expr: string, node: SyntaxNode): string {
  return expr.slice(node.from, node.to);
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

export function childOf(node: SyntaxNode, name: string): SyntaxNode | undefined {
  return children(node).find((c) => c.name === name);
}

/** Every node of the subtree rooted at `node` (itself included) whose type is `name`. */
export function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const walk = (n: SyntaxNode) => {
    if (n.name === name) out.push(n);
    for (const c of children(n)) walk(c);
  };
  walk(node);
  return out;
}

/** The label names listed in a GroupingLabels node: `(a, b)`. */
export function groupingLabelNames(expr: string, grouping: SyntaxNode | undefined): string[] {
  if (!grouping) return [];
  return children(grouping)
    .filter((c) => c.name === 'LabelName' || c.name === 'QuotedLabelName')
    .map((c) => unquote(textOf(expr, c)));
}

/** A string literal's value (PromQL string literals use Go quoting: "…", '…' or `…`). */
export function unquote(literal: string): string {
  const quote = literal[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') return literal;
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly label: string;
  readonly op: MatchOp;
  readonly value: string;
  readonly node: SyntaxNode;
}

export interface Selector {
  /** The metric name: the identifier, or the value of a `__name__="…"` matcher. */
  readonly metric: string | undefined;
  /** How the name was given: an identifier, an equality matcher, or something uncheckable. */
  readonly nameSource: 'identifier' | '__name__' | 'none' | 'regex';
  readonly matchers: readonly LabelMatcher[];
  readonly node: SyntaxNode;
}

export function readSelector(expr: string, node: SyntaxNode): Selector {
  const identifier = childOf(node, 'Identifier');
  const matchers: LabelMatcher[] = [];
  const matcherList = childOf(node, 'LabelMatchers');
  for (const m of matcherList ? children(matcherList) : []) {
    if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
    const nameNode = childOf(m, 'LabelName') ?? childOf(m, 'QuotedLabelName');
    const opNode = childOf(m, 'MatchOp');
    const valueNode = children(m).filter((c) => c.name === 'StringLiteral').at(-1);
    if (!nameNode || !opNode || !valueNode) continue;
    matchers.push({ label: unquote(textOf(expr, nameNode)), op: textOf(expr, opNode) as MatchOp, value: unquote(textOf(expr, valueNode)), node: m });
  }
  if (identifier) return { metric: textOf(expr, identifier), nameSource: 'identifier', matchers, node };
  const byName = matchers.find((m) => m.label === '__name__');
  if (byName?.op === '=') return { metric: byName.value, nameSource: '__name__', matchers: matchers.filter((m) => m !== byName), node };
  return { metric: undefined, nameSource: byName ? 'regex' : 'none', matchers, node };
}

/** Every vector selector of a parsed query, in source order. */
export function selectorsOf(parsed: ParsedQuery): Selector[] {
  return descendants(parsed.tree.topNode, 'VectorSelector').map((n) => readSelector(parsed.expr, n));
}
