// A node:cluster primary for the cluster metrics tests, run as a child process of the test with
// an IPC channel: starts cluster metrics on loopback, forks the workers (clusterWorker.ts) and
// carries out the test's commands (record, kill, fork, hang), answering each with its `seq`.
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { startClusterMetrics } from '../../../src/index.js';

export interface PrimaryCommand {
  readonly seq: number;
  readonly op: 'record' | 'kill' | 'fork' | 'hang' | 'describe' | 'shutdown';
  /** The test's name for a worker slot: 1..N. */
  readonly key: number;
  readonly count?: number;
  readonly millis?: number;
}

const workerCount = Number(process.env['CLUSTER_TEST_WORKERS'] ?? '4');
/** Set: no cluster metrics; worker i serves its own endpoint on the i-th of these ports (the setup that must not change). */
const ownPorts = process.env['CLUSTER_TEST_OWN_PORTS']?.split(',');
const metrics = ownPorts
  ? { prometheusUrl: undefined, reportingWorkers: (): number[] => [], shutdown: () => Promise.resolve() }
  : await startClusterMetrics({
      env: { OTEL_METRICS_EXPORTER: 'prometheus', METRICS_HOST: '127.0.0.1', METRICS_PORT: process.env['CLUSTER_TEST_PORT'] ?? '0', OTEL_SERVICE_NAME: 'cluster-test' },
      workerTimeoutMillis: Number(process.env['CLUSTER_TEST_WORKER_TIMEOUT'] ?? '1000'),
    });

cluster.setupPrimary({ exec: fileURLToPath(new URL('./clusterWorker.ts', import.meta.url)) });
const workers = new Map<number, Worker>();

/** Resolves with the worker's next test message of `type` (bounded: the test's own timeout). */
function reply(worker: Worker, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (message: unknown) => {
      if (typeof message === 'object' && message !== null && (message as { test?: unknown }).test === type) {
        worker.off('message', listener);
        resolve(message as Record<string, unknown>);
      }
    };
    worker.on('message', listener);
  });
}

async function fork(key: number): Promise<Worker> {
  const worker = cluster.fork({ CLUSTER_TEST_INDEX: String(key), CLUSTER_TEST_WORKER_PORT: ownPorts?.[key - 1] ?? '1' });
  workers.set(key, worker);
  const exited = new Promise<never>((_, reject) => worker.once('exit', (code, signal) => reject(new Error(`worker ${key} exited (${code ?? signal}) before it started`))));
  await Promise.race([reply(worker, 'started'), exited]);
  exited.catch(() => undefined);
  // Started means its hello is on the way; the primary has it once the worker is listed.
  for (let i = 0; i < 200 && !ownPorts && !metrics.reportingWorkers().includes(worker.id); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return worker;
}

try {
  await Promise.all(Array.from({ length: workerCount }, (_, i) => fork(i + 1)));
} catch (error) {
  console.error(String(error));
  for (const worker of workers.values()) worker.process.kill('SIGKILL');
  process.exit(1);
}
process.send!({ op: 'ready', url: metrics.prometheusUrl, pids: [...workers.values()].map((w) => w.process.pid), reporting: metrics.reportingWorkers().length });

process.on('message', (message: unknown) => {
  const command = message as PrimaryCommand;
  void (async () => {
    const worker = workers.get(command.key)!;
    let answer: Record<string, unknown> = {};
    switch (command.op) {
      case 'record':
        worker.send({ test: 'record', count: command.count });
        answer = await reply(worker, 'recorded');
        break;
      case 'hang':
        worker.send({ test: 'hang', millis: command.millis });
        answer = await reply(worker, 'hanging');
        break;
      case 'shutdown':
        worker.send({ test: 'shutdown' });
        await reply(worker, 'shut down');
        answer = { reporting: metrics.reportingWorkers().length };
        break;
      case 'describe':
        worker.send({ test: 'describe' });
        answer = await reply(worker, 'described');
        break;
      case 'kill': {
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.process.kill('SIGKILL');
        await exited;
        answer = { reporting: metrics.reportingWorkers().length };
        break;
      }
      case 'fork': {
        const fresh = await fork(command.key);
        answer = { pid: fresh.process.pid, reporting: metrics.reportingWorkers().length };
        break;
      }
    }
    process.send!({ ...answer, seq: command.seq });
  })();
});

// The test's end: workers first, then the endpoint.
process.on('SIGTERM', () => {
  for (const worker of workers.values()) worker.process.kill('SIGKILL');
  void metrics.shutdown().then(() => process.exit(0));
});
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
