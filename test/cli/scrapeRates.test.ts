import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../src/cli/prometheusText.js';
import { bucketQuantile, ratesBetween } from '../../src/cli/scrapeRates.js';

const scrape = (executions: { ok: number; failed: number }, buckets: readonly number[], count: number) => `
# HELP script_executions_total Executions
# TYPE script_executions_total counter
script_executions_total{status="completed",lang_and_version="py",otel_scope_name="otel-domain-metrics"} ${executions.ok}
script_executions_total{status="failed",lang_and_version="py",otel_scope_name="otel-domain-metrics"} ${executions.failed}
# TYPE task_execute_duration histogram
task_execute_duration_bucket{task_type="resize",le="0.1"} ${buckets[0]}
task_execute_duration_bucket{task_type="resize",le="1"} ${buckets[1]}
task_execute_duration_bucket{task_type="resize",le="10"} ${buckets[2]}
task_execute_duration_bucket{task_type="resize",le="+Inf"} ${buckets[3]}
task_execute_duration_count{task_type="resize"} ${count}
task_execute_duration_sum{task_type="resize"} 12.5
# TYPE target_info gauge
target_info{service_name="x"} 1
`;

describe('parseExposition', () => {
  it('reads labels with escaped quotes, backslashes and newlines, and special values', () => {
    const e = parseExposition('# TYPE a counter\na_total{path="/a\\"b\\\\c\\nd",x="1"} 3 1700000000\nb +Inf\nc{} NaN\nbroken{x=1} 2\n');
    expect(e.types.get('a')).toBe('counter');
    expect(e.samples.map((s) => [s.name, s.labels, s.value])).toEqual([
      ['a_total', { path: '/a"b\\c\nd', x: '1' }, 3],
      ['b', {}, Infinity],
      ['c', {}, Number.NaN],
    ]);
  });
});

describe('ratesBetween', () => {
  it('gives per-second rates, the failed share over the status label, and bucket-interpolated percentiles of the increase', () => {
    const before = parseExposition(scrape({ ok: 100, failed: 10 }, [5, 10, 10, 10], 10));
    // In 2 s: 36 completed, 4 failed; 100 observations: 10 ≤ 0.1 s, 70 in (0.1, 1], 20 in (1, 10].
    const after = parseExposition(scrape({ ok: 136, failed: 14 }, [15, 90, 110, 110], 110));
    expect(ratesBetween(before, after, 2)).toEqual([
      { name: 'task_execute_duration', attributes: { task_type: 'resize' }, ratePerSecond: 50, errorRatio: null, p50: expect.closeTo(0.1 + 0.9 * (40 / 70), 12), p95: expect.closeTo(1 + 9 * (15 / 20), 12), p99: expect.closeTo(1 + 9 * (19 / 20), 12), unit: 's' },
      { name: 'script_executions_total', attributes: { lang_and_version: 'py' }, ratePerSecond: 20, errorRatio: 0.1, p50: null, p95: null, p99: null, unit: '' },
    ]);
  });

  it('takes a counter that went down as restarted from 0, and leaves out series new in the second scrape', () => {
    const before = parseExposition(scrape({ ok: 100, failed: 10 }, [0, 0, 0, 0], 0));
    const after = parseExposition(scrape({ ok: 6, failed: 10 }, [0, 0, 0, 0], 0) + 'new_total 5\n');
    const rows = ratesBetween(before, after, 1);
    expect(rows.map((r) => [r.name, r.ratePerSecond, r.errorRatio, r.p50])).toEqual([
      ['script_executions_total', 6, 0, null],
      ['task_execute_duration', 0, null, null],
    ]);
  });
});

describe('bucketQuantile', () => {
  it('interpolates inside the bucket, answers the highest finite bound in +Inf, and null without observations', () => {
    expect(bucketQuantile(0.5, [[1, 10], [2, 30], [Infinity, 30]])).toBe(1.25);
    expect(bucketQuantile(0.99, [[1, 10], [2, 20], [Infinity, 30]])).toBe(2);
    expect(bucketQuantile(0.25, [[4, 10], [Infinity, 10]])).toBe(1);
    expect(bucketQuantile(0.5, [[1, 0], [Infinity, 0]])).toBeNull();
  });
});
