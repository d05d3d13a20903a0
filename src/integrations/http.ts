// Plain node:http: requests recorded into HttpServerMetrics under route templates the caller
// declares or names; a request that matched none has no `http.route`, never its raw path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { reportArgument } from '../core/argumentGuard.js';
import { httpMetricsOf, nonEmptyString, readProperty, type HttpMetricsSource } from './shared.js';

export type { HttpMetricsSource } from './shared.js';

export interface HttpRouteOptions {
  /**
   * The route templates the server answers, tried in order against the request's path (query
   * and a trailing slash ignored): `:name` and `{name}` match one segment, a last `*`, `*name`
   * or `{*name}` the rest. The first template that matches is the route.
   */
  readonly routes?: readonly string[];
  /**
   * The template your own router matched, read when the response closes; undefined when none
   * did. Return a template (`/users/:id`), never `req.url`. Takes precedence over `routes`.
   */
  readonly route?: (request: IncomingMessage) => string | undefined;
}

/** A request being measured. */
export interface TrackedRequest {
  /** Names the template this request matched, once your routing knows it; wins over the options. */
  setRoute(template: string): void;
}

/** A node:http request listener, with the request's handle as a third argument. */
export type TrackedHandler = (request: IncomingMessage, response: ServerResponse, tracked: TrackedRequest) => unknown;

/**
 * Measures one request until its response closes (finished or abandoned by the client), so the
 * active count goes back down whatever the handler does. Call it first in the request listener.
 */
export function trackRequest(source: HttpMetricsSource, request: IncomingMessage, response: ServerResponse, options: HttpRouteOptions = {}): TrackedRequest {
  let named: string | undefined;
  const tracked: TrackedRequest = {
    setRoute(template) {
      if (typeof template === 'string' && template !== '') named = template;
      else reportArgument('TrackedRequest.setRoute', 'wrong-type', template);
    },
  };
  const http = httpMetricsOf(source, 'trackRequest');
  if (http === undefined) return tracked;
  const resolve = resolverOf(options);
  http.track(request, response, { route: (req) => named ?? resolve(req) });
  return tracked;
}

/**
 * Wraps a request listener: `createServer(withHttpMetrics(metrics, handler, { routes }))`. The
 * handler runs unchanged, its exceptions and rejections included; the response it produces is
 * what gets measured.
 */
export function withHttpMetrics(source: HttpMetricsSource, handler: TrackedHandler, options: HttpRouteOptions = {}): (request: IncomingMessage, response: ServerResponse) => unknown {
  // Compiled once here rather than per request.
  const resolve = resolverOf(options);
  const resolved: HttpRouteOptions = { route: resolve };
  return (request, response) => handler(request, response, trackRequest(source, request, response, resolved));
}

type Resolve = (request: IncomingMessage) => string | undefined;

function resolverOf(options: HttpRouteOptions): Resolve {
  const route = readProperty(options, 'route');
  const routes = readProperty(options, 'routes');
  if (route !== undefined && typeof route !== 'function') reportArgument('trackRequest', 'not-a-function', 'options.route');
  if (routes !== undefined && !Array.isArray(routes)) reportArgument('trackRequest', 'wrong-type', 'options.routes must be an array of route templates');
  const table = Array.isArray(routes) ? compiledRoutes(routes) : undefined;
  const custom = typeof route === 'function' ? (route as Resolve) : undefined;
  if (custom === undefined && table === undefined) return () => undefined;
  return (request) => {
    if (custom !== undefined) {
      const named = nonEmptyString(custom(request));
      if (named !== undefined) return named;
    }
    return table?.match(readProperty(request, 'url'));
  };
}

/** Route tables by the caller's array: a constant array is compiled once. */
const tables = new WeakMap<readonly unknown[], RouteTable>();

function compiledRoutes(templates: readonly unknown[]): RouteTable {
  let table = tables.get(templates);
  if (table === undefined) tables.set(templates, (table = new RouteTable(templates)));
  return table;
}

interface CompiledRoute {
  readonly template: string;
  /** One entry per segment: a literal, or null for a parameter. */
  readonly segments: readonly (string | null)[];
  /** True when the last segment is a wildcard matching the rest of the path. */
  readonly rest: boolean;
}

const PARAM = /^(?::[A-Za-z_$][\w$]*|\{[A-Za-z_$][\w$]*\})$/;
const WILDCARD = /^(?:\*|\*[A-Za-z_$][\w$]*|\{\*[A-Za-z_$][\w$]*\})$/;

/** Declared templates matched against paths; the match returns the template, so no other value can come out. */
class RouteTable {
  private readonly routes: CompiledRoute[] = [];

  constructor(templates: readonly unknown[]) {
    for (const template of templates) {
      if (typeof template !== 'string' || !template.startsWith('/')) {
        reportArgument('trackRequest', 'wrong-type', 'options.routes: a route template is a string starting with "/"');
        continue;
      }
      const parts = splitPath(template);
      const rest = parts.length > 0 && WILDCARD.test(parts[parts.length - 1]!);
      const fixed = rest ? parts.slice(0, -1) : parts;
      this.routes.push({ template, segments: fixed.map((part) => (PARAM.test(part) ? null : part)), rest });
    }
  }

  match(url: unknown): string | undefined {
    if (typeof url !== 'string') return undefined;
    const cut = url.search(/[?#]/);
    const path = splitPath(cut >= 0 ? url.slice(0, cut) : url);
    for (const route of this.routes) {
      if (matches(route, path)) return route.template;
    }
    return undefined;
  }
}

function matches(route: CompiledRoute, path: readonly string[]): boolean {
  if (route.rest ? path.length < route.segments.length : path.length !== route.segments.length) return false;
  return route.segments.every((segment, i) => (segment === null ? path[i] !== '' : segment === path[i]));
}

/** Segments of a path without the leading slash and a trailing one: `/users/42/` → `['users', '42']`. */
function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}
