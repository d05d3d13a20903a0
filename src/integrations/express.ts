// Express 4 and 5: middleware recording every request into HttpServerMetrics under the template of
// the route that handled it, mount paths of nested routers included, never the raw path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpMetricsOf, readProperty, type HttpMetricsSource } from './shared.js';

export type { HttpMetricsSource } from './shared.js';

/**
 * Express middleware. Typed on Node's request and response, which Express's extend, so it needs
 * no Express types and fits `app.use()` of Express 4 and 5.
 */
export type ExpressMetricsMiddleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Middleware measuring each request until its response closes: `app.use(expressMetrics(metrics))`
 * before any other middleware, so that responses from other middleware, 404s and errors that
 * Express turned into responses are measured too. `http.route` is the template of the route that
 * matched (`/api/users/:id`, mount paths of routers and sub-apps included); requests no route
 * matched have none.
 */
export function expressMetrics(source: HttpMetricsSource): ExpressMetricsMiddleware {
  const http = httpMetricsOf(source, 'expressMetrics');
  return (request, response, next) => {
    if (http !== undefined) {
      const routes = RouteCapture.of(request);
      http.track(request, response, { route: () => routes?.template });
    }
    // Exceptions from later middleware belong to Express's error handling, which answers them;
    // the response that follows is what gets measured.
    if (typeof next === 'function') next();
  };
}

/** Mount points remembered per request; more only come from routers nested this deep. */
const MAX_MOUNTS = 32;

/**
 * Watches Express set `req.baseUrl` and `req.route` on this one request (own accessors; nothing
 * shared is patched). `baseUrl` holds the matched, raw part of the URL (`/users/42/posts`), so
 * each mount point is templated when entered, while `req.params` holds that layer's parameters;
 * the route template is fixed when Express dispatches to the route, before an error handler
 * outside the router has reset `baseUrl`.
 */
class RouteCapture {
  /** One per request: a second middleware (mounted twice, or in a sub-app) must not take the accessors from the first. */
  private static readonly requests = new WeakMap<object, RouteCapture>();

  static of(request: IncomingMessage): RouteCapture | undefined {
    if (request === null || typeof request !== 'object') return undefined;
    let capture = RouteCapture.requests.get(request);
    if (capture === undefined) RouteCapture.requests.set(request, (capture = new RouteCapture(request)));
    return capture;
  }

  /** The template of the last route Express dispatched to. */
  template: string | undefined;
  /** Raw `baseUrl` → its template. */
  private readonly mounts = new Map<string, string>([['', '']]);

  private constructor(private readonly request: IncomingMessage) {
    try {
      this.watch();
    } catch {
      // A frozen or proxied request: measured without a route rather than not at all.
    }
  }

  private watch(): void {
    const request = this.request as unknown as Record<string, unknown>;
    let baseUrl = request.baseUrl;
    let route = request.route;
    if (typeof baseUrl === 'string') this.learnMount(baseUrl);
    Object.defineProperty(request, 'baseUrl', {
      configurable: true,
      enumerable: true,
      get: () => baseUrl,
      set: (value: unknown) => {
        baseUrl = value;
        if (typeof value === 'string') this.learnMount(value);
      },
    });
    Object.defineProperty(request, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set: (value: unknown) => {
        route = value;
        this.template = this.routeTemplate(baseUrl, readProperty(value, 'path'));
      },
    });
  }

  private routeTemplate(baseUrl: unknown, path: unknown): string | undefined {
    const routePath = pathPattern(path);
    if (routePath === undefined) return undefined;
    const mount = typeof baseUrl === 'string' ? (this.mounts.get(baseUrl) ?? '') : '';
    if (mount === '') return routePath;
    // router.get('/') under '/users' answers '/users': no trailing slash to tell apart.
    return routePath === '/' ? mount : `${mount}${routePath}`;
  }

  private learnMount(baseUrl: string): void {
    if (this.mounts.has(baseUrl) || this.mounts.size >= MAX_MOUNTS) return;
    // Express sets baseUrl to the parent's baseUrl plus the part the mount path matched.
    let parent = '';
    for (const known of this.mounts.keys()) {
      if (known.length > parent.length && baseUrl.startsWith(known)) parent = known;
    }
    const params = readProperty(this.request, 'params');
    this.mounts.set(baseUrl, `${this.mounts.get(parent) ?? ''}${templateMatched(baseUrl.slice(parent.length), params)}`);
  }
}

/** A route's declared path: strings as declared, arrays of them joined, regular expressions as source. */
function pathPattern(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return String(path);
  if (Array.isArray(path)) {
    const parts = path.map(pathPattern);
    return parts.every((part) => part !== undefined) && parts.length > 0 ? parts.join('|') : undefined;
  }
  return undefined;
}

/**
 * The matched part of a URL with the segments that are parameter values put back as parameters:
 * `/users/42/posts` with `{ userId: '42' }` → `/users/:userId/posts`. Wildcards (Express 4's `*`,
 * numbered; Express 5's `*name`, an array of segments) become `*` and `*name`.
 */
function templateMatched(matched: string, params: unknown): string {
  const values = paramEntries(params);
  const segments = matched.split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; ) {
    const segment = segments[i]!;
    let replaced = false;
    for (const [key, value] of values) {
      // A string value may span segments: Express 4's `*` captures the rest of the path.
      const span = typeof value === 'string' ? value.split('/').length : 0;
      if (span > 0 && segment !== '' && value === decodeSegment(segments.slice(i, i + span).join('/'))) {
        out.push(/^\d+$/.test(key) ? '*' : `:${key}`);
        i += span;
        replaced = true;
        break;
      }
      if (Array.isArray(value) && value.length > 0 && value.every((v, j) => v === decodeSegment(segments[i + j] ?? ''))) {
        out.push(`*${key}`);
        i += value.length;
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      out.push(segment);
      i += 1;
    }
  }
  return out.join('/');
}

function paramEntries(params: unknown): [string, unknown][] {
  if (params === null || typeof params !== 'object') return [];
  try {
    return Object.entries(params);
  } catch {
    return [];
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
