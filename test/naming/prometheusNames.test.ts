import { describe, expect, it } from 'vitest';
import { catalogMetrics } from '../../src/catalog.js';
import { counter, histogram } from '../../src/core/MetricSpec.js';
import { prometheusLabel, prometheusName, prometheusSeriesNames } from '../../src/naming/prometheusNames.js';

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
});
