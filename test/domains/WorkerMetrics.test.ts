// WorkerMetrics on both recording paths and both temporalities.
import { describe, expect, it } from 'vitest';
import { WorkerMetrics } from '../../src/domains/WorkerMetrics.js';
import { recordingSetups } from '../support/recordingSetups.js';

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

describe.each(recordingSetups())('WorkerMetrics ($name)', (setup) => {
  it('records polls, executions and updates with SUCCESS/FAILURE status and exception classes', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new WorkerMetrics({ meterProvider });
    m.recordPoll({ taskType: 'myTask', durationSeconds: 0.02 });
    m.recordPoll({ taskType: 'myTask', durationSeconds: 0.5, error: new TimeoutError('poll timed out after 500ms') });
    m.recordExecution({ taskType: 'myTask', durationSeconds: 3, resultBytes: 2048 });
    m.recordExecution({ taskType: 'myTask', durationSeconds: 30, error: new TimeoutError('x') });
    m.recordUpdate({ taskType: 'myTask', durationSeconds: 0.1, error: new RangeError('x') });
    const s = await collect();
    expect(s.value('task.poll.total', { task_type: 'myTask' })).toBe(2);
    expect(s.histogram('task.poll.duration', { task_type: 'myTask', status: 'FAILURE' }).count).toBe(1);
    expect(s.histogram('task.execute.duration', { task_type: 'myTask', status: 'SUCCESS' }).sum).toBe(3);
    expect(s.value('task.execute.errors.total', { task_type: 'myTask', exception: 'TimeoutError' })).toBe(1);
    expect(s.value('task.update.errors.total', { task_type: 'myTask', exception: 'RangeError' })).toBe(1);
    expect(s.histogram('task.result.size', { task_type: 'myTask' })).toMatchObject({ count: 1, sum: 2048 });
  });

  it('templates API URIs and upper-cases methods; an error without a response is its class', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new WorkerMetrics({ meterProvider });
    m.recordApiRequest({ method: 'get', uri: '/tasks/3f2b8c1e-9a4d-4c2b-8e1f-0a1b2c3d4e5f?x=1', status: 200, durationSeconds: 0.1 });
    m.recordApiRequest({ method: 'GET', uri: '/tasks/9b1e0a3c-1111-4c2b-8e1f-0a1b2c3d4e5f', status: 200, durationSeconds: 0.3 });
    m.recordApiRequest({ method: 'POST', uri: '/tasks/update-v2', status: 'ECONNRESET', durationSeconds: 1 });
    const s = await collect();
    expect(s.histogram('api.request.duration', { method: 'GET', uri: '/tasks/{uuid}', status: 200 }).count).toBe(2);
    expect(s.histogram('api.request.duration', { method: 'POST', uri: '/tasks/update-v2', status: 'ECONNRESET' }).count).toBe(1);
  });

  it('bounds methods to the standard ones and never throws on what plain JavaScript passes', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new WorkerMetrics({ meterProvider });
    expect(() => m.recordApiRequest({ method: undefined as never, uri: undefined as never, status: 200, durationSeconds: 0.1 })).not.toThrow();
    m.recordApiRequest({ method: 'x-0.7244', uri: '/tasks', status: 200, durationSeconds: 0.1 });
    const s = await collect();
    expect(s.attributeSets('api.request.duration')).toEqual([
      { method: '_OTHER', uri: '_OTHER', status: 200 },
      { method: '_OTHER', uri: '/tasks', status: 200 },
    ]);
  });

  it('counts queue-full, paused polls, restarts, external payloads and workflow starts', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new WorkerMetrics({ meterProvider });
    m.executionQueueOverflowed({ taskType: 't' });
    m.pollSkippedWhilePaused({ taskType: 't' });
    m.workerRestarted({ taskType: 't' });
    m.externalPayloadUsed({ taskType: 't', payloadType: 'input' });
    m.workflowStarted({ workflowType: 'wf', version: 3, inputBytes: 1024 });
    m.workflowStartFailed({ workflowType: 'wf', error: new TypeError('x') });
    const s = await collect();
    expect(s.value('task.execution_queue.full.total', { task_type: 't' })).toBe(1);
    expect(s.value('task.paused.total', { task_type: 't' })).toBe(1);
    expect(s.value('worker.restarts.total', { task_type: 't' })).toBe(1);
    expect(s.value('external_payload.used.total', { task_type: 't', payload_type: 'input' })).toBe(1);
    expect(s.histogram('workflow.input.size', { workflow_type: 'wf', version: 3 }).sum).toBe(1024);
    expect(s.value('workflow.start.errors.total', { workflow_type: 'wf', exception: 'TypeError' })).toBe(1);
  });
});
