// A node:cluster whose primary does not aggregate: two workers each start metrics on the same
// METRICS_PORT. Prints, as one JSON line, what each worker's startMetrics() did.
import cluster from 'node:cluster';
import { startMetrics } from '../../../src/runtime/startMetrics.js';

const port = Number(process.argv[2]);
if (cluster.isPrimary) {
  const results: { ok: boolean; message?: string }[] = [];
  for (let i = 0; i < 2; i++) {
    const worker = cluster.fork();
    results.push(await new Promise((resolve) => worker.once('message', resolve)));
  }
  process.stdout.write(JSON.stringify(results) + '\n');
  for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
} else {
  try {
    await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: port, runtimeMetrics: false });
    process.send!({ ok: true });
  } catch (error) {
    process.send!({ ok: false, message: (error as Error).message });
  }
}
