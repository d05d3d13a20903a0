// HealthMetrics on both recording paths and both temporalities.
import { describe, expect, it } from 'vitest';
import { HealthMetrics } from '../../src/domains/HealthMetrics.js';
import { recordingSetups } from '../support/recordingSetups.js';

describe.each(recordingSetups())('HealthMetrics ($name)', (setup) => {
  it('check() times the probe and maps its result, treating a throw as unhealthy without rethrowing', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new HealthMetrics({ meterProvider });
    expect(await m.measureCheck('mongodb', async () => true)).toBe('healthy');
    expect(await m.measureCheck('mongodb', () => 'degraded')).toBe('degraded');
    expect(await m.measureCheck('redis', async () => false)).toBe('unhealthy');
    expect(await m.measureCheck('kafka', async () => Promise.reject(new Error('ECONNREFUSED')))).toBe('unhealthy');
    expect(await m.measureCheck('kafka', (() => 'ok') as never)).toBe('unhealthy'); // not a status: never exported as one
    const s = await collect();
    expect(s.value('health.checks.total', { service: 'mongodb', status: 'healthy' })).toBe(1);
    expect(s.value('health.checks.total', { service: 'mongodb', status: 'degraded' })).toBe(1);
    expect(s.value('health.checks.total', { service: 'redis', status: 'unhealthy' })).toBe(1);
    expect(s.value('health.checks.total', { service: 'kafka', status: 'unhealthy' })).toBe(2);
    expect(s.histogram('health.check.duration', { service: 'mongodb' }).count).toBe(2);
  });

  it('exports dependency status as 1 (up) or 0 (down), the latest state', async () => {
    const { meterProvider, collect } = setup.start();
    const m = new HealthMetrics({ meterProvider });
    m.setDependencyStatus({ dependency: 'redis', up: true });
    m.setDependencyStatus({ dependency: 'mongodb', up: true });
    m.setDependencyStatus({ dependency: 'redis', up: false });
    const s = await collect();
    expect(s.value('health.dependencies.status', { dependency: 'redis' })).toBe(0);
    expect(s.value('health.dependencies.status', { dependency: 'mongodb' })).toBe(1);
    expect(s.metric('health.dependencies.status').descriptor.unit).toBe('1');
  });
});
