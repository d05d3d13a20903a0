// The PromQL in documentation: every ```promql fenced block, split into expressions. Expressions
// are separated by blank lines; a block written one query per line without blank lines is split
// per line when it does not parse as a whole. `#` comment lines are dropped.
import { parsePromql } from './syntax.js';

export interface DocQuery {
  /** 1-based line of the expression's first line in the markdown file. */
  readonly line: number;
  readonly expr: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*promql\s*$/i;

function chunks(lines: readonly { text: string; line: number }[]): DocQuery[] {
  const out: DocQuery[] = [];
  let current: { text: string; line: number }[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const whole = current.map((l) => l.text).join('\n');
    if (current.length > 1 && parsePromql(whole).syntaxErrors.length > 0 && current.every((l) => parsePromql(l.text).syntaxErrors.length === 0)) {
      out.push(...current.map((l) => ({ line: l.line, expr: l.text.trim() })));
    } else {
      out.push({ line: current[0]!.line, expr: whole.trim() });
    }
    current = [];
  };
  for (const l of lines) {
    if (l.text.trim() === '') flush();
    else if (!l.text.trim().startsWith('#')) current.push(l);
  }
  flush();
  return out;
}

export function promqlQueries(markdown: string): DocQuery[] {
  const lines = markdown.split('\n');
  const out: DocQuery[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const fence = open[2]!;
    const body: { text: string; line: number }[] = [];
    let j = i + 1;
    for (; j < lines.length && !lines[j]!.trim().startsWith(fence); j++) body.push({ text: lines[j]!, line: j + 1 });
    out.push(...chunks(body));
    i = j;
  }
  return out;
}
