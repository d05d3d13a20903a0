// The overview: the four example queries of the metrics reference (docs/metrics.md) first, then the
// signals an operator checks before opening a domain dashboard.
import { DLQ_METRICS, EVENT_METRICS, EXECUTION_METRICS, HEALTH_METRICS, HTTP_SERVER_METRICS } from 'otel-domain-metrics';
import { JOB_FILTER, aggregate, quantileExpr, rate, ratioExpr, selector, seriesName } from '../promql/build.js';
import { domainRatio } from '../promql/domainRatios.js';
import { dashboard } from './dashboard.js';
import { RATE_INTERVAL } from './metricPanels.js';
import type { Dashboard, LayoutItem } from './model.js';
import { row, stat, timeseries } from './panels.js';
import { OBSERVATION_RATE_UNIT, RATIO_UNIT, valueUnit } from './units.js';

/** The example queries use five-minute rates and a one-hour average; kept as written there. */
const EXAMPLE_WINDOW = '5m';

function examplePanels(): LayoutItem[] {
  const success = domainRatio('script_executions:success_ratio');
  const rejection = domainRatio('rate_limit:rejection_ratio');
  const depth = selector(seriesName(EXECUTION_METRICS.queueDepth), [JOB_FILTER]);
  return [
    row('Example queries'),
    stat({
      title: 'Execution success rate (5m)',
      description: 'Share of script executions that completed over the last 5 minutes.',
      unit: RATIO_UNIT,
      ratio: true,
      queries: [{ expr: ratioExpr(success, [], EXAMPLE_WINDOW, [JOB_FILTER]), legend: 'success rate' }],
    }),
    stat({
      title: 'Rate-limit rejection rate (5m)',
      description: 'Rejected requests per rate-limit check over the last 5 minutes; 0 until the first rejection.',
      unit: RATIO_UNIT,
      ratio: true,
      queries: [{ expr: ratioExpr(rejection, [], EXAMPLE_WINDOW, [JOB_FILTER]), legend: 'rejection rate' }],
    }),
    timeseries({
      title: 'P99 execution duration by language',
      description: '99th percentile of script execution time per lang_and_version, from five-minute bucket rates.',
      unit: valueUnit(EXECUTION_METRICS.duration),
      queries: [{ expr: quantileExpr(EXECUTION_METRICS.duration, 0.99, ['lang_and_version'], EXAMPLE_WINDOW, [JOB_FILTER]), legend: '{{lang_and_version}}' }],
    }),
    timeseries({
      title: 'Execution success rate',
      description: 'Share of script executions that completed, over five-minute windows.',
      unit: RATIO_UNIT,
      ratio: true,
      queries: [{ expr: ratioExpr(success, [], EXAMPLE_WINDOW, [JOB_FILTER]), legend: 'success rate' }],
    }),
    timeseries({
      title: 'Rate-limit rejection rate',
      description: 'Rejected requests per rate-limit check, over five-minute windows.',
      unit: RATIO_UNIT,
      ratio: true,
      queries: [{ expr: ratioExpr(rejection, [], EXAMPLE_WINDOW, [JOB_FILTER]), legend: 'rejection rate' }],
    }),
    timeseries({
      title: 'Queue depth trend',
      description: 'Queued executions per instance: the one-hour average (example query) and the current value.',
      unit: valueUnit(EXECUTION_METRICS.queueDepth),
      queries: [
        { expr: `avg_over_time(${depth}[1h])`, legend: '1h average {{instance}}' },
        { expr: depth, legend: 'now {{instance}}' },
      ],
    }),
  ];
}

function signalPanels(): LayoutItem[] {
  const http5xx = domainRatio('http_server_requests:error_ratio');
  const events = domainRatio('events:error_ratio');
  const dependency = selector(seriesName(HEALTH_METRICS.dependencyStatus), [JOB_FILTER]);
  const requests = rate(selector(seriesName(HTTP_SERVER_METRICS.requestDuration, '_count'), [JOB_FILTER]), RATE_INTERVAL);
  return [
    row('Service signals'),
    stat({
      title: 'Dependencies down',
      description: 'Dependencies whose health.dependencies.status is 0 on some instance (0 when all are up).',
      unit: 'none',
      thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 1 }] },
      queries: [{ expr: `count(${dependency} == 0) or vector(0)`, legend: 'down' }],
    }),
    stat({
      title: 'Executions running',
      description: 'script.executions.active summed over instances.',
      unit: valueUnit(EXECUTION_METRICS.active),
      queries: [{ expr: aggregate('sum', [], selector(seriesName(EXECUTION_METRICS.active), [JOB_FILTER])), legend: 'running' }],
    }),
    stat({
      title: 'DLQ size',
      description: 'Messages in dead letter queues, summed over topics.',
      unit: valueUnit(DLQ_METRICS.size),
      queries: [{ expr: aggregate('sum', [], selector(seriesName(DLQ_METRICS.size), [JOB_FILTER])), legend: 'messages' }],
    }),
    stat({
      title: 'Consumer lag',
      description: 'Events not yet consumed, summed over topics and partitions.',
      unit: valueUnit(EVENT_METRICS.lag),
      queries: [{ expr: aggregate('sum', [], selector(seriesName(EVENT_METRICS.lag), [JOB_FILTER])), legend: 'events' }],
    }),
    timeseries({
      title: 'HTTP requests per second by status code',
      description: 'Inbound HTTP requests (http.server.request.duration observations).',
      unit: OBSERVATION_RATE_UNIT,
      queries: [{ expr: aggregate('sum', ['http_response_status_code'], requests), legend: '{{http_response_status_code}}' }],
    }),
    timeseries({
      title: 'Error ratios',
      description: 'HTTP 5xx per request and event processing errors per consumed event.',
      unit: RATIO_UNIT,
      ratio: true,
      queries: [
        { expr: ratioExpr(http5xx, [], RATE_INTERVAL, [JOB_FILTER]), legend: 'HTTP 5xx' },
        { expr: ratioExpr(events, [], RATE_INTERVAL, [JOB_FILTER]), legend: 'event errors' },
      ],
    }),
    timeseries({
      title: 'DLQ size by topic',
      description: 'Messages in each dead letter queue.',
      unit: valueUnit(DLQ_METRICS.size),
      queries: [{ expr: aggregate('sum', ['topic'], selector(seriesName(DLQ_METRICS.size), [JOB_FILTER])), legend: '{{topic}}' }],
    }),
    timeseries({
      title: 'Consumer lag by topic',
      description: 'Events not yet consumed per topic.',
      unit: valueUnit(EVENT_METRICS.lag),
      queries: [{ expr: aggregate('sum', ['topic'], selector(seriesName(EVENT_METRICS.lag), [JOB_FILTER])), legend: '{{topic}}' }],
    }),
  ];
}

export function overviewDashboard(): Dashboard {
  return dashboard({
    slug: 'overview',
    title: 'otel-domain-metrics / Overview',
    description: 'The example queries of the metrics reference and the signals to check first; one dashboard per domain is linked above. Generated by npm run gen:grafana.',
    items: [...examplePanels(), ...signalPanels()],
  });
}
