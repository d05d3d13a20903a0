// The upper float bits the bucket lookups read: known words, the round trip, and the order they
// keep for values ≥ 0, which is what makes a shift of them a cell of the value's scale.
import { describe, expect, it } from 'vitest';
import { fromHighWord, highWord } from '../../src/core/floatBits.js';

describe('highWord', () => {
  it('reads sign, exponent and top mantissa bits', () => {
    expect([highWord(1), highWord(2), highWord(1.5), highWord(0), highWord(-0), highWord(Infinity), highWord(-1)]).toEqual([
      0x3ff00000, 0x40000000, 0x3ff80000, 0, 0x80000000, 0x7ff00000, 0xbff00000,
    ]);
  });

  it('gives back the smallest double of a word', () => {
    for (const word of [0, 1, 0x3ff00000, 0x3ff80001, 0x7fefffff, 0x7ff00000]) expect(highWord(fromHighWord(word))).toBe(word);
    expect([fromHighWord(0x3ff00000), fromHighWord(0x40080000), fromHighWord(0x7ff00000)]).toEqual([1, 3, Infinity]);
    // The lower word is cleared: 1 + 2^-52 has the same upper word as 1, and comes back as 1.
    expect(fromHighWord(highWord(1 + Number.EPSILON))).toBe(1);
  });

  it('keeps the order of values ≥ 0', () => {
    let seed = 3;
    const values = [0, Number.MIN_VALUE, 1e-300, 1, Number.MAX_VALUE, Infinity];
    for (let i = 0; i < 10_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      values.push(10 ** (-300 + 600 * (seed / 2 ** 32)));
    }
    values.sort((a, b) => a - b);
    for (let i = 1; i < values.length; i++) expect(highWord(values[i]!) >= highWord(values[i - 1]!), `${values[i - 1]} < ${values[i]}`).toBe(true);
  });
});
