import { describe, expect, it } from 'vitest';
import { errorTypeOf, OTHER_ERROR_TYPE } from '../../src/core/errorType.js';

class QuotaExceededError extends Error {}

describe('errorTypeOf', () => {
  it('uses the error class name, never the message', () => {
    expect(errorTypeOf(new TypeError('cannot read x of undefined'))).toBe('TypeError');
    expect(errorTypeOf(new QuotaExceededError('user 42 over quota'))).toBe('QuotaExceededError');
  });

  it('uses a Node error code for plain Errors', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    expect(errorTypeOf(error)).toBe('ECONNREFUSED');
    expect(errorTypeOf(new Error('anything'))).toBe('Error');
  });

  it('accepts short identifiers and turns free text into _OTHER', () => {
    expect(errorTypeOf('timeout')).toBe('timeout');
    expect(errorTypeOf('db.write_conflict')).toBe('db.write_conflict');
    expect(errorTypeOf('connection to 10.0.0.5 refused')).toBe(OTHER_ERROR_TYPE);
    expect(errorTypeOf(42)).toBe(OTHER_ERROR_TYPE);
    expect(errorTypeOf(undefined)).toBe(OTHER_ERROR_TYPE);
  });
});
