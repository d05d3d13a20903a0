// Who may read the endpoint: routes wrapped to require a bearer token or basic-auth credentials.
// Credentials are compared as SHA-256 digests with timingSafeEqual, so neither the content nor
// the length of a guess shows in the response time; they are never logged nor echoed.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RouteHandler } from './PrometheusEndpoint.js';

export interface AccessCredentials {
  /** Accepted as `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** `user:password`, accepted as `Authorization: Basic base64(user:password)`. */
  readonly basic?: string | undefined;
}

const REALM = 'metrics';

export function hasCredentials(credentials: AccessCredentials): boolean {
  return credentials.token !== undefined || credentials.basic !== undefined;
}

/** A check of one request's Authorization header against the configured credentials. */
export function credentialCheck(credentials: AccessCredentials): (authorization: string | undefined) => boolean {
  const token = credentials.token === undefined ? undefined : digest(credentials.token);
  const basic = credentials.basic === undefined ? undefined : digest(credentials.basic);
  return (authorization) => {
    if (authorization === undefined) return false;
    const space = authorization.indexOf(' ');
    if (space <= 0) return false;
    const scheme = authorization.slice(0, space).toLowerCase();
    const value = authorization.slice(space + 1).trim();
    if (scheme === 'bearer' && token !== undefined) return timingSafeEqual(digest(value), token);
    if (scheme === 'basic' && basic !== undefined) return timingSafeEqual(digest(Buffer.from(value, 'base64').toString('utf8')), basic);
    return false;
  };
}

/** The challenges a 401 carries: one per accepted scheme (RFC 9110 §11.6.1). */
export function challenges(credentials: AccessCredentials): string[] {
  const list: string[] = [];
  if (credentials.token !== undefined) list.push(`Bearer realm="${REALM}"`);
  if (credentials.basic !== undefined) list.push(`Basic realm="${REALM}", charset="UTF-8"`);
  return list;
}

/**
 * Wraps the routes named in `protectedPaths`; the others pass through. A missing or wrong
 * credential gets 401 with the challenges and an empty body: no hint at what was wrong.
 */
export function protectRoutes(
  routes: ReadonlyMap<string, RouteHandler>,
  protectedPaths: ReadonlySet<string>,
  credentials: AccessCredentials,
): Map<string, RouteHandler> {
  const allowed = credentialCheck(credentials);
  const challenge = challenges(credentials);
  const result = new Map<string, RouteHandler>();
  for (const [path, handler] of routes) {
    if (!protectedPaths.has(path)) {
      result.set(path, handler);
      continue;
    }
    result.set(path, (request, response) => {
      if (allowed(request.headers.authorization)) {
        handler(request, response);
        return;
      }
      response.writeHead(401, { 'www-authenticate': challenge, 'cache-control': 'no-store', 'content-length': 0 });
      response.end();
    });
  }
  return result;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
