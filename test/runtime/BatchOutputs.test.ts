// The textfile and the push carry the exposition the endpoint serves: same series, same values,
// on both recording paths; they work without any exporter; interval writes and forceFlush() follow
// the recording, and a Pushgateway that is down never makes forceFlush() reject.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { captureDiag } from '../support/diagnostics.js';
import { freePort } from '../support/ports.js';

let dir: string;
let runtime: MetricsRuntime | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'odm-batch-outputs-'));
});
afterEach(async () => {
  await runtime?.shutdown();
  runtime = undefined;
  rmSync(dir, { recursive: true, force: true });
});

it('forceFlush() resolves when the Pushgateway is down, within the time limit, and says so', async () => {
  const captured = captureDiag();
  try {
    const closed = await freePort();
    runtime = await startMetrics({ env: { METRICS_PUSHGATEWAY_URL: `http://127.0.0.1:${closed}`, OTEL_METRIC_EXPORT_TIMEOUT: '500' }, runtimeMetrics: false });
    new ExecutionMetrics(runtime).errorOccurred({ error: new RangeError('a') });
    const started = Date.now();
    await expect(runtime.forceFlush()).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1500 + 250); // the export timeout plus 1 s
    expect(captured.warnings.join('\n')).toContain(`Pushgateway push to http://127.0.0.1:${closed}/metrics/job/`);
    await runtime.shutdown();
    runtime = undefined;
  } finally {
    captured.restore();
  }
});

const samples = (exposition: string) => exposition.split('\n').filter((line) => line !== '' && !line.startsWith('#')).sort();

describe.each([
  { name: 'fast path', fastPath: true },
  { name: 'SDK path', fastPath: false },
])('$name', ({ fastPath }) => {
  it('the textfile written at shutdown holds exactly what the endpoint served', async () => {
    const path = join(dir, 'job.prom');
    runtime = await startMetrics({ fastPath, exporters: ['prometheus'], prometheusHost: '127.0.0.1', prometheusPort: 0, runtimeMetrics: false, textfilePath: path });
    const metrics = new ExecutionMetrics(runtime);
    for (let i = 0; i < 6; i++) metrics.recordExecution({ status: i < 4 ? 'completed' : 'timeout', langAndVersion: 'node-24', durationSeconds: 0.2 * i });
    const served = await (await fetch(runtime.prometheusUrl!)).text();
    await runtime.shutdown();
    const written = readFileSync(path, 'utf8');
    expect(samples(written)).toEqual(samples(served));
    expect(written).toMatch(/^script_executions_total\{status="completed",lang_and_version="node-24"[^}]*\} 4$/m);
    expect(written).toMatch(/^script_executions_total\{status="timeout",lang_and_version="node-24"[^}]*\} 2$/m);
  });

  it('with OTEL_METRICS_EXPORTER=none the textfile is still written, and the runtime is enabled', async () => {
    const path = join(dir, 'none.prom');
    runtime = await startMetrics({ fastPath, env: { OTEL_METRICS_EXPORTER: 'none', METRICS_TEXTFILE_PATH: path }, runtimeMetrics: false });
    expect(runtime.enabled).toBe(true);
    expect(runtime.prometheusUrl).toBeUndefined();
    new ExecutionMetrics(runtime).errorOccurred({ error: new TypeError('x') });
    await runtime.shutdown();
    expect(readFileSync(path, 'utf8')).toMatch(/^script_errors_total\{error_type="TypeError"[^}]*\} 1$/m);
  });

  it('forceFlush() writes the textfile with the state of now, and resolves once it is written', async () => {
    const path = join(dir, 'flush.prom');
    runtime = await startMetrics({ fastPath, textfilePath: path, runtimeMetrics: false });
    const metrics = new ExecutionMetrics(runtime);
    const errors = () => readFileSync(path, 'utf8').match(/^script_errors_total\{error_type="RangeError"[^}]*\} (\d+)$/m)?.[1];
    metrics.errorOccurred({ error: new RangeError('a') });
    await runtime.forceFlush();
    expect(errors()).toBe('1');
    metrics.errorOccurred({ error: new RangeError('b') });
    metrics.errorOccurred({ error: new RangeError('c') });
    await runtime.forceFlush();
    expect(errors()).toBe('3');
  });

  it('interval writes follow the recording while the process runs', async () => {
    const path = join(dir, 'interval.prom');
    runtime = await startMetrics({ fastPath, textfilePath: path, textfileIntervalMillis: 20, runtimeMetrics: false });
    const metrics = new ExecutionMetrics(runtime);
    const errorsIn = async (count: number) => {
      for (let i = 0; i < 200; i++) {
        let text = '';
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          // not written yet
        }
        if (new RegExp(`^script_errors_total\\{error_type="RangeError"[^}]*\\} ${count}$`, 'm').test(text)) return true;
        await new Promise((r) => setTimeout(r, 10));
      }
      return false;
    };
    metrics.errorOccurred({ error: new RangeError('a') });
    expect(await errorsIn(1)).toBe(true);
    metrics.errorOccurred({ error: new RangeError('b') });
    metrics.errorOccurred({ error: new RangeError('c') });
    expect(await errorsIn(3)).toBe(true);
  });
});
