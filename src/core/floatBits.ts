// The upper 32 bits of a double, read through a shared typed array: sign, 11 exponent bits and
// the top 20 bits of the mantissa. For values from +0 up they grow with the value (−0 has the
// sign bit set), so a shift of them is a logarithmic cell of the value, found in a few
// instructions instead of a Math.log.

const FLOAT = new Float64Array(1);
const WORDS = new Uint32Array(FLOAT.buffer);
/** Which 32-bit word holds the sign, exponent and top mantissa bits. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The upper 32 bits of `value`, as an unsigned integer. */
export function highWord(value: number): number {
  FLOAT[0] = value;
  return WORDS[HIGH]!;
}

/** The double whose upper 32 bits are `word` and lower 32 bits zero: the smallest in magnitude with that upper word. */
export function fromHighWord(word: number): number {
  WORDS[HIGH] = word;
  WORDS[1 - HIGH] = 0;
  return FLOAT[0]!;
}
