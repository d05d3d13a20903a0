// A service whose async gauge callback rejects on every collection: scraped a few times, it must
// keep running and serving the other metrics. Prints the scrape results as one JSON line.
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { EventMetrics } from '../../../src/domains/EventMetrics.js';
import { DlqMetrics } from '../../../src/domains/DlqMetrics.js';
import { startMetrics } from '../../../src/runtime/startMetrics.js';

const warnings: string[] = [];
diag.setLogger({ error: (m) => warnings.push(m), warn: (m) => warnings.push(m), info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);

const fastPath = process.argv[2] !== 'sdk';
const runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, fastPath, diagnostics: 'diag' });
const events = new EventMetrics(runtime);
const dlq = new DlqMetrics(runtime);
events.observeLag(async () => {
  await new Promise((r) => setTimeout(r, 5));
  throw new Error('broker unreachable');
});
dlq.observeSize(async (observe) => {
  await new Promise((r) => setTimeout(r, 5));
  observe(12, { topic: 'orders' });
});
const statuses: number[] = [];
let lastBody = '';
for (let i = 0; i < 3; i++) {
  dlq.deadLettered({ topic: 'orders', reason: 'max_retries_exceeded' });
  const response = await fetch(runtime.prometheusUrl!);
  statuses.push(response.status);
  lastBody = await response.text();
  await new Promise((r) => setTimeout(r, 20));
}
await runtime.shutdown();
process.stdout.write(
  JSON.stringify({
    statuses,
    dlqSize: /dlq_size\{[^}]*topic="orders"[^}]*\} (\S+)/.exec(lastBody)?.[1],
    dlqMessages: /dlq_messages_total\{[^}]*topic="orders"[^}]*\} (\S+)/.exec(lastBody)?.[1],
    warnings: warnings.filter((w) => w.includes('broker unreachable')).length,
  }) + '\n',
);
