// Gauge callbacks at collection time: async ones are awaited and exported, a rejecting or hanging
// one is reported and contained, on both recording paths, and never ends the process.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { BaseMetrics } from '../../src/core/BaseMetrics.js';
import { gauge } from '../../src/core/MetricSpec.js';
import { captureDiag } from '../support/diagnostics.js';
import { runtimeLikeProvider } from '../support/fastPathProvider.js';
import { sleep } from '../support/testKit.js';

const LAG = gauge({ name: 'cb.lag', unit: '{message}', description: 'Lag', attributes: ['partition'], nonNegative: true });
class Lagging extends BaseMetrics {
  readonly lag = this.gauge(LAG);
}

describe.each([
  ['fast path', true],
  ['SDK path', false],
] as const)('gauge callbacks on the %s', (_path, fast) => {
  it.each([AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA])('awaits async callbacks and exports what they observed (temporality %i)', async (temporality) => {
    const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: [LAG], temporalities: [temporality] });
    const m = new Lagging({ meterProvider });
    m.lag.observe(async (observe) => {
      await sleep(5);
      observe(42, { partition: '0' });
    });
    m.lag.observe((observe) => observe(7, { partition: '1' }));
    const s = await readers[0]!.snapshot();
    expect(s.value(LAG.name, { partition: '0' })).toBe(42);
    expect(s.value(LAG.name, { partition: '1' })).toBe(7);
  });

  it('exports a set recorded as 200 and observed as "200" as one series, the last value winning', async () => {
    const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: [LAG], temporalities: [AggregationTemporality.CUMULATIVE] });
    const m = new Lagging({ meterProvider });
    m.lag.record(1, { partition: 200 } as never);
    m.lag.observe((observe) => observe(2, { partition: '200' }));
    const s = await readers[0]!.snapshot();
    expect(s.attributeSets(LAG.name).map((attributes) => String(attributes.partition))).toEqual(['200']);
    expect(s.value(LAG.name, { partition: 200 })).toBe(2);
  });

  it('caps observed attribute sets at the cardinality limit, the rest in the overflow series', async () => {
    const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: [LAG], cardinalityLimit: 5, temporalities: [AggregationTemporality.CUMULATIVE] });
    new Lagging({ meterProvider }).lag.observe((observe) => {
      for (let p = 0; p < 10; p++) observe(p, { partition: String(p) });
    });
    for (let i = 0; i < 3; i++) {
      const sets = (await readers[0]!.snapshot()).attributeSets(LAG.name);
      expect(sets).toHaveLength(5);
      expect(sets).toContainEqual({ 'otel.metric.overflow': true });
    }
  });

  it('contains a rejecting or throwing callback, reports it once, and keeps the others', async () => {
    const diag = captureDiag();
    try {
      const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: [LAG], temporalities: [AggregationTemporality.CUMULATIVE] });
      const m = new Lagging({ meterProvider });
      m.lag.observe(async () => {
        await sleep(1);
        throw new Error('broker down');
      });
      m.lag.observe(() => {
        throw new TypeError('sync failure');
      });
      m.lag.observe((observe) => observe(3, { partition: '2' }));
      for (let i = 0; i < 3; i++) expect((await readers[0]!.snapshot()).value(LAG.name, { partition: '2' })).toBe(3);
      const reported = diag.warnings.filter((w) => w.includes('cb.lag') && w.includes('callback'));
      expect(reported).toHaveLength(1);
      expect(reported[0]).toMatch(/broker down|sync failure/);
    } finally {
      diag.restore();
    }
  });

  it('does not wait longer than the collection timeout for a callback that never settles', async () => {
    const diag = captureDiag();
    try {
      const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: [LAG], temporalities: [AggregationTemporality.CUMULATIVE] });
      const m = new Lagging({ meterProvider });
      m.lag.observe(() => new Promise<void>(() => undefined));
      m.lag.record(5, { partition: '9' });
      const started = Date.now();
      const { resourceMetrics } = await readers[0]!.collect({ timeoutMillis: 300 });
      expect(Date.now() - started).toBeLessThan(3000);
      const names = resourceMetrics.scopeMetrics.flatMap((sm) => sm.metrics.map((x) => x.descriptor.name));
      if (fast) expect(names).toContain(LAG.name); // the recorded value is still exported
    } finally {
      diag.restore();
    }
  });
});

describe('a rejecting async gauge callback in a running service', () => {
  it.each(['fast', 'sdk'])('never ends the process (%s path): scrapes answer 200 with the other metrics', async (path) => {
    const script = fileURLToPath(new URL('../support/workers/rejectingGaugeService.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, path], { timeout: 30_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { statuses: number[]; dlqSize: string; dlqMessages: string; warnings: number };
    expect(result.statuses).toEqual([200, 200, 200]);
    expect(result.dlqSize).toBe('12');
    expect(Number(result.dlqMessages)).toBeGreaterThanOrEqual(2); // new series are exposed at 0 on their first scrape
    expect(result.warnings).toBe(1);
  });
});
