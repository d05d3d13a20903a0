// `npm start` as people and process managers stop it: SIGTERM to npm's pid, Ctrl-C to the whole
// process group, relayed duplicates, an impatient second signal, and npm killed outright. Each
// time the demo makes its final OTLP export and leaves no process behind.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunning, startNpmStart, waitForScrape, type NpmStartProcess } from '../support/demoProcess.js';
import { metricsOfAll, numberValue, startOtlpReceiver, type OtlpReceiver } from '../support/otlpReceiver.js';
import { freePort } from '../support/ports.js';
import { sleep } from '../support/testKit.js';


/** Polls until `pid` is gone (bounded); false if it is still running at the deadline. */
async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** An OTLP endpoint that takes requests and never answers: the final export stays in flight. */
async function stallingReceiver(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      held.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        for (const res of held) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('npm start, stopped by signals', () => {
  let npm: NpmStartProcess | undefined;
  let otlp: OtlpReceiver | undefined;

  afterEach(async () => {
    npm?.killAll();
    await otlp?.close();
    npm = undefined;
    otlp = undefined;
  });

  /** Starts `npm start` pushing OTLP only at shutdown; resolves once the workload shows on /metrics. */
  async function start(otlpUrl: string): Promise<{ npm: NpmStartProcess; demoPid: number }> {
    const port = await freePort();
    npm = startNpmStart({
      METRICS_PORT: String(port),
      METRICS_HOST: '127.0.0.1',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
      OTEL_METRIC_EXPORT_INTERVAL: '60000',
    });
    const demoPid = await npm.demoPid();
    await waitForScrape(`http://127.0.0.1:${port}/metrics`, (b) => /^script_executions_total\{/m.test(b), 15_000);
    return { npm, demoPid };
  }

  function expectFinalExport(receiver: OtlpReceiver): void {
    // The interval is a minute: this is the shutdown's push (in parts, the collection is large).
    expect(receiver.requests.length).toBeGreaterThanOrEqual(1);
    const executions = metricsOfAll(receiver.requests).filter((m) => m.name === 'script.executions.total').flatMap((m) => m.sum!.dataPoints);
    expect(executions.reduce((sum, p) => sum + numberValue(p), 0)).toBeGreaterThan(0);
  }

  it('SIGTERM to npm’s pid: the demo flushes, npm exits 0, and the demo process is gone', async () => {
    otlp = await startOtlpReceiver();
    const { npm, demoPid } = await start(otlp.url);
    expect(npm.child.pid).not.toBe(demoPid); // npm itself, not the demo, gets the signal
    process.kill(npm.child.pid!, 'SIGTERM');
    expect(await npm.exited(10_000)).toBe(0);
    expectFinalExport(otlp);
    expect(await gone(demoPid, 2000)).toBe(true);
    expect(npm.output()).toContain('demo: stopped the workload, flushing metrics');
  });

  it('Ctrl-C (SIGINT to the whole process group): one shutdown, the flush, exit 0', async () => {
    otlp = await startOtlpReceiver();
    const { npm, demoPid } = await start(otlp.url);
    npm.signalGroup('SIGINT');
    expect(await npm.exited(10_000)).toBe(0);
    expectFinalExport(otlp);
    expect(npm.output().match(/demo: stopped the workload/g)).toHaveLength(1);
    expect(await gone(demoPid, 2000)).toBe(true);
  });

  it('duplicate SIGTERMs 10 ms apart (each also relayed by npm) still end in the flush and exit 0', async () => {
    otlp = await startOtlpReceiver();
    const { npm, demoPid } = await start(otlp.url);
    npm.signalGroup('SIGTERM');
    await sleep(10);
    npm.signalGroup('SIGTERM');
    await sleep(10);
    process.kill(demoPid, 'SIGTERM');
    expect(await npm.exited(10_000)).toBe(0);
    expectFinalExport(otlp);
    expect(await gone(demoPid, 2000)).toBe(true);
  });

  it('a second SIGTERM after the 2 s grace exits non-zero within a second or so, the final export already sent', async () => {
    const stalling = await stallingReceiver();
    try {
      const { npm, demoPid } = await start(stalling.url);
      const first = Date.now();
      process.kill(npm.child.pid!, 'SIGTERM');
      // The final export reaches the receiver, which never answers: the shutdown is stuck in it.
      const deadline = Date.now() + 8000;
      while (stalling.received() === 0 && Date.now() < deadline) await sleep(20);
      expect(stalling.received()).toBe(1);
      await sleep(Math.max(0, first + 2200 - Date.now()));
      expect(isRunning(demoPid)).toBe(true);
      const second = Date.now();
      process.kill(npm.child.pid!, 'SIGTERM');
      const code = await npm.exited(5000);
      expect(code).toBe(128 + 15);
      expect(Date.now() - second).toBeLessThan(2500);
      expect(await gone(demoPid, 2000)).toBe(true);
    } finally {
      await stalling.close();
    }
  });

  it('npm killed outright (SIGKILL): the orphaned demo notices, flushes and exits on its own', async () => {
    otlp = await startOtlpReceiver();
    const { npm, demoPid } = await start(otlp.url);
    process.kill(npm.child.pid!, 'SIGKILL');
    expect(await gone(demoPid, 10_000)).toBe(true);
    expectFinalExport(otlp);
  });
});
