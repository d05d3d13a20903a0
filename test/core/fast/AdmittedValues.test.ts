// AdmittedValues against its definition: a set is excluded only if no admitted series holds it,
// and a value that no admitted series holds under a shared name excludes whenever normalising
// cannot make it a held one (a plain value always), whatever the allow-list the record came
// through and after any number of admissions and expiries.
import { describe, expect, it } from 'vitest';
import { INVALID_ATTRIBUTE_VALUE, normalizeAttributeValue } from '../../../src/core/attributePolicy.js';
import { AdmittedValues, keepsShapeWhenNormalised } from '../../../src/core/fast/AdmittedValues.js';
import { isPlainValue, type SeriesAttributes } from '../../../src/core/SeriesResolver.js';
import { prng } from '../../support/prng.js';

const NAMES = ['route', 'status', 'code'] as const;

/** Raw values of every kind, admitted ones among them. */
const RAW: unknown[] = [
  '/a', '/b', '/c', 'ok', 'failed', '200', 200, '404', 404, 2.5, '2.5', true, 'true',
  ' /a', '/a ', '\t/b', 'o\u0000k', 'x'.repeat(129), 'x'.repeat(128), '', '   ', undefined, null, {}, Number.NaN,
  '/never', 'never-seen', '550e8400-e29b-41d4-a716-446655440000', '\ud800', 'caf\u00e9', '\u2003/c',
  // Values that normalise into others: a control character becomes "_", a lone surrogate U+FFFD.
  'o_k', 'a\ud800b', 'a\ufffdb', '\u0001x', '_x', 'x\u007f', 'x_', '\ud83d\ude00', 'x\u00a0', '\ufeffx',
];

/** The attributes a series gets from raw values through `keys`, as the resolver normalises them. */
function normalised(input: Record<string, unknown>, keys: readonly string[]): SeriesAttributes {
  const out: Record<string, string | number> = {};
  for (const key of keys) {
    const value = normalizeAttributeValue(input[key]);
    if (value !== undefined && value !== INVALID_ATTRIBUTE_VALUE) out[key] = value;
  }
  return out;
}

/** The identity of a set: names sorted, values as text (200 and "200" are one series). */
function identity(attributes: SeriesAttributes): string {
  return JSON.stringify(Object.keys(attributes).sort().map((name) => [name, String(attributes[name])]));
}

describe('AdmittedValues', () => {
  it('excludes only sets no admitted series holds, and every set with a plain value no series holds, for any allow-list, through churn', () => {
    const random = prng(20261207);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const input = (): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const name of [...NAMES, 'tenant']) if (random() < 0.85) out[name] = pick(RAW);
      return out;
    };
    // The metric's first declaration, another with the same names, a shorter and a longer one, reordered.
    const allowLists: (readonly string[])[] = [NAMES, [...NAMES], ['route', 'status'], ['code', 'route', 'status', 'tenant'], ['status', 'route']];
    const admitted: SeriesAttributes[] = [];
    for (let i = 0; i < 8; i++) admitted.push(normalised(input(), pick(allowLists)));
    const index = new AdmittedValues(NAMES, admitted.map((attributes) => ({ attributes })));

    let excluded = 0;
    let checked = 0;
    for (let step = 0; step < 20_000; step++) {
      if (random() < 0.05 && admitted.length > 0) {
        index.remove(admitted.splice(Math.floor(random() * admitted.length), 1)[0]!);
      } else if (random() < 0.05) {
        const attributes = normalised(input(), pick(allowLists));
        admitted.push(attributes);
        index.add(attributes);
      }
      const raw = input();
      const keys = pick(allowLists);
      const answer = index.excludes(raw, keys);
      const held = new Set(admitted.map(identity));
      const own = identity(normalised(raw, keys));
      // Sound: an excluded set is held by no admitted series.
      if (answer && held.has(own)) throw new Error(`step ${step}: excluded ${own} through ${keys.join(',')}, which is admitted`);
      // Effective: a string held by no admitted series under a name both lists have excludes when it
      // is plain, or when it keeps its length and ends when normalised and no value held under
      // that name has a replacement ("_" or U+FFFD) in it.
      const decisive = keys.some((key) => {
        const value = raw[key];
        if (!(NAMES as readonly string[]).includes(key) || typeof value !== 'string') return false;
        const heldUnder = admitted.flatMap((a) => (a[key] === undefined ? [] : [String(a[key])]));
        if (heldUnder.includes(value)) return false;
        return isPlainValue(value) || (keepsShapeWhenNormalised(value) && !heldUnder.some((v) => v.includes('_') || v.includes('\ufffd')));
      });
      if (decisive !== answer) throw new Error(`step ${step}: ${JSON.stringify(raw)} through ${keys.join(',')}: expected ${decisive}, got ${answer}`);
      checked++;
      if (answer) excluded++;
    }
    expect(checked).toBe(20_000);
    // Both answers were exercised often.
    expect(excluded).toBeGreaterThan(2000);
    expect(checked - excluded).toBeGreaterThan(2000);
  });

  it('relies on what normalising does: a value that keeps its shape keeps its length and ends, and changes only by replacements', () => {
    // Every UTF-16 code unit at both ends of a value, and once in its middle.
    let kept = 0;
    for (let c = 0; c <= 0xffff; c++) {
      const char = String.fromCharCode(c);
      for (const value of [`${char}a${char}`, `a${char}b`]) {
        if (!keepsShapeWhenNormalised(value)) continue;
        kept++;
        const normal = normalizeAttributeValue(value);
        if (typeof normal !== 'string' || normal.length !== value.length) throw new Error(`U+${c.toString(16)}: ${JSON.stringify(value)} became ${JSON.stringify(normal)}`);
        for (let i = 0; i < value.length; i++) {
          if (normal[i] !== value[i] && normal[i] !== '_' && normal[i] !== '\ufffd') throw new Error(`U+${c.toString(16)}: ${JSON.stringify(value)} became ${JSON.stringify(normal)}`);
        }
      }
    }
    // Only the characters trim removes are turned away at the ends (25 of 65 536), and none inside.
    expect(kept).toBe(2 * 65_536 - 25);
    expect(['', 'x'.repeat(129), ' x', 'x\n', '\u3000x'].map(keepsShapeWhenNormalised)).toEqual([false, false, false, false, false]);
  });

  it('excludes a value that needs normalising when none of the held values has a replacement in it', () => {
    const index = new AdmittedValues(NAMES, [{ attributes: { route: '/a', status: 'ok' } }]);
    // "o\u0000k" normalises to "o_k", which no series holds: excluded without scanning it.
    expect(index.excludes({ status: 'o\u0000k' }, NAMES)).toBe(true);
    expect(index.excludes({ route: 'a\ud800b' }, NAMES)).toBe(true);
    // Once "o_k" is held, the value that normalises to it is not excluded; a plain one still is.
    index.add({ status: 'o_k' });
    expect(index.excludes({ status: 'o\u0000k' }, NAMES)).toBe(false);
    expect(index.excludes({ status: 'o\u0001k' }, NAMES)).toBe(false);
    expect(index.excludes({ status: 'failed' }, NAMES)).toBe(true);
    // The other names are not affected, and when "o_k" goes the shortcut is back.
    expect(index.excludes({ route: 'a\u0000b' }, NAMES)).toBe(true);
    index.remove({ status: 'o_k' });
    expect(index.excludes({ status: 'o\u0000k' }, NAMES)).toBe(true);
    // A blank end is trimmed away: " ok" is the held "ok", and is never excluded.
    expect(index.excludes({ status: ' ok' }, NAMES)).toBe(false);
  });

  it('forgets a value once no admitted series holds it, and knows it again when one does', () => {
    const a = { route: '/a', status: 'ok' };
    const b = { route: '/a', status: 'failed' };
    const index = new AdmittedValues(NAMES, [{ attributes: a }, { attributes: b }]);
    expect(index.excludes({ route: '/a', status: 'ok' }, NAMES)).toBe(false);
    index.remove(a);
    // '/a' is still held by b; 'ok' is held by none.
    expect(index.excludes({ route: '/a' }, NAMES)).toBe(false);
    expect(index.excludes({ status: 'ok' }, NAMES)).toBe(true);
    index.remove(b);
    expect(index.excludes({ route: '/a' }, NAMES)).toBe(true);
    index.add({ route: '/a', code: 200 });
    expect(index.excludes({ route: '/a' }, NAMES)).toBe(false);
    // A number is held as its text: the string form is the same series.
    expect(index.excludes({ code: '200' }, NAMES)).toBe(false);
    expect(index.excludes({ code: '201' }, NAMES)).toBe(true);
  });

  it('asks the name that decided last first, and still asks every name', () => {
    const index = new AdmittedValues(NAMES, [{ attributes: { route: '/a', status: 'ok', code: 200 } }]);
    const answers: boolean[] = [];
    // The last name decides three times, then the first, then the middle one, then none.
    for (const status of ['n1', 'n2', 'n3']) answers.push(index.excludes({ route: '/a', status: 'ok', code: status }, NAMES));
    answers.push(index.excludes({ route: '/never', status: 'ok', code: '200' }, NAMES));
    answers.push(index.excludes({ route: '/a', status: 'never', code: '200' }, NAMES));
    answers.push(index.excludes({ route: '/a', status: 'ok', code: '200' }, NAMES));
    answers.push(index.excludes({ route: '/a', status: 'ok', code: 'n4' }, NAMES));
    expect(answers).toEqual([true, true, true, true, true, false, true]);
    // Another allow-list keeps an order of its own.
    expect(index.excludes({ status: 'ok', route: '/never' }, ['status', 'route'])).toBe(true);
    expect(index.excludes({ route: '/a', status: 'ok', code: 'n5' }, NAMES)).toBe(true);
    expect(index.excludes({ status: 'never', route: '/a' }, ['status', 'route'])).toBe(true);
    expect(index.excludes({ status: 'ok', route: '/a' }, ['status', 'route'])).toBe(false);
  });

  it('is unsure of names the index does not have, and of an allow-list that shares none', () => {
    const index = new AdmittedValues(NAMES, [{ attributes: { route: '/a' } }]);
    expect(index.excludes({ tenant: 'never-seen' }, ['route', 'tenant'])).toBe(false);
    expect(index.excludes({ tenant: 'never-seen' }, ['tenant'])).toBe(false);
    // A name outside the allow-list the record came through is dropped: it decides nothing.
    expect(index.excludes({ route: '/never' }, ['status'])).toBe(false);
    expect(index.excludes({ route: '/never' }, ['status', 'route'])).toBe(true);
  });

  it('takes a name that looks like code as a name, never as code', () => {
    const name = '"]; throw new Error("injected"); //';
    const index = new AdmittedValues([name], [{ attributes: { [name]: 'x' } }]);
    expect(index.excludes({ [name]: 'y' }, [name])).toBe(true);
    expect(index.excludes({ [name]: 'x' }, [name])).toBe(false);
  });
});
