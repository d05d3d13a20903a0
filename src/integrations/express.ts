// Express 4 and 5: middleware recording every request into HttpServerMetrics under the template of
// the route that handled it, mount paths of nested routers included, never the raw path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpMetricsOf, pathPattern, perObject, readProperty, watchProperty, type HttpMetricsSource } from './shared.js';

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
 * matched have none, and so do routes under a mount whose template cannot be known (a regular
 * expression): never a raw path.
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

/** What is known of a mount point this request entered: its template and the handler mounted there. */
interface Mount {
  /** Undefined when it cannot be known (a regular-expression mount): routes under it get no `http.route`. */
  readonly template: string | undefined;
  readonly handler: unknown;
}

/**
 * Watches Express set `req.baseUrl` and `req.route` on this one request (own accessors; nothing
 * shared is patched). Entering a mount point, Express has just matched one layer of the router
 * it is in and sets `baseUrl` to the parent's plus the part that layer matched; the template is
 * read from that layer's declared path, not guessed from the raw URL. The route template is fixed
 * when Express dispatches to the route, before an error handler outside the router has reset
 * `baseUrl`.
 */
class RouteCapture {
  static readonly of = perObject((request) => new RouteCapture(request));

  /** The template of the last route Express dispatched to. */
  template: string | undefined;
  /** Raw `baseUrl` → the mount entered there. */
  private readonly mounts = new Map<string, Mount>([['', { template: '', handler: undefined }]]);

  private constructor(private readonly request: object) {
    try {
      this.watch();
    } catch {
      // A frozen or proxied request: measured without a route rather than not at all.
    }
  }

  private watch(): void {
    const baseUrl = readProperty(this.request, 'baseUrl');
    // Mounted inside a router or sub-app: that mount is looked up from the application's router.
    if (typeof baseUrl === 'string' && baseUrl !== '') this.enter('', baseUrl);
    watchProperty(this.request, 'baseUrl', (value, parent) => {
      // Leaving a mount, or a router starting, sets a value that is not longer than the last.
      if (typeof parent === 'string' && typeof value === 'string' && value.length > parent.length && value.startsWith(parent)) {
        this.enter(parent, value);
      }
    });
    watchProperty(this.request, 'route', (value) => {
      this.template = this.routeTemplate(readProperty(this.request, 'baseUrl'), readProperty(value, 'path'));
    });
  }

  private routeTemplate(baseUrl: unknown, path: unknown): string | undefined {
    const routePath = pathPattern(path);
    if (routePath === undefined) return undefined;
    const mount = typeof baseUrl === 'string' ? this.mounts.get(baseUrl)?.template : '';
    if (mount === undefined) return undefined;
    if (mount === '') return routePath;
    // router.get('/') under '/users' answers '/users': no trailing slash to tell apart.
    return routePath === '/' ? mount : `${mount}${routePath}`;
  }

  /** Express matched a layer under `parent` and set `baseUrl` to `value`: find that layer and template it. */
  private enter(parent: string, value: string): void {
    if (!this.mounts.has(value) && this.mounts.size >= MAX_MOUNTS) return;
    const above = this.mounts.get(parent);
    let mount: Mount = { template: undefined, handler: undefined };
    if (above?.template !== undefined) {
      // A router mounted above is where this layer sits; a sub-app's own router is `req.app`'s by now.
      const stack = stackOf(above.handler) ?? stackOf(readProperty(this.request, 'app'));
      const matched = value.slice(parent.length);
      // Express has already cut the matched part off `req.url`: together they are the path it matched against.
      const remaining = matched + pathname(readProperty(this.request, 'url'));
      const found = stack === undefined ? undefined : mountIn(stack, matched, remaining, readProperty(this.request, 'params'));
      if (found !== undefined) {
        mount = { template: found.template === undefined ? undefined : `${above.template}${found.template}`, handler: found.handler };
      }
    }
    this.mounts.set(value, mount);
  }
}

/** The layers of a router, of an application's router, or undefined. */
function stackOf(handler: unknown): unknown[] | undefined {
  const own = readProperty(handler, 'stack');
  if (Array.isArray(own)) return own;
  // Express 4 keeps an application's router in `_router`; Express 5 in `router` (Express 4's throws).
  for (const key of ['_router', 'router']) {
    const stack = readProperty(readProperty(handler, key), 'stack');
    if (Array.isArray(stack)) return stack;
  }
  return undefined;
}

/** What a mount layer's matcher gives for a path: the part it matched, its parameters, its declared path when known. */
interface MountMatch {
  readonly path: string;
  readonly params: Record<string, unknown>;
  /** The declared path (Express 5 with router 2.3+): a string, or a RegExp. */
  readonly declared?: unknown;
  /** A regular-expression mount, whose matches have no template. */
  readonly regexp: boolean;
}

type MountMatcher = (path: string) => MountMatch | undefined;

/**
 * The first mount layer of `stack` that matches `remaining` exactly as far as `matched` with the
 * parameters Express put on the request, its template (undefined when none can be known) and its handler.
 * Layers are only matched again here, never changed: their own `match` keeps state in Express 4.
 */
function mountIn(stack: unknown[], matched: string, remaining: string, params: unknown): { template: string | undefined; handler: unknown } | undefined {
  for (const layer of stack) {
    if (readProperty(layer, 'route') !== undefined) continue;
    const matcher = mountMatcher(layer);
    const match = matcher?.(remaining);
    if (match === undefined || match.path.replace(/\/+$/, '') !== matched || !sameParams(match.params, params)) continue;
    return { template: mountTemplate(matcher!, match, matched, remaining.slice(matched.length)), handler: readProperty(layer, 'handle') };
  }
  return undefined;
}

const matchers = new WeakMap<object, MountMatcher | null>();

function mountMatcher(layer: unknown): MountMatcher | undefined {
  if (layer === null || typeof layer !== 'object') return undefined;
  let matcher = matchers.get(layer);
  if (matcher === undefined) matchers.set(layer, (matcher = buildMatcher(layer) ?? null));
  return matcher ?? undefined;
}

/** Express 5 (router 2): `matchers`, pure functions, and `rawPath` from router 2.3; Express 4: `regexp` and `keys`. */
function buildMatcher(layer: object): MountMatcher | undefined {
  const candidates = readProperty(layer, 'matchers');
  if (Array.isArray(candidates)) {
    const rawPath = readProperty(layer, 'rawPath');
    return (path) => {
      for (let i = 0; i < candidates.length; i++) {
        const candidate: unknown = candidates[i];
        if (typeof candidate !== 'function') continue;
        const result = guarded(() => candidate(path) as unknown);
        const matchedPath = readProperty(result, 'path');
        if (typeof matchedPath !== 'string') continue;
        const declared = Array.isArray(rawPath) ? rawPath[i] : rawPath;
        const regexp = declared instanceof RegExp || candidate.name === 'regexpMatcher';
        return { path: matchedPath, params: paramsOf(readProperty(result, 'params')), declared, regexp };
      }
      return undefined;
    };
  }
  const regexp = readProperty(layer, 'regexp');
  const keys = readProperty(layer, 'keys');
  if (!(regexp instanceof RegExp) || !Array.isArray(keys) || readProperty(regexp, 'fast_slash') === true) return undefined;
  // Express 4 compiles a string path into `^…\/?(?=\/|$)`; a regular expression is kept as given.
  const compiled = regexp.source.startsWith('^') && regexp.source.endsWith('\\/?(?=\\/|$)') && readProperty(regexp, 'fast_star') !== true;
  // A copy without g/y: exec on the layer's own would move its lastIndex.
  const copy = new RegExp(regexp.source, regexp.flags.replace(/[gy]/g, ''));
  return (path) => {
    const match = copy.exec(path);
    if (match === null || match.index !== 0) return undefined;
    const params: Record<string, unknown> = {};
    for (let i = 1; i < match.length; i++) {
      const name = readProperty(keys[i - 1], 'name');
      if (match[i] !== undefined && (typeof name === 'string' || typeof name === 'number')) params[name] = decodeSegment(match[i]!);
    }
    return { path: match[0], params, regexp: !compiled };
  };
}

/** The mount's template: its declared path when known, else the matched part with each parameter put back where the layer's matcher takes it from. */
function mountTemplate(matcher: MountMatcher, match: MountMatch, matched: string, rest: string): string | undefined {
  if (match.regexp) return undefined;
  if (typeof match.declared === 'string') return match.declared.replace(/\/+$/, '');
  const segments = matched.split('/');
  const out: (string | undefined)[] = [...segments];
  for (const [key, value] of Object.entries(match.params)) {
    const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split('/') : [];
    const at = parameterPosition(matcher, segments, out, key, parts, rest);
    // A parameter whose place cannot be shown (a custom pattern refusing the probe): no template rather than a raw value.
    if (at === undefined) return undefined;
    out.fill(undefined, at, at + parts.length);
    out[at] = /^\d+$/.test(key) ? '*' : Array.isArray(value) ? `*${key}` : `:${key}`;
  }
  return out.filter((segment) => segment !== undefined).join('/');
}

/** Stands in for a parameter value: where the matcher then reports it as the value is where the parameter is. */
const PROBE = 'otel-route-probe';

/**
 * The segment where `key` starts: of the places holding its value (a value equal to a literal
 * segment, `/orgs/orgs` under `/orgs/:org`, appears twice), the one where the matcher takes
 * a different value as that parameter.
 */
function parameterPosition(matcher: MountMatcher, segments: string[], out: (string | undefined)[], key: string, parts: unknown[], rest: string): number | undefined {
  if (parts.length === 0) return undefined;
  for (let i = 1; i + parts.length <= segments.length; i++) {
    // Places another parameter already holds are not this one's.
    if (!parts.every((part, j) => out[i + j] === segments[i + j] && decodeSegment(segments[i + j]!) === part)) continue;
    const probe = [...segments.slice(0, i), PROBE, ...segments.slice(i + parts.length)].join('/');
    const value = matcher(`${probe}${rest}`)?.params[key];
    if (value === PROBE || (Array.isArray(value) && value.length === 1 && value[0] === PROBE)) return i;
  }
  return undefined;
}

/** True when every named parameter the layer matched is the one Express put on the request (numbered ones shift when merged). */
function sameParams(matched: Record<string, unknown>, params: unknown): boolean {
  return Object.entries(matched).every(([key, value]) => {
    if (/^\d+$/.test(key)) return true;
    const actual = readProperty(params, key);
    return Array.isArray(value) ? Array.isArray(actual) && actual.join('/') === value.join('/') : actual === value;
  });
}

function paramsOf(params: unknown): Record<string, unknown> {
  if (params === null || typeof params !== 'object') return {};
  try {
    return { ...(params as Record<string, unknown>) };
  } catch {
    return {};
  }
}

function pathname(url: unknown): string {
  if (typeof url !== 'string') return '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function guarded<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
