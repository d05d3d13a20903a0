// Inbound HTTP per the OpenTelemetry HTTP semantic conventions: duration, in-flight requests and
// body sizes, by method, route template and status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { BoundedCache } from '../core/BoundedCache.js';
import { errorTypeOf } from '../core/errorType.js';
import { normalizeHttpMethod } from '../core/httpMethod.js';
import { routeTemplate } from '../core/routeTemplate.js';
import { startTimer } from '../core/timing.js';
import { HTTP_SERVER_METRICS as M } from './httpServerCatalog.js';

export interface RequestEnd {
  /** The matched route template (`/users/:id`); omit when no route matched. Raw paths are templated. */
  readonly route?: string;
  readonly statusCode?: number;
  /** The exception the request ended with, if any (its class becomes `error.type`). */
  readonly error?: unknown;
  readonly requestBodyBytes?: number;
  readonly responseBodyBytes?: number;
}

/** A request in flight; `end` records it once and releases the active count. */
export interface InFlightRequest {
  end(result: RequestEnd): void;
}

export interface HttpMiddlewareOptions {
  /**
   * The route template of a finished request. Defaults to Express's `req.baseUrl + req.route.path`
   * when present; otherwise no `http.route` is recorded (never the raw path).
   */
  readonly route?: (request: IncomingMessage) => string | undefined;
}

type Next = (error?: unknown) => void;

export class HttpServerMetrics extends BaseMetrics {
  private readonly requestDuration = this.histogram(M.requestDuration);
  private readonly activeRequests = this.upDownCounter(M.activeRequests);
  private readonly requestBodySize = this.histogram(M.requestBodySize);
  private readonly responseBodySize = this.histogram(M.responseBodySize);
  private readonly routes = new BoundedCache(1024, routeTemplate);

  /**
   * A request arrived: `http.server.active_requests` +1 {http.request.method}. `end` records
   * `http.server.request.duration` {method, route, status code, error.type}, the body sizes when
   * known, and takes the active count back down.
   */
  requestStarted(method: string | undefined): InFlightRequest {
    const httpMethod = normalizeHttpMethod(method);
    this.activeRequests.add(1, { 'http.request.method': httpMethod });
    const elapsed = startTimer();
    let ended = false;
    return {
      end: (result) => {
        if (ended) return;
        ended = true;
        this.activeRequests.add(-1, { 'http.request.method': httpMethod });
        const route = result.route === undefined ? undefined : this.routes.get(result.route);
        this.requestDuration.record(elapsed(), {
          'http.request.method': httpMethod,
          'http.route': route,
          'http.response.status_code': result.statusCode,
          'error.type': errorTypeFor(result),
        });
        const bodyAttributes = { 'http.request.method': httpMethod, 'http.route': route };
        if (result.requestBodyBytes !== undefined) this.requestBodySize.record(result.requestBodyBytes, bodyAttributes);
        if (result.responseBodyBytes !== undefined) this.responseBodySize.record(result.responseBodyBytes, bodyAttributes);
      },
    };
  }

  /**
   * Tracks one Node.js request/response pair until the response closes (finished, or aborted by
   * the client), so the active count cannot leak whatever the handlers do.
   */
  track(request: IncomingMessage, response: ServerResponse, options: HttpMiddlewareOptions = {}): void {
    const inFlight = this.requestStarted(request.method);
    response.once('close', () => {
      let route: string | undefined;
      try {
        route = (options.route ?? expressRoute)(request);
      } catch {
        // A failing route resolver costs the route label, never the request's measurement.
      }
      inFlight.end({
        route: typeof route === 'string' ? route : undefined,
        statusCode: response.statusCode,
        error: response.writableFinished ? undefined : 'aborted',
        requestBodyBytes: contentLength(request.headers['content-length']),
        responseBodyBytes: contentLength(response.getHeader('content-length')),
      });
    });
  }

  /**
   * Connect/Express middleware. Mount it first (outermost), so that responses produced by other
   * middleware, including errors and 404s, are measured too.
   */
  middleware(options: HttpMiddlewareOptions = {}): (request: IncomingMessage, response: ServerResponse, next: Next) => void {
    return (request, response, next) => {
      this.track(request, response, options);
      next();
    };
  }
}

function errorTypeFor(result: RequestEnd): string | undefined {
  if (result.error !== undefined) return errorTypeOf(result.error);
  if (result.statusCode !== undefined && result.statusCode >= 500) return String(result.statusCode);
  return undefined;
}

function expressRoute(request: IncomingMessage): string | undefined {
  const { route, baseUrl } = request as IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };
  return typeof route?.path === 'string' ? `${baseUrl ?? ''}${route.path}` : undefined;
}

function contentLength(header: unknown): number | undefined {
  if (typeof header === 'number') return header;
  if (typeof header !== 'string' || header === '') return undefined;
  const value = Number(header);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}
