// The conformance suite every domain class runs: names, units, descriptions, attribute keys and
// buckets exactly as the catalog says; each metric recorded by exactly the methods the catalog
// names; bad numbers dropped without exceptions; a silent no-op without a provider. Each domain runs
// on both recording paths and both temporalities.
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { CATALOG, catalogMetrics } from '../../src/catalog.js';
import type { BaseMetrics, BaseMetricsOptions } from '../../src/core/BaseMetrics.js';
import { BUCKET_SETS } from '../../src/core/buckets.js';
import { checkMetricsClass, CollectedMetrics, exportProblems, formatProblems, specProblems, type MetricsClass } from '../../src/testing/index.js';
import { testProvider, type Snapshot } from '../support/collect.js';
import { recordingSetups } from '../support/recordingSetups.js';
import { COVERED_ELSEWHERE, DRIVERS, type DomainDriver } from './drivers.js';

const TS_PRIVATE_METHODS = ['trackWith', 'startTracking', 'observedEnd', 'responseBytes', 'recordEnd', 'routeOf', 'statusCodeOf', 'resolverOf', 'recorded', 'recordedOperation', 'attributesOf'];

const SDK_DEFAULT_BOUNDARIES = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

function driverOf(className: string): DomainDriver {
  const found = DRIVERS.find((d) => d.className === className);
  if (!found) throw new Error(`no conformance driver for ${className}`);
  return found;
}

/** The class a recordedBy entry belongs to ("CoordinatorMetrics.enqueued" → CoordinatorMetrics). */
function classOf(method: string, fallback: string): string {
  const prefix = method.split('.')[0]!;
  return DRIVERS.some((d) => d.className === prefix) ? prefix : fallback;
}

/** method → the metric names the catalog says it records, over every domain. */
function claims(): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const domain of CATALOG) {
    for (const [key, methods] of Object.entries(domain.recordedBy)) {
      for (const method of methods) {
        const id = `${classOf(method, domain.className)}|${method}`;
        if (!result.has(id)) result.set(id, new Set());
        result.get(id)!.add(domain.metrics[key]!.name);
      }
    }
  }
  return result;
}

function fingerprint(s: Snapshot): Map<string, string> {
  return new Map(s.metrics.map((m: MetricData) => [m.descriptor.name, JSON.stringify(m.dataPoints.map((p) => [p.attributes, p.value]))]));
}

async function runAll(driver: DomainDriver, instance: unknown): Promise<void> {
  for (const method of Object.values(driver.methods)) await method.call(instance, method.prepare?.(instance));
}

/** Runs every method of every class that records a metric of `domain` (the queue depth comes from CoordinatorMetrics). */
async function runRecorders(domain: (typeof CATALOG)[number], options: BaseMetricsOptions): Promise<void> {
  const recorders = new Set(Object.values(domain.recordedBy).flat().map((m) => classOf(m, domain.className)));
  for (const recorder of recorders) {
    const d = driverOf(recorder);
    await runAll(d, d.create(options));
  }
}

describe.each(CATALOG.map((d) => [d.className, d] as const))('%s conformance', (className, domain) => {
  const driver = driverOf(className);

  describe.each(recordingSetups())('$name', (setup) => {
    it('exports every catalog metric with its exact name, unit, description, attribute keys and buckets', async () => {
      const { meterProvider, collect } = setup.start();
      await runRecorders(domain, { meterProvider });
      const s = await collect();
      // The shipped kit's export check: data for every metric, unit, description, keys, buckets.
      expect(formatProblems(exportProblems(new CollectedMetrics(s.resourceMetrics), Object.values(domain.metrics), { requireEvery: true }))).toBe('');
      for (const spec of Object.values(domain.metrics)) {
        if (spec.kind === 'histogram') expect(s.metric(spec.name).dataPointType, spec.name).toBe(DataPointType.HISTOGRAM);
      }
    });

    it('never exports a seconds histogram on the SDK default buckets', async () => {
      const { meterProvider, collect } = setup.start();
      await runAll(driver, driver.create({ meterProvider }));
      const s = await collect();
      for (const metric of s.metrics.filter((m) => m.dataPointType === DataPointType.HISTOGRAM && m.descriptor.unit === 's')) {
        for (const point of metric.dataPoints) {
          expect((point.value as { buckets: { boundaries: number[] } }).buckets.boundaries).not.toEqual(SDK_DEFAULT_BOUNDARIES);
        }
      }
    });

    it('records each metric from exactly the methods the catalog names', async () => {
      const expected = claims();
      const own = [...expected.keys()].filter((id) => id.startsWith(`${className}|`));
      expect(own.length).toBeGreaterThan(0);
      for (const id of own) {
        const method = id.split('|')[1]!;
        if (COVERED_ELSEWHERE.has(method)) continue;
        const call = driver.methods[method];
        expect(call, `driver for ${method}`).toBeDefined();
        const { meterProvider, collect } = setup.start();
        const instance = driver.create({ meterProvider });
        const prepared = call!.prepare?.(instance);
        const before = fingerprint(await collect());
        await call!.call(instance, prepared);
        const after = fingerprint(await collect());
        const touched = [...after].filter(([name, points]) => before.get(name) !== points).map(([name]) => name);
        expect(new Set(touched), `metrics touched by ${method}`).toEqual(expected.get(id));
      }
      // No driver method goes unclaimed: the docs name every recording method.
      for (const method of Object.keys(driver.methods)) expect(expected.has(`${className}|${method}`), `${method} is in recordedBy`).toBe(true);
    });

    it('drops bad numbers without throwing and exports no NaN, infinite or negative value', async () => {
      const { meterProvider, collect } = setup.start();
      const instance = driver.create({ meterProvider });
      expect(() => driver.badNumbers(instance)).not.toThrow();
      const s = await collect();
      // Only in-flight counts and unconstrained gauges may go below zero (the kit's value check).
      expect(formatProblems(exportProblems(new CollectedMetrics(s.resourceMetrics), catalogMetrics()))).toBe('');
    });
  });

  it('keeps its catalog buckets on a MeterProvider it did not configure (no views), through the histograms\' advice', async () => {
    const { meterProvider, reader } = testProvider();
    await runRecorders(domain, { meterProvider });
    const s = await reader.snapshot();
    for (const spec of Object.values(domain.metrics)) {
      if (spec.kind !== 'histogram') continue;
      const points = s.metric(spec.name).dataPoints;
      expect(points.length, `${spec.name} has data`).toBeGreaterThan(0);
      for (const point of points) {
        expect((point.value as { buckets: { boundaries: number[] } }).buckets.boundaries, spec.name).toEqual([...BUCKET_SETS[spec.buckets]]);
      }
    }
  });

  it('follows the naming rules of the shipped conformance suite', () => {
    expect(formatProblems(Object.values(domain.metrics).flatMap((spec) => specProblems(spec)))).toBe('');
  });

  it('passes the shipped conformance suite (otel-domain-metrics/testing) with its driver as the exercise', async () => {
    const metricsClass = driver.create({}).constructor as MetricsClass<BaseMetrics>;
    const problems = await checkMetricsClass(metricsClass, {
      exercise: (instance) => runAll(driver, instance),
      // TypeScript-private helpers, called only with values the class has already checked.
      skipMethods: TS_PRIVATE_METHODS,
    });
    expect(formatProblems(problems)).toBe('');
  });

  it('is a silent no-op without a provider', async () => {
    const instance = driver.create({});
    expect((instance as { enabled: boolean }).enabled).toBe(false);
    await expect(runAll(driver, instance)).resolves.toBeUndefined();
    expect(() => driver.badNumbers(instance)).not.toThrow();
  });
});
