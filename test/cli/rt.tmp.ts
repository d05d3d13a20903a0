import { startMetrics, ExecutionMetrics, HttpServerMetrics, OperationMetrics } from '/work/wt-testkit/src/index.js';
const runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 9470, runtimeMetrics: false });
const ex = new ExecutionMetrics(runtime); const op = new OperationMetrics(runtime);
let i = 0;
setInterval(() => { for (let k = 0; k < 20; k++) { i++; ex.recordExecution({ status: i % 10 === 0 ? 'failed' : 'completed', langAndVersion: 'python-3.11', durationSeconds: 0.1 + (i % 7) / 10 }); op.recordSuccess('plan'); } op.recordFailure?.('plan', new Error('x')); }, 100);
console.log(runtime.prometheusUrl);
