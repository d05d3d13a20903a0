// The attribute value policy applied to every metric: values become short, printable strings.
//
// A common policy strips empty values and replaces anything outside [A-Za-z0-9_:] with "_".
// Its intent is values that are safe for any backend; that regex would also destroy
// legitimate values ("python-3.11", "/users/{id}", "GET /"), so the policy keeps printable text and
// only removes what breaks exposition or grows without bound: surrounding blanks, control
// characters, lone surrogates and length. It runs once per distinct raw value (series handles are
// cached), so a char-code scan is enough and no regex runs per call.

/** Longer values are cut: an attribute value is a category, not a payload. */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 128;

/** Returned for values that have no string form worth keeping (objects, functions, symbols). */
export const INVALID_ATTRIBUTE_VALUE: unique symbol = Symbol('invalid attribute value');

/**
 * The exported form of one attribute value: a string, a finite number (kept numeric, as the
 * semantic conventions type `http.response.status_code`), `undefined` when the attribute is to be
 * omitted (undefined, null, blank), or {@link INVALID_ATTRIBUTE_VALUE}. Booleans become
 * "true"/"false", as the catalog specifies.
 */
export function normalizeAttributeValue(raw: unknown): string | number | undefined | typeof INVALID_ATTRIBUTE_VALUE {
  switch (typeof raw) {
    case 'string':
      return normalizeString(raw);
    case 'number':
      return Number.isFinite(raw) ? raw : INVALID_ATTRIBUTE_VALUE;
    case 'boolean':
      return raw ? 'true' : 'false';
    case 'bigint':
      return normalizeString(raw.toString());
    case 'undefined':
      return undefined;
    default:
      return raw === null ? undefined : INVALID_ATTRIBUTE_VALUE;
  }
}

function normalizeString(raw: string): string | undefined {
  let value = raw.trim();
  if (value === '') return undefined;
  if (value.length > MAX_ATTRIBUTE_VALUE_LENGTH) value = value.slice(0, MAX_ATTRIBUTE_VALUE_LENGTH);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || (c >= 0xd800 && c <= 0xdfff)) return clean(value);
  }
  return value;
}

function clean(value: string): string | undefined {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    out += c < 0x20 || c === 0x7f ? '_' : value[i];
  }
  out = out.toWellFormed();
  return out.trim() === '' ? undefined : out;
}
