// With shutdownOnSignals, readiness already answers 503 while the caller's beforeShutdown drains,
// so load balancers stop sending work before the service stops taking it.
import { describe, expect, it } from 'vitest';
import { shutdownOnSignals } from '../../src/runtime/shutdownOnSignals.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { cleanupAfterEach } from '../support/testKit.js';

const cleanups = cleanupAfterEach();

describe('readiness on a shutdown signal', () => {
  it('is 503 during beforeShutdown, before the metrics are flushed', async () => {
    const runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0 });
    cleanups.push(() => runtime.shutdown());
    const readyUrl = runtime.prometheusUrl!.replace(/\/metrics$/, '/ready');
    expect((await fetch(readyUrl)).status).toBe(200);

    let statusWhileDraining: number | undefined;
    let drained!: () => void;
    const done = new Promise<void>((resolve) => (drained = resolve));
    const remove = shutdownOnSignals(runtime, {
      signals: ['SIGUSR2'],
      exit: false,
      beforeShutdown: async () => {
        statusWhileDraining = (await fetch(readyUrl)).status;
        drained();
      },
    });
    cleanups.push(remove);
    process.emit('SIGUSR2');
    await done;
    expect(statusWhileDraining).toBe(503);
  });
});
