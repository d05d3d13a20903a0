// Catalog entries of inbound HTTP (the HttpServerMetrics section of docs/metrics.md; OTel HTTP semantic
// conventions, with their descriptions).
import { histogram, upDownCounter } from '../core/MetricSpec.js';

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
