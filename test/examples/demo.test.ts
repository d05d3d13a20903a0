// The main job: `npm start` runs the demo service. It must serve every domain's metrics within
// its first seconds, push OTLP when configured, answer its example PromQL in a real Prometheus, and
// exit 0 on SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithBinaries } from '../support/binaries.js';
import { startDemo, startNpmStart, waitForScrape, type DemoProcess } from '../support/demoProcess.js';
import { catalogMetrics } from '../../src/catalog.js';
import { prometheusName } from '../../src/naming/prometheusNames.js';
import { metricsOfAll, numberValue, startOtlpReceiver } from '../support/otlpReceiver.js';
import { freePort } from '../support/ports.js';
import { startPrometheus, type PrometheusServer } from '../support/prometheusServer.js';

const FAST = { DEMO_TIME_SCALE: '0.05', DEMO_REQUESTS_PER_SECOND: '60', METRICS_HOST: '127.0.0.1' };

describe('the demo service (npm start)', () => {
  it('with the settings of a plain `npm start`, gives every catalog metric a series on /metrics within 15 s of start; flushes all of them on SIGTERM and exits 0 within seconds', async () => {
    const otlp = await startOtlpReceiver();
    const port = await freePort();
    const started = Date.now();
    // No time scale or request rate: the workload a newcomer sees. OTLP only adds a push at exit.
    const demo = startNpmStart({
      METRICS_PORT: String(port),
      METRICS_HOST: '127.0.0.1',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_METRIC_EXPORT_INTERVAL: '60000',
    });
    try {
      const names = catalogMetrics().map((spec) => prometheusName(spec));
      const present = (body: string) => names.filter((n) => new RegExp(`^${n}(_bucket)?[{ ]`, 'm').test(body));
      let last = '';
      const body = await waitForScrape(`http://127.0.0.1:${port}/metrics`, (b) => present((last = b)).length === names.length, 15_000 - (Date.now() - started)).catch(() => {
        throw new Error(`metrics without a series 15 s after npm start: ${names.filter((n) => !present(last).includes(n)).join(', ')}`);
      });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(present(body)).toEqual(names);
      expect(demo.output()).toContain(`Prometheus metrics at http://127.0.0.1:${port}/metrics`);
      expect(demo.output()).toContain(`pushing OTLP to ${otlp.url}/v1/metrics`);
      expect(otlp.requests).toHaveLength(0); // the interval is a minute: only shutdown pushes

      const { code, millis } = await demo.terminate();
      expect(code).toBe(0);
      expect(millis).toBeLessThan(5000);
      // The shutdown's one collection, in as many requests as its parts took.
      expect(otlp.requests.length).toBeGreaterThanOrEqual(1);
      const final = metricsOfAll(otlp.requests);
      const exported = new Set(final.filter((m) => (m.sum ?? m.gauge ?? m.histogram)!.dataPoints.length > 0).map((m) => m.name));
      expect(catalogMetrics().map((s) => s.name).filter((n) => !exported.has(n))).toEqual([]);
      const totals = final.filter((m) => m.name === 'script.executions.total').flatMap((m) => m.sum!.dataPoints);
      const executions = totals.reduce((sum, p) => sum + numberValue(p), 0);
      expect(executions).toBeGreaterThan(0);
    } finally {
      await demo.terminate();
      demo.killAll();
      await otlp.close();
    }
  });

  it('fails at start-up with every bad setting named', async () => {
    const demo = startDemo({ METRICS_PORT: 'abc', OTEL_METRIC_EXPORT_INTERVAL: '-1' });
    expect(await demo.exited()).toBe(1);
    expect(demo.output()).toContain('METRICS_PORT="abc"');
    expect(demo.output()).toContain('OTEL_METRIC_EXPORT_INTERVAL="-1"');
  });
});

describeWithBinaries(['prometheus'], 'the demo scraped by a real Prometheus', (bin) => {
  let demo: DemoProcess;
  let prom: PrometheusServer;

  beforeAll(async () => {
    const port = await freePort();
    demo = startDemo({ ...FAST, METRICS_PORT: String(port) });
    await waitForScrape(`http://127.0.0.1:${port}/metrics`, (b) => /^script_execution_duration_bucket\{/m.test(b));
    prom = await startPrometheus(bin['prometheus']!, { targets: [`127.0.0.1:${port}`] });
  });

  afterAll(async () => {
    await prom?.stop();
    await demo?.terminate();
  });

  it('answers the example PromQL it prints: success rate, p99 by language, rejection rate, queue depth trend', async () => {
    // rate() needs two scrapes that saw the workload move.
    await prom.waitFor('sum(increase(script_executions_total[1m]))', (r) => Number(r[0]?.value[1]) > 0);
    await prom.waitFor('sum(increase(rate_limit_rejected_total[1m]))', (r) => Number(r[0]?.value[1]) > 0);

    const success = await prom.query(
      'sum(rate(script_executions_total{status="completed"}[5m])) / sum(rate(script_executions_total[5m]))',
    );
    expect(Number(success[0]!.value[1])).toBeGreaterThan(0.5);
    expect(Number(success[0]!.value[1])).toBeLessThanOrEqual(1);

    const p99 = await prom.query('histogram_quantile(0.99, sum(rate(script_execution_duration_bucket[5m])) by (le, lang_and_version))');
    const languages = p99.filter((s) => Number.isFinite(Number(s.value[1]))).map((s) => s.metric['lang_and_version']);
    expect(languages.length).toBeGreaterThanOrEqual(3);

    const rejection = await prom.query('sum(rate(rate_limit_rejected_total[5m])) / sum(rate(rate_limit_requests_total[5m]))');
    expect(Number(rejection[0]!.value[1])).toBeGreaterThan(0);
    expect(Number(rejection[0]!.value[1])).toBeLessThan(1);

    const depth = await prom.query('avg_over_time(execution_queue_depth[1h])');
    expect(depth).toHaveLength(1);
    expect(Number(depth[0]!.value[1])).toBeGreaterThanOrEqual(0);

    const waitByPriority = await prom.query('histogram_quantile(0.95, sum(rate(coordinator_queue_wait_time_bucket[5m])) by (le, priority))');
    expect(waitByPriority.map((s) => s.metric['priority']).sort()).toEqual(expect.arrayContaining(['high', 'low', 'normal']));
  });
});
