// Short-lived processes: batch jobs (child processes that record known counts and exit through
// runtime.shutdown()) push to a real Pushgateway, which a real Prometheus scrapes with
// honor_labels; and write a textfile that promtool accepts and that is never seen half-written.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { describeWithBinaries } from '../support/binaries.js';
import { freePort } from '../support/ports.js';
import { startPrometheus, type PrometheusServer, type PromSample } from '../support/prometheusServer.js';
import { startPushgateway, type PushgatewayServer } from '../support/pushgatewayServer.js';
import type { BatchJobPlan, BatchJobResult } from '../support/workers/batchJob.js';

const JOB = fileURLToPath(new URL('../support/workers/batchJob.ts', import.meta.url));
const single = (samples: PromSample[]) => Number(samples[0]?.value[1]);
const PATHS = [
  { name: 'fast path', fastPath: true },
  { name: 'SDK path', fastPath: false },
] as const;

const running = new Set<ChildProcess>();

/** Runs one batch job to its end; rejects when it fails or takes longer than 30 s. */
async function runJob(plan: Partial<BatchJobPlan> & { env: Record<string, string> }): Promise<BatchJobResult & { stderr: string }> {
  const full: BatchJobPlan = { fastPath: true, completed: 0, failed: 0, errors: 0, langAndVersion: 'go-1.22', ...plan };
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', JOB, JSON.stringify(full)], { timeout: 30_000 });
  return { ...(JSON.parse(stdout.trim().split('\n').at(-1)!) as BatchJobResult), stderr };
}

afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

describeWithBinaries(['prometheus-pushgateway', 'prometheus'], 'a batch job pushing to a real Pushgateway, read back through Prometheus', (bin) => {
  let gateway: PushgatewayServer;
  let prom: PrometheusServer;

  beforeAll(async () => {
    gateway = await startPushgateway(bin['prometheus-pushgateway']!);
    prom = await startPrometheus(bin['prometheus']!, { targets: [], jobs: [{ name: 'pushgateway', targets: [gateway.target], honorLabels: true }] });
    await prom.waitFor('up{job="pushgateway"}', (r) => single(r) === 1);
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await gateway?.stop();
  });

  it.each(PATHS)('the counts recorded before exit reach Prometheus under the job\'s own labels ($name)', async ({ fastPath }) => {
    const job = `nightly-report-${fastPath ? 'fast' : 'sdk'}`;
    const result = await runJob({
      fastPath,
      completed: 41,
      failed: 3,
      errors: 2,
      // gzip on one path, plain on the other: the Pushgateway takes both.
      env: { TRACING_SERVICE_NAME: job, METRICS_PUSHGATEWAY_URL: gateway.url, METRICS_PUSHGATEWAY_COMPRESSION: fastPath ? 'gzip' : 'none' },
    });
    // A process that pushes serves no endpoint unless asked to.
    expect(result.exporters).toEqual([]);
    expect(result.prometheusUrl).toBeUndefined();

    const completed = await prom.waitFor(`script_executions_total{job="${job}",status="completed"}`, (r) => single(r) === 41);
    // honor_labels keeps the pushed job; the default grouping has no instance: the Pushgateway
    // sets it empty, which in Prometheus is no label at all (not the Pushgateway's own address).
    expect(completed[0]!.metric).toMatchObject({ job, lang_and_version: 'go-1.22' });
    expect(completed[0]!.metric['instance']).toBeUndefined();
    expect(single(await prom.query(`script_executions_total{job="${job}",status="failed"}`))).toBe(3);
    expect(single(await prom.query(`script_errors_total{job="${job}",error_type="RangeError"}`))).toBe(2);
    expect(single(await prom.query(`script_execution_duration_count{job="${job}"}`))).toBe(44);
    expect(single(await prom.query(`script_execution_duration_bucket{job="${job}",le="0.1"}`))).toBe(41);
    expect(single(await prom.query(`script_execution_duration_sum{job="${job}"}`))).toBeCloseTo(41 * 0.07 + 3 * 7, 6);
    // The resource travels as target_info; push_time_seconds is what a staleness alert watches.
    expect((await prom.query(`target_info{job="${job}"}`))[0]?.metric).toMatchObject({ service_name: job, service_instance_id: result.instance });
    expect(single(await prom.query(`push_time_seconds{job="${job}"}`))).toBeGreaterThan(Date.now() / 1000 - 120);
  }, 60_000);

  it.each(PATHS)('a second run with the stable default grouping replaces the first (PUT), never adds to it ($name)', async ({ fastPath }) => {
    const job = `cron-replace-${fastPath ? 'fast' : 'sdk'}`;
    const env = { TRACING_SERVICE_NAME: job, METRICS_PUSHGATEWAY_URL: gateway.url };
    await runJob({ fastPath, env, completed: 5, errors: 4 });
    await prom.waitFor(`script_executions_total{job="${job}",status="completed"}`, (r) => single(r) === 5);
    await prom.waitFor(`script_errors_total{job="${job}"}`, (r) => single(r) === 4);

    await runJob({ fastPath, env, completed: 3, errors: 0 });
    // 3, not 8: the group holds the last run's state; and run 1's error counter, which run 2
    // never recorded, is gone with the replaced group (a POST would have kept it).
    await prom.waitFor(`script_executions_total{job="${job}",status="completed"}`, (r) => single(r) === 3);
    await prom.waitFor(`script_errors_total{job="${job}"}`, (r) => r.length === 0);
    expect((await gateway.groups()).filter((g) => g['job'] === job)).toEqual([{ job }]);
  }, 60_000);

  it('grouping by service.instance.id keeps one group per run, each with its own counts', async () => {
    const job = 'per-run-groups';
    const env = { TRACING_SERVICE_NAME: job, METRICS_PUSHGATEWAY_URL: gateway.url, METRICS_PUSHGATEWAY_GROUPING: 'service.instance.id' };
    const first = await runJob({ env, completed: 2 });
    const second = await runJob({ env, completed: 7 });
    expect(first.instance).not.toBe(second.instance);
    const samples = await prom.waitFor(`script_executions_total{job="${job}"}`, (r) => r.length === 2);
    expect(Object.fromEntries(samples.map((s) => [s.metric['instance'], Number(s.value[1])]))).toEqual({ [first.instance]: 2, [second.instance]: 7 });
    const groups = (await gateway.groups()).filter((g) => g['job'] === job);
    expect(groups.map((g) => g['instance']).sort()).toEqual([first.instance, second.instance].sort());
  }, 60_000);

  it('a stable instance given as a resource attribute, and a value with a slash, make one group that each run replaces', async () => {
    const job = 'stable-instance';
    const env = {
      TRACING_SERVICE_NAME: job,
      METRICS_PUSHGATEWAY_URL: gateway.url,
      METRICS_PUSHGATEWAY_GROUPING: 'service.instance.id,deployment.environment',
      OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=reports/eu-1,deployment.environment=prod',
    };
    await runJob({ env, completed: 4 });
    await runJob({ env, completed: 6 });
    const samples = await prom.waitFor(`script_executions_total{job="${job}"}`, (r) => single(r) === 6);
    expect(samples).toHaveLength(1);
    expect(samples[0]!.metric).toMatchObject({ job, instance: 'reports/eu-1', deployment_environment: 'prod' });
  }, 60_000);

  it('an interval push makes the counts visible while the job still runs', async () => {
    const job = 'interval-push';
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        JOB,
        JSON.stringify({
          fastPath: true,
          completed: 9,
          failed: 0,
          errors: 0,
          langAndVersion: 'go-1.22',
          recordUntilKilled: true,
          env: { TRACING_SERVICE_NAME: job, METRICS_PUSHGATEWAY_URL: gateway.url, METRICS_PUSHGATEWAY_INTERVAL: '200' },
        } satisfies BatchJobPlan),
      ],
      { stdio: 'ignore' },
    );
    running.add(child);
    const samples = await prom.waitFor(`script_executions_total{job="${job}",lang_and_version="go-1.22"}`, (r) => single(r) === 9);
    expect(child.exitCode).toBeNull(); // still running: this came from an interval push
    expect(samples[0]!.metric['job']).toBe(job);
  }, 60_000);

  it.each(PATHS)('forceFlush() pushes the state of now and resolves once the Pushgateway holds it ($name)', async ({ fastPath }) => {
    const job = `flushing-${fastPath ? 'fast' : 'sdk'}`;
    const runtime = await startMetrics({ fastPath, runtimeMetrics: false, env: { TRACING_SERVICE_NAME: job, METRICS_PUSHGATEWAY_URL: gateway.url } });
    try {
      const executions = new ExecutionMetrics(runtime);
      const pushedCount = async () => {
        const line = (await gateway.metrics()).split('\n').find((l) => l.startsWith('script_executions_total{') && l.includes(`job="${job}"`));
        return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
      };
      expect(await pushedCount()).toBeUndefined();
      for (const total of [5, 10]) {
        for (let i = 0; i < 5; i++) executions.recordExecution({ status: 'completed', langAndVersion: 'go-1.22', durationSeconds: 0.1 });
        await runtime.forceFlush();
        // Resolved after the push: the Pushgateway already holds what was recorded until now.
        expect(await pushedCount()).toBe(total);
      }
    } finally {
      await runtime.shutdown();
    }
  }, 60_000);
});

it('a job whose Pushgateway is down still exits within the shutdown time limit, and says why its metrics are missing', async () => {
  const closed = await freePort();
  const result = await runJob({
    completed: 1,
    env: { TRACING_SERVICE_NAME: 'unreachable', METRICS_PUSHGATEWAY_URL: `http://127.0.0.1:${closed}`, OTEL_METRIC_EXPORT_TIMEOUT: '500' },
  });
  expect(result.shutdownMillis).toBeLessThan(1500 + 250); // exportTimeoutMillis + 1000 by default
  expect(result.stderr).toContain(`otel-domain-metrics: the final Pushgateway push to http://127.0.0.1:${closed}/metrics/job/unreachable failed (`);
  expect(result.stderr).toContain("this run's metrics did not reach the Pushgateway");
}, 30_000);

describeWithBinaries(['promtool'], 'a batch job writing a textfile for node_exporter', (bin) => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'odm-textfile-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(PATHS)('the file holds the recorded counts, promtool accepts it, and no temporary file remains ($name)', async ({ fastPath }) => {
    const path = join(dir, `job-${fastPath ? 'fast' : 'sdk'}.prom`);
    const result = await runJob({ fastPath, completed: 12, failed: 5, errors: 1, env: { TRACING_SERVICE_NAME: 'textfile-job', METRICS_TEXTFILE_PATH: path } });
    expect(result.exporters).toEqual([]);
    const text = readFileSync(path, 'utf8');
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')}\\S* (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('script_executions_total{status="completed",lang_and_version="go-1.22"')).toBe(12);
    expect(value('script_executions_total{status="failed",lang_and_version="go-1.22"')).toBe(5);
    expect(value('script_errors_total{error_type="RangeError"')).toBe(1);
    expect(value('script_execution_duration_count{lang_and_version="go-1.22"')).toBe(17);
    expect(text).toContain(`service_instance_id="${result.instance}"`);
    expect(execFileSync(bin['promtool']!, ['check', 'metrics'], { input: text, encoding: 'utf8' }).trim()).toBe('');
    expect(readdirSync(dir).filter((name) => name.includes(`job-${fastPath ? 'fast' : 'sdk'}`))).toEqual([path.slice(dir.length + 1)]);
  }, 60_000);

  it('a reader never sees a partial file, and a job killed mid-write leaves the last complete one', async () => {
    const path = join(dir, 'killed.prom');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        JOB,
        JSON.stringify({
          fastPath: true,
          completed: 3,
          failed: 0,
          errors: 0,
          langAndVersion: 'go-1.22',
          recordUntilKilled: true,
          env: { TRACING_SERVICE_NAME: 'killed-job', METRICS_TEXTFILE_PATH: path, METRICS_TEXTFILE_INTERVAL: '5' },
        } satisfies BatchJobPlan),
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    running.add(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`the job exited (${code}) before recording`)));
    });
    // Read as node_exporter would, as fast as possible while writes happen every few milliseconds:
    // every read is a whole exposition (it ends with the last family's samples and a newline).
    let reads = 0;
    const contents = new Set<string>();
    for (const deadline = Date.now() + 3000; Date.now() < deadline; ) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        await new Promise((r) => setTimeout(r, 1));
        continue; // not written yet
      }
      reads += 1;
      contents.add(text);
      expect(text.endsWith('\n')).toBe(true);
      expect(text.startsWith('# HELP target_info')).toBe(true);
      expect(text).toMatch(/^script_execution_duration_count\{lang_and_version="go-1\.22"\S* 3$/m);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(reads).toBeGreaterThan(50);
    expect(contents.size).toBeGreaterThan(5); // the file really changed under the reader

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const last = readFileSync(path, 'utf8');
    expect(execFileSync(bin['promtool']!, ['check', 'metrics'], { input: last, encoding: 'utf8' }).trim()).toBe('');
    expect(readdirSync(dir).filter((name) => name.includes('killed') && name.endsWith('.prom'))).toEqual(['killed.prom']);

    // The next writer of the file removes what the killed one left between write and rename.
    await runJob({ completed: 1, env: { TRACING_SERVICE_NAME: 'killed-job', METRICS_TEXTFILE_PATH: path } });
    expect(readdirSync(dir).filter((name) => name.includes('killed'))).toEqual(['killed.prom']);
  }, 60_000);
});
