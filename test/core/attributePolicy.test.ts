import { describe, expect, it } from 'vitest';
import {
  INVALID_ATTRIBUTE_VALUE,
  MAX_ATTRIBUTE_VALUE_LENGTH,
  normalizeAttributeValue,
} from '../../src/core/attributePolicy.js';

describe('normalizeAttributeValue', () => {
  it('keeps printable values that a replace-outside-[A-Za-z0-9_:] policy would have mangled', () => {
    expect(normalizeAttributeValue('python-3.11')).toBe('python-3.11');
    expect(normalizeAttributeValue('/users/{id}')).toBe('/users/{id}');
    expect(normalizeAttributeValue('résumé ✓')).toBe('résumé ✓');
  });

  it('trims, and omits blank, undefined and null values', () => {
    expect(normalizeAttributeValue('  completed \n')).toBe('completed');
    expect(normalizeAttributeValue('   ')).toBeUndefined();
    expect(normalizeAttributeValue('')).toBeUndefined();
    expect(normalizeAttributeValue(undefined)).toBeUndefined();
    expect(normalizeAttributeValue(null)).toBeUndefined();
  });

  it('keeps finite numbers numeric and stringifies booleans and bigints', () => {
    expect(normalizeAttributeValue(200)).toBe(200);
    expect(normalizeAttributeValue(1.5)).toBe(1.5);
    expect(normalizeAttributeValue(true)).toBe('true');
    expect(normalizeAttributeValue(false)).toBe('false');
    expect(normalizeAttributeValue(12n)).toBe('12');
  });

  it('replaces control characters and repairs lone surrogates', () => {
    expect(normalizeAttributeValue('a\u0000b\tc\u007fd')).toBe('a_b_c_d');
    expect(normalizeAttributeValue('x\ud800y')).toBe('x\ufffdy');
  });

  it(`cuts values to ${MAX_ATTRIBUTE_VALUE_LENGTH} characters`, () => {
    expect(normalizeAttributeValue('a'.repeat(1000))).toBe('a'.repeat(MAX_ATTRIBUTE_VALUE_LENGTH));
  });

  it('marks values with no useful string form as invalid', () => {
    expect(normalizeAttributeValue({})).toBe(INVALID_ATTRIBUTE_VALUE);
    expect(normalizeAttributeValue(new Error('boom'))).toBe(INVALID_ATTRIBUTE_VALUE);
    expect(normalizeAttributeValue(() => 1)).toBe(INVALID_ATTRIBUTE_VALUE);
    expect(normalizeAttributeValue(Symbol('s'))).toBe(INVALID_ATTRIBUTE_VALUE);
    expect(normalizeAttributeValue(Number.NaN)).toBe(INVALID_ATTRIBUTE_VALUE);
    expect(normalizeAttributeValue(Infinity)).toBe(INVALID_ATTRIBUTE_VALUE);
  });
});
