// The README's health-check example, compiled with the project so that it cannot drift from the API.
import { startMetrics } from '../../src/index.js';
import { pool, search } from './clients.js';

const runtime = await startMetrics(); // serves /metrics, /health and /ready

runtime.health.register({
  name: 'postgres', // the key in the body, the `service` label of the metrics
  check: async (signal) => {
    await pool.query('SELECT 1', { signal }); // resolving passes; throwing or rejecting fails
  },
  scope: 'readiness', // the default; 'liveness' or 'both' only for checks of the process itself
  timeoutMillis: 2000, // default 2000; past it the run fails as a timeout
  cacheMillis: 5000, // default 1000; probes within it reuse the last result
});
runtime.health.register({
  name: 'search-index',
  critical: false, // failing only degrades the service (default: critical)
  check: async () => ((await search.lagSeconds()) > 30 ? { status: 'degraded', output: 'index lag over 30 s' } : true),
});
