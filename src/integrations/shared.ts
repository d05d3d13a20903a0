// What every framework integration shares: which HttpServerMetrics to record into, and reads of
// framework objects that can never throw into the request. Framework-free on purpose: importing
// one integration must not load another framework.
import { reportArgument } from '../core/argumentGuard.js';
import type { HttpServerMetrics } from '../domains/HttpServerMetrics.js';

/**
 * Where an integration records: an `HttpServerMetrics`, or anything holding one as `http` (a
 * `DomainMetrics`). The integration records into that one instance, so mounting it twice, or
 * tracking by hand as well, still counts each request once.
 */
export type HttpMetricsSource = HttpServerMetrics | { readonly http: HttpServerMetrics };

/**
 * The `HttpServerMetrics` of `source`, or undefined (reported once per integration) when plain
 * JavaScript passed something else: the integration then lets requests through unmeasured
 * rather than failing them.
 */
export function httpMetricsOf(source: HttpMetricsSource, integration: string): HttpServerMetrics | undefined {
  // Shape, not instanceof: an application loading the package both as ESM and as CommonJS holds
  // two HttpServerMetrics classes, and either instance must work.
  if (isHttpServerMetrics(source)) return source;
  const http = readProperty(source, 'http');
  if (isHttpServerMetrics(http)) return http;
  reportArgument(integration, 'wrong-type', 'expected an HttpServerMetrics or a DomainMetrics; requests are not measured');
  return undefined;
}

function isHttpServerMetrics(value: unknown): value is HttpServerMetrics {
  return typeof readProperty(value, 'track') === 'function' && typeof readProperty(value, 'requestStarted') === 'function';
}

/** A property of anything, or undefined when there is none or reading it throws (a getter, a Proxy). */
export function readProperty(source: unknown, key: PropertyKey): unknown {
  if (source === null || (typeof source !== 'object' && typeof source !== 'function')) return undefined;
  try {
    return (source as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** `value` when it is a non-empty string, else undefined: route values from frameworks are untyped at run time. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
