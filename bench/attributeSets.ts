// K distinct attribute sets of A attributes, and a source that hands them out in turn as a fresh
// object literal per call, the way application code builds its attributes.

/** The attribute names, in order: a case with A attributes uses the first A. */
export const ATTRIBUTE_NAMES = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'] as const;
export type AttributeName = (typeof ATTRIBUTE_NAMES)[number];
export type AttributeSet = Partial<Record<AttributeName, string>>;

/**
 * One column of values per attribute, so that row s of the columns is set s. The sets are the
 * numbers 0..K−1 written in the smallest base that gives A digits enough room, one digit per
 * attribute: every set is distinct and every attribute takes a few values, as labels do.
 */
export function attributeColumns(attributes: number, sets: number): string[][] {
  if (attributes === 0) return [];
  let base = Math.max(2, Math.ceil(sets ** (1 / attributes)));
  while (base ** attributes < sets) base++;
  return Array.from({ length: attributes }, (_, a) =>
    Array.from({ length: sets }, (_, s) => `v${Math.floor(s / base ** a) % base}`),
  );
}

/** Set number i mod K as a new object each call, with 0, 1, 3 or 6 attributes. */
export function attributeSource(attributes: number, sets: number): (i: number) => AttributeSet {
  const [c0 = [], c1 = [], c2 = [], c3 = [], c4 = [], c5 = []] = attributeColumns(attributes, sets);
  switch (attributes) {
    case 0:
      return () => ({});
    case 1:
      return (i) => ({ a0: c0[i % sets] });
    case 3:
      return (i) => {
        const s = i % sets;
        return { a0: c0[s], a1: c1[s], a2: c2[s] };
      };
    case 6:
      return (i) => {
        const s = i % sets;
        return { a0: c0[s], a1: c1[s], a2: c2[s], a3: c3[s], a4: c4[s], a5: c5[s] };
      };
    default:
      throw new Error(`no attribute source for ${attributes} attributes`);
  }
}

/** Prometheus clients take a label object of strings; the same sets for them. */
export function labelSource(attributes: number, sets: number): (i: number) => Record<string, string> {
  return attributeSource(attributes, sets) as (i: number) => Record<string, string>;
}
