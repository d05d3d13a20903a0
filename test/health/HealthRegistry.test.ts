// The registry: criticality and scope rules, checks that hang, throw, reject, recover and flap,
// one run per cache period however many probes ask, and every run recorded as health metrics.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import type { HealthCheckOutcome } from '../../src/health/HealthCheck.js';
import { HealthRegistry } from '../../src/health/HealthRegistry.js';
import { recordingSetups } from '../support/recordingSetups.js';

const pass = () => undefined;
const fail = () => {
  throw new Error('down');
};

describe('HealthRegistry criticality and scope', () => {
  it('is healthy with no checks at all, for both probes', async () => {
    const registry = new HealthRegistry();
    for (const probe of ['liveness', 'readiness'] as const) {
      expect(await registry.evaluate(probe)).toMatchObject({ status: 'healthy', httpStatus: 200, body: { status: 'pass', checks: {} } });
    }
  });

  it.each([
    ['a critical check failing', [{ critical: true, check: fail }], 'unhealthy', 503],
    ['a non-critical check failing', [{ critical: false, check: fail }], 'degraded', 200],
    ['a critical check warning', [{ critical: true, check: () => 'degraded' as const }], 'degraded', 200],
    ['a warning and a non-critical failure', [{ critical: true, check: () => 'degraded' as const }, { critical: false, check: fail }], 'degraded', 200],
    ['a non-critical and a critical failure', [{ critical: false, check: fail }, { critical: true, check: fail }], 'unhealthy', 503],
    ['all passing', [{ critical: true, check: pass }, { critical: false, check: pass }], 'healthy', 200],
  ])('%s makes the service %s (HTTP %d)', async (_, checks, status, httpStatus) => {
    const registry = new HealthRegistry();
    checks.forEach((c, i) => registry.register({ name: `c${i}`, ...c }));
    const evaluation = await registry.evaluate('readiness');
    expect(evaluation.status).toBe(status);
    expect(evaluation.httpStatus).toBe(httpStatus);
    expect(evaluation.body.status).toBe({ healthy: 'pass', degraded: 'warn', unhealthy: 'fail' }[status]);
  });

  it('counts a check only for the probes of its scope', async () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'database', scope: 'readiness', check: fail });
    registry.register({ name: 'event-loop', scope: 'liveness', check: pass });
    registry.register({ name: 'config', scope: 'both', check: pass });
    const liveness = await registry.evaluate('liveness');
    const readiness = await registry.evaluate('readiness');
    expect(Object.keys(liveness.body.checks).sort()).toEqual(['config', 'event-loop']);
    expect(liveness.status).toBe('healthy');
    expect(Object.keys(readiness.body.checks).sort()).toEqual(['config', 'database']);
    expect(readiness.status).toBe('unhealthy');
  });

  it('counts a check without a scope for readiness only, so a failing dependency never fails liveness', async () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'postgres', check: fail });
    const liveness = await registry.evaluate('liveness');
    const readiness = await registry.evaluate('readiness');
    expect(liveness.status).toBe('healthy');
    expect(liveness.httpStatus).toBe(200);
    expect(liveness.body.checks).toEqual({});
    expect(readiness.status).toBe('unhealthy');
    expect(Object.keys(readiness.body.checks)).toEqual(['postgres']);
  });

  it('describes each check in the health+json shape: status, duration, time, criticality and output', async () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'redis', critical: false, check: () => Promise.reject(new TypeError('socket closed')) });
    const before = Date.now();
    const { body, contentType } = await registry.evaluate('readiness');
    expect(contentType).toBe('application/health+json');
    expect(body).toEqual({
      status: 'warn',
      description: 'readiness',
      checks: {
        redis: [
          {
            componentId: 'redis',
            status: 'fail',
            observedValue: expect.any(Number) as number,
            observedUnit: 'ms',
            time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as string,
            critical: false,
            output: 'TypeError: socket closed',
          },
        ],
      },
    });
    const entry = body.checks['redis']![0]!;
    expect(Date.parse(entry.time)).toBeGreaterThanOrEqual(before);
    expect(entry.observedValue).toBeGreaterThanOrEqual(0);
    expect(entry.observedValue).toBeLessThan(1000);
  });

  it('refuses definitions that cannot work, at registration', () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'db', check: pass });
    const bad: [unknown, RegExp][] = [
      [{ name: 'db', check: pass }, /already registered/],
      [{ name: ' ', check: pass }, /non-empty name/],
      [{ name: 'x', check: 'ping' }, /expected a function/],
      [{ name: 'x', check: pass, timeoutMillis: 0 }, /timeoutMillis/],
      [{ name: 'x', check: pass, cacheMillis: -1 }, /cacheMillis/],
      [{ name: 'x', check: pass, scope: 'startup' }, /scope/],
      [{ name: 'x', check: pass, critical: 'yes' }, /critical/],
      [null, /definition object/],
    ];
    for (const [definition, message] of bad) {
      expect(() => registry.register(definition as never)).toThrow(message);
    }
    expect(registry.names).toEqual(['db']);
  });

  it('forgets a check when its unregister function is called', async () => {
    const registry = new HealthRegistry();
    const remove = registry.register({ name: 'db', check: fail });
    expect((await registry.evaluate()).status).toBe('unhealthy');
    remove();
    expect((await registry.evaluate()).status).toBe('healthy');
    expect(registry.names).toEqual([]);
  });
});

describe('HealthRegistry with misbehaving checks', () => {
  it('answers at the timeout when a check hangs, with the other checks still reported', async () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'hangs', timeoutMillis: 50, check: () => new Promise<never>(() => undefined) });
    registry.register({ name: 'fine', check: pass });
    const started = performance.now();
    const evaluation = await registry.evaluate('readiness');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(evaluation.status).toBe('unhealthy');
    expect(evaluation.body.checks['hangs']![0]).toMatchObject({ status: 'fail', output: 'TimeoutError: no answer within 50 ms' });
    expect(evaluation.body.checks['fine']![0]!.status).toBe('pass');
  });

  it('never rejects, whatever the check does', async () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'throws', check: fail });
    registry.register({ name: 'rejects', check: () => Promise.reject(new Error('no')) });
    registry.register({ name: 'rejects-nothing', check: () => Promise.reject(undefined as never) });
    registry.register({ name: 'returns-junk', check: (() => 42) as never });
    const evaluation = await registry.evaluate('readiness');
    expect(evaluation.checks.map((run) => [run.name, run.status, run.output])).toEqual([
      ['throws', 'unhealthy', 'Error: down'],
      ['rejects', 'unhealthy', 'Error: no'],
      ['rejects-nothing', 'unhealthy', 'thrown undefined: undefined'],
      ['returns-junk', 'unhealthy', 'unrecognised result (number)'],
    ]);
  });

  it('follows a check that recovers, and one that flaps, run by run once the cache period has passed', async () => {
    const registry = new HealthRegistry();
    const flapping: HealthCheckOutcome[] = [true, false, true, false, 'degraded', true];
    let recoverAfter = 2;
    registry.register({ name: 'recovers', cacheMillis: 0, check: () => (recoverAfter-- > 0 ? Promise.reject(new Error('starting')) : undefined) });
    registry.register({ name: 'flaps', critical: false, cacheMillis: 0, check: () => flapping.shift() });
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const evaluation = await registry.evaluate('readiness');
      seen.push(`${evaluation.status}:${evaluation.checks.map((run) => run.status).join(',')}`);
    }
    expect(seen).toEqual([
      'unhealthy:unhealthy,healthy',
      'unhealthy:unhealthy,unhealthy',
      'healthy:healthy,healthy',
      'degraded:healthy,unhealthy',
      'degraded:healthy,degraded',
      'healthy:healthy,healthy',
    ]);
  });
});

describe('HealthRegistry caching', () => {
  it('runs a check once for 100 concurrent evaluations, and once more after the cache period', async () => {
    const registry = new HealthRegistry();
    let runs = 0;
    registry.register({
      name: 'database',
      cacheMillis: 150,
      check: async () => {
        runs++;
        await sleep(20);
      },
    });
    const burst = await Promise.all(Array.from({ length: 100 }, () => registry.evaluate('readiness')));
    expect(runs).toBe(1);
    expect(new Set(burst.map((e) => e.body.checks['database']![0]!.time)).size).toBe(1);
    await registry.evaluate('liveness');
    expect(runs).toBe(1); // within the cache period, the other probe shares the result too
    await sleep(200);
    await Promise.all(Array.from({ length: 100 }, () => registry.evaluate('readiness')));
    expect(runs).toBe(2);
  });

  it('runs checks concurrently, so a probe waits for the slowest, not the sum', async () => {
    const registry = new HealthRegistry();
    for (const name of ['a', 'b', 'c', 'd']) registry.register({ name, check: () => sleep(100).then(() => undefined) });
    const started = performance.now();
    await registry.evaluate('readiness');
    expect(performance.now() - started).toBeLessThan(350);
  });

  it('keeps results current in the background with runEvery, until stopped', async () => {
    const registry = new HealthRegistry();
    let runs = 0;
    registry.register({ name: 'queue', cacheMillis: 0, check: () => void runs++ });
    const stop = registry.runEvery(30);
    await sleep(200);
    stop();
    const counted = runs;
    expect(counted).toBeGreaterThanOrEqual(3);
    await sleep(100);
    expect(runs).toBe(counted);
    expect(() => registry.runEvery(0)).toThrow(InvalidArgumentError);
  });

  it('runs each check at every background tick even while its result is fresh, and probes never wait for a run', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
    try {
      const registry = new HealthRegistry();
      const starts: number[] = [];
      // The cache as long as the interval: each result is still fresh when the next tick comes.
      registry.register({
        name: 'db',
        cacheMillis: 100,
        check: async () => {
          starts.push(Math.round(performance.now()));
          // The global setTimeout, which the fake clock drives (node:timers/promises is not faked).
          await new Promise((resolve) => setTimeout(resolve, 20));
        },
      });
      const stop = registry.runEvery(100);
      await vi.advanceTimersByTimeAsync(130);
      const waited: number[] = [];
      // A probe every 10 ms; one that had to wait for a run would not settle before the next macrotask.
      for (let at = 130; at < 1000; at += 10) {
        const probe = registry.evaluate('readiness').then(() => true);
        const settledAtOnce = await Promise.race([probe, new Promise<false>((resolve) => setImmediate(() => resolve(false)))]);
        if (!settledAtOnce) waited.push(at);
        await vi.advanceTimersByTimeAsync(10);
      }
      stop();
      expect(waited).toEqual([]);
      expect(starts).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts no background runs when runEvery is called after shutdown began', async () => {
    const registry = new HealthRegistry();
    let runs = 0;
    registry.register({ name: 'queue', scope: 'both', cacheMillis: 0, check: () => void runs++ });
    registry.beginShutdown();
    const stop = registry.runEvery(10);
    await sleep(80);
    expect(runs).toBe(0);
    stop();
  });
});

describe('HealthRegistry at shutdown', () => {
  it('fails readiness at once without running checks, while liveness still answers from its checks', async () => {
    const registry = new HealthRegistry();
    let runs = 0;
    registry.register({ name: 'heartbeat', scope: 'both', cacheMillis: 0, check: () => void runs++ });
    registry.beginShutdown();
    const readiness = await registry.evaluate('readiness');
    expect(readiness).toMatchObject({ status: 'unhealthy', httpStatus: 503, body: { status: 'fail', output: 'shutting down', checks: {} } });
    expect(runs).toBe(0);
    expect(registry.shuttingDown).toBe(true);
    expect((await registry.evaluate('liveness')).httpStatus).toBe(200);
    expect(runs).toBe(1);
  });

  it('answers 503 to a readiness probe whose checks were running when shutdown began', async () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'slow', check: () => sleep(50).then(() => undefined) });
    const pending = registry.evaluate('readiness');
    registry.beginShutdown();
    expect(await pending).toMatchObject({ httpStatus: 503, body: { output: 'shutting down' } });
  });
});

describe.each(recordingSetups())('HealthRegistry records every run through HealthMetrics ($name)', (setup) => {
  it('counts runs, not probes, with their duration and the dependency state', async () => {
    const { meterProvider, collect } = setup.start();
    const registry = new HealthRegistry({ meterProvider });
    let up = false;
    registry.register({ name: 'postgres', cacheMillis: 60_000, check: () => up });
    registry.register({ name: 'redis', critical: false, cacheMillis: 0, check: () => 'degraded' as const });
    await Promise.all(Array.from({ length: 10 }, () => registry.evaluate('readiness')));
    up = true;
    await registry.evaluate('readiness'); // postgres still cached as down: no new run
    const s = await collect();
    expect(s.value('health.checks.total', { service: 'postgres', status: 'unhealthy' })).toBe(1);
    expect(s.value('health.checks.total', { service: 'redis', status: 'degraded' })).toBe(2);
    expect(s.histogram('health.check.duration', { service: 'postgres' }).count).toBe(1);
    expect(s.value('health.dependencies.status', { dependency: 'postgres' })).toBe(0);
    expect(s.value('health.dependencies.status', { dependency: 'redis' })).toBe(1);
  });
});
