import { describe, expect, it } from 'vitest';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { shutdownOnSignals } from '../../src/runtime/shutdownOnSignals.js';

function fakeRuntime(log: string[]): MetricsRuntime {
  return {
    shutdown: async () => {
      log.push('metrics flushed');
    },
  } as MetricsRuntime;
}

describe('shutdownOnSignals', () => {
  it('runs the caller’s shutdown first, then flushes metrics, on SIGTERM', async () => {
    const log: string[] = [];
    const before = process.listenerCount('SIGTERM');
    const remove = shutdownOnSignals(fakeRuntime(log), {
      exit: false,
      beforeShutdown: async () => {
        await new Promise((r) => setTimeout(r, 20));
        log.push('workload stopped');
      },
    });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM');
    await new Promise((r) => setTimeout(r, 60));
    expect(log).toEqual(['workload stopped', 'metrics flushed']);
    process.emit('SIGTERM'); // a second signal does not shut down twice
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toHaveLength(2);
    remove();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('flushes metrics after a bounded wait when the caller’s shutdown hangs', async () => {
    const log: string[] = [];
    const remove = shutdownOnSignals(fakeRuntime(log), {
      exit: false,
      signals: ['SIGUSR2'],
      beforeShutdownTimeoutMillis: 50,
      beforeShutdown: () => new Promise(() => {}),
    });
    process.emit('SIGUSR2');
    await new Promise((r) => setTimeout(r, 120));
    expect(log).toEqual(['metrics flushed']);
    remove();
  });

  it('still flushes metrics when the caller’s shutdown throws', async () => {
    const log: string[] = [];
    const remove = shutdownOnSignals(fakeRuntime(log), {
      exit: false,
      signals: ['SIGUSR2'],
      beforeShutdown: () => {
        throw new Error('drain failed');
      },
    });
    process.emit('SIGUSR2');
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual(['metrics flushed']);
    remove();
  });
});
