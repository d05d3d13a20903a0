// One metric declared by several instances or classes: the fast path must export what the SDK
// exports — attribute sets told apart by their names, conflicting declarations kept apart.
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { BaseMetrics } from '../../../src/core/BaseMetrics.js';
import { counter, upDownCounter } from '../../../src/core/MetricSpec.js';
import { OPERATION_METRICS } from '../../../src/domains/operationCatalog.js';
import { OperationMetrics } from '../../../src/domains/OperationMetrics.js';
import { DiagnosticsSink } from '../../../src/core/DiagnosticsSink.js';
import { captureDiag } from '../../support/diagnostics.js';
import { runtimeLikeProvider } from '../../support/fastPathProvider.js';

const points = async (fast: boolean, record: (provider: ReturnType<typeof runtimeLikeProvider>) => void, name: string) => {
  const provider = runtimeLikeProvider({ fast, specs: Object.values(OPERATION_METRICS), temporalities: [AggregationTemporality.CUMULATIVE] });
  record(provider);
  const s = await provider.readers[0]!.snapshot();
  return s.metrics
    .filter((m) => m.descriptor.name === name)
    .flatMap((m) => m.dataPoints.map((p) => [p.attributes, p.value]))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
};

describe.each([true, false])('shared declarations (fast path: %s)', (fast) => {
  it('keeps attribute sets with equal values under different names apart', async () => {
    const exported = await points(fast, ({ meterProvider }) => {
      new OperationMetrics({ meterProvider, labels: ['tier'] as const }).succeeded({ operation: 'charge', labels: { tier: 'eu' } });
      const byRegion = new OperationMetrics({ meterProvider, labels: ['region'] as const });
      byRegion.succeeded({ operation: 'charge', labels: { region: 'eu' } });
      byRegion.succeeded({ operation: 'charge', labels: { region: 'eu' } });
    }, 'operation.total');
    expect(exported).toEqual([
      [{ operation: 'charge', outcome: 'success', region: 'eu' }, 2],
      [{ operation: 'charge', outcome: 'success', tier: 'eu' }, 1],
    ]);
  });

  it('merges the same attribute set recorded through different allow-lists into one series', async () => {
    const exported = await points(fast, ({ meterProvider }) => {
      new OperationMetrics({ meterProvider }).succeeded({ operation: 'charge' });
      new OperationMetrics({ meterProvider, labels: ['tier'] as const }).succeeded({ operation: 'charge' });
    }, 'operation.total');
    expect(exported).toEqual([[{ operation: 'charge', outcome: 'success' }, 2]]);
  });

  it('past the limit, sends a record to the set its own allow-list makes, whatever keys the caller added', async () => {
    const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: Object.values(OPERATION_METRICS), cardinalityLimit: 3, diagnostics: new DiagnosticsSink('silent'), temporalities: [AggregationTemporality.CUMULATIVE] });
    // The first declaration allows `tier`; the second, made without labels, does not.
    new OperationMetrics({ meterProvider, labels: ['tier'] as const }).succeeded({ operation: 'refund', labels: { tier: 'eu' } });
    new OperationMetrics({ meterProvider }).succeeded({ operation: 'charge' });
    new OperationMetrics({ meterProvider }).succeeded({ operation: 'void' });
    // The table is full. A new instance (nothing cached) given a label it does not declare (plain
    // JavaScript, or a cast) drops it, and its set {charge, success} holds a place.
    new OperationMetrics({ meterProvider }).succeeded({ operation: 'charge', labels: { tier: 'never-seen' } } as never);
    const exported = await readers[0]!.snapshot();
    expect(exported.value('operation.total', { operation: 'charge', outcome: 'success' })).toBe(2);
    expect(exported.value('operation.total', { 'otel.metric.overflow': true })).toBe(1);
  });

  it('gives the series of a declaration without attributes its place under the limit, exported at 0 from the start', async () => {
    const withRoute = counter({ name: 'shared.ops.total', unit: '{op}', description: 'Ops', attributes: ['route'] });
    const bare = counter({ name: 'shared.ops.total', unit: '{op}', description: 'Ops', attributes: [] });
    class ByRoute extends BaseMetrics {
      readonly ops = this.counter(withRoute);
    }
    class Bare extends BaseMetrics {
      readonly ops = this.counter(bare);
    }
    const exported = async (bareFirst: boolean) => {
      const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: [withRoute], cardinalityLimit: 3, diagnostics: new DiagnosticsSink('silent'), temporalities: [AggregationTemporality.CUMULATIVE] });
      if (bareFirst) new Bare({ meterProvider });
      const byRoute = new ByRoute({ meterProvider });
      byRoute.ops.add(1, { route: 'x' });
      byRoute.ops.add(1, { route: 'y' });
      if (!bareFirst) new Bare({ meterProvider });
      byRoute.ops.add(1, { route: 'z' });
      new Bare({ meterProvider }).ops.add(5);
      const s = await readers[0]!.snapshot();
      return s.attributeSets('shared.ops.total').map((attributes) => [attributes, s.value('shared.ops.total', attributes)]);
    };
    // Made first, the bare series holds one of the two places; at most 3 series, the limit.
    expect(await exported(true)).toEqual([
      [{}, 5],
      [{ route: 'x' }, 1],
      [{ 'otel.metric.overflow': true }, 2],
    ]);
    // Made once both places are taken, its 0 and its 5 go to the overflow series.
    expect(await exported(false)).toEqual([
      [{ route: 'x' }, 1],
      [{ route: 'y' }, 1],
      [{ 'otel.metric.overflow': true }, 6],
    ]);
  });

  it('past the limit, finds the admitted set of an allow-list that names a label twice', async () => {
    const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: Object.values(OPERATION_METRICS), cardinalityLimit: 3, diagnostics: new DiagnosticsSink('silent'), temporalities: [AggregationTemporality.CUMULATIVE] });
    const first = new OperationMetrics({ meterProvider, labels: ['tier', 'tier'] as const });
    first.succeeded({ operation: 'a', labels: { tier: 'eu' } });
    first.succeeded({ operation: 'b', labels: { tier: 'eu' } });
    // The table is full; a new instance (nothing cached) records into the admitted set.
    new OperationMetrics({ meterProvider, labels: ['tier', 'tier'] as const }).succeeded({ operation: 'a', labels: { tier: 'eu' } });
    const exported = await readers[0]!.snapshot();
    expect(exported.value('operation.total', { operation: 'a', outcome: 'success', tier: 'eu' })).toBe(2);
    expect(exported.attributeSets('operation.total')).toHaveLength(2);
  });

  it('refuses a second declaration of a name with another kind or unit, with one diagnostic', async () => {
    class A extends BaseMetrics {
      readonly c = this.counter(counter({ name: 'conflict.total', unit: '1', description: 'a', attributes: [] }));
    }
    class B extends BaseMetrics {
      readonly u = this.upDownCounter(upDownCounter({ name: 'conflict.total', unit: '1', description: 'b', attributes: [] }));
    }
    class C extends BaseMetrics {
      readonly c = this.counter(counter({ name: 'conflict.total', unit: 's', description: 'c', attributes: [] }));
    }
    const diag = captureDiag();
    try {
      const exported = await points(fast, ({ meterProvider }) => {
        new A({ meterProvider }).c.add(1);
        new B({ meterProvider }).u.add(5);
        new C({ meterProvider }).c.add(7);
        new A({ meterProvider }).c.add(2);
      }, 'conflict.total');
      expect(exported).toEqual([[{}, 3]]);
      const warnings = diag.warnings.filter((w) => w.includes('conflict.total') && w.includes('refused'));
      expect(warnings).toHaveLength(1); // once per metric, however many refused declarations
      expect(warnings[0]).toContain('declared as counter in "1"');
    } finally {
      diag.restore();
    }
  });

  it('refuses a conflicting declaration in another instrumentation scope too', async () => {
    class Mine extends BaseMetrics {
      readonly c = this.counter(counter({ name: 'scoped.total', unit: '1', description: 'a', attributes: [] }));
    }
    class Theirs extends BaseMetrics {
      readonly u = this.upDownCounter(upDownCounter({ name: 'scoped.total', unit: '1', description: 'b', attributes: [] }));
    }
    const diag = captureDiag();
    try {
      const provider = runtimeLikeProvider({ fast, specs: [], temporalities: [AggregationTemporality.CUMULATIVE] });
      new Mine({ meterProvider: provider.meterProvider }).c.add(2);
      new Theirs({ meterProvider: provider.meterProvider, meterName: 'other-scope' }).u.add(5);
      const s = await provider.readers[0]!.snapshot();
      const streams = s.metrics.filter((m) => m.descriptor.name === 'scoped.total');
      expect(streams).toHaveLength(1);
      expect(s.value('scoped.total')).toBe(2);
      expect(diag.warnings.filter((w) => w.includes('scoped.total') && w.includes('refused'))).toHaveLength(1);
    } finally {
      diag.restore();
    }
  });
});
