// Whether a process started with `startMetrics()` reports its metrics to a cluster primary
// instead of serving its own Prometheus endpoint.
import cluster from 'node:cluster';
import { CLUSTER_PRIMARY_ENV } from './clusterMessages.js';
import { ClusterRoleError } from '../../errors.js';

/**
 * - `'auto'` (default): report to the primary only in a `node:cluster` worker whose primary
 *   called `startClusterMetrics()` before forking it. Workers of any other primary (one endpoint
 *   per worker on separate ports, as before) are unchanged.
 * - `'worker'`: always report to the primary; fails start-up outside a cluster worker.
 * - `'off'`: never; the process serves its own endpoint as configured.
 */
export type ClusterRole = 'auto' | 'worker' | 'off';

/** True when this process reports to its primary; throws on `'worker'` outside a cluster worker. */
export function reportsToPrimary(role: ClusterRole = 'auto'): boolean {
  if (role === 'off') return false;
  if (role === 'worker') {
    if (!cluster.isWorker || typeof process.send !== 'function') {
      throw new ClusterRoleError(
        "startMetrics({ cluster: 'worker' }) needs a node:cluster worker (cluster.isWorker is false here); " +
          "the primary calls startClusterMetrics() and serves the endpoint for all workers",
      );
    }
    return true;
  }
  // The marker is inherited by anything the primary spawns; only its own cluster workers count.
  return cluster.isWorker && typeof process.send === 'function' && process.env[CLUSTER_PRIMARY_ENV] === String(process.ppid);
}
