// The recording and alerting rules, each with the unit-test cases that prove it: recording rules
// for every domain ratio and the two latency SLO quantiles, and the alerts an operator must know
// about. Rules keep `job` in every aggregation (never a job filter): each service, and each of the
// two paths, gets its own result.
import { DLQ_METRICS, EVENT_METRICS, EXECUTION_METRICS, HEALTH_METRICS, type HistogramSpec, HTTP_SERVER_METRICS } from 'otel-domain-metrics';
import { quantileExpr, ratioExpr, seriesName } from '../promql/build.js';
import { DOMAIN_RATIOS, domainRatio, type DomainRatio } from '../promql/domainRatios.js';
import { percent, type Annotation } from './annotations.js';
import {
  TEST_TARGET,
  counterSeries,
  gaugeSeries,
  histogramSeries,
  largestBoundary,
  linear,
  ratioSeries,
  type InputSeries,
  type Labels,
} from './fixtures.js';
import { ratioFixture } from './ratioFixtures.js';
import { durationSeconds, spikeMinutes, type AlertThresholds } from './thresholds.js';

export interface ExpectedSample {
  /** The result's labels (without __name__ and without the alert's own labels). */
  readonly labels: Labels;
  readonly value: number;
}

export interface RuleTestCase {
  readonly name: string;
  readonly series: readonly InputSeries[];
  readonly evalMinutes: number;
  /** Recording rule: the samples; alert: the firing alerts (empty = must stay quiet). */
  readonly expected: readonly ExpectedSample[];
}

export interface RecordingRuleSpec {
  readonly kind: 'record';
  /** Domain class whose rule group holds it. */
  readonly domain: string;
  readonly record: string;
  readonly expr: string;
  readonly tests: readonly RuleTestCase[];
}

export interface AlertRuleSpec {
  readonly kind: 'alert';
  readonly domain: string;
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: 'warning' | 'critical';
  readonly summary: Annotation;
  readonly description: Annotation;
  readonly tests: readonly RuleTestCase[];
}

export type RuleSpec = RecordingRuleSpec | AlertRuleSpec;

const RECORD_PREFIX = 'otel_domain';
/** Rate window of the recording rules: five minutes, as the example queries use. */
const WINDOW = '5m';

export function ratioRecord(id: string, window = WINDOW): string {
  return `${RECORD_PREFIX}:${id}${window}`;
}

const HTTP_P99 = `${RECORD_PREFIX}:http_server_request_duration:p99_5m`;
const EXECUTION_P99 = `${RECORD_PREFIX}:script_execution_duration:p99_5m`;
const PYTHON = { lang_and_version: 'python-3.11' };

function byValues(ratio: DomainRatio): Labels {
  const fixture = ratioFixture(ratio.id);
  return Object.fromEntries(
    ratio.by.map((label) => {
      const value = fixture.hit.labels[label];
      if (value === undefined || fixture.rest.labels[label] !== value) throw new Error(`fixture of ${ratio.id} must give ${label} one value on both series`);
      return [label, value];
    }),
  );
}

function ratioRecordingRule(ratio: DomainRatio): RecordingRuleSpec {
  const record = ratioRecord(ratio.id);
  const labels = { job: TEST_TARGET['job']!, ...byValues(ratio) };
  return {
    kind: 'record',
    domain: ratio.className,
    record,
    expr: ratioExpr(ratio, ['job', ...ratio.by], WINDOW),
    tests: [
      { name: `${record} is the share of matching events`, series: ratioSeries(ratioFixture(ratio.id), 0.25, 20), evalMinutes: 10, expected: [{ labels, value: 0.25 }] },
      { name: `${record} is 0, not empty, before the first matching event`, series: ratioSeries(ratioFixture(ratio.id), 0, 20), evalMinutes: 10, expected: [{ labels, value: 0 }] },
      { name: `${record} is 1 when every event matches`, series: ratioSeries(ratioFixture(ratio.id), 1, 20), evalMinutes: 10, expected: [{ labels, value: 1 }] },
    ],
  };
}

function quantileRecordingRule(domain: string, record: string, spec: HistogramSpec, by: readonly string[], labels: Labels): RecordingRuleSpec {
  const result = { job: TEST_TARGET['job']!, ...labels };
  return {
    kind: 'record',
    domain,
    record,
    expr: quantileExpr(spec, 0.99, ['job', ...by], WINDOW),
    tests: [
      {
        name: `${record} answers the largest boundary when every observation is above it`,
        series: histogramSeries(spec, labels, 'overflow', 60, 20),
        evalMinutes: 10,
        expected: [{ labels: result, value: largestBoundary(spec) }],
      },
    ],
  };
}

/** Every recording rule: always on, one result per job (and per the ratio's labels). */
export function recordingRules(): RecordingRuleSpec[] {
  const rateLimit = domainRatio('rate_limit:rejection_ratio');
  const hourly = ratioRecord('rate_limit:rejection_ratio', '1h');
  return [
    ...DOMAIN_RATIOS.map(ratioRecordingRule),
    {
      kind: 'record',
      domain: rateLimit.className,
      record: hourly,
      expr: ratioExpr(rateLimit, ['job'], '1h'),
      tests: [
        {
          name: `${hourly} is the share over the last hour`,
          series: ratioSeries(ratioFixture('rate_limit:rejection_ratio'), 0.25, 80),
          evalMinutes: 70,
          expected: [{ labels: { job: TEST_TARGET['job']! }, value: 0.25 }],
        },
      ],
    },
    quantileRecordingRule('HttpServerMetrics', HTTP_P99, HTTP_SERVER_METRICS.requestDuration, [], {}),
    quantileRecordingRule('ExecutionMetrics', EXECUTION_P99, EXECUTION_METRICS.duration, ['lang_and_version'], PYTHON),
  ];
}

/** A ratio well above the threshold that is still a ratio, with three significant digits. */
export function firingShare(threshold: number): number {
  return Number((threshold < 0.5 ? 2 * threshold : (1 + threshold) / 2).toPrecision(3));
}

/** A ratio clearly below the threshold. */
export function quietShare(threshold: number): number {
  return Number((threshold / 2).toPrecision(3));
}

const minutesOf = (duration: string) => Math.ceil(durationSeconds(duration) / 60);

function ratioAlert(
  t: AlertThresholds,
  o: { id: string; alert: string; what: string; summary: string },
): AlertRuleSpec {
  const ratio = domainRatio(o.id);
  const evalMinutes = minutesOf(t.for) + 10;
  const minutes = evalMinutes + 5;
  const fire = firingShare(t.errorRatio);
  return {
    kind: 'alert',
    domain: ratio.className,
    alert: o.alert,
    expr: `${ratioRecord(o.id)} > ${t.errorRatio}`,
    for: t.for,
    severity: 'warning',
    summary: [o.summary, ' on ', { label: 'job' }],
    description: [{ value: 'percent' }, ` of ${o.what} over the last 5 minutes on `, { label: 'job' }, ` (threshold ${percent(t.errorRatio)}).`],
    tests: [
      { name: `${o.alert} fires at ${percent(fire)}`, series: ratioSeries(ratioFixture(o.id), fire, minutes), evalMinutes, expected: [{ labels: { job: TEST_TARGET['job']! }, value: fire }] },
      { name: `${o.alert} stays quiet at ${percent(quietShare(t.errorRatio))}`, series: ratioSeries(ratioFixture(o.id), quietShare(t.errorRatio), minutes), evalMinutes, expected: [] },
    ],
  };
}

function latencyAlert(
  t: AlertThresholds,
  o: { domain: string; alert: string; record: string; spec: HistogramSpec; slo: number; labels: Labels; what: string },
): AlertRuleSpec {
  const evalMinutes = minutesOf(t.for) + 10;
  const minutes = evalMinutes + 5;
  const perLabel: Annotation = Object.keys(o.labels).flatMap((l) => [` ${l} `, { label: l }]);
  return {
    kind: 'alert',
    domain: o.domain,
    alert: o.alert,
    expr: `${o.record} > ${o.slo}`,
    for: t.for,
    severity: 'warning',
    summary: [`${o.what} p99 over its SLO on `, { label: 'job' }, ...perLabel],
    description: [`p99 ${o.what.toLowerCase()} over the last 5 minutes is `, { value: 'seconds' }, ` on `, { label: 'job' }, ...perLabel, ` (SLO ${o.slo}s).`],
    tests: [
      {
        name: `${o.alert} fires when every observation exceeds the largest bucket`,
        series: histogramSeries(o.spec, o.labels, 'overflow', 60, minutes),
        evalMinutes,
        expected: [{ labels: { job: TEST_TARGET['job']!, ...o.labels }, value: largestBoundary(o.spec) }],
      },
      { name: `${o.alert} stays quiet when every observation is in the first bucket`, series: histogramSeries(o.spec, o.labels, 'first', 60, minutes), evalMinutes, expected: [] },
    ],
  };
}

function growingGaugeAlert(
  t: AlertThresholds,
  o: { domain: string; alert: string; series: string; threshold: number; labels: Labels; summary: Annotation; description: Annotation },
): AlertRuleSpec {
  const evalMinutes = minutesOf(t.for) + 10;
  const minutes = evalMinutes + 5;
  const step = Math.max(1, Math.ceil(o.threshold / 20));
  const start = Math.floor(o.threshold);
  const result = { ...TEST_TARGET, ...o.labels };
  return {
    kind: 'alert',
    domain: o.domain,
    alert: o.alert,
    // The size first, so $value is the size rather than the slope; `and` matches without __name__.
    expr: `${o.series} > ${o.threshold} and deriv(${o.series}[15m]) > 0`,
    for: t.for,
    severity: 'warning',
    summary: o.summary,
    description: o.description,
    tests: [
      {
        name: `${o.alert} fires when above ${o.threshold} and growing`,
        series: [gaugeSeries(o.series, { ...o.labels }, linear(start, step, minutes))],
        evalMinutes,
        expected: [{ labels: result, value: start + step * evalMinutes }],
      },
      {
        name: `${o.alert} stays quiet when above ${o.threshold} but not growing`,
        series: [gaugeSeries(o.series, { ...o.labels }, linear(start + 10 * step, 0, minutes))],
        evalMinutes,
        expected: [],
      },
    ],
  };
}

function dependencyDownAlert(t: AlertThresholds): AlertRuleSpec {
  const series = seriesName(HEALTH_METRICS.dependencyStatus);
  const forSeconds = durationSeconds(t.dependencyDownFor);
  const labels = { dependency: 'mongodb' };
  const evalMinutes = minutesOf(t.dependencyDownFor) + 5;
  const minutes = evalMinutes + 15;
  // The longest whole-minute outage shorter than the hold time: still pending, never firing.
  const briefOutage = Math.ceil(forSeconds / 60) - 1;
  const tests: RuleTestCase[] = [
    {
      name: `DependencyDown fires after ${t.dependencyDownFor} down`,
      series: [gaugeSeries(series, labels, linear(0, 0, minutes))],
      evalMinutes,
      expected: [{ labels: { ...TEST_TARGET, ...labels }, value: 0 }],
    },
    { name: 'DependencyDown stays quiet while the dependency is up', series: [gaugeSeries(series, labels, linear(1, 0, minutes))], evalMinutes, expected: [] },
  ];
  if (briefOutage >= 0 && briefOutage * 60 < forSeconds) {
    tests.push({
      name: `DependencyDown stays quiet after ${briefOutage}m down (less than ${t.dependencyDownFor})`,
      series: [gaugeSeries(series, labels, `${linear(1, 0, 9)} ${linear(0, 0, minutes - 10)}`)],
      evalMinutes: 10 + briefOutage,
      expected: [],
    });
  }
  return {
    kind: 'alert',
    domain: 'HealthMetrics',
    alert: 'DependencyDown',
    expr: `${series} == 0`,
    for: t.dependencyDownFor,
    severity: 'critical',
    summary: [{ label: 'dependency' }, ' is down for ', { label: 'job' }],
    description: [
      { label: 'instance' },
      ' of ',
      { label: 'job' },
      ' has reported dependency ',
      { label: 'dependency' },
      ` down (health.dependencies.status 0) for at least ${t.dependencyDownFor}.`,
    ],
    tests,
  };
}

function rateLimitSpikeAlert(t: AlertThresholds): AlertRuleSpec {
  const fixture = ratioFixture('rate_limit:rejection_ratio');
  const short = ratioRecord('rate_limit:rejection_ratio');
  const hourly = ratioRecord('rate_limit:rejection_ratio', '1h');
  const evalMinutes = 60 + spikeMinutes(t) + 1;
  const minutes = evalMinutes + 5;
  const requests = counterSeries(seriesName(fixture.rest.spec), fixture.rest.labels, 60, minutes);
  const rejected = seriesName(fixture.hit.spec);
  // An hour without rejections, then `share` of all checks rejected.
  const spike = (share: number): InputSeries[] => {
    const perMinute = Number((60 * share).toPrecision(12));
    const quiet = counterSeries(rejected, fixture.hit.labels, 0, 60);
    return [requests, { series: quiet.series, values: `${linear(0, 0, 60)} ${linear(perMinute, perMinute, minutes - 61)}` }];
  };
  const fire = firingShare(t.rateLimitRatio);
  const quiet = quietShare(t.rateLimitRatio);
  return {
    kind: 'alert',
    domain: 'RateLimitMetrics',
    alert: 'RateLimitRejectionsSpiking',
    expr: `${short} > ${t.rateLimitRatio} and ${short} > ${t.rateLimitSpikeFactor} * ${hourly}`,
    for: t.for,
    severity: 'warning',
    summary: ['Rate-limit rejections spiking on ', { label: 'job' }],
    description: [
      { value: 'percent' },
      ' of rate-limit checks rejected over the last 5 minutes on ',
      { label: 'job' },
      `, above ${percent(t.rateLimitRatio)} and ${t.rateLimitSpikeFactor}× the last hour's ratio.`,
    ],
    tests: [
      { name: `RateLimitRejectionsSpiking fires on a jump from 0 to ${percent(fire)}`, series: spike(fire), evalMinutes, expected: [{ labels: { job: TEST_TARGET['job']! }, value: fire }] },
      { name: `RateLimitRejectionsSpiking stays quiet on a jump to only ${percent(quiet)}`, series: spike(quiet), evalMinutes, expected: [] },
      {
        name: `RateLimitRejectionsSpiking stays quiet at a steady ${percent(fire)} (no spike)`,
        series: [requests, counterSeries(rejected, fixture.hit.labels, Number((60 * fire).toPrecision(12)), minutes)],
        evalMinutes,
        expected: [],
      },
    ],
  };
}

/** Every alert, with the thresholds applied. */
export function alertRules(t: AlertThresholds): AlertRuleSpec[] {
  const dlq = seriesName(DLQ_METRICS.size);
  const lag = seriesName(EVENT_METRICS.lag);
  return [
    ratioAlert(t, { id: 'script_executions:error_ratio', alert: 'ScriptExecutionErrorRatioHigh', what: 'script executions did not complete', summary: 'Script executions failing' }),
    latencyAlert(t, {
      domain: 'ExecutionMetrics',
      alert: 'ScriptExecutionP99OverSlo',
      record: EXECUTION_P99,
      spec: EXECUTION_METRICS.duration,
      slo: t.executionP99Slo,
      labels: PYTHON,
      what: 'Script execution duration',
    }),
    rateLimitSpikeAlert(t),
    ratioAlert(t, { id: 'events:error_ratio', alert: 'EventProcessingErrorRatioHigh', what: 'consumed events failed processing', summary: 'Event processing failing' }),
    growingGaugeAlert(t, {
      domain: 'EventMetrics',
      alert: 'ConsumerLagGrowing',
      series: lag,
      threshold: t.consumerLag,
      labels: { topic: 'execution-events', partition: '0' },
      summary: ['Consumer lag growing on ', { label: 'topic' }, ' partition ', { label: 'partition' }],
      description: [
        { label: 'instance' },
        ' of ',
        { label: 'job' },
        ' is ',
        { value: 'count' },
        ' events behind on ',
        { label: 'topic' },
        ' partition ',
        { label: 'partition' },
        `, above ${t.consumerLag} and growing over the last 15 minutes.`,
      ],
    }),
    dependencyDownAlert(t),
    growingGaugeAlert(t, {
      domain: 'DlqMetrics',
      alert: 'DlqGrowing',
      series: dlq,
      threshold: t.dlqSize,
      labels: { topic: 'execution-events.dlq' },
      summary: ['Dead letter queue ', { label: 'topic' }, ' growing'],
      description: [
        'Dead letter queue ',
        { label: 'topic' },
        ' holds ',
        { value: 'count' },
        ' messages on ',
        { label: 'instance' },
        ' of ',
        { label: 'job' },
        `, above ${t.dlqSize} and growing over the last 15 minutes.`,
      ],
    }),
    ratioAlert(t, { id: 'http_server_requests:error_ratio', alert: 'HttpServerErrorRatioHigh', what: 'HTTP requests answered 5xx', summary: 'HTTP 5xx responses' }),
    latencyAlert(t, {
      domain: 'HttpServerMetrics',
      alert: 'HttpServerP99OverSlo',
      record: HTTP_P99,
      spec: HTTP_SERVER_METRICS.requestDuration,
      slo: t.httpP99Slo,
      labels: {},
      what: 'HTTP request duration',
    }),
  ];
}
