const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/**
 * `http.request.method` as the HTTP semantic conventions define it: a known method, upper-case,
 * or `_OTHER`, so that arbitrary method strings cannot grow the number of series.
 */
export function normalizeHttpMethod(method: unknown): string {
  const upper = typeof method === 'string' ? method.toUpperCase() : '';
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}
