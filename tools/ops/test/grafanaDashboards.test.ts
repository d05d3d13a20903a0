// The Grafana dashboards are generated from the catalog. These tests keep the committed files
// current and every query honest: only catalog series and labels that exist on both paths, every
// catalog metric charted, every selector filtered by the `job` variable.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, PROMETHEUS_PATHS, prometheusSeriesNames, runtimeMetricSpecs } from 'otel-domain-metrics';
import { domainSlug } from '../grafana/dashboard.js';
import { generateDashboards } from '../grafana/generate.js';
import type { Dashboard } from '../grafana/model.js';
import { catalogSeriesIndex } from '../promql/catalogSeries.js';
import { checkQuery, formatProblems, selectedMetricNames } from '../promql/checkQuery.js';
import { substituteGrafanaVariables } from '../promql/grafanaVariables.js';
import { parsePromql, selectorsOf } from '../promql/syntax.js';
import { describeWithBinaries } from '../../../test/support/binaries.js';
import { checkExpressionsWithPromtool } from '../../../test/support/promtoolQueries.js';
import { DASHBOARDS_DIR } from '../paths.js';

const DIR = DASHBOARDS_DIR;
const generated = generateDashboards();

interface TargetRef {
  readonly dashboard: string;
  readonly panel: string;
  readonly expr: string;
  readonly datasourceUid: unknown;
}

function targetsOf(file: string, dashboard: Dashboard): TargetRef[] {
  return dashboard.panels.flatMap((panel) => {
    const targets = (panel['targets'] ?? []) as { expr: string; datasource?: { uid?: unknown } }[];
    return targets.map((t) => ({ dashboard: file, panel: panel.title, expr: t.expr, datasourceUid: t.datasource?.uid }));
  });
}

const committed = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Dashboard;
const allTargets = generated.flatMap((f) => targetsOf(f.name, f.dashboard));

describe('grafana/dashboards', () => {
  it('are current: the committed files equal the generator output (run `npm run gen:grafana`)', () => {
    const onDisk = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
    expect(onDisk, 'dashboard files differ from the generated set; run npm run gen:grafana').toEqual(generated.map((f) => f.name).sort());
    for (const file of generated) {
      expect(readFileSync(join(DIR, file.name), 'utf8'), `${file.name} is stale; run npm run gen:grafana`).toBe(file.content);
    }
  });

  it('are deterministic: two generations give identical bytes, 2-space JSON with a trailing newline', () => {
    const again = generateDashboards();
    expect(again.map((f) => f.content)).toEqual(generated.map((f) => f.content));
    for (const file of generated) {
      expect(file.content.endsWith('}\n')).toBe(true);
      expect(file.content).toBe(`${JSON.stringify(JSON.parse(file.content), null, 2)}\n`);
      expect(file.content).not.toMatch(/"(created|updated|timestamp)"/);
    }
  });

  it('have one dashboard per catalog domain plus the overview and Process, with unique, name-derived uids and panel ids', () => {
    const names = generated.map((f) => f.name);
    for (const domain of CATALOG) expect(names).toContain(`${domainSlug(domain.className)}.json`);
    expect(names).toContain('overview.json');
    expect(names).toContain('process.json');
    expect(names).toHaveLength(CATALOG.length + 2);
    const uids = generated.map((f) => f.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const file of generated) {
      expect(file.dashboard.uid).toBe(`odm-${file.name.replace(/\.json$/, '')}`);
      expect(file.dashboard.uid.length).toBeLessThanOrEqual(40);
      expect(typeof file.dashboard.schemaVersion).toBe('number');
      const ids = file.dashboard.panels.map((p) => p.id);
      expect(new Set(ids).size, `${file.name}: panel ids repeat`).toBe(ids.length);
      for (const p of file.dashboard.panels) expect(p.gridPos.x + p.gridPos.w, `${file.name}: ${p.title} overflows the grid`).toBeLessThanOrEqual(24);
    }
  });

  it('chart every catalog metric on its domain dashboard, by the same name on both paths', () => {
    for (const domain of CATALOG) {
      const file = generated.find((f) => f.name === `${domainSlug(domain.className)}.json`)!;
      const selected = new Set(targetsOf(file.name, file.dashboard).flatMap((t) => selectedMetricNames(t.expr)));
      for (const spec of Object.values(domain.metrics)) {
        const [endpoint, collector] = PROMETHEUS_PATHS.map((p) => prometheusSeriesNames(spec, p)) as [string[], string[]];
        expect(collector, `${spec.name} has different names on the two paths`).toEqual(endpoint);
        expect(
          endpoint.some((n) => selected.has(n)),
          `${spec.name} (${endpoint.join(', ')}) appears in no panel of ${file.name}`,
        ).toBe(true);
      }
    }
  });

  it('chart every process and runtime metric of the contrib packages on the Process dashboard, by the same name on both paths', () => {
    const file = generated.find((f) => f.name === 'process.json')!;
    expect(file.dashboard.title).toBe('otel-domain-metrics / Process');
    const selected = new Set(targetsOf(file.name, file.dashboard).flatMap((t) => selectedMetricNames(t.expr)));
    const missing: string[] = [];
    for (const spec of runtimeMetricSpecs()) {
      const [endpoint, collector] = PROMETHEUS_PATHS.map((p) => prometheusSeriesNames(spec, p)) as [string[], string[]];
      expect(collector, `${spec.name} has different names on the two paths`).toEqual(endpoint);
      if (!endpoint.some((n) => selected.has(n))) missing.push(spec.name);
    }
    // The delay's min, mean and standard deviation add little beside p50, p99 and max.
    expect(missing.sort()).toEqual(['nodejs.eventloop.delay.mean', 'nodejs.eventloop.delay.min', 'nodejs.eventloop.delay.p90', 'nodejs.eventloop.delay.stddev']);
    // Everything the Process dashboard selects is a runtime metric or target_info.
    const runtimeSeries = new Set(runtimeMetricSpecs().flatMap((spec) => prometheusSeriesNames(spec)));
    expect([...selected].filter((n) => !runtimeSeries.has(n))).toEqual([]);
  });

  it('query only catalog series and labels that exist (every panel target passes the checker)', () => {
    expect(allTargets.length).toBeGreaterThan(100);
    const failures = allTargets
      .map((t) => ({ t, problems: checkQuery(t.expr) }))
      .filter((r) => r.problems.length > 0)
      .map((r) => `${r.t.dashboard} / ${r.t.panel}: ${formatProblems(r.t.expr, r.problems)}`);
    expect(failures, failures.join('\n')).toEqual([]);
    for (const t of allTargets) expect(t.datasourceUid, `${t.dashboard} / ${t.panel}`).toBe('prometheus');
  });

  it('have the job variable, and every catalog selector filters job=~"$job"', () => {
    const catalog = catalogSeriesIndex().series;
    for (const file of generated) {
      const variables = file.dashboard.templating.list;
      const job = variables.find((v) => v.name === 'job');
      expect(job, `${file.name} has no job variable`).toBeDefined();
      expect(job!['definition']).toBe('label_values(target_info, job)');
      expect(job!['datasource']).toEqual({ type: 'prometheus', uid: 'prometheus' });
      expect(job!['includeAll'], 'an "All" job would add up both paths').toBe(false);
    }
    let checked = 0;
    for (const t of allTargets) {
      expect(t.expr, `${t.dashboard} / ${t.panel} hard-codes a job`).not.toMatch(/job\s*(=|!=|!~)\s*"(?!\$job")/);
      const parsed = parsePromql(substituteGrafanaVariables(t.expr, { keepUserVariables: true }));
      expect(parsed.syntaxErrors).toEqual([]);
      for (const selector of selectorsOf(parsed)) {
        if (selector.metric === undefined || !catalog.has(selector.metric)) continue;
        checked++;
        const jobMatchers = selector.matchers.filter((m) => m.label === 'job');
        expect(
          jobMatchers.map((m) => `${m.op}${m.value}`),
          `${t.dashboard} / ${t.panel}: ${selector.metric} must filter job=~"$job" in ${t.expr}`,
        ).toEqual(['=~$job']);
      }
    }
    expect(checked).toBeGreaterThan(allTargets.length);
  });

  it('show the example queries on the overview', () => {
    const exprs = targetsOf('overview.json', committed('overview.json')).map((t) => t.expr);
    const has = (pattern: RegExp) => exprs.some((e) => pattern.test(e));
    expect(has(/script_executions_total\{status="completed", job=~"\$job"\}\[5m\].*\/ sum\(rate\(script_executions_total\{job=~"\$job"\}\[5m\]\)\)/)).toBe(true);
    expect(has(/^histogram_quantile\(0\.99, sum by \(le, lang_and_version\) \(rate\(script_execution_duration_bucket\{job=~"\$job"\}\[5m\]\)\)\)$/)).toBe(true);
    expect(has(/rate_limit_rejected_total\{job=~"\$job"\}\[5m\].*\/ sum\(rate\(rate_limit_requests_total\{job=~"\$job"\}\[5m\]\)\)/)).toBe(true);
    expect(exprs).toContain('avg_over_time(execution_queue_depth{job=~"$job"}[1h])');
  });

  it('never leave a stat panel empty for want of a first event: counter stats fall back to zero', () => {
    for (const file of generated) {
      for (const panel of file.dashboard.panels.filter((p) => p.type === 'stat')) {
        for (const t of (panel['targets'] ?? []) as { expr: string }[]) {
          const counters = selectedMetricNames(t.expr).filter((n) => catalogSeriesIndex().series.get(n)?.spec.kind === 'counter');
          if (counters.length === 0) continue;
          expect(/ or vector\(0\)$| \* 0\)/.test(t.expr), `${file.name} / ${panel.title}: ${t.expr} is empty before the first event`).toBe(true);
        }
      }
    }
  });
});

describeWithBinaries(['promtool'], 'grafana/dashboards under Prometheus 2.42', (bin) => {
  it('every panel query parses in the installed Prometheus', () => {
    const exprs = [...new Set(allTargets.map((t) => substituteGrafanaVariables(t.expr)))];
    const result = checkExpressionsWithPromtool(bin['promtool']!, exprs);
    expect(result.output).toContain(`SUCCESS: ${exprs.length} rules found`);
    expect(result.status, result.output).toBe(0);
  });
});
