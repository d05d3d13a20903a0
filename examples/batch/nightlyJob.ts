// A batch job (a CronJob, a CLI task): records its work and exits; shutdown() pushes the final
// state to the Pushgateway or writes the textfile, as the environment says.
import { ExecutionMetrics, startMetrics } from '../../src/index.js';

// METRICS_PUSHGATEWAY_URL and/or METRICS_TEXTFILE_PATH come from the environment.
const runtime = await startMetrics();
const executions = new ExecutionMetrics(runtime);

for (const script of ['report.py', 'cleanup.py', 'export.py']) {
  const run = executions.executionStarted({ langAndVersion: 'python-3.12' });
  const ok = await runScript(script);
  run.finish({ status: ok ? 'completed' : 'failed' });
}

// The final push or write happens here, within the shutdown time limit; then the process exits.
await runtime.shutdown();

async function runScript(name: string): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, 10)); // stands in for the real work
  return name !== 'export.py';
}
