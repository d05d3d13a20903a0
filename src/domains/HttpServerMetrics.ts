// Inbound HTTP per the OpenTelemetry HTTP semantic conventions: duration, in-flight requests and
// body sizes, by method, route template and status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { errorTypeOf } from '../core/errorType.js';
import { normalizeHttpMethod } from '../core/httpMethod.js';
import { inProgress, type InProgress } from '../core/inProgress.js';
import { MetricDiagnostics } from '../core/MetricDiagnostics.js';
import { readProperty as read } from '../core/readProperty.js';
import { cachedRouteTemplate } from '../core/routeTemplate.js';
import { startTimer } from '../core/timing.js';
import { HTTP_SERVER_METRICS as M } from './httpServerCatalog.js';

export interface RequestEnd {
  /**
   * The matched route template (`/users/:id`); omit when no route matched. Ids in a raw path are
   * templated, but a path of words stays as it is: pass the template your router matched.
   */
  readonly route?: string;
  /** The status code sent; omit when none was (the client went away first). */
  readonly statusCode?: number;
  /** The exception the request ended with, if any (its class becomes `error.type`). */
  readonly error?: unknown;
  readonly requestBodyBytes?: number;
  readonly responseBodyBytes?: number;
}

export interface RequestStart {
  /** The request's HTTP method; anything but the standard methods is recorded as `_OTHER`. */
  readonly method?: string;
}

export interface HttpMiddlewareOptions {
  /**
   * The route template of a finished request. Defaults to Express's `req.baseUrl + req.route.path`
   * when present; otherwise no `http.route` is recorded (never the raw path).
   */
  readonly route?: (request: IncomingMessage) => string | undefined;
}

/** The `next` of Connect/Express middleware. */
export type NextFunction = (error?: unknown) => void;
type RouteResolver = (request: IncomingMessage) => unknown;

/** `error.type` of a request the client abandoned before the response was complete. */
const ABORTED = 'aborted';

export class HttpServerMetrics extends BaseMetrics {
  private readonly requestDuration = this.histogram(M.requestDuration);
  private readonly activeRequests = this.upDownCounter(M.activeRequests);
  private readonly requestBodySize = this.histogram(M.requestBodySize);
  private readonly responseBodySize = this.histogram(M.responseBodySize);
  /** Route and status values that cannot become attributes. */
  private readonly attributeProblems = new MetricDiagnostics(M.requestDuration.name, this.diagnosticsSink);
  /** Arguments that are no request, response, result or options: reported apart from bad values, not hidden by them. */
  private readonly usageProblems = new MetricDiagnostics(M.requestDuration.name, this.diagnosticsSink);
  /** Mounting the middleware twice, or tracking by hand as well, must not count a request twice. */
  private readonly tracked = new WeakSet<object>();

  /**
   * A request arrived: `http.server.active_requests` +1 {http.request.method}. `finish` records
   * `http.server.request.duration` {method, route, status code, error.type}, the body sizes when
   * known, and takes the active count back down.
   */
  requestStarted(start: RequestStart = {}): InProgress<RequestEnd> {
    const method = read(start, 'method');
    if (start === null || typeof start !== 'object') {
      this.usageProblems.report('invalid-argument', `requestStarted(): the start is not an object (${typeName(start)}); measured as method _OTHER`);
    }
    return this.#started(typeof method === 'string' ? method : undefined);
  }

  #started(method: string | undefined): InProgress<RequestEnd> {
    const httpMethod = normalizeHttpMethod(method);
    this.activeRequests.add(1, { 'http.request.method': httpMethod });
    const elapsed = startTimer();
    return inProgress((result: RequestEnd) => {
      this.activeRequests.add(-1, { 'http.request.method': httpMethod });
      try {
        this.#recordEnd(httpMethod, elapsed(), result);
      } catch (error) {
        this.usageProblems.report('record-failed', error);
      }
    });
  }

  /**
   * Tracks one Node.js request/response pair until the response closes (finished, or aborted by
   * the client), so the active count cannot leak whatever the handlers do. The response body
   * size is the bytes the handlers pass to this response's `write` and `end`; HEAD, 204 and 304
   * responses have none. An abort before the headers went out records no status code.
   */
  track(request: IncomingMessage, response: ServerResponse, options: HttpMiddlewareOptions = {}): void {
    this.#trackWith(request, response, this.#resolverOf(options));
  }

  /**
   * Connect/Express middleware. Mount it first (outermost), so that responses produced by other
   * middleware, including errors and 404s, are measured too.
   */
  middleware(options: HttpMiddlewareOptions = {}): (request: IncomingMessage, response: ServerResponse, next: NextFunction) => void {
    const resolveRoute = this.#resolverOf(options);
    return (request, response, next) => {
      this.#trackWith(request, response, resolveRoute);
      // Exceptions from `next` are the application's own and propagate as usual.
      if (typeof next === 'function') next();
      else this.usageProblems.report('invalid-argument', 'middleware(): called without a next function');
    };
  }

  #trackWith(request: IncomingMessage, response: ServerResponse, resolveRoute: RouteResolver): void {
    try {
      this.#startTracking(request, response, resolveRoute);
    } catch (error) {
      // Only an exotic object (a Proxy, a frozen emitter) gets here; the request goes unmeasured.
      this.usageProblems.report('invalid-argument', `track(): ${describeError(error)}; the request is not measured`);
    }
  }

  #startTracking(request: IncomingMessage, response: ServerResponse, resolveRoute: RouteResolver): void {
    if (!isResponse(response)) {
      this.usageProblems.report('invalid-argument', `track(): the response is not an http.ServerResponse (${typeName(response)}); the request is not measured`);
      return;
    }
    if (this.tracked.has(response)) return;
    if (read(response, 'closed') === true) {
      this.usageProblems.report('invalid-argument', 'track(): the response had already closed; the request is not measured');
      return;
    }
    const method = read(request, 'method');
    if (request === null || typeof request !== 'object') {
      this.usageProblems.report('invalid-argument', `track(): the request is not an http.IncomingMessage (${typeName(request)}); measured as method _OTHER`);
    }
    // The active count is taken only once the close listener is on: were it refused, nothing leaks.
    let inFlight: InProgress<RequestEnd> | undefined;
    const written = countWrittenBytes(response);
    response.once('close', () => {
      let end: RequestEnd = {};
      try {
        end = this.#observedEnd(request, response, resolveRoute, written);
      } catch (error) {
        this.usageProblems.report('record-failed', error);
      }
      inFlight?.finish(end);
    });
    this.tracked.add(response);
    inFlight = this.#started(typeof method === 'string' ? method : undefined);
  }

  /** What the closed response tells; every read is guarded, since handlers may have replaced anything. */
  #observedEnd(request: unknown, response: object, resolveRoute: RouteResolver, written: WrittenBytes | undefined): RequestEnd {
    const aborted = read(response, 'writableFinished') !== true;
    // Semantic conventions: the status code only if one was sent. An abort before the headers
    // went out sent none, whatever `statusCode` (200 by default) says.
    const statusCode = aborted && read(response, 'headersSent') !== true ? undefined : read(response, 'statusCode');
    let route: unknown;
    try {
      route = resolveRoute(request as IncomingMessage);
    } catch {
      // A failing route resolver costs the route label, never the request's measurement.
    }
    return {
      route: isRawPathNotFound(route, statusCode, request) ? undefined : (route as string | undefined),
      statusCode: statusCode as number | undefined,
      error: aborted ? ABORTED : undefined,
      requestBodyBytes: contentLength(read(read(request, 'headers'), 'content-length')),
      responseBodyBytes: this.#responseBytes(request, response, statusCode, written),
    };
  }

  #responseBytes(request: unknown, response: object, statusCode: unknown, written: WrittenBytes | undefined): number | undefined {
    if (normalizeHttpMethod(read(request, 'method')) === 'HEAD') return 0;
    if (typeof statusCode === 'number' && (statusCode === 204 || statusCode === 304 || (statusCode >= 100 && statusCode < 200))) return 0;
    // Written bytes are the truth; a Content-Length set by hand only stands in when the writes
    // could not be counted (a response whose methods could not be wrapped).
    if (written !== undefined) return written.bytes;
    return contentLength(callGetHeader(response, 'content-length'));
  }

  #recordEnd(httpMethod: string, seconds: number, result: unknown): void {
    if (result === null || typeof result !== 'object') {
      if (result !== undefined) this.usageProblems.report('invalid-argument', `finish(): the result is not an object (${typeName(result)})`);
      result = {};
    }
    const route = this.#routeOf(read(result, 'route'));
    const statusCode = this.#statusCodeOf(read(result, 'statusCode'));
    const error = read(result, 'error');
    this.requestDuration.record(seconds, {
      'http.request.method': httpMethod,
      'http.route': route,
      'http.response.status_code': statusCode,
      'error.type': error !== undefined ? errorTypeOf(error) : statusCode !== undefined && statusCode >= 500 ? String(statusCode) : undefined,
    });
    const bodyAttributes = { 'http.request.method': httpMethod, 'http.route': route };
    const requestBytes = read(result, 'requestBodyBytes');
    const responseBytes = read(result, 'responseBodyBytes');
    if (requestBytes !== undefined) this.requestBodySize.record(requestBytes as number, bodyAttributes);
    if (responseBytes !== undefined) this.responseBodySize.record(responseBytes as number, bodyAttributes);
  }

  #routeOf(raw: unknown): string | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === 'string') return cachedRouteTemplate(raw);
    this.attributeProblems.report('invalid-attribute', `http.route must be a string, got ${typeName(raw)}`);
    return undefined;
  }

  #statusCodeOf(raw: unknown): number | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 100 && raw <= 999) return raw;
    this.attributeProblems.report('invalid-attribute', `http.response.status_code must be an integer from 100 to 999, got ${typeName(raw)}`);
    return undefined;
  }

  #resolverOf(options: unknown): RouteResolver {
    if (options === undefined || options === null) return expressRoute;
    const route = typeof options === 'object' ? read(options, 'route') : options;
    if (typeof route === 'function') return route as RouteResolver;
    if (route !== undefined) {
      this.usageProblems.report('invalid-argument', `options.route must be a function (request) => string, got ${typeName(route)}; the Express route is used`);
    }
    return expressRoute;
  }
}

interface WrittenBytes {
  bytes: number;
}

/**
 * Wraps this one response's `write` and `end` (own properties; nothing shared is patched) to add
 * up the body bytes handed to Node: strings by their byte length in their encoding, Buffers and
 * other typed arrays by their byte length. Undefined when the methods cannot be wrapped.
 */
function countWrittenBytes(response: object): WrittenBytes | undefined {
  const target = response as { write: unknown; end: unknown; writableEnded?: unknown };
  const write = target.write;
  const end = target.end;
  if (typeof write !== 'function' || typeof end !== 'function') return undefined;
  const written: WrittenBytes = { bytes: 0 };
  let inEnd = false;
  const wrappedWrite = function (this: unknown, ...args: unknown[]): unknown {
    // Writes after `end` are refused by Node and writes from inside `end` are counted by `end`.
    const counts = !inEnd && read(response, 'writableEnded') !== true;
    const result: unknown = Reflect.apply(write, this, args);
    if (counts) written.bytes += chunkBytes(args[0], args[1]);
    return result;
  };
  const wrappedEnd = function (this: unknown, ...args: unknown[]): unknown {
    const counts = !inEnd && read(response, 'writableEnded') !== true;
    inEnd = true;
    try {
      return Reflect.apply(end, this, args);
    } finally {
      inEnd = false;
      if (counts) written.bytes += chunkBytes(args[0], args[1]);
    }
  };
  try {
    target.write = wrappedWrite;
    target.end = wrappedEnd;
  } catch {
    return undefined;
  }
  return target.write === wrappedWrite && target.end === wrappedEnd ? written : undefined;
}

function chunkBytes(chunk: unknown, encoding: unknown): number {
  try {
    if (typeof chunk === 'string') return Buffer.byteLength(chunk, typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8');
    if (ArrayBuffer.isView(chunk)) return chunk.byteLength;
  } catch {
    // Not a chunk Node would send either.
  }
  return 0;
}

function isResponse(response: unknown): response is ServerResponse {
  return response !== null && typeof response === 'object' && typeof read(response, 'once') === 'function';
}

function callGetHeader(response: object, name: string): unknown {
  try {
    const getHeader = read(response, 'getHeader');
    return typeof getHeader === 'function' ? Reflect.apply(getHeader, response, [name]) : undefined;
  } catch {
    return undefined;
  }
}

function expressRoute(request: IncomingMessage): string | undefined {
  const route = read(read(request, 'route'), 'path');
  if (typeof route !== 'string') return undefined;
  const baseUrl = read(request, 'baseUrl');
  return `${typeof baseUrl === 'string' ? baseUrl : ''}${route}`;
}

/**
 * A "route" that is the request's own path, answered 404, is no route: it is what a resolver
 * returning `req.url` gives for every scanner probe, and each would become a series. A 404 from
 * a parameterised route keeps its route, whose template differs from the path (`/users/:id`); a
 * static route answering 404 loses it, which is also how an unmatched request is recorded.
 */
function isRawPathNotFound(route: unknown, statusCode: unknown, request: unknown): boolean {
  if (statusCode !== 404 || typeof route !== 'string') return false;
  // Routers rewrite `url` while they route (Express trims mount paths); `originalUrl` keeps it whole.
  return isPathOf(route, read(request, 'url')) || isPathOf(route, read(request, 'originalUrl'));
}

function isPathOf(route: string, url: unknown): boolean {
  if (typeof url !== 'string') return false;
  if (route === url) return true;
  const cut = url.search(/[?#]/);
  return cut >= 0 && route === url.slice(0, cut);
}

function contentLength(header: unknown): number | undefined {
  if (typeof header === 'number') return header;
  if (typeof header !== 'string' || header === '') return undefined;
  const value = Number(header);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return typeof value;
}

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
  } catch {
    return 'an exception';
  }
}
