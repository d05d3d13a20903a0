import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { loadMetricsConfig } from '../../src/config/loadMetricsConfig.js';
import { reportArgument } from '../../src/core/argumentGuard.js';
import { BaseMetrics } from '../../src/core/BaseMetrics.js';
import { DiagnosticsSink, SUMMARY_INTERVAL_MILLIS } from '../../src/core/DiagnosticsSink.js';
import { MetricDiagnostics } from '../../src/core/MetricDiagnostics.js';
import { counter } from '../../src/core/MetricSpec.js';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { testProvider } from '../support/collect.js';

const JOBS = counter({ name: 'diag.jobs.total', unit: '{job}', description: 'Jobs', attributes: ['queue'] });
const OTHER_JOBS = counter({ name: 'diag.jobs.total', unit: 's', description: 'Jobs in seconds', attributes: ['queue'] });

class JobMetrics extends BaseMetrics {
  readonly jobs = this.counter(JOBS);
}
class ConflictingJobMetrics extends BaseMetrics {
  readonly jobs = this.counter(OTHER_JOBS);
}

/** The console lines the library wrote. */
function ownLines(spy: MockInstance<typeof console.warn>): string[] {
  return spy.mock.calls.map((call) => String(call[0])).filter((line) => line.startsWith('otel-domain-metrics:'));
}

function captureDiagWarnings(): string[] {
  const warnings: string[] = [];
  const push = (message: string) => warnings.push(message);
  const logger: DiagLogger = { error: push, warn: push, info: () => {}, debug: () => {}, verbose: () => {} };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return warnings;
}

let consoleWarn: MockInstance<typeof console.warn>;
const runtimes: MetricsRuntime[] = [];

beforeEach(() => {
  consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(async () => {
  consoleWarn.mockRestore();
  diag.disable();
  await Promise.all(runtimes.splice(0).map((r) => r.shutdown()));
});

describe('DiagnosticsSink', () => {
  it('writes the first occurrence of a cause to the console with the prefix, and counts the rest', () => {
    let now = 0;
    const sink = new DiagnosticsSink('console', { clock: () => now });
    for (let i = 0; i < 1000; i++) {
      sink.warn('orders.total|invalid-value', 'orders.total: dropped a value that is not a finite number (NaN)');
      now += 10; // 10 s of NaN every 10 ms
    }
    expect(ownLines(consoleWarn)).toEqual([
      'otel-domain-metrics: orders.total: dropped a value that is not a finite number (NaN); further occurrences are counted and summarised at most every 5 minutes',
    ]);
  });

  it('writes at most one summary per cause per interval, with the count since the last line', () => {
    let now = 1_000_000;
    const sink = new DiagnosticsSink('console', { clock: () => now });
    // One occurrence per second for 16 minutes: the first line, then a summary after each 5 minutes.
    for (let second = 0; second < 16 * 60; second++) {
      sink.warn('a|negative-increment', 'a: dropped a negative value');
      now += 1000;
    }
    expect(ownLines(consoleWarn)).toEqual([
      'otel-domain-metrics: a: dropped a negative value; further occurrences are counted and summarised at most every 5 minutes',
      'otel-domain-metrics: a: dropped a negative value; 300 occurrences in the last 5 minutes',
      'otel-domain-metrics: a: dropped a negative value; 300 occurrences in the last 5 minutes',
      'otel-domain-metrics: a: dropped a negative value; 300 occurrences in the last 5 minutes',
    ]);
    expect(SUMMARY_INTERVAL_MILLIS).toBe(300_000);
  });

  it('limits each cause on its own: a flood of one does not hide the first of another', () => {
    let now = 0;
    const sink = new DiagnosticsSink('console', { clock: () => now });
    for (let i = 0; i < 100; i++) sink.warn('a|invalid-value', 'a: NaN');
    now += 1000;
    sink.warn('b|invalid-value', 'b: NaN');
    sink.warn('a|negative-increment', 'a: negative');
    expect(ownLines(consoleWarn).map((l) => l.split(';')[0])).toEqual([
      'otel-domain-metrics: a: NaN',
      'otel-domain-metrics: b: NaN',
      'otel-domain-metrics: a: negative',
    ]);
  });

  it('routes to the OpenTelemetry diag logger with "diag", and nowhere with "silent"', () => {
    const warnings = captureDiagWarnings();
    new DiagnosticsSink('diag').warn('x|invalid-value', 'x: NaN');
    new DiagnosticsSink('diag').write('export failed');
    new DiagnosticsSink('silent').warn('y|invalid-value', 'y: NaN');
    new DiagnosticsSink('silent').write('export failed quietly');
    expect(warnings).toEqual([
      'otel-domain-metrics: x: NaN; further occurrences are counted and summarised at most every 5 minutes',
      'otel-domain-metrics: export failed',
    ]);
    expect(ownLines(consoleWarn)).toEqual([]);
  });

  it('never throws when the console throws', () => {
    consoleWarn.mockImplementation(() => {
      throw new Error('stdout closed');
    });
    const sink = new DiagnosticsSink('console');
    expect(() => sink.warn('a|invalid-value', 'a: NaN')).not.toThrow();
    expect(consoleWarn).toHaveBeenCalledTimes(1);
  });

  it('does not build the message of an occurrence it only counts', () => {
    let built = 0;
    const sink = new DiagnosticsSink('console', { clock: () => 0 });
    for (let i = 0; i < 50; i++) {
      sink.warn('a|invalid-value', () => {
        built += 1;
        return 'a: NaN';
      });
    }
    expect(built).toBe(1);
    expect(ownLines(consoleWarn)).toHaveLength(1);
  });
});

describe('recording problems reach the user', () => {
  it('on a provider the library did not build: dropped values go to the console, counted per metric and problem', async () => {
    const { meterProvider, reader } = testProvider();
    const m = new JobMetrics({ meterProvider });
    for (let i = 0; i < 500; i++) {
      m.jobs.add(Number.NaN, { queue: 'a' });
      m.jobs.add(-1, { queue: 'a' });
    }
    m.jobs.add(2, { queue: 'a' });
    const lines = ownLines(consoleWarn);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^otel-domain-metrics: diag\.jobs\.total: dropped a value that is not a finite number \(NaN\); further occurrences/);
    expect(lines[1]).toMatch(/^otel-domain-metrics: diag\.jobs\.total: dropped a negative value .*\(-1\); further occurrences/);
    // The valid value is still recorded.
    expect((await reader.snapshot()).value('diag.jobs.total', { queue: 'a' })).toBe(2);
  });

  it('reports a conflicting declaration on the console', () => {
    const { meterProvider } = testProvider();
    new JobMetrics({ meterProvider });
    new ConflictingJobMetrics({ meterProvider });
    const lines = ownLines(consoleWarn);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('diag.jobs.total: is already declared with another kind, unit or buckets; this declaration is refused');
  });

  it('reports dropped arguments per method and problem, summarised like the rest', () => {
    let now = 0;
    const sink = new DiagnosticsSink('console', { clock: () => now });
    for (let i = 0; i < 10; i++) reportArgument('JobMetrics.run', 'not-an-object', null, sink);
    now += SUMMARY_INTERVAL_MILLIS;
    reportArgument('JobMetrics.run', 'not-an-object', null, sink);
    expect(ownLines(consoleWarn)).toEqual([
      'otel-domain-metrics: JobMetrics.run: dropped the call: its argument is not an object (null); further occurrences are counted and summarised at most every 5 minutes',
      'otel-domain-metrics: JobMetrics.run: dropped the call: its argument is not an object (null); 10 occurrences in the last 5 minutes',
    ]);
  });

  it('MetricDiagnostics of a new instance reports again (request-scoped instances each get one line)', () => {
    const sink = new DiagnosticsSink('console');
    new MetricDiagnostics('m', sink).report('invalid-value', Number.NaN);
    new MetricDiagnostics('m', sink).report('invalid-value', Number.NaN);
    expect(ownLines(consoleWarn)).toHaveLength(2);
  });

  it('METRICS_DIAGNOSTICS accepts console, diag and silent in any case, and names anything else in the config error', () => {
    expect(loadMetricsConfig({ METRICS_DIAGNOSTICS: 'DIAG' }).diagnostics).toBe('diag');
    expect(loadMetricsConfig({}).diagnostics).toBe('console');
    expect(loadMetricsConfig({ METRICS_DIAGNOSTICS: 'silent' }, { diagnostics: 'console' }).diagnostics).toBe('console');
    expect(() => loadMetricsConfig({ METRICS_DIAGNOSTICS: 'stderr' })).toThrow(/METRICS_DIAGNOSTICS.*stderr.*one of console, diag, silent/s);
  });

  for (const fastPath of [true, false]) {
    const path = fastPath ? 'fast path' : 'sdk path';

    it(`a runtime's domain classes write to the console by default (${path})`, async () => {
      const runtime = await startMetrics({ env: {}, exporters: ['prometheus'], prometheusHost: '127.0.0.1', prometheusPort: 0, runtimeMetrics: false, fastPath });
      runtimes.push(runtime);
      const execution = new ExecutionMetrics(runtime);
      for (let i = 0; i < 20; i++) execution.recordExecution({ status: 'completed', langAndVersion: 'py', durationSeconds: Number.NaN });
      const lines = ownLines(consoleWarn).filter((l) => l.includes('not a finite number'));
      expect(lines).toHaveLength(1);
    });

    it(`diagnostics: "diag" sends a runtime's warnings to the diag logger only (${path})`, async () => {
      const warnings = captureDiagWarnings();
      const runtime = await startMetrics({ env: {}, exporters: ['prometheus'], prometheusHost: '127.0.0.1', prometheusPort: 0, runtimeMetrics: false, fastPath, diagnostics: 'diag' });
      runtimes.push(runtime);
      const execution = new ExecutionMetrics(runtime);
      for (let i = 0; i < 20; i++) execution.recordExecution({ status: 'completed', langAndVersion: 'py', durationSeconds: Number.NaN });
      expect(warnings.filter((w) => w.startsWith('otel-domain-metrics:') && w.includes('not a finite number'))).toHaveLength(1);
      expect(ownLines(consoleWarn)).toEqual([]);
    });

    it(`METRICS_DIAGNOSTICS=silent silences a runtime's warnings (${path})`, async () => {
      const warnings = captureDiagWarnings();
      const runtime = await startMetrics({ env: { METRICS_DIAGNOSTICS: 'silent' }, exporters: ['prometheus'], prometheusHost: '127.0.0.1', prometheusPort: 0, runtimeMetrics: false, fastPath });
      runtimes.push(runtime);
      expect(runtime.config.diagnostics).toBe('silent');
      const execution = new ExecutionMetrics(runtime);
      for (let i = 0; i < 20; i++) execution.recordExecution({ status: 'completed', langAndVersion: 'py', durationSeconds: -1 });
      expect(warnings.filter((w) => w.startsWith('otel-domain-metrics:'))).toEqual([]);
      expect(ownLines(consoleWarn)).toEqual([]);
    });
  }
});
