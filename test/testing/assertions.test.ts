import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { BaseMetrics } from '../../src/core/BaseMetrics.js';
import { counter, gauge, histogram, upDownCounter } from '../../src/core/MetricSpec.js';
import { providerSettings } from '../../src/core/providerSettings.js';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import { assertCounter, assertGauge, assertHistogram, assertNoSeries, createTestMetrics } from '../../src/testing/index.js';

const JOBS = {
  runs: counter({ name: 'jobs.runs.total', unit: '{run}', description: 'Runs', attributes: ['status'] }),
  queued: upDownCounter({ name: 'jobs.queued', unit: '{job}', description: 'Queued', attributes: [] }),
  backlog: gauge({ name: 'jobs.backlog', unit: '{job}', description: 'Backlog', attributes: ['queue'] }),
  duration: histogram({ name: 'jobs.duration', unit: 's', description: 'Duration', attributes: ['status'], buckets: 'request' }),
};

class JobMetrics extends BaseMetrics {
  readonly runs = this.counter(JOBS.runs);
  readonly queued = this.upDownCounter(JOBS.queued);
  readonly backlog = this.gauge(JOBS.backlog);
  readonly duration = this.histogram(JOBS.duration);
}

/** The message of the AssertionError `fn` throws. */
function failure(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AssertionError);
    return (error as AssertionError).message;
  }
  throw new Error('did not throw');
}

async function recorded() {
  const test = createTestMetrics();
  const jobs = new JobMetrics(test);
  jobs.runs.add(2, { status: 'failure' });
  jobs.runs.add(1, { status: 'timeout' });
  jobs.queued.add(3);
  jobs.backlog.record(7, { queue: 'a' });
  jobs.duration.record(0.02, { status: 'ok' });
  jobs.duration.record(0.3, { status: 'ok' });
  return { test, collected: await test.collect() };
}

for (const fastPath of [true, false]) {
  describe(`assertions (${fastPath ? 'fast path' : 'SDK path'})`, () => {
    it('pass on the values recorded, counters and up-down counters alike', async () => {
      const test = createTestMetrics({ fastPath });
      const jobs = new JobMetrics(test);
      jobs.runs.add(2, { status: 'failure' });
      jobs.runs.add(3, { status: 'failure' });
      jobs.queued.add(3);
      jobs.queued.add(-1);
      jobs.backlog.record(7, { queue: 'a' });
      jobs.duration.record(0.02, { status: 'ok' });
      jobs.duration.record(0.3, { status: 'ok' });
      const collected = await test.collect();
      assertCounter(collected, 'jobs.runs.total', { status: 'failure' }, 5);
      assertCounter(collected, 'jobs.queued', {}, 2);
      assertGauge(collected, 'jobs.backlog', { queue: 'a' }, 7);
      assertHistogram(collected, 'jobs.duration', { status: 'ok' }, { count: 2, sum: 0.32, min: 0.02, max: 0.3, bucketCounts: [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0] });
      assertNoSeries(collected, 'jobs.runs.total', { status: 'ok' });
      assertNoSeries(collected, 'jobs.never.total');
      expect(collected.counter('jobs.runs.total', { status: 'failure' })).toBe(5);
      expect(collected.names()).toEqual(['jobs.backlog', 'jobs.duration', 'jobs.queued', 'jobs.runs.total']);
    });
  });
}

describe('assertion failures', () => {
  it('name the attribute sets that do exist when the asked-for one does not', async () => {
    const { collected } = await recorded();
    expect(failure(() => assertCounter(collected, 'jobs.runs.total', { status: 'ok' }, 1))).toBe(
      'no series of jobs.runs.total with {status: "ok"}; recorded: {status: "failure"} = 2, {status: "timeout"} = 1',
    );
    expect(failure(() => assertHistogram(collected, 'jobs.duration', {}, { count: 1 }))).toBe(
      'no series of jobs.duration with {}; recorded: {status: "ok"} = histogram(count 2, sum 0.32)',
    );
  });

  it('name the metrics that do exist when the asked-for one does not', async () => {
    const { collected } = await recorded();
    expect(failure(() => assertCounter(collected, 'jobs.run.total', { status: 'failure' }, 2))).toBe(
      'no metric jobs.run.total; recorded: jobs.backlog, jobs.duration, jobs.queued, jobs.runs.total',
    );
    const empty = await createTestMetrics().collect();
    expect(failure(() => assertGauge(empty, 'jobs.backlog', {}, 1))).toBe('no metric jobs.backlog; recorded: nothing');
  });

  it('state the expected and the recorded value, with actual and expected for a diff', async () => {
    const { collected } = await recorded();
    let error: AssertionError | undefined;
    try {
      assertCounter(collected, 'jobs.runs.total', { status: 'failure' }, 3);
    } catch (e) {
      error = e as AssertionError;
    }
    expect(error?.message).toBe('jobs.runs.total {status: "failure"}: expected 3, recorded 2');
    expect([error?.actual, error?.expected]).toEqual([2, 3]);
    expect(failure(() => assertGauge(collected, 'jobs.backlog', { queue: 'a' }, 8))).toBe('jobs.backlog {queue: "a"}: expected 8, recorded 7');
  });

  it('list every histogram field that differs, with the boundaries for bucket counts', async () => {
    const { collected } = await recorded();
    expect(failure(() => assertHistogram(collected, 'jobs.duration', { status: 'ok' }, { count: 3, sum: 0.32, bucketCounts: [1] }))).toBe(
      'jobs.duration {status: "ok"}: count expected 3, recorded 2; bucketCounts expected [1], recorded [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0] (boundaries [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10])',
    );
  });

  it('say when a metric is of another kind', async () => {
    const { collected } = await recorded();
    expect(failure(() => assertGauge(collected, 'jobs.runs.total', { status: 'failure' }, 2))).toBe('jobs.runs.total is a counter, not a gauge');
    expect(failure(() => assertCounter(collected, 'jobs.duration', { status: 'ok' }, 2))).toBe('jobs.duration is a histogram, not a counter');
    expect(failure(() => assertNoSeries(collected, 'jobs.runs.total'))).toBe('jobs.runs.total was recorded: {status: "failure"}, {status: "timeout"}');
  });

  it('match attribute values as Prometheus shows them (200 equals "200"), and sort keys in messages', async () => {
    const test = createTestMetrics();
    new ExecutionMetrics(test).recordExecution({ status: 'completed', langAndVersion: 'py', durationSeconds: 2 });
    const collected = await test.collect();
    assertCounter(collected, 'script.executions.total', { status: 'completed', lang_and_version: 'py' }, 1);
    expect(failure(() => assertCounter(collected, 'script.executions.total', { status: 'failed', lang_and_version: 'py' }, 1))).toBe(
      'no series of script.executions.total with {lang_and_version: "py", status: "failed"}; recorded: {lang_and_version: "py", status: "completed"} = 1',
    );
  });
});

describe('createTestMetrics', () => {
  it('records catalog histograms on their catalog buckets and keeps the warnings of the classes', async () => {
    const test = createTestMetrics();
    const jobs = new JobMetrics(test);
    jobs.runs.add(Number.NaN, { status: 'x' });
    new ExecutionMetrics(test).recordExecution({ status: 'completed', langAndVersion: 'py', durationSeconds: 2 });
    const collected = await test.collect();
    expect(collected.histogram('script.execution.duration', { lang_and_version: 'py' }).boundaries[0]).toBe(0.01);
    expect(test.warnings).toEqual([expect.stringMatching(/^otel-domain-metrics: jobs\.runs\.total: .*not a finite number/)]);
  });

  it.each([true, false])('holds a catalog name to the catalog, as startMetrics() does (fast path: %s)', async (fastPath) => {
    const test = createTestMetrics({ fastPath });
    const mine = histogram({ name: 'script.execution.duration', unit: 's', description: 'Mine', attributes: ['lang_and_version'], buckets: 'request' });
    class Mine extends BaseMetrics {
      readonly duration = this.histogram(mine);
    }
    new Mine(test).duration.record(0.2, { lang_and_version: 'mine' });
    new ExecutionMetrics(test).recordExecution({ status: 'completed', langAndVersion: 'py', durationSeconds: 2 });
    const collected = await test.collect();
    expect(collected.histogram('script.execution.duration', { lang_and_version: 'py' }).count).toBe(1);
    expect(() => collected.histogram('script.execution.duration', { lang_and_version: 'mine' })).toThrow();
    expect(test.warnings).toEqual([expect.stringMatching(/^otel-domain-metrics: script\.execution\.duration: is already declared .* refused as histogram in "s" on request buckets/)]);
  });

  it('under delta, collects what was recorded since the previous collect', async () => {
    const test = createTestMetrics({ temporality: 'delta' });
    const jobs = new JobMetrics(test);
    jobs.runs.add(2, { status: 'ok' });
    assertCounter(await test.collect(), 'jobs.runs.total', { status: 'ok' }, 2);
    jobs.runs.add(5, { status: 'ok' });
    assertCounter(await test.collect(), 'jobs.runs.total', { status: 'ok' }, 5);
  });

  it('records on the fast path unless told otherwise, as startMetrics() does', () => {
    expect(providerSettings(createTestMetrics().meterProvider).fastPath).toBeDefined();
    expect(providerSettings(createTestMetrics({ fastPath: false }).meterProvider).fastPath).toBeUndefined();
  });
});
