// What the admitted series of a full metric hold, attribute by attribute. Past the cardinality
// limit most new sets carry an id no admitted series holds (a request id, a tenant never seen):
// such a set has no place, which this tells from the raw values alone, without the set's key being
// built and looked up. Made when the metric's table is first full, kept up to date from then on.
import { MAX_ATTRIBUTE_VALUE_LENGTH } from '../attributePolicy.js';
import { isPlainValue, type SeriesAttributes } from '../SeriesResolver.js';

/**
 * Whether a caller's raw attributes certainly make a set that no admitted series holds: 0 when
 * unsure, else 1 + the place (in its allow-list's shared names) of the name whose value decided.
 */
type Excluder = (input: Readonly<Record<string, unknown>>, held: readonly Map<string, number>[], marked: readonly number[]) => number;

/**
 * The excluders of one allow-list, one per shared name that it asks first, and the one in use: the
 * name that decided last is asked first, since past the limit one name usually decides every
 * time (the id's, or the last of several names whose combinations run out of places).
 */
interface Excluders {
  readonly byFirst: readonly Excluder[];
  current: Excluder;
}

/**
 * What normalising puts in place of a control character ("_") or a lone surrogate (U+FFFD): a
 * value that needs normalising and is neither blank at an end nor too long becomes a text with
 * one of these in it, and only such a text.
 */
const REPLACEMENTS = /[_\ufffd]/;

const UNSURE: Excluder = () => 0;
const NONE_SHARED: Excluders = { byFirst: [UNSURE], current: UNSURE };
/** Excluders kept per metric, one per allow-list recording into it. */
const MAX_ALLOW_LISTS = 64;

export class AdmittedValues {
  /** Per attribute of `names`, how many admitted series hold each value (as text: 200 and "200" are one). */
  private readonly held: Map<string, number>[];
  /** Per attribute, how many of the values held contain "_" or U+FFFD (see REPLACEMENTS). */
  private readonly marked: number[];
  /** One excluder per allow-list recording into the metric, and the one asked last. */
  private readonly excluders = new Map<readonly string[], Excluders>();
  private lastKeys: readonly string[] | undefined;
  private lastExcluders: Excluders = NONE_SHARED;

  constructor(
    /** The attributes indexed: the metric's first declaration's. */
    private readonly names: readonly string[],
    admitted: Iterable<{ readonly attributes: SeriesAttributes }>,
  ) {
    this.held = names.map(() => new Map<string, number>());
    this.marked = names.map(() => 0);
    for (const series of admitted) this.add(series.attributes);
  }

  add(attributes: SeriesAttributes): void {
    this.count(attributes, 1);
  }

  remove(attributes: SeriesAttributes): void {
    this.count(attributes, -1);
  }

  /**
   * True when a string value of `input` under one of the indexed names is held by no admitted
   * series and cannot become a held value by normalising (it is plain, or keeps its shape while no
   * value held under that name has a replacement in it): then the set `input` makes through the
   * allow-list `keys` has no place. Only names both `keys` and the index have decide (another
   * declaration of the metric may allow other names); anything else is unsure (false).
   */
  excludes(input: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean {
    const excluders = keys === this.lastKeys ? this.lastExcluders : this.excludersFor(keys);
    const decided = excluders.current(input, this.held, this.marked);
    if (decided === 0) return false;
    excluders.current = excluders.byFirst[decided - 1]!;
    return true;
  }

  private excludersFor(keys: readonly string[]): Excluders {
    let excluders = this.excluders.get(keys);
    if (excluders === undefined) {
      excluders = compileExcluders(keys, this.names);
      // Resolvers share one array per allow-list, so a metric sees a few; bounded all the same.
      if (this.excluders.size >= MAX_ALLOW_LISTS) this.excluders.clear();
      this.excluders.set(keys, excluders);
    }
    this.lastKeys = keys;
    this.lastExcluders = excluders;
    return excluders;
  }

  private count(attributes: SeriesAttributes, change: 1 | -1): void {
    const names = this.names;
    for (let p = 0; p < names.length; p++) {
      const value = attributes[names[p]!];
      if (value === undefined) continue;
      const text = String(value);
      const held = this.held[p]!;
      const before = held.get(text) ?? 0;
      const count = before + change;
      if (count > 0) held.set(text, count);
      else held.delete(text);
      if ((before === 0) !== (count <= 0) && REPLACEMENTS.test(text)) this.marked[p]! += count > 0 ? 1 : -1;
    }
  }
}

/**
 * True when normalising `value` keeps its length and its ends: it is 1 to 128 characters with no
 * blank at either end, so normalising at most replaces control characters and lone surrogates
 * (see REPLACEMENTS). Such a value that is not held can become a held one only if a held value has
 * a replacement in it. Two character reads, where telling whether it is plain scans the whole
 * value (about 16 ns for 10 characters, 47 ns for a UUID).
 */
export function keepsShapeWhenNormalised(value: string): boolean {
  const n = value.length;
  return n !== 0 && n <= MAX_ATTRIBUTE_VALUE_LENGTH && !trimmable(value.charCodeAt(0)) && !trimmable(value.charCodeAt(n - 1));
}

/** The characters String.prototype.trim removes: white space and line terminators. */
function trimmable(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff);
}

/**
 * The excluders of one allow-list as straight-line code, as the series resolver's lookup is: each
 * value is a named property load, which V8 caches for the shape of the caller's object literal,
 * where a loop over `input[keys[i]]` is a keyed load shared by every metric (about 20 ns a record
 * past the limit). One per name the allow-list shares with the index, asking that name first and
 * the others in order. Names are embedded with JSON.stringify, so no name can inject code.
 */
function compileExcluders(keys: readonly string[], names: readonly string[]): Excluders {
  const shared = keys.filter((key) => names.includes(key));
  if (shared.length === 0) return NONE_SHARED;
  const byFirst = shared.map((first) => {
    const lines = ['let v;'];
    for (const key of [first, ...shared.filter((other) => other !== first)]) {
      const p = names.indexOf(key);
      lines.push(`v = input[${JSON.stringify(key)}];`, `if (typeof v === "string" && !held[${p}].has(v) && (marked[${p}] === 0 ? quick(v) : plain(v))) return ${shared.indexOf(key) + 1};`);
    }
    lines.push('return 0;');
    const factory = new Function('plain', 'quick', `return function excludes(input, held, marked) {\n${lines.join('\n')}\n};`) as (
      plain: (value: string) => boolean,
      quick: (value: string) => boolean,
    ) => Excluder;
    return factory(isPlainValue, keepsShapeWhenNormalised);
  });
  return { byFirst, current: byFirst[0]! };
}
