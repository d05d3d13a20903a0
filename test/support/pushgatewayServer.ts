// A real Prometheus Pushgateway (Debian's prometheus-pushgateway) on loopback, in memory only (no
// persistence file: Debian's binary defaults to one under /var/lib), for e2e tests of the push at
// shutdown.
import { spawn } from 'node:child_process';
import { freePort } from './ports.js';
import { stopProcess } from './prometheusServer.js';
import { sleep } from './testKit.js';

export interface PushgatewayServer {
  /** The base URL jobs push to, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  /** host:port, as a Prometheus scrape target. */
  readonly target: string;
  /** The groups it holds, from its API: each group's labels (job, instance, …). */
  groups(): Promise<Record<string, string>[]>;
  /** Its own exposition, as Prometheus scrapes it. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

export async function startPushgateway(binary: string): Promise<PushgatewayServer> {
  const port = await freePort();
  const child = spawn(binary, [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if ((await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`Pushgateway did not become ready: ${stderr}`);
    }
    await sleep(100);
  }
  return {
    url,
    target: `127.0.0.1:${port}`,
    async groups() {
      const body = (await (await fetch(`${url}/api/v1/metrics`)).json()) as { data: { labels: Record<string, string> }[] };
      return body.data.map((group) => group.labels);
    },
    async metrics() {
      return (await fetch(`${url}/metrics`)).text();
    },
    stop,
  };
}
