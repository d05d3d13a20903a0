// Where the generated files live: at the repository root, where the demo stack (docker-compose.yml,
// prometheus.yml, Grafana's provisioning) and the README's links expect them.
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const METRICS_REFERENCE = fileURLToPath(new URL('../../docs/metrics.md', import.meta.url));
export const DASHBOARDS_DIR = fileURLToPath(new URL('../../grafana/dashboards/', import.meta.url));
export const RULES_DIR = fileURLToPath(new URL('../../prometheus/', import.meta.url));

/**
 * The folder a command was started from: npm runs workspace scripts in the workspace's folder and
 * keeps the caller's in INIT_CWD, so that `--out-dir` means what it says where it was typed.
 */
export function invokedFrom(): string {
  return process.env['INIT_CWD'] ?? process.cwd();
}
