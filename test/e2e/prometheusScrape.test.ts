// A real Prometheus scrapes the runtime's endpoint; PromQL answers are checked against what was
// recorded, and promtool lints the exposition.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { describeWithBinaries } from '../support/binaries.js';
import { startPrometheus, type PrometheusServer, type PromSample } from '../support/prometheusServer.js';

const single = (samples: PromSample[]) => Number(samples[0]?.value[1]);

describeWithBinaries(['prometheus', 'promtool'], 'a real Prometheus scraping the endpoint', (bin) => {
  let runtime: MetricsRuntime;
  let prom: PrometheusServer;
  let metrics: DomainMetrics;

  beforeAll(async () => {
    runtime = await startMetrics({ env: { TRACING_SERVICE_NAME: 'e2e' }, prometheusHost: '127.0.0.1', prometheusPort: 0 });
    metrics = new DomainMetrics(runtime);
    const target = new URL(runtime.prometheusUrl!).host;
    prom = await startPrometheus(bin['prometheus']!, { targets: [target] });
    await prom.waitFor('up{job="app"}', (r) => single(r) === 1);
  });

  afterAll(async () => {
    await prom?.stop();
    await runtime?.shutdown();
  });

  it('passes promtool check metrics', async () => {
    metrics.execution.recordExecution({ status: 'completed', langAndVersion: 'python-3.11', durationSeconds: 1, memoryMiB: 64, cpuMillicores: 100 });
    metrics.coordinator.enqueued();
    metrics.coordinator.scheduled({ priority: 'high', langAndVersion: 'python-3.11', queueWaitSeconds: 1, schedulingSeconds: 0.001 });
    const exposition = await (await fetch(runtime.prometheusUrl!)).text();
    const output = execFileSync(bin['promtool']!, ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
    expect(output.trim()).toBe('');
  });

  it('answers a counter rate, histogram quantiles in the right bucket, and the demo example queries', async () => {
    // A known distribution for go-1.22: 90 fast runs (0.07 s, bucket (0.05, 0.1]) and 10 slow
    // ones (7 s, bucket (5, 10]), recorded in ten steps so that rate() sees them arrive.
    for (let step = 0; step < 10; step++) {
      for (let i = 0; i < 9; i++) metrics.execution.recordExecution({ status: 'completed', langAndVersion: 'go-1.22', durationSeconds: 0.07 });
      metrics.execution.recordExecution({ status: 'timeout', langAndVersion: 'go-1.22', durationSeconds: 7 });
      await new Promise((r) => setTimeout(r, 400));
    }
    await prom.waitFor('sum(script_executions_total{lang_and_version="go-1.22"})', (r) => single(r) === 100);

    const exact = await prom.query('script_executions_total{lang_and_version="go-1.22",status="completed"}');
    expect(single(exact)).toBe(90);
    expect(exact[0]!.metric).toMatchObject({ job: 'app', status: 'completed', lang_and_version: 'go-1.22' });

    // 100 executions over roughly four seconds: the per-second rate is positive and plausible.
    const rate = single(await prom.query('sum(rate(script_executions_total{lang_and_version="go-1.22"}[1m]))'));
    expect(rate).toBeGreaterThan(0.5);
    expect(rate).toBeLessThan(100);

    // On the cumulative buckets: p50 inside (0.05, 0.1], p99 inside (5, 10].
    const q = async (phi: number) =>
      single(await prom.query(`histogram_quantile(${phi}, sum by (le) (script_execution_duration_bucket{lang_and_version="go-1.22"}))`));
    const p50 = await q(0.5);
    expect(p50).toBeGreaterThan(0.05);
    expect(p50).toBeLessThanOrEqual(0.1);
    const p99 = await q(0.99);
    expect(p99).toBeGreaterThan(5);
    expect(p99).toBeLessThanOrEqual(10);

    // Example query "P99 execution duration by language".
    const p99ByLang = await prom.query('histogram_quantile(0.99, sum(rate(script_execution_duration_bucket[5m])) by (le, lang_and_version))');
    const go = p99ByLang.find((s) => s.metric['lang_and_version'] === 'go-1.22');
    expect(Number(go?.value[1])).toBeGreaterThan(5);
    expect(Number(go?.value[1])).toBeLessThanOrEqual(10);

    // Example query "Execution success rate (last 5 minutes)": 90 of 100 go runs, plus the one
    // completed python run of the first test, all completed.
    const success = single(
      await prom.query('sum(rate(script_executions_total{status="completed"}[5m])) / sum(rate(script_executions_total[5m]))'),
    );
    expect(success).toBeGreaterThan(0.85);
    expect(success).toBeLessThan(0.95);

    // Example query "Queue depth trend": the series exists from the first scrape (exported at 0).
    const depth = await prom.query('avg_over_time(execution_queue_depth[1h])');
    expect(depth).toHaveLength(1);
    expect(single(depth)).toBeGreaterThanOrEqual(0);
    expect(single(depth)).toBeLessThanOrEqual(1);
  });

  it('sees the coordinator transitions as consistent gauges', async () => {
    for (let i = 0; i < 5; i++) metrics.coordinator.enqueued();
    for (let i = 0; i < 3; i++) metrics.coordinator.scheduled({ priority: 'normal', queueWaitSeconds: 2, schedulingSeconds: 0.002 });
    metrics.coordinator.released();
    // After the first test: depth 0 and active 1; now depth +5 −3 = 2 and active 1 + 3 − 1 = 3.
    await prom.waitFor('execution_queue_depth', (r) => single(r) === 2);
    expect(single(await prom.query('coordinator_executions_active'))).toBe(3);
    // A new histogram series is shown at 0 on its first scrape and at its counts from the next.
    await prom.waitFor('sum(coordinator_queue_wait_time_count{priority="normal"})', (r) => single(r) === 3);
    const wait = await prom.query('histogram_quantile(0.5, sum by (le, priority) (coordinator_queue_wait_time_bucket{priority="normal"}))');
    expect(Number(wait[0]?.value[1])).toBeGreaterThan(1);
    expect(Number(wait[0]?.value[1])).toBeLessThanOrEqual(2.5);
  });
});
