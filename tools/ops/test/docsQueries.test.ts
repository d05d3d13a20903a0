// Queries shown to users in README.md and docs/*.md must work: every ```promql block passes the
// checker (catalog series and labels, identical on both paths) and parses in Prometheus 2.42.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkQuery, formatProblems } from '../promql/checkQuery.js';
import { substituteGrafanaVariables } from '../promql/grafanaVariables.js';
import { promqlQueries, type DocQuery } from '../promql/markdownQueries.js';
import { describeWithBinaries } from '../../../test/support/binaries.js';
import { checkExpressionsWithPromtool } from '../../../test/support/promtoolQueries.js';
import { REPO_ROOT } from '../paths.js';

const ROOT = REPO_ROOT;

function markdownFiles(): string[] {
  const docs = join(ROOT, 'docs');
  const inDocs = existsSync(docs) ? readdirSync(docs).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`) : [];
  return ['README.md', ...inDocs];
}

const scanned: { file: string; queries: DocQuery[] }[] = markdownFiles().map((file) => ({
  file,
  queries: promqlQueries(readFileSync(join(ROOT, file), 'utf8')),
}));

describe('PromQL in the documentation', () => {
  it('scans README.md and every docs/*.md', () => {
    expect(scanned.map((s) => s.file)).toContain('README.md');
    for (const s of scanned) expect(existsSync(join(ROOT, s.file))).toBe(true);
  });

  it('every ```promql expression passes the checker', () => {
    const failures = scanned.flatMap((s) =>
      s.queries.map((q) => ({ q, where: `${s.file}:${q.line}`, problems: checkQuery(q.expr) })).filter((r) => r.problems.length > 0).map((r) => `${r.where}: ${formatProblems(r.q.expr, r.problems)}`),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('splits blocks into expressions and ignores # comments', () => {
    const queries = promqlQueries(['```promql', '# success rate', 'sum(rate(a_total[5m]))', '  / sum(rate(b_total[5m]))', '', 'c', 'd', '```', '```sh', 'npm start', '```'].join('\n'));
    expect(queries).toEqual([
      { line: 3, expr: 'sum(rate(a_total[5m]))\n  / sum(rate(b_total[5m]))' },
      { line: 6, expr: 'c' },
      { line: 7, expr: 'd' },
    ]);
  });
});

describeWithBinaries(['promtool'], 'PromQL in the documentation under Prometheus 2.42', (bin) => {
  it('every ```promql expression parses in the installed Prometheus', () => {
    const exprs = scanned.flatMap((s) => s.queries.map((q) => substituteGrafanaVariables(q.expr)));
    if (exprs.length === 0) return; // nothing documented yet; the scan above still ran
    const result = checkExpressionsWithPromtool(bin['promtool']!, exprs);
    expect(result.status, result.output).toBe(0);
  });
});
