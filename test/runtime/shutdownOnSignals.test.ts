import { constants } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { shutdownOnSignals } from '../../src/runtime/shutdownOnSignals.js';
import { sleep } from '../support/testKit.js';

function fakeRuntime(log: string[], flush: () => Promise<void> = async () => undefined): MetricsRuntime {
  return {
    shutdown: async () => {
      log.push('flush started');
      await flush();
      log.push('metrics flushed');
    },
  } as MetricsRuntime;
}


/** Replaces process.exit for one test, keeping the codes it was called with. */
function recordExits(): number[] {
  const codes: number[] = [];
  vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
    codes.push(code ?? 0);
  }) as typeof process.exit);
  return codes;
}

describe('shutdownOnSignals', () => {
  const removers: (() => void)[] = [];
  afterEach(() => {
    for (const remove of removers.splice(0)) remove();
    vi.restoreAllMocks();
  });

  it('runs the caller’s shutdown first, then flushes metrics, on SIGTERM', async () => {
    const log: string[] = [];
    const before = process.listenerCount('SIGTERM');
    const remove = shutdownOnSignals(fakeRuntime(log), {
      exit: false,
      beforeShutdown: async () => {
        await sleep(20);
        log.push('workload stopped');
      },
    });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM');
    await sleep(60);
    expect(log).toEqual(['workload stopped', 'flush started', 'metrics flushed']);
    process.emit('SIGTERM'); // a second signal does not shut down twice
    await sleep(20);
    expect(log).toHaveLength(3);
    remove();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('exits 0 after the flush when a relayed copy of the signal arrives 10 ms after the first', async () => {
    const exits = recordExits();
    const log: string[] = [];
    removers.push(
      shutdownOnSignals(fakeRuntime(log), {
        signals: ['SIGUSR2'],
        beforeShutdown: async () => {
          await sleep(80);
          log.push('workload stopped');
        },
      }),
    );
    process.emit('SIGUSR2');
    await sleep(10);
    process.emit('SIGUSR2');
    await sleep(10);
    process.emit('SIGUSR2');
    expect(exits).toEqual([]);
    await sleep(150);
    expect(log).toEqual(['workload stopped', 'flush started', 'metrics flushed']);
    expect(exits).toEqual([0]);
  });

  it('ignores repeats for the whole grace period, however many arrive', async () => {
    const exits = recordExits();
    const log: string[] = [];
    removers.push(
      shutdownOnSignals(fakeRuntime(log), {
        signals: ['SIGUSR2'],
        repeatGraceMillis: 300,
        beforeShutdown: () => sleep(200),
      }),
    );
    process.emit('SIGUSR2');
    for (let i = 0; i < 5; i++) {
      await sleep(30);
      process.emit('SIGUSR2');
    }
    expect(exits).toEqual([]);
    await sleep(200);
    expect(exits).toEqual([0]);
    expect(log).toEqual(['flush started', 'metrics flushed']);
  });

  it('on a signal after the grace period, abandons the caller’s shutdown, flushes, and exits with 128 + the signal number', async () => {
    const exits = recordExits();
    const log: string[] = [];
    removers.push(
      shutdownOnSignals(fakeRuntime(log), {
        signals: ['SIGUSR2'],
        repeatGraceMillis: 50,
        beforeShutdown: () => new Promise(() => {}), // hangs: only the forcing signal ends it
      }),
    );
    process.emit('SIGUSR2');
    await sleep(80);
    expect(log).toEqual([]);
    process.emit('SIGUSR2');
    await sleep(30);
    expect(log).toEqual(['flush started', 'metrics flushed']);
    expect(exits).toEqual([128 + constants.signals.SIGUSR2]);
  });

  it('waits at most forcedFlushTimeoutMillis for a hung final export before the forced exit', async () => {
    const exits = recordExits();
    const log: string[] = [];
    removers.push(
      shutdownOnSignals(fakeRuntime(log, () => new Promise(() => {})), {
        signals: ['SIGUSR2'],
        repeatGraceMillis: 20,
        forcedFlushTimeoutMillis: 60,
        beforeShutdown: () => new Promise(() => {}),
      }),
    );
    process.emit('SIGUSR2');
    await sleep(40);
    process.emit('SIGUSR2');
    await sleep(30);
    expect(log).toEqual(['flush started']);
    expect(exits).toEqual([]);
    await sleep(80);
    expect(exits).toEqual([128 + constants.signals.SIGUSR2]);
  });

  it('exports once when a forcing signal arrives while the flush is already running', async () => {
    const exits = recordExits();
    const log: string[] = [];
    removers.push(
      shutdownOnSignals(fakeRuntime(log, () => sleep(100)), {
        signals: ['SIGUSR2'],
        repeatGraceMillis: 20,
      }),
    );
    process.emit('SIGUSR2');
    await sleep(40);
    process.emit('SIGUSR2');
    await sleep(120);
    expect(log).toEqual(['flush started', 'metrics flushed']);
    expect(exits).toEqual([128 + constants.signals.SIGUSR2]);
  });

  it('flushes metrics after a bounded wait when the caller’s shutdown hangs, and exits 1', async () => {
    const exits = recordExits();
    const log: string[] = [];
    removers.push(
      shutdownOnSignals(fakeRuntime(log), {
        signals: ['SIGUSR2'],
        beforeShutdownTimeoutMillis: 50,
        beforeShutdown: () => new Promise(() => {}),
      }),
    );
    process.emit('SIGUSR2');
    await sleep(120);
    expect(log).toEqual(['flush started', 'metrics flushed']);
    expect(exits).toEqual([1]);
  });

  it('still flushes metrics when the caller’s shutdown throws, and exits 1', async () => {
    const exits = recordExits();
    const log: string[] = [];
    removers.push(
      shutdownOnSignals(fakeRuntime(log), {
        signals: ['SIGUSR2'],
        beforeShutdown: () => {
          throw new Error('drain failed');
        },
      }),
    );
    process.emit('SIGUSR2');
    await sleep(20);
    expect(log).toEqual(['flush started', 'metrics flushed']);
    expect(exits).toEqual([1]);
  });
});
