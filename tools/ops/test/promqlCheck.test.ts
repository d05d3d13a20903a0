// The query checker that guards dashboards, alert rules and docs: it must accept the demo's example queries
// and reject what would silently show no data.
import { describe, expect, it } from 'vitest';
import { catalogMetrics, PROMETHEUS_PATHS, prometheusSeriesNames, runtimeMetricSpecs } from 'otel-domain-metrics';
import { catalogNameMismatches, catalogSeriesIndex } from '../promql/catalogSeries.js';
import { checkQuery, type ProblemCode } from '../promql/checkQuery.js';
import { substituteGrafanaVariables } from '../promql/grafanaVariables.js';
import { catalogQueryContext, withRecordingRules } from '../promql/queryContext.js';

// The four example queries the demo prints.
const DEMO_QUERIES = [
  'sum(rate(script_executions_total{status="completed"}[5m])) / sum(rate(script_executions_total[5m]))',
  'histogram_quantile(0.99, sum(rate(script_execution_duration_bucket[5m])) by (le, lang_and_version))',
  'sum(rate(rate_limit_rejected_total[5m])) / sum(rate(rate_limit_requests_total[5m]))',
  'avg_over_time(execution_queue_depth[1h])',
];

const codes = (query: string) => checkQuery(query, catalogQueryContext()).map((p) => p.code);
const messages = (query: string) => checkQuery(query, catalogQueryContext()).map((p) => p.message).join('\n');

describe('checkQuery', () => {
  it.each(DEMO_QUERIES)('accepts the demo query %s', (query) => {
    expect(checkQuery(query, catalogQueryContext())).toEqual([]);
  });

  it('knows every catalog series under one name on both paths', () => {
    expect(catalogNameMismatches()).toEqual([]);
    const series = catalogSeriesIndex().series;
    for (const spec of catalogMetrics()) {
      for (const path of PROMETHEUS_PATHS) {
        for (const name of prometheusSeriesNames(spec, path)) expect(series.has(name), `${name} (${path})`).toBe(true);
      }
    }
  });

  it('knows the contrib process and runtime series with their labels, under one name on both paths', () => {
    const series = catalogSeriesIndex().series;
    for (const spec of runtimeMetricSpecs()) {
      for (const path of PROMETHEUS_PATHS) {
        for (const name of prometheusSeriesNames(spec, path)) expect(series.has(name), `${name} (${path})`).toBe(true);
      }
    }
    expect(checkQuery('sum by (cpu_mode) (rate(process_cpu_time_total[5m]))', catalogQueryContext())).toEqual([]);
    expect(checkQuery('histogram_quantile(0.99, sum by (le, v8js_gc_type) (rate(v8js_gc_duration_bucket[5m])))', catalogQueryContext())).toEqual([]);
    expect(checkQuery('max by (instance) (nodejs_eventloop_delay_p99)', catalogQueryContext())).toEqual([]);
    // The package's name without .total exists on the collector path only; unit suffixes on neither.
    expect(codes('rate(process_cpu_time[5m])')).toEqual(['unknown-metric']);
    expect(codes('rate(process_cpu_time_seconds_total[5m])')).toEqual(['unknown-metric']);
    expect(codes('nodejs_eventloop_delay_p99_seconds')).toEqual(['unknown-metric']);
    expect(codes('v8js_memory_heap_used{cpu_mode="user"}')).toEqual(['unknown-label']);
  });

  it('rejects a metric that does not exist', () => {
    expect(codes('sum(rate(script_runs_total[5m]))')).toEqual(['unknown-metric']);
  });

  it('rejects a label the metric does not have', () => {
    expect(codes('script_executions_total{user_id="1"}')).toEqual(['unknown-label']);
    expect(messages('script_executions_total{user_id="1"}')).toContain('script_executions_total has no label user_id');
    // le exists on _bucket only; attribute labels of one metric do not carry over to another.
    expect(codes('script_execution_duration_count{le="1"}')).toEqual(['unknown-label']);
    expect(codes('execution_queue_depth{lang_and_version="go-1.22"}')).toEqual(['unknown-label']);
  });

  it('rejects unit-suffixed names (the collector default naming the project turns off), pointing at the right one', () => {
    expect(codes('histogram_quantile(0.99, sum by (le) (rate(script_execution_duration_seconds_bucket[5m])))')).toEqual(['unknown-metric']);
    expect(messages('script_execution_duration_seconds_bucket')).toContain('the series is script_execution_duration_bucket');
    expect(codes('execution_queue_depth_total')).toEqual(['unknown-metric']);
  });

  it('rejects a syntax error', () => {
    expect(codes('sum(rate(script_executions_total[5m])')).toContain('syntax');
    expect(codes('script_executions_total{status="completed"')).toContain('syntax');
    expect(codes('')).toEqual(['syntax']);
  });

  it('checks by / without / on / group_left labels against the metrics they aggregate or match', () => {
    expect(codes('sum by (lang_and_version) (rate(script_executions_total[5m]))')).toEqual([]);
    expect(codes('sum by (endpoint) (rate(script_executions_total[5m]))')).toEqual(['unknown-label']);
    expect(codes('sum without (status) (rate(script_executions_total[5m]))')).toEqual([]);
    expect(codes('sum without (topic) (rate(script_executions_total[5m]))')).toEqual(['unknown-label']);
    // The union over the aggregated metrics is enough.
    expect(codes('sum by (status, priority) (rate(script_executions_total[5m]) or rate(coordinator_queue_wait_time_count[5m]))')).toEqual([]);
    // A label dropped by an inner aggregation is gone.
    expect(codes('sum by (lang_and_version) (sum by (le) (rate(script_execution_duration_bucket[5m])))')).toEqual(['unknown-label']);
    expect(codes('sum by (job) (rate(script_executions_total[5m])) / on (job) sum by (job) (rate(rate_limit_requests_total[5m]))')).toEqual([]);
    expect(codes('sum(rate(script_executions_total[5m])) / ignoring (tenant) sum(rate(rate_limit_requests_total[5m]))')).toEqual(['unknown-label']);
    expect(codes('sum by (job) (rate(script_executions_total[5m])) * on (job) group_left (service_name) target_info')).toEqual([]);
  });

  it('allows the labels every series has, le on buckets and the overflow label on metrics with attributes', () => {
    expect(codes('script_executions_total{job="a", instance="b", otel_scope_name="c", otel_scope_version="d", otel_metric_overflow="true"}')).toEqual([]);
    expect(codes('script_execution_duration_bucket{le="+Inf"}')).toEqual([]);
    expect(codes('execution_queue_depth{otel_metric_overflow="true"}')).toEqual(['unknown-label']);
    expect(codes('http_server_request_duration_count{http_request_method="GET", http_response_status_code=~"5.."}')).toEqual([]);
  });

  it('allows target_info, up and recording rules, with the labels they carry', () => {
    expect(codes('count by (service_name) (target_info)')).toEqual([]);
    expect(codes('up{job="app"} == 0')).toEqual([]);
    expect(codes('up{lang_and_version="x"}')).toEqual(['unknown-label']);
    const context = withRecordingRules(catalogQueryContext(), [
      { name: 'g', rules: [{ record: 'otel_domain:cache:hit_ratio5m', expr: 'sum by (job, cache) (rate(cache_requests_total{result="hit"}[5m])) / sum by (job, cache) (rate(cache_requests_total[5m]))' }] },
    ]);
    expect(checkQuery('otel_domain:cache:hit_ratio5m{cache="scripts"} < 0.5', context)).toEqual([]);
    expect(checkQuery('otel_domain:cache:hit_ratio5m{result="hit"}', context).map((p) => p.code)).toEqual(['unknown-label']);
    expect(codes('otel_domain:cache:hit_ratio5m')).not.toContain('syntax');
  });

  it('substitutes Grafana variables before parsing', () => {
    expect(substituteGrafanaVariables('rate(x{job=~"$job", a="${b}"}[$__rate_interval])')).toBe('rate(x{job=~".*", a=".*"}[5m])');
    expect(codes('sum(rate(script_executions_total{job=~"$job"}[$__rate_interval]))')).toEqual([]);
  });

  it('flags PromQL that Prometheus 2.42 does not have, and selectors it cannot check', () => {
    expect(codes('{"script.executions.total"}')).toContain<ProblemCode>('prometheus-2-incompatible');
    expect(codes('rate(script_executions_total[5m+1m])')).toEqual(['prometheus-2-incompatible']);
    expect(codes('double_exponential_smoothing(execution_queue_depth[10m], 0.5, 0.5)')).toEqual(['prometheus-2-incompatible']);
    expect(codes('limitk(2, execution_queue_depth)')).toEqual(['prometheus-2-incompatible']);
    expect(codes('{__name__=~"script_.*"}')).toEqual(['unchecked-selector']);
    expect(codes('{__name__="execution_queue_depth"}')).toEqual([]);
  });
});
