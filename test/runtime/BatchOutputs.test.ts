// The textfile and the push carry the exposition the endpoint serves: same series, same values,
// on both recording paths; they work without any exporter; interval writes follow the recording.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';

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
