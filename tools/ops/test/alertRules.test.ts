// prometheus/alerts.yml and its promtool unit tests are generated from the catalog. These tests
// keep the committed files current, check every expression against the catalog, run promtool on
// them, and make sure every alert is proven both to fire and to stay quiet.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateRules } from '../alerts/generate.js';
import { DEFAULT_THRESHOLDS } from '../alerts/thresholds.js';
import { checkQuery, formatProblems } from '../promql/checkQuery.js';
import { catalogQueryContext, readRuleGroups, withRecordingRules, type RuleGroup } from '../promql/queryContext.js';
import { describeWithBinaries } from '../../../test/support/binaries.js';
import { runPromtool } from '../../../test/support/promtoolQueries.js';
import { REPO_ROOT, RULES_DIR } from '../paths.js';

const RULES = join(RULES_DIR, 'alerts.yml');
const TESTS = join(RULES_DIR, 'alerts.test.yml');
const CLI = fileURLToPath(new URL('../gen-alerts.ts', import.meta.url));

interface AlertTest {
  alertname: string;
  eval_time: string;
  exp_alerts?: unknown[];
}
interface TestFile {
  rule_files: string[];
  tests: { name: string; input_series: { series: string; values: string }[]; alert_rule_test?: AlertTest[]; promql_expr_test?: { expr: string }[] }[];
}

const groups = readRuleGroups(RULES);
const rules = groups.flatMap((g) => g.rules);
const alerts = rules.filter((r) => r.alert !== undefined);
const records = rules.filter((r) => r.record !== undefined);
const testFile = parse(readFileSync(TESTS, 'utf8')) as TestFile;

function runCli(args: readonly string[]) {
  const result = spawnSync(process.execPath, ['--conditions=otel-domain-metrics-source', '--import', 'tsx', CLI, ...args], { encoding: 'utf8', cwd: REPO_ROOT, timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('prometheus/alerts.yml', () => {
  it('is current: alerts.yml and alerts.test.yml equal the generator output with the defaults (run `npm run gen:alerts`)', () => {
    const fresh = generateRules(DEFAULT_THRESHOLDS);
    expect(readFileSync(RULES, 'utf8'), 'prometheus/alerts.yml is stale; run npm run gen:alerts').toBe(fresh.rules);
    expect(readFileSync(TESTS, 'utf8'), 'prometheus/alerts.test.yml is stale; run npm run gen:alerts').toBe(fresh.tests);
  });

  it('has the alerts an operator must know about, and recording rules for every domain ratio', () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual(
      [
        'ConsumerLagGrowing',
        'DependencyDown',
        'DlqGrowing',
        'EventProcessingErrorRatioHigh',
        'HttpServerErrorRatioHigh',
        'HttpServerP99OverSlo',
        'RateLimitRejectionsSpiking',
        'ScriptExecutionErrorRatioHigh',
        'ScriptExecutionP99OverSlo',
      ].sort(),
    );
    expect(records.map((r) => r.record)).toContain('otel_domain:script_executions:success_ratio5m');
    for (const r of records) expect(r.record).toMatch(/^otel_domain:[a-z_]+:[a-z0-9_]+$/);
    for (const a of alerts) {
      expect(a.labels?.['severity'], a.alert).toMatch(/^(warning|critical)$/);
      expect(a.annotations?.['summary'], a.alert).toBeTruthy();
      expect(a.annotations?.['description'], a.alert).toBeTruthy();
    }
  });

  it('every expression passes the checker (catalog series and labels, or recording rules of this file)', () => {
    const context = withRecordingRules(catalogQueryContext(), groups);
    const failures = rules.map((r) => formatProblems(`${r.record ?? r.alert}: ${r.expr}`, checkQuery(r.expr, context))).filter((f) => f !== '');
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('no rule filters by job or uses a Grafana variable: each job gets its own result', () => {
    for (const r of rules) {
      expect(r.expr, r.record ?? r.alert).not.toContain('$');
      expect(r.expr, r.record ?? r.alert).not.toMatch(/\bjob\s*(=|!=|=~|!~)/);
    }
    for (const r of records) expect(r.expr, r.record).toMatch(/by \((le, )?job\b/);
  });

  it('the unit tests feed only catalog series with their real labels', () => {
    const context = withRecordingRules(catalogQueryContext(), groups);
    const series = [...new Set(testFile.tests.flatMap((t) => t.input_series.map((s) => s.series)))];
    expect(series.length).toBeGreaterThan(20);
    const failures = series.map((s) => formatProblems(s, checkQuery(s, context))).filter((f) => f !== '');
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('every alert has a firing and a non-firing unit test, every recording rule an expression test', () => {
    expect(testFile.rule_files).toEqual(['alerts.yml']);
    const cases = testFile.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const a of alerts) {
      const mine = cases.filter((c) => c.alertname === a.alert);
      const firing = mine.filter((c) => (c.exp_alerts ?? []).length > 0);
      const quiet = mine.filter((c) => (c.exp_alerts ?? []).length === 0);
      expect(firing.length, `${a.alert} has no test where it fires`).toBeGreaterThanOrEqual(1);
      expect(quiet.length, `${a.alert} has no test where it stays quiet`).toBeGreaterThanOrEqual(1);
    }
    const unknown = cases.filter((c) => !alerts.some((a) => a.alert === c.alertname));
    expect(unknown).toEqual([]);
    const exprTests = testFile.tests.flatMap((t) => t.promql_expr_test ?? []).map((t) => t.expr);
    for (const r of records) expect(exprTests, `${r.record} has no promql_expr_test`).toContain(r.record);
  });
});

describe('npm run gen:alerts with custom thresholds', () => {
  let dir: string;
  let custom: RuleGroup[];
  const flags = [
    '--error-ratio', '0.07',
    '--http-p99-slo', '0.25',
    '--execution-p99-slo', '12',
    '--dlq-size', '7',
    '--consumer-lag', '250',
    '--rate-limit-ratio', '0.15',
    '--rate-limit-spike-factor', '3',
    '--for', '90s',
    '--dependency-down-for', '3m',
  ];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'odm-alerts-'));
    const result = runCli([...flags, '--out-dir', dir]);
    expect(result.status, result.output).toBe(0);
    custom = readRuleGroups(join(dir, 'alerts.yml'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('puts the thresholds into the generated expressions and hold times', () => {
    const alert = (name: string) => custom.flatMap((g) => g.rules).find((r) => r.alert === name)!;
    expect(alert('ScriptExecutionErrorRatioHigh').expr).toBe('otel_domain:script_executions:error_ratio5m > 0.07');
    expect(alert('HttpServerErrorRatioHigh').expr).toBe('otel_domain:http_server_requests:error_ratio5m > 0.07');
    expect(alert('EventProcessingErrorRatioHigh').expr).toBe('otel_domain:events:error_ratio5m > 0.07');
    expect(alert('HttpServerP99OverSlo').expr).toBe('otel_domain:http_server_request_duration:p99_5m > 0.25');
    expect(alert('ScriptExecutionP99OverSlo').expr).toBe('otel_domain:script_execution_duration:p99_5m > 12');
    expect(alert('DlqGrowing').expr).toBe('dlq_size > 7 and deriv(dlq_size[15m]) > 0');
    expect(alert('ConsumerLagGrowing').expr).toBe('events_lag > 250 and deriv(events_lag[15m]) > 0');
    expect(alert('RateLimitRejectionsSpiking').expr).toContain('> 0.15 and');
    expect(alert('RateLimitRejectionsSpiking').expr).toContain('> 3 * otel_domain:rate_limit:rejection_ratio1h');
    expect(alert('ScriptExecutionErrorRatioHigh').for).toBe('90s');
    expect(alert('DependencyDown').for).toBe('3m');
    expect(alert('ScriptExecutionErrorRatioHigh').annotations?.['description']).toContain('threshold 7%');
    expect(readFileSync(join(dir, 'alerts.yml'), 'utf8')).toContain(`# Thresholds: ${flags.join(' ')}`);
  });

  it('rejects thresholds no alert could fire on, naming each flag, with exit code 2', () => {
    const result = runCli(['--error-ratio', '1.5', '--http-p99-slo', '60', '--for', 'soon', '--out-dir', dir]);
    expect(result.status).toBe(2);
    expect(result.output).toContain('--error-ratio=1.5');
    expect(result.output).toContain('--http-p99-slo=60');
    expect(result.output).toContain('--for: "soon" is not a duration');
  });
});

describeWithBinaries(['promtool'], 'prometheus/alerts.yml under promtool', (bin) => {
  it('promtool check rules prometheus/alerts.yml exits 0', () => {
    const result = runPromtool(bin['promtool']!, ['check', 'rules', RULES]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('promtool test rules prometheus/alerts.test.yml exits 0', () => {
    const result = runPromtool(bin['promtool']!, ['test', 'rules', TESTS]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS');
    expect(result.output).not.toContain('FAILED');
  });

  it('the unit tests generated for custom thresholds pass as well', () => {
    const dir = mkdtempSync(join(tmpdir(), 'odm-alerts-'));
    try {
      const generated = runCli(['--error-ratio', '0.6', '--http-p99-slo', '0.005', '--execution-p99-slo', '3599', '--dlq-size', '0', '--for', '90s', '--dependency-down-for', '0s', '--out-dir', dir]);
      expect(generated.status, generated.output).toBe(0);
      const result = runPromtool(bin['promtool']!, ['test', 'rules', join(dir, 'alerts.test.yml')]);
      expect(result.status, result.output).toBe(0);
      expect(result.output).toContain('SUCCESS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
