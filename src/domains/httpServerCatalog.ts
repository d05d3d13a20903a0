// Catalog entries of inbound HTTP (the HttpServerMetrics section of docs/metrics.md; OTel HTTP semantic
// conventions, with their descriptions).
import { histogram, upDownCounter } from '../core/MetricSpec.js';
import { ratioExample, ratioTerm, type OutcomeRatio } from '../core/outcomeRatio.js';

export const HTTP_SERVER_METRICS = {
  requestDuration: histogram({
    name: 'http.server.request.duration',
    unit: 's',
    description: 'Duration of HTTP server requests.',
    attributes: ['http.request.method', 'http.route', 'http.response.status_code', 'error.type'],
    buckets: 'request',
  }),
  activeRequests: upDownCounter({
    name: 'http.server.active_requests',
    unit: '{request}',
    description: 'Number of active HTTP server requests.',
    attributes: ['http.request.method'],
  }),
  requestBodySize: histogram({
    name: 'http.server.request.body.size',
    unit: 'By',
    description: 'Size of HTTP server request bodies.',
    attributes: ['http.request.method', 'http.route'],
    buckets: 'bytes',
  }),
  responseBodySize: histogram({
    name: 'http.server.response.body.size',
    unit: 'By',
    description: 'Size of HTTP server response bodies.',
    attributes: ['http.request.method', 'http.route'],
    buckets: 'bytes',
  }),
} as const;

/** The shares of this domain's events that dashboards chart and alert rules record. */
export const HTTP_SERVER_OUTCOME_RATIOS: readonly OutcomeRatio[] = [
  {
    id: 'http_server_requests:error_ratio',
    title: 'HTTP 5xx ratio',
    description: 'Share of inbound HTTP requests answered with a 5xx status.',
    numerator: [ratioTerm(HTTP_SERVER_METRICS.requestDuration, ['http.response.status_code', '=~', '5..'])],
    denominator: [ratioTerm(HTTP_SERVER_METRICS.requestDuration)],
    by: [],
    better: 'lower',
    example: {
      hit: ratioExample(HTTP_SERVER_METRICS.requestDuration, {
        'http.request.method': 'POST',
        'http.route': '/executions',
        'http.response.status_code': '503',
        'error.type': '503',
      }),
      rest: ratioExample(HTTP_SERVER_METRICS.requestDuration, { 'http.request.method': 'POST', 'http.route': '/executions', 'http.response.status_code': '202' }),
    },
  },
];
