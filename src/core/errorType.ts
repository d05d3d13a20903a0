// error_type / exception attribute values: the class of an error, never its message, so that the
// number of series stays bounded however errors are worded.

/** Stands for anything that is not a recognisable error class name. */
export const OTHER_ERROR_TYPE = '_OTHER';

const IDENTIFIER = /^[A-Za-z_$][\w$.:-]{0,63}$/;

/**
 * The error class name of `error`: `TypeError`, `MongoServerError`, `ETIMEDOUT` (a Node error
 * code), or a caller's own short identifier. Messages ("connection to 10.0.0.5 refused") and
 * other free text become `_OTHER`.
 */
export function errorTypeOf(error: unknown): string {
  if (typeof error === 'string') return IDENTIFIER.test(error) ? error : OTHER_ERROR_TYPE;
  try {
    if (error instanceof Error) {
      const code: unknown = (error as { code?: unknown }).code;
      const name: unknown = error.name !== 'Error' ? error.name : error.constructor?.name;
      if (typeof name === 'string' && name !== 'Error' && IDENTIFIER.test(name)) return name;
      if (typeof code === 'string' && IDENTIFIER.test(code)) return code;
      return 'Error';
    }
  } catch {
    // A Proxy or a getter that throws: the error is recorded as unrecognisable, never rethrown.
  }
  return OTHER_ERROR_TYPE;
}
