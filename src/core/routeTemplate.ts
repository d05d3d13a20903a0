// Route templates for endpoint and URI attributes: a raw path such as /users/42/orders/9f1c…
// becomes /users/{id}/orders/{uuid}, so the number of series follows the routes, not the traffic.
import { BoundedCache } from './BoundedCache.js';

const MAX_SEGMENTS = 8;
const MAX_SEGMENT_LENGTH = 48;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^[0-9]+$/;
const HEX_ID = /^[0-9a-f]{12,}$/i; // Mongo ObjectIds (24), hashes, hex keys
const HAS_DIGIT = /[0-9]/;
const TOKENISH = /^[A-Za-z0-9_-]{16,}$/; // base64url keys, session tokens, slugs with ids
const TEMPLATE_PARAM = /^(?::[A-Za-z_][\w]*|\{[A-Za-z_][\w]*\}|\*)$/;

function templateSegment(segment: string): string {
  if (segment === '' || TEMPLATE_PARAM.test(segment)) return segment;
  if (NUMBER.test(segment)) return '{id}';
  if (UUID.test(segment)) return '{uuid}';
  if (HEX_ID.test(segment) && HAS_DIGIT.test(segment)) return '{hex}';
  if (TOKENISH.test(segment) && HAS_DIGIT.test(segment)) return '{token}';
  if (segment.length > MAX_SEGMENT_LENGTH) return '{token}';
  if (segment.includes('@') || segment.includes('=')) return '{value}'; // emails, key=value pairs
  if (HAS_DIGIT.test(segment) && segment.includes('.')) return '{value}'; // IPs, versions with ids
  return segment;
}

/**
 * The route template of a raw path: query and fragment dropped; numeric ids, UUIDs, hex ids,
 * long tokens and values with digits replaced by placeholders; at most eight segments. Route
 * patterns that are already templates (`/users/:id`, `/users/{id}`) pass through unchanged.
 * Pure; domain classes call it through {@link cachedRouteTemplate}.
 */
export function routeTemplate(raw: string): string {
  // Typed callers pass strings; plain JavaScript may not, and recording must not throw.
  if (typeof raw !== 'string') return '_OTHER';
  let path = raw;
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  if (path === '') return '/';
  // The split stops one segment past those kept, so a path of a million slashes costs no more
  // than a short one beyond the scan.
  const segments = path.split('/', MAX_SEGMENTS + 2);
  const kept = segments.slice(0, MAX_SEGMENTS + 1).map(templateSegment);
  if (segments.length > MAX_SEGMENTS + 1) kept.push('{rest}');
  return kept.join('/');
}

/** One memo for every domain class: the function is pure, so who asked first does not matter. */
export const ROUTE_TEMPLATES = new BoundedCache(1024, routeTemplate);

/** {@link routeTemplate}, remembered for the paths seen lately. */
export function cachedRouteTemplate(raw: string): string {
  return ROUTE_TEMPLATES.get(raw);
}
