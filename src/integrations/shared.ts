// What every framework integration shares: which HttpServerMetrics to record into, reads of
// framework objects that can never throw into the request, and watching a framework set a
// request's route. Framework-free on purpose: importing
// one integration must not load another framework.
import { reportArgument } from '../core/argumentGuard.js';
import { readProperty } from '../core/readProperty.js';
import type { HttpServerMetrics } from '../domains/HttpServerMetrics.js';

export { readProperty } from '../core/readProperty.js';

/**
 * Where an integration records: an `HttpServerMetrics`, or anything holding one as `httpServer` (a
 * `DomainMetrics`). The integration records into that one instance, so mounting it twice, or
 * tracking by hand as well, still counts each request once.
 */
export type HttpMetricsSource = HttpServerMetrics | { readonly httpServer: HttpServerMetrics };

/**
 * The `HttpServerMetrics` of `source`, or undefined (reported once per integration) when plain
 * JavaScript passed something else: the integration then lets requests through unmeasured
 * rather than failing them.
 */
export function httpMetricsOf(source: HttpMetricsSource, integration: string): HttpServerMetrics | undefined {
  // Shape, not instanceof: an application loading the package both as ESM and as CommonJS holds
  // two HttpServerMetrics classes, and either instance must work.
  if (isHttpServerMetrics(source)) return source;
  const http = readProperty(source, 'httpServer');
  if (isHttpServerMetrics(http)) return http;
  reportArgument(integration, 'wrong-type', 'expected an HttpServerMetrics or a DomainMetrics; requests are not measured');
  return undefined;
}

function isHttpServerMetrics(value: unknown): value is HttpServerMetrics {
  return typeof readProperty(value, 'track') === 'function' && typeof readProperty(value, 'requestStarted') === 'function';
}

/** `value` when it is a non-empty string, else undefined: route values from frameworks are untyped at run time. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A route's declared path: strings as declared, arrays of them joined, regular expressions as source. */
export function pathPattern(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return String(path);
  if (Array.isArray(path)) {
    const parts = path.map(pathPattern);
    return parts.every((part) => part !== undefined) && parts.length > 0 ? parts.join('|') : undefined;
  }
  return undefined;
}

/**
 * One `T` per object: a second middleware on the same request or context (mounted twice, or in a
 * sub-app) gets the first one's, which already owns the accessors `watchProperty` put there.
 */
export function perObject<T>(create: (target: object) => T): (target: unknown) => T | undefined {
  const made = new WeakMap<object, T>();
  return (target) => {
    if (target === null || typeof target !== 'object') return undefined;
    let value = made.get(target);
    if (value === undefined) made.set(target, (value = create(target)));
    return value;
  };
}

/**
 * Puts an own accessor for `key` on this one object, keeping the value as a plain property would
 * and telling `onSet` each assignment, so a framework's writes are seen as they happen with
 * nothing shared patched. Throws when the object refuses (frozen, a Proxy): callers fall back.
 */
export function watchProperty(target: object, key: string, onSet: (value: unknown, previous: unknown) => void): void {
  let value = readProperty(target, key);
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (next: unknown) => {
      const previous = value;
      value = next;
      onSet(next, previous);
    },
  });
}
