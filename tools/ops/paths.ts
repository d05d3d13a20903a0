// Where the generated files live: at the repository root, where the demo stack (docker-compose.yml,
// prometheus.yml, Grafana's provisioning) and the README's links expect them.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const METRICS_REFERENCE = join(REPO_ROOT, 'docs', 'metrics.md');
export const DASHBOARDS_DIR = join(REPO_ROOT, 'grafana', 'dashboards');
export const RULES_DIR = join(REPO_ROOT, 'prometheus');

/**
 * The folder a command was started from: npm runs workspace scripts in the workspace's folder and
 * keeps the caller's in INIT_CWD, so that `--out-dir` means what it says where it was typed.
 */
export function invokedFrom(): string {
  return process.env['INIT_CWD'] ?? process.cwd();
}
