// OperationMetrics on both recording paths and both temporalities.
import { describe, expect, it } from 'vitest';
import { OperationMetrics, timedWith } from '../../src/domains/OperationMetrics.js';
import { throwingMeterProvider } from '../support/brokenSdk.js';
import { recordingSetups } from '../support/recordingSetups.js';

class PlanError extends Error {
  override name = 'PlanError';
}

describe.each(recordingSetups())('OperationMetrics ($name)', (recording) => {
  function setup() {
    const { meterProvider, collect } = recording.start();
    return { metrics: new OperationMetrics({ meterProvider, labels: ['task_type'] as const }), collect };
  }

  it('records latency, success, failure with error class, and retries', async () => {
    const { metrics, collect } = setup();
    metrics.recordLatency({ operation: 'intent', durationSeconds: 0.12 });
    metrics.succeeded({ operation: 'execute', labels: { task_type: 'data_processing' } });
    metrics.failed({ operation: 'execute', error: new PlanError('plan 42 invalid'), labels: { task_type: 'data_processing' } });
    metrics.retried({ operation: 'execute', attempt: 1 });
    metrics.retried({ operation: 'execute', attempt: 1 });
    metrics.retried({ operation: 'execute', attempt: 25 });
    const s = await collect();
    expect(s.histogram('operation.duration', { operation: 'intent' }).sum).toBe(0.12);
    expect(s.value('operation.total', { operation: 'execute', outcome: 'success', task_type: 'data_processing' })).toBe(1);
    expect(s.value('operation.total', { operation: 'execute', outcome: 'failure', task_type: 'data_processing' })).toBe(1);
    expect(s.value('operation.errors.total', { operation: 'execute', error_type: 'PlanError' })).toBe(1);
    expect(s.value('operation.retries.total', { operation: 'execute', attempt: '1' })).toBe(2);
    expect(s.value('operation.retries.total', { operation: 'execute', attempt: '>10' })).toBe(1);
  });

  it('accepts only the declared extra labels, at compile time and at run time', async () => {
    const { metrics, collect } = setup();
    // @ts-expect-error user_id was not declared
    metrics.succeeded({ operation: 'login', labels: { user_id: 'u-1' } });
    expect((await collect()).attributeSets('operation.total')).toEqual([{ operation: 'login', outcome: 'success' }]);
  });

  it('recordOperation and recordBatch record outcome, duration and errors; bad entries are skipped', async () => {
    const { metrics, collect } = setup();
    const recorded = metrics.recordBatch([
      { operation: 'plan', success: true, durationSeconds: 0.5 },
      { operation: 'plan', success: false, durationSeconds: 2, error: new PlanError('x') },
      null as never,
      { nope: true } as never,
      { operation: 'plan', success: true },
    ]);
    expect(recorded).toBe(3);
    const s = await collect();
    expect(s.value('operation.total', { operation: 'plan', outcome: 'success' })).toBe(2);
    expect(s.histogram('operation.duration', { operation: 'plan', outcome: 'success' }).count).toBe(1);
    expect(s.histogram('operation.duration', { operation: 'plan', outcome: 'failure' }).sum).toBe(2);
    expect(s.value('operation.errors.total', { operation: 'plan', error_type: 'PlanError' })).toBe(1);
  });

  it('measure and wrap pass return values and the original errors through untouched, sync and async', async () => {
    const { metrics, collect } = setup();
    const result = { id: 1 };
    expect(metrics.measure('sync', () => result)).toBe(result);
    const error = new PlanError('boom');
    expect(() =>
      metrics.measure('sync', () => {
        throw error;
      }),
    ).toThrow(error);
    await expect(metrics.measure('async', async () => result)).resolves.toBe(result);
    const rejected = metrics.measure('async', () => Promise.reject(error));
    await expect(rejected).rejects.toBe(error);

    const add = metrics.wrap('add', function (this: { base: number }, a: number, b: number) {
      return this.base + a + b;
    });
    expect(add.call({ base: 10 }, 1, 2)).toBe(13);

    const s = await collect();
    expect(s.value('operation.total', { operation: 'sync', outcome: 'success' })).toBe(1);
    expect(s.value('operation.total', { operation: 'sync', outcome: 'failure' })).toBe(1);
    expect(s.value('operation.total', { operation: 'async', outcome: 'success' })).toBe(1);
    expect(s.value('operation.total', { operation: 'async', outcome: 'failure' })).toBe(1);
    expect(s.value('operation.errors.total', { operation: 'async', error_type: 'PlanError' })).toBe(1);
    expect(s.value('operation.total', { operation: 'add', outcome: 'success' })).toBe(1);
  });

  it('times async calls until they settle', async () => {
    const { metrics, collect } = setup();
    await metrics.measure('sleep', () => new Promise((r) => setTimeout(r, 30)));
    expect((await collect()).histogram('operation.duration', { operation: 'sleep', outcome: 'success' }).sum).toBeGreaterThanOrEqual(0.025);
  });

  it('decorates methods: @metrics.timed and @timedWith for injected metrics', async () => {
    const { metrics, collect } = setup();
    class Planner {
      constructor(readonly ops: OperationMetrics<'task_type'>) {}
      @metrics.timed('intent_parsing')
      parse(text: string): string {
        return text.toUpperCase();
      }
      @timedWith((self: Planner) => self.ops, 'task_planning', { task_type: 'complex' })
      async plan(fail: boolean): Promise<string[]> {
        if (fail) throw new PlanError('no plan');
        return ['a', 'b'];
      }
    }
    const planner = new Planner(metrics);
    expect(planner.parse('hi')).toBe('HI');
    await expect(planner.plan(false)).resolves.toEqual(['a', 'b']);
    await expect(planner.plan(true)).rejects.toThrow(PlanError);
    const s = await collect();
    expect(s.value('operation.total', { operation: 'intent_parsing', outcome: 'success' })).toBe(1);
    expect(s.value('operation.total', { operation: 'task_planning', outcome: 'success', task_type: 'complex' })).toBe(1);
    expect(s.value('operation.total', { operation: 'task_planning', outcome: 'failure', task_type: 'complex' })).toBe(1);
  });
});

// A provider of someone else's whose instruments throw: no recording setup of ours is involved.
it('never lets a metrics failure reach the wrapped code', async () => {
  const metrics = new OperationMetrics({ meterProvider: throwingMeterProvider() });
  expect(metrics.measure('x', () => 42)).toBe(42);
  await expect(metrics.measure('y', async () => 'ok')).resolves.toBe('ok');
});
