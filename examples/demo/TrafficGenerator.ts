// Synthetic clients calling the demo API over loopback: submissions, status reads (with real
// ids, which the metrics must template), unknown paths, and long-lived SSE streams.
import { request } from 'node:http';
import { chance, pick, sleep } from './random.js';

export class TrafficGenerator {
  private running = true;

  constructor(private readonly port: number, private readonly requestsPerSecond: number, private readonly timeScale: number) {}

  start(): void {
    void this.loop();
    void this.streams();
  }

  stop(): void {
    this.running = false;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      await sleep(1 / this.requestsPerSecond);
      const client = pick([['anonymous', 3], ['team-a', 4], ['team-b', 2]]);
      const call = pick([
        ['POST /executions', 4],
        ['GET /executions/:id', 5],
        ['GET /nope', 0.3],
        ['GET /health', 1],
        ['PURGE /executions', 0.05],
      ] as const);
      const [method, path] = call.split(' ') as [string, string];
      const url = path === '/executions/:id' ? `/executions/${chance(0.5) ? crypto.randomUUID() : Math.floor(Math.random() * 1e6)}` : path;
      this.send(method, url, client);
    }
  }

  private send(method: string, path: string, client: string): void {
    const req = request({ host: '127.0.0.1', port: this.port, method, path, headers: { 'x-client': client } }, (res) => res.resume());
    req.on('error', () => undefined);
    req.end(method === 'POST' ? '{"language":"python"}' : undefined);
  }

  /**
   * A few SSE clients that stay connected for a while, then reconnect. The first stream closes
   * after a second, so connection durations show within the demo's first seconds.
   */
  private async streams(): Promise<void> {
    const open = async (first: boolean) => {
      while (this.running) {
        const req = request({ host: '127.0.0.1', port: this.port, path: '/stream' }, (res) => res.resume());
        req.on('error', () => undefined);
        req.end();
        await sleep((first ? 1 : 1 + Math.random() * 8) * Math.max(this.timeScale, 0.2));
        first = false;
        req.destroy();
      }
    };
    for (let i = 0; i < 3; i++) void open(i === 0);
  }
}
