// Koa 2 and 3: middleware recording every request into HttpServerMetrics under the route
// template @koa/router matched, never the raw path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpMetricsOf, pathPattern as declaredPath, perObject, readProperty, watchProperty, type HttpMetricsSource } from './shared.js';

export type { HttpMetricsSource } from './shared.js';

/** The part of a Koa context the middleware uses; Koa's own context type fits it. */
export interface KoaContextLike {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

/** Koa middleware, typed without Koa's types so that the module loads and type-checks without Koa. */
export type KoaMetricsMiddleware = (context: KoaContextLike, next: () => Promise<unknown>) => Promise<void>;

/**
 * Middleware measuring each request until its response closes: `app.use(koaMetrics(metrics))`
 * before the other middleware. The status is the one Koa sent, so an exception counts with the
 * status Koa answered it with (`err.status`, else 500); a streamed body counts the bytes written.
 * `http.route` is the path of the @koa/router route that matched (`/api/users/:id`, router
 * prefixes included); requests no route matched have none.
 */
export function koaMetrics(source: HttpMetricsSource): KoaMetricsMiddleware {
  const http = httpMetricsOf(source, 'koaMetrics');
  return async (context, next) => {
    if (http !== undefined) {
      const routes = RouteCapture.of(context);
      http.track(readProperty(context, 'req') as IncomingMessage, readProperty(context, 'res') as ServerResponse, { route: () => routes?.template() });
    }
    // Errors go on to Koa, which answers them; that response is what gets measured.
    await next();
  };
}

/**
 * @koa/router sets `ctx._matchedRoute` to the path of every layer it runs, router middleware
 * (`router.use()`, a pattern such as `/api(?:\/|$)`) included. Only paths of layers that handle
 * methods are routes: the setter keeps the last of those, so a router middleware that throws
 * before the route runs does not name the request after itself.
 */
class RouteCapture {
  static readonly of = perObject((context) => new RouteCapture(context));

  private route: string | undefined;
  private watching = false;

  private constructor(private readonly context: object) {
    try {
      this.watch();
      this.watching = true;
    } catch {
      // A frozen or proxied context: the value left at the end is used as it is.
    }
  }

  template(): string | undefined {
    if (this.watching) return this.route;
    const value = readProperty(this.context, '_matchedRoute');
    return this.isRoute(value) ? pathPattern(value) : undefined;
  }

  private watch(): void {
    const value = readProperty(this.context, '_matchedRoute');
    if (this.isRoute(value)) this.route = pathPattern(value);
    watchProperty(this.context, '_matchedRoute', (next) => {
      if (this.isRoute(next)) this.route = pathPattern(next);
    });
  }

  /** True when a layer the router matched has this path and handles methods. */
  private isRoute(path: unknown): boolean {
    if (pathPattern(path) === undefined) return false;
    const matched = readProperty(this.context, 'matched');
    // Routers that keep no `matched` list: take the value as it is.
    if (!Array.isArray(matched)) return true;
    return matched.some((layer: unknown) => {
      const methods = readProperty(layer, 'methods');
      return readProperty(layer, 'path') === path && Array.isArray(methods) && methods.length > 0;
    });
  }
}

/** @koa/router's paths: an empty one names no route. */
function pathPattern(path: unknown): string | undefined {
  const pattern = declaredPath(path);
  return pattern === '' ? undefined : pattern;
}
