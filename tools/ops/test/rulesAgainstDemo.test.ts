// The generated rules against real data: a real Prometheus scrapes the demo service with
// prometheus/alerts.yml loaded. Every rule group must load and evaluate cleanly, and every
// always-on recording rule must produce a finite value from the demo's workload — a rule that
// names a series or label the service never exports would stay empty here.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { catalogSeriesIndex } from '../promql/catalogSeries.js';
import { readRuleGroups } from '../promql/queryContext.js';
import { describeWithBinaries } from '../../../test/support/binaries.js';
import { startDemo, waitForScrape, type DemoProcess } from '../../../test/support/demoProcess.js';
import { freePort } from '../../../test/support/ports.js';
import { startPrometheus, type PrometheusServer } from '../../../test/support/prometheusServer.js';
import { RULES_DIR } from '../paths.js';
import { labelNames, parseExposition } from '../../../test/support/testKit.js';

const RULES = join(RULES_DIR, 'alerts.yml');
const FAST = { DEMO_TIME_SCALE: '0.05', DEMO_REQUESTS_PER_SECOND: '60', METRICS_HOST: '127.0.0.1' };
const WAIT_MS = 60_000;

interface ApiRule {
  name: string;
  type: 'recording' | 'alerting';
  health: string;
  lastError?: string;
}
interface ApiGroup {
  name: string;
  rules: ApiRule[];
}

const groups = readRuleGroups(RULES);
const recordNames = groups.flatMap((g) => g.rules.flatMap((r) => (r.record === undefined ? [] : [r.record])));

describeWithBinaries(['prometheus'], 'the generated rules in a real Prometheus scraping the demo', (bin) => {
  let demo: DemoProcess;
  let prom: PrometheusServer;
  let metricsUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    demo = startDemo({ ...FAST, METRICS_PORT: String(port) });
    await waitForScrape(metricsUrl, (b) => /^script_execution_duration_bucket\{/m.test(b) && /^http_server_request_duration_bucket\{/m.test(b));
    prom = await startPrometheus(bin['prometheus']!, { targets: [`127.0.0.1:${port}`], ruleFiles: [RULES] });
  });

  afterAll(async () => {
    await prom?.stop();
    await demo?.terminate();
  });

  it('loads every rule group of prometheus/alerts.yml and evaluates every rule with health "ok"', async () => {
    let apiGroups: ApiGroup[] = [];
    const deadline = Date.now() + WAIT_MS;
    const unhealthy = () => apiGroups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ''}`));
    do {
      const body = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as { status: string; data: { groups: ApiGroup[] } };
      expect(body.status).toBe('success');
      apiGroups = body.data.groups;
      if (apiGroups.length === groups.length && unhealthy().length === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    } while (Date.now() < deadline);
    // The API lists groups by name; the file keeps catalog order.
    expect(apiGroups.map((g) => g.name).sort()).toEqual(groups.map((g) => g.name).sort());
    expect(apiGroups.flatMap((g) => g.rules).length).toBe(groups.flatMap((g) => g.rules).length);
    expect(unhealthy()).toEqual([]);
  }, WAIT_MS + 10_000);

  it('every always-on recording rule returns at least one finite sample', async () => {
    expect(recordNames.length).toBeGreaterThanOrEqual(14);
    const deadline = Date.now() + WAIT_MS;
    const missing = new Set(recordNames);
    const last = new Map<string, string>();
    while (missing.size > 0 && Date.now() < deadline) {
      for (const name of [...missing]) {
        const samples = await prom.query(name);
        last.set(name, JSON.stringify(samples.map((s) => s.value[1])));
        if (samples.some((s) => Number.isFinite(Number(s.value[1])))) missing.delete(name);
      }
      if (missing.size > 0) await new Promise((r) => setTimeout(r, 1000));
    }
    const report = [...missing].map((n) => `${n}: ${last.get(n) ?? 'never queried'}`);
    expect(report, `recording rules without a finite value after ${WAIT_MS / 1000}s:\n${report.join('\n')}`).toEqual([]);
    // Results are per job (the scrape job here), never one global number across services.
    const ratio = await prom.query('otel_domain:script_executions:success_ratio5m');
    expect(ratio.map((s) => s.metric['job'])).toEqual(['app']);
    expect(Number(ratio[0]!.value[1])).toBeGreaterThan(0.5);
    expect(Number(ratio[0]!.value[1])).toBeLessThanOrEqual(1);
  }, WAIT_MS + 10_000);

  it('the checker knows every series the demo exports, with every label it carries', async () => {
    const body = await (await fetch(metricsUrl)).text();
    const { series } = catalogSeriesIndex();
    // The demo's OperationMetrics declares one extra key (examples/demo/main.ts: labels:
    // ['task_type']); declared keys are per instance, outside the catalog's fixed allow-list.
    const declared: Record<string, string[]> = { operation_duration: ['task_type'], operation_total: ['task_type'] };
    const problems = new Set<string>();
    for (const { name, labels } of parseExposition(body)) {
      if (name === 'target_info') continue;
      const known = series.get(name);
      if (!known) {
        problems.add(`${name} is exported but unknown to the checker`);
        continue;
      }
      const extra = Object.entries(declared).find(([prefix]) => name.startsWith(prefix))?.[1] ?? [];
      for (const label of labelNames(labels)) {
        if (!known.labels.has(label) && !extra.includes(label)) problems.add(`${name} carries ${label}, which the checker would reject`);
      }
    }
    expect([...problems]).toEqual([]);
  });
});
