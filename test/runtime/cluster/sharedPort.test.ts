// Workers of a cluster whose primary does not aggregate must not share one scrape port: each
// scrape would answer from a random worker. The second worker's start-up fails, saying why.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { freePort } from '../../support/ports.js';

it('refuses a scrape port shared by cluster workers, naming the two ways out', async () => {
  const script = fileURLToPath(new URL('../../support/workers/sharedPortCluster.ts', import.meta.url));
  const port = await freePort();
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, String(port)], { timeout: 30_000 });
  const [first, second] = JSON.parse(stdout.trim().split('\n').pop()!) as { ok: boolean; message?: string }[];
  expect(first!.ok).toBe(true);
  expect(second!.ok).toBe(false);
  expect(second!.message).toMatch(/EADDRINUSE/);
  expect(second!.message).toMatch(/its own METRICS_PORT/);
  expect(second!.message).toMatch(/startClusterMetrics\(\)/);
});
