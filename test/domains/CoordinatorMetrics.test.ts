// CoordinatorMetrics on both recording paths and both temporalities.
import { describe, expect, it } from 'vitest';
import { BUCKET_SETS } from '../../src/core/buckets.js';
import { CoordinatorMetrics } from '../../src/domains/CoordinatorMetrics.js';
import { recordingSetups } from '../support/recordingSetups.js';

describe.each(recordingSetups())('CoordinatorMetrics ($name)', (setup) => {
  it('moves queue depth, active count and waits together in each transition', async () => {
    const { meterProvider, collect } = setup.start();
    const coordinator = new CoordinatorMetrics({ meterProvider });
    coordinator.enqueued();
    coordinator.enqueued();
    coordinator.enqueued();
    coordinator.scheduled({ priority: 'high', langAndVersion: 'python-3.11', queueWaitSeconds: 2, schedulingSeconds: 0.003 });
    coordinator.scheduled({ priority: 'low', langAndVersion: 'python-3.11', queueWaitSeconds: 40, schedulingSeconds: 0.0004 });

    let s = await collect();
    expect(s.value('execution.queue.depth')).toBe(1);
    expect(s.value('coordinator.executions.active')).toBe(2);
    expect(s.value('coordinator.executions.scheduled.total', { status: 'scheduled' })).toBe(2);
    expect(s.histogram('coordinator.queue.wait_time', { priority: 'high' })).toMatchObject({ count: 1, sum: 2 });
    expect(s.histogram('coordinator.queue.wait_time', { priority: 'low' })).toMatchObject({ count: 1, sum: 40 });
    expect(s.histogram('execution.queue.wait_time', { lang_and_version: 'python-3.11' })).toMatchObject({ count: 2, sum: 42 });
    const scheduling = s.histogram('coordinator.scheduling.duration');
    expect(scheduling.boundaries).toEqual([...BUCKET_SETS.fast]);
    expect(scheduling.count).toBe(2);

    coordinator.released();
    coordinator.schedulingFailed({ status: 'rejected', schedulingSeconds: 0.001, dequeued: true });
    s = await collect();
    expect(s.value('coordinator.executions.active')).toBe(1);
    expect(s.value('execution.queue.depth')).toBe(0);
    expect(s.value('coordinator.executions.scheduled.total', { status: 'rejected' })).toBe(1);
    expect(s.value('coordinator.executions.scheduled.total', { status: 'scheduled' })).toBe(2);
    expect(s.histogram('coordinator.scheduling.duration').count).toBe(3);
  });

  it('feeds one stream from several instances on one provider (two coordinators, one queue depth series)', async () => {
    const { meterProvider, collect } = setup.start();
    const a = new CoordinatorMetrics({ meterProvider });
    const b = new CoordinatorMetrics({ meterProvider });
    a.enqueued();
    b.enqueued();
    a.scheduled({ priority: 'normal', queueWaitSeconds: 1, schedulingSeconds: 0.001 });
    const s = await collect();
    expect(s.metrics.filter((m) => m.descriptor.name === 'execution.queue.depth')).toHaveLength(1);
    expect(s.value('execution.queue.depth')).toBe(1);
    // Without a language the wait is still recorded, on the series without the attribute.
    expect(s.histogram('execution.queue.wait_time', {})).toMatchObject({ count: 1, sum: 1 });
  });
});
