// Syntax of the endpoint's route paths and credentials, shared by the environment and option
// checks. Credentials are checked for shape only, and never echoed: errors show SECRET_MASK.

/** What an error shows instead of a credential's value. */
export const SECRET_MASK = '(hidden)';

export const ROUTE_PATH_EXPECTED = 'an absolute path such as /ready (starting with /, without query, fragment or spaces)';
export const AUTH_PATHS_EXPECTED = 'a non-empty, comma-separated list of absolute paths the endpoint serves';
// RFC 6750 b64token: what fits in `Authorization: Bearer <token>` unquoted.
export const BEARER_TOKEN_EXPECTED = 'a bearer token of letters, digits and -._~+/ (optionally ending in =)';
export const BASIC_AUTH_EXPECTED = 'user:password with a non-empty user without a colon and a non-empty password';

const ROUTE_PATH = /^\/[^\s?#]*$/;
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
// Control characters cannot be typed into a scraper's basic_auth and would make a header invalid.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function isRoutePath(value: string): boolean {
  return ROUTE_PATH.test(value);
}

export function isBearerToken(value: string): boolean {
  return BEARER_TOKEN.test(value);
}

/** RFC 7617: the user id cannot contain a colon; the password can. */
export function isBasicCredentials(value: string): boolean {
  const colon = value.indexOf(':');
  return colon > 0 && colon < value.length - 1 && !CONTROL.test(value);
}

/** METRICS_AUTH_PATHS as given: comma-separated, trimmed, blanks removed; case kept (paths are case-sensitive). */
export function splitPaths(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
