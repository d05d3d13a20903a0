// Past the cardinality limit the fast path sends a set to the overflow series as soon as one of
// its values is held by no admitted set, without building the set's key. Against the full path's
// answer (normalise, build the key, look it up), every record must land where that says: on its
// admitted series when the set holds a place, whatever raw form its values came in, else on the
// overflow series; and as places are freed by expiry and taken again, the answer follows. The
// warning about the limit counts every such record without reading the clock for each one.
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BaseMetrics } from '../../../src/core/BaseMetrics.js';
import { DiagnosticsSink, SUMMARY_INTERVAL_MILLIS } from '../../../src/core/DiagnosticsSink.js';
import { MetricDiagnostics } from '../../../src/core/MetricDiagnostics.js';
import { counter } from '../../../src/core/MetricSpec.js';
import { SeriesResolver } from '../../../src/core/SeriesResolver.js';
import type { Snapshot } from '../../support/collect.js';
import { runtimeLikeProvider } from '../../support/fastPathProvider.js';
import { prng } from '../../support/prng.js';

const KEYS = ['status', 'route', 'code'] as const;
const SPEC = counter({ name: 'limit.requests.total', unit: '{request}', description: 'Requests', attributes: [...KEYS] });
const OVERFLOW = 'overflow';

class LimitMetrics extends BaseMetrics {
  readonly requests = this.counter(SPEC);
}

/** The key the full path gives raw attributes: normalised, then joined. */
function fullPathKey(input: Record<string, unknown>): string {
  let key = '';
  new SeriesResolver([...KEYS], (_attributes, k) => (key = k), new MetricDiagnostics('t'), 10).resolve(input);
  return key;
}

function exported(snapshot: Snapshot): Map<string, number> {
  const totals = new Map<string, number>();
  for (const attributes of snapshot.attributeSets(SPEC.name)) {
    const key = attributes['otel.metric.overflow'] === true ? OVERFLOW : fullPathKey(attributes);
    totals.set(key, snapshot.value(SPEC.name, attributes));
  }
  return totals;
}

describe('recording past the limit on the fast path', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lands every record where the full path says, for raw values of every kind', async () => {
    const { meterProvider, readers } = runtimeLikeProvider({ fast: true, specs: [SPEC], cardinalityLimit: 12, temporalities: [AggregationTemporality.CUMULATIVE] });
    const metrics = new LimitMetrics({ meterProvider });
    // Values that are plain, values that normalise to a plain one, numbers and their text, and
    // values no admitted set holds.
    const values: unknown[] = ['ok', ' ok', 'ok ', 'fail', '/users/:id', '/orders', 200, '200', 404, '404', 1.5, true, 'true', '', '   ', 'x'.repeat(300), 'tab\tin', undefined, null, 'id-1', 'id-2', 'id-3', 'never-seen', 'é'];
    const random = prng(11);
    const pick = () => values[Math.floor(random() * values.length)];
    const expected = new Map<string, number>();
    const admitted = new Set<string>();
    const record = (input: Record<string, unknown>) => {
      const key = fullPathKey(input);
      // The first 11 distinct sets take the places; every other goes to the overflow series.
      if (!admitted.has(key) && admitted.size < 11) admitted.add(key);
      const target = admitted.has(key) ? key : OVERFLOW;
      expected.set(target, (expected.get(target) ?? 0) + 1);
      metrics.requests.add(1, input as never);
    };
    for (let i = 0; i < 6000; i++) record({ status: pick(), route: pick(), code: pick() });
    expect(admitted.size).toBe(11);
    expect(expected.get(OVERFLOW)).toBeGreaterThan(1000);
    expect(exported(await readers[0]!.snapshot())).toEqual(expected);
  });

  it('follows the places as expiry frees them and new sets take them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { meterProvider, readers } = runtimeLikeProvider({ fast: true, specs: [SPEC], cardinalityLimit: 3, seriesExpiryMillis: 10_000, temporalities: [AggregationTemporality.CUMULATIVE] });
    const metrics = new LimitMetrics({ meterProvider });
    const collect = async () => {
      vi.setSystemTime(Date.now() + 1000);
      return exported(await readers[0]!.snapshot());
    };
    const a = { status: 'ok', route: '/a', code: 'ca' };
    const b = { status: 'ok', route: '/b', code: 'cb' };
    const c = { status: 'ok', route: '/c', code: 'cc' };
    metrics.requests.add(1, a);
    metrics.requests.add(1, b); // the two places are taken
    metrics.requests.add(1, c); // past the limit: '/c' is held by no admitted set
    let totals = await collect();
    expect(totals.get(OVERFLOW)).toBe(1);
    // b keeps being recorded, a does not and leaves; c then takes its place.
    for (let i = 0; i < 12; i++) {
      metrics.requests.add(1, b);
      totals = await collect();
    }
    expect(totals.has(fullPathKey(a))).toBe(false);
    metrics.requests.add(5, c);
    metrics.requests.add(2, a); // '/a' is held by no admitted set now: the overflow series
    metrics.requests.add(3, { status: ' ok ', route: '/c ', code: 'cc' }); // c, written otherwise
    totals = await collect();
    expect(totals.get(fullPathKey(c))).toBe(8);
    expect(totals.get(OVERFLOW)).toBe(3);
    expect(totals.get(fullPathKey(b))).toBe(13);
  });
});

describe.each([AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA])('the overflow warning on the fast path (temporality %s)', (temporality) => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('counts every record past the limit, reads the clock a few times per collection rather than per record, and starts over at each collection', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line: unknown) => void lines.push(String(line)));
    let now = 1_000_000;
    let clockReads = 0;
    const sink = new DiagnosticsSink('console', {
      clock: () => {
        clockReads++;
        return now;
      },
    });
    const { meterProvider, readers } = runtimeLikeProvider({ fast: true, specs: [SPEC], cardinalityLimit: 3, temporalities: [temporality], diagnostics: sink });
    const metrics = new LimitMetrics({ meterProvider });
    metrics.requests.add(1, { status: 'ok', route: '/a', code: 'c' });
    metrics.requests.add(1, { status: 'ok', route: '/b', code: 'c' }); // the two places are taken
    const overflowTotal = async () => exported(await readers[0]!.snapshot()).get(OVERFLOW);

    for (let i = 0; i < 100_000; i++) metrics.requests.add(1, { status: 'ok', route: `/id/${i}`, code: 'c' });
    expect(lines).toEqual([expect.stringContaining('limit.requests.total: reached its cardinality limit')]);
    // Asked at the 1st, 2nd, 4th… record: 17 times for 100,000 records.
    expect(clockReads).toBeLessThanOrEqual(18);

    now += SUMMARY_INTERVAL_MILLIS;
    expect(await overflowTotal()).toBe(100_000);
    // The first record was written in full; the collection hands over the count not yet reported.
    expect(lines.slice(1)).toEqual([expect.stringMatching(/reached its cardinality limit:.*; 99999 occurrences in the last 5 minutes$/)]);

    // A new interval counts from the start again.
    for (let i = 0; i < 10; i++) metrics.requests.add(1, { status: 'ok', route: `/later/${i}`, code: 'c' });
    now += SUMMARY_INTERVAL_MILLIS;
    expect(await overflowTotal()).toBe(temporality === AggregationTemporality.CUMULATIVE ? 100_010 : 10);
    expect(lines.slice(2)).toEqual([expect.stringMatching(/; 10 occurrences in the last 5 minutes$/)]);
    expect(lines).toHaveLength(3);
  });
});
