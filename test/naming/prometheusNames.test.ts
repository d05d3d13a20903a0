import { describe, expect, it } from 'vitest';
import { catalogMetrics } from '../../src/catalog.js';
import { counter, histogram } from '../../src/core/MetricSpec.js';
import { prometheusLabel, prometheusName, prometheusSeriesNames } from '../../src/naming/prometheusNames.js';
import { packageInstrumentName, runtimeMetricSpecs } from '../../src/runtime/runtimeMetricNames.js';

describe('Prometheus names on both paths', () => {
  it.each(catalogMetrics().map((spec) => [spec.name, spec] as const))('%s has one name on the endpoint and through the collector', (_name, spec) => {
    const endpoint = prometheusName(spec, 'endpoint');
    expect(prometheusName(spec, 'collector')).toBe(endpoint);
    expect(endpoint).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
    if (spec.kind === 'counter') expect(endpoint).toMatch(/_total$/);
    else expect(endpoint).not.toMatch(/_total$/);
    for (const key of spec.attributes) expect(prometheusLabel(key)).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
  });

  it('names the series as the in-process exporter writes them', () => {
    const spec = histogram({ name: 'http.server.request.duration', unit: 's', description: '', attributes: [], buckets: 'request' });
    expect(prometheusSeriesNames(spec)).toEqual([
      'http_server_request_duration_bucket',
      'http_server_request_duration_sum',
      'http_server_request_duration_count',
    ]);
    expect(prometheusLabel('http.request.method')).toBe('http_request_method');
  });

  it('shows why counters end in .total: without it the two paths disagree', () => {
    const bare = counter({ name: 'jobs.done', unit: '{job}', description: '', attributes: [] });
    expect(prometheusName(bare, 'endpoint')).toBe('jobs_done_total');
    expect(prometheusName(bare, 'collector')).toBe('jobs_done');
  });

  it.each(runtimeMetricSpecs().map((spec) => [spec.name, spec] as const))(
    'the contrib metric %s has one name on the endpoint and through the collector',
    (_name, spec) => {
      const endpoint = prometheusName(spec, 'endpoint');
      expect(prometheusName(spec, 'collector')).toBe(endpoint);
      expect(endpoint).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
      // Units stay out of the name on both paths (no _seconds, _bytes, _ratio).
      expect(endpoint).not.toMatch(/_(seconds|bytes|ratio)(_total)?$/);
      if (spec.kind === 'counter') expect(endpoint).toMatch(/_total$/);
      for (const key of spec.attributes) expect(prometheusLabel(key)).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
    },
  );

  it('names the contrib counters with .total appended to the package name, so the two paths agree; other contrib metrics keep their names', () => {
    const byName = new Map(runtimeMetricSpecs().map((spec) => [spec.name, spec]));
    const cpu = byName.get('process.cpu.time.total')!;
    expect(packageInstrumentName(cpu)).toBe('process.cpu.time');
    expect(prometheusName(cpu, 'endpoint')).toBe('process_cpu_time_total');
    expect(prometheusName(cpu, 'collector')).toBe('process_cpu_time_total');
    // Under the package's own name the endpoint would say process_cpu_time_total, the collector process_cpu_time.
    const asPackaged = counter({ name: packageInstrumentName(cpu), unit: 's', description: '', attributes: [] });
    expect(prometheusName(asPackaged, 'collector')).toBe('process_cpu_time');
    const delay = byName.get('nodejs.eventloop.delay.p99')!;
    expect(packageInstrumentName(delay)).toBe('nodejs.eventloop.delay.p99');
    expect(prometheusName(delay)).toBe('nodejs_eventloop_delay_p99');
    expect(prometheusSeriesNames(byName.get('v8js.gc.duration')!)).toEqual(['v8js_gc_duration_bucket', 'v8js_gc_duration_sum', 'v8js_gc_duration_count']);
    expect(prometheusLabel('v8js.heap.space.name')).toBe('v8js_heap_space_name');
  });
});
