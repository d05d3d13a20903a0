// ExecutionMetrics on both recording paths and both temporalities.
import { describe, expect, it } from 'vitest';
import { BUCKET_SETS } from '../../src/core/buckets.js';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import { recordingSetups } from '../support/recordingSetups.js';

describe.each(recordingSetups())('ExecutionMetrics ($name)', (recording) => {
  function setup() {
    const { meterProvider, collect } = recording.start();
    return { metrics: new ExecutionMetrics({ meterProvider }), collect };
  }

  it('recordExecution counts by status and language and records duration, memory and CPU', async () => {
    const { metrics, collect } = setup();
    metrics.recordExecution({ status: 'completed', langAndVersion: 'python-3.11', durationSeconds: 1.2, memoryMiB: 100, cpuMillicores: 300 });
    metrics.recordExecution({ status: 'completed', langAndVersion: 'python-3.11', durationSeconds: 0.4 });
    metrics.recordExecution({ status: 'timeout', langAndVersion: 'node-20', durationSeconds: 30, memoryMiB: 700 });

    const s = await collect();
    expect(s.value('script.executions.total', { status: 'completed', lang_and_version: 'python-3.11' })).toBe(2);
    expect(s.value('script.executions.total', { status: 'timeout', lang_and_version: 'node-20' })).toBe(1);

    const py = s.histogram('script.execution.duration', { lang_and_version: 'python-3.11' });
    expect(py).toMatchObject({ count: 2, min: 0.4, max: 1.2 });
    expect(py.sum).toBeCloseTo(1.6);
    expect(py.boundaries).toEqual([...BUCKET_SETS.long]);
    expect(s.histogram('script.memory.usage', { lang_and_version: 'python-3.11' })).toMatchObject({ count: 1, sum: 100 });
    expect(s.histogram('script.memory.usage', { lang_and_version: 'node-20' }).boundaries).toEqual([...BUCKET_SETS.mebibytes]);
    expect(s.histogram('script.cpu.utilization')).toMatchObject({ count: 1, sum: 300 });
    expect(s.metric('script.memory.usage').descriptor.unit).toBe('MiBy');
  });

  it('executionStarted holds an active slot until finish, which records the measured duration once', async () => {
    const { metrics, collect } = setup();
    const run = metrics.executionStarted({ langAndVersion: 'go-1.22' });
    const other = metrics.executionStarted({ langAndVersion: 'go-1.22' });
    expect((await collect()).value('script.executions.active')).toBe(2);

    await new Promise((r) => setTimeout(r, 30));
    run.finish({ status: 'failed', memoryMiB: 64 });
    run.finish({ status: 'completed' }); // ignored: the active count cannot drift

    const s = await collect();
    expect(s.value('script.executions.active')).toBe(1);
    expect(s.value('script.executions.total', { status: 'failed', lang_and_version: 'go-1.22' })).toBe(1);
    expect(s.attributeSets('script.executions.total')).toHaveLength(1);
    const d = s.histogram('script.execution.duration', { lang_and_version: 'go-1.22' });
    expect(d.count).toBe(1);
    expect(d.sum).toBeGreaterThanOrEqual(0.025);
    expect(d.sum).toBeLessThan(5);
    other.finish({ status: 'completed' });
    expect((await collect()).value('script.executions.active')).toBe(0);
  });

  it('errorOccurred counts by error class name, never by message', async () => {
    const { metrics, collect } = setup();
    metrics.errorOccurred({ error: new RangeError('index 7 out of range for user 42') });
    metrics.errorOccurred({ error: new RangeError('index 9 out of range for user 43') });
    metrics.errorOccurred({ error: 'OOMKilled' });
    metrics.errorOccurred({ error: 'process exited with signal 9 at 12:00' });
    const s = await collect();
    expect(s.value('script.errors.total', { error_type: 'RangeError' })).toBe(2);
    expect(s.value('script.errors.total', { error_type: 'OOMKilled' })).toBe(1);
    expect(s.value('script.errors.total', { error_type: '_OTHER' })).toBe(1);
  });

  it('drops a bad duration but still counts the execution', async () => {
    const { metrics, collect } = setup();
    metrics.recordExecution({ status: 'completed', langAndVersion: 'py', durationSeconds: Number.NaN });
    const s = await collect();
    expect(s.value('script.executions.total', { status: 'completed', lang_and_version: 'py' })).toBe(1);
    expect(s.has('script.execution.duration')).toBe(false);
  });
});
