// The README's batch-job example is the compiled file examples/batch/nightlyJob.ts; run as a
// process, it writes its counts to the textfile named in its environment at shutdown and exits 0.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { exampleAsReadme, readmeBlocks } from '../support/readmeExamples.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/batch/nightlyJob.ts', import.meta.url));

it('shows the compiled batch-job example in the README, as it is', () => {
  expect(readmeBlocks('### Short-lived processes: Pushgateway and textfile')).toEqual([exampleAsReadme('examples/batch/nightlyJob.ts')]);
});

it('runs: the textfile holds its two completed and one failed execution, and no scrape port was opened', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'odm-batch-example-'));
  try {
    const path = join(dir, 'nightly.prom');
    // METRICS_PORT is taken: had the example opened the endpoint, it would have failed to start.
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as AddressInfo).port);
    const env = { ...process.env, TRACING_SERVICE_NAME: 'nightly', METRICS_TEXTFILE_PATH: path, METRICS_RUNTIME_METRICS: 'false', METRICS_HOST: '127.0.0.1', METRICS_PORT: port };
    try {
      await promisify(execFile)(process.execPath, ['--import', 'tsx', EXAMPLE], { env, timeout: 30_000 });
    } finally {
      taken.close();
    }
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^script_executions_total\{status="completed",lang_and_version="python-3\.12"[^}]*\} 2$/m);
    expect(text).toMatch(/^script_executions_total\{status="failed",lang_and_version="python-3\.12"[^}]*\} 1$/m);
    expect(text).toMatch(/^script_executions_active(\{[^}]*\})? 0$/m);
    expect(readdirSync(dir)).toEqual(['nightly.prom']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
