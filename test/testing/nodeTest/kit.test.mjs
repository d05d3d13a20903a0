// The test kit under node:test, imported from the built package as a user's ESM test would: two
// passing tests and one failing on purpose, whose message the package test reads.
import { test } from 'node:test';
import { BaseMetrics, counter } from 'otel-domain-metrics';
import { assertCounter, checkMetricsClass, createTestMetrics } from 'otel-domain-metrics/testing';

const RUNS = counter({ name: 'jobs.runs.total', unit: '{run}', description: 'Runs', attributes: ['status'] });
class JobMetrics extends BaseMetrics {
  runs = this.counter(RUNS);
  failed() {
    this.runs.add(1, { status: 'failure' });
  }
}

test('counts runs', async () => {
  const metrics = createTestMetrics();
  const jobs = new JobMetrics(metrics);
  jobs.failed();
  jobs.failed();
  assertCounter(await metrics.collect(), 'jobs.runs.total', { status: 'failure' }, 2);
});

test('conforms', async () => {
  const problems = await checkMetricsClass(JobMetrics, { exercise: (m) => m.failed() });
  if (problems.length > 0) throw new Error(JSON.stringify(problems));
});

test('fails with the list of recorded series (on purpose)', async () => {
  const metrics = createTestMetrics();
  const jobs = new JobMetrics(metrics);
  jobs.failed();
  jobs.failed();
  assertCounter(await metrics.collect(), 'jobs.runs.total', { status: 'ok' }, 1);
});
