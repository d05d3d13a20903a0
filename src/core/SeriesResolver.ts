// Turns the attributes a caller passes into a series handle, once per distinct set of raw values.
// A hit is one Map lookup per allowed key; the policy (allow-list, value normalisation,
// diagnostics) runs only on a miss. The raw-value cache is bounded so that unbounded input
// (ids, messages) costs a slower path, never unbounded memory, and it evicts by generation, so
// after any amount of churn the series in use are found on the first lookup again.
import { INVALID_ATTRIBUTE_VALUE, MAX_ATTRIBUTE_VALUE_LENGTH, normalizeAttributeValue } from './attributePolicy.js';
import type { MetricDiagnostics } from './MetricDiagnostics.js';

/** Normalised attributes as exported: allowed keys only, string or finite number values. */
export type SeriesAttributes = Readonly<Record<string, string | number>>;

/**
 * Makes or finds the series for normalised attributes; called on every cache miss, so it must
 * return the same series for the same `key`. `key` identifies the attribute set whatever the
 * allow-list it came through: equal keys mean equal attributes.
 */
export type SeriesFactory<S> = (attributes: SeriesAttributes, key: string) => S;

/**
 * A factory that can be full: past its limit every attribute set it does not hold resolves to
 * one overflow series, so that a miss only needs the set's key to tell the two apart, not its
 * normalised attributes, and its result is not worth caching.
 */
export interface SaturatingFactory<S> {
  /** True while no new attribute set can be admitted. */
  saturated(): boolean;
  /** The admitted series of `key`, or undefined. */
  find(key: string): S | undefined;
  /** Where a set that is not admitted goes while saturated; called for each such record. */
  overflow(): S;
  /**
   * True when the set `input` makes through the allow-list `keys` certainly holds no place: one
   * of its values is held by no admitted set (an id never seen). Answered without building the
   * set's key; false when unsure.
   */
  excludes?(input: Readonly<Record<string, unknown>>, keys: readonly string[]): boolean;
}

type RawInput = Readonly<Record<string, unknown>> | null | undefined;
type Node = Map<unknown, unknown>;

const PAIR_SEPARATOR = '\u0000';
const NAME_SEPARATOR = '\u0001';
/** Raw strings longer than this are not kept as cache keys: a payload passed as a value must not stay alive. */
const MAX_CACHED_RAW_LENGTH = 256;
/**
 * Past the limit a record sent to the overflow skips the allow-list check (it is a hot path):
 * the first of every this many is checked, so that a misspelt key is still reported.
 */
const OVERFLOW_KEY_CHECK_EVERY = 256;

export class SeriesResolver<S> {
  /**
   * Two generations of raw-value tries. New entries go into `young`; when it is full it becomes
   * `old` and the previous old one is dropped. A hit in `old` moves the entry to `young`, so what
   * is recorded regularly survives every turn and a burst of one-off values passes through.
   */
  private young: Node = new Map();
  private old: Node = new Map();
  private youngCount = 0;
  private readonly generationSize: number;
  private readonly last: number;
  private single: S | undefined;
  /** Records to send to the overflow (while saturated) before the next whose keys are checked. */
  private untilKeyCheck = 1;
  /** The hit path, generated per allow-list: one named property load and one Map lookup per key. */
  private readonly lookup: (root: Node, input: RawInput) => S | undefined;
  /** The key of plain raw values (strings already normal, finite numbers), or undefined. */
  private readonly plainKey: (input: RawInput) => string | undefined;

  /** The allow-list as used: each key once, shared by every resolver with the same list (see `allowList`). */
  private readonly keys: readonly string[];

  constructor(
    keys: readonly string[],
    private readonly factory: SeriesFactory<S>,
    private readonly diagnostics: MetricDiagnostics,
    /** Most raw-value combinations remembered, both generations together. */
    maxCached: number,
    private readonly saturating?: SaturatingFactory<S>,
  ) {
    this.keys = allowList(keys);
    this.last = this.keys.length - 1;
    this.lookup = compileLookup(this.keys);
    this.plainKey = compilePlainKey(this.keys);
    this.generationSize = Math.max(1, Math.floor(maxCached / 2));
  }

  resolve(input: RawInput): S {
    if (this.last < 0) return this.resolveWithoutAttributes(input);
    const hit = this.lookup(this.young, input);
    return hit === undefined ? this.missYoung(input) : hit;
  }

  /**
   * `resolve` for an allow-list without keys, for callers that only ever have those: a method of
   * its own keeps the lookup of the other allow-lists out of their compiled code.
   */
  resolveWithoutAttributes(input: RawInput): S {
    return this.single ?? this.miss(input);
  }

  /** How many raw-value combinations are remembered now (both generations). */
  get cachedCount(): number {
    return this.youngCount + countLeaves(this.old, this.last);
  }

  /** Forgets every cached resolution (the series they point to may have changed). */
  clear(): void {
    this.young = new Map();
    this.old = new Map();
    this.youngCount = 0;
    this.single = undefined;
  }

  private missYoung(input: RawInput): S {
    // Past the limit most misses are ids never seen: those are told apart first, for less than
    // the lookup in the older generation costs.
    const saturated = this.saturating?.saturated() === true;
    if (saturated && input != null && this.saturating!.excludes?.(input, this.keys) === true) return this.toOverflow(input);
    const promoted = this.lookup(this.old, input);
    if (promoted === undefined) return saturated ? this.missSaturated(input) : this.miss(input);
    this.remember(input, promoted);
    return promoted;
  }

  /**
   * A miss while the factory is full: a set never seen is most likely one more id past the
   * limit. For plain values its key is built straight from them (no normalised copy, no
   * diagnostics scan); an admitted set is cached as usual, the overflow is not (a stream of
   * one-off ids would only churn the cache).
   */
  private missSaturated(input: RawInput): S {
    const key = input == null ? undefined : this.plainKey(input);
    if (key === undefined) return this.miss(input);
    const admitted = this.saturating!.find(key);
    if (admitted === undefined) return this.toOverflow(input!);
    this.remember(input, admitted);
    return admitted;
  }

  /** The overflow series for a set with no place, checking the keys of a sample of such records. */
  private toOverflow(input: Readonly<Record<string, unknown>>): S {
    if (--this.untilKeyCheck <= 0) {
      this.untilKeyCheck = OVERFLOW_KEY_CHECK_EVERY;
      this.checkKeys(input);
    }
    return this.saturating!.overflow();
  }

  private miss(input: RawInput): S {
    const keys = this.keys;
    if (input != null) this.checkKeys(input);
    const attributes: Record<string, string | number> = {};
    let cacheable = true;
    for (let i = 0; i < keys.length; i++) {
      const raw = input?.[keys[i]!];
      if (raw !== null && (typeof raw === 'object' || typeof raw === 'function')) cacheable = false;
      if (typeof raw === 'string' && raw.length > MAX_CACHED_RAW_LENGTH) cacheable = false;
      const value = normalizeAttributeValue(raw);
      if (value === INVALID_ATTRIBUTE_VALUE) {
        this.diagnostics.report('invalid-attribute', `${keys[i]}: ${typeof raw}`);
      } else if (value !== undefined) {
        attributes[keys[i]!] = value;
      }
    }
    const key = seriesKey(attributes);
    const series = this.factory(Object.freeze(attributes), key);
    if (cacheable) this.remember(input, series);
    return series;
  }

  private remember(input: RawInput, series: S): void {
    if (this.last < 0) {
      this.single = series;
      return;
    }
    if (this.youngCount >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
      this.youngCount = 0;
    }
    let node = this.young;
    for (let i = 0; i < this.last; i++) {
      const raw = input?.[this.keys[i]!];
      let next = node.get(raw) as Node | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(raw, next);
      }
      node = next;
    }
    node.set(input?.[this.keys[this.last]!], series);
    this.youngCount++;
  }

  private checkKeys(input: Readonly<Record<string, unknown>>): void {
    for (const name in input) {
      if (!this.keys.includes(name)) this.diagnostics.report('unknown-attribute', name);
    }
  }
}

/**
 * The identity of an attribute set: its names and values, sorted by name, so that two allow-lists
 * declaring the same metric (OperationMetrics with different extra labels) agree on it. Values
 * are compared as strings: 200 and "200" are one series, as Prometheus would show them.
 */
function seriesKey(attributes: Readonly<Record<string, string | number>>): string {
  const names = Object.keys(attributes);
  if (names.length > 1) names.sort();
  // Joined, not appended: `+=` leaves a tree of partial strings that the key keeps alive for as
  // long as the series lives (about 80 bytes per series with 3 attributes); join makes one flat string.
  const pairs = new Array<string>(names.length);
  for (let i = 0; i < names.length; i++) pairs[i] = names[i] + NAME_SEPARATOR + String(attributes[names[i]!]);
  return pairs.join(PAIR_SEPARATOR);
}

/** Distinct allow-lists kept as one array each; past this many, lists are used as given. */
const MAX_ALLOW_LISTS = 10_000;
const ALLOW_LISTS = new Map<string, readonly string[]>();

/**
 * `keys` as a resolver uses them: each key once, since an attributes object holds a name once
 * and the key of plain values must be built from the same names; and without "__proto__", which
 * an object literal cannot hold as its own key (the attribute is dropped, as unknown). The
 * result is one frozen array per distinct list, so that what the aggregation keeps per
 * allow-list (see AdmittedValues) is kept once, however many instances record through it.
 */
function allowList(keys: readonly string[]): readonly string[] {
  const usable = [...new Set(keys)].filter((key) => key !== '__proto__');
  const id = JSON.stringify(usable);
  const known = ALLOW_LISTS.get(id);
  if (known !== undefined) return known;
  const list = Object.freeze(usable);
  if (ALLOW_LISTS.size < MAX_ALLOW_LISTS) ALLOW_LISTS.set(id, list);
  return list;
}

function countLeaves(node: Node, depth: number): number {
  if (depth === 0) return node.size;
  let n = 0;
  for (const child of node.values()) n += countLeaves(child as Node, depth - 1);
  return n;
}

const NO_ATTRIBUTES: Readonly<Record<string, unknown>> = Object.freeze({});

/** Any character that makes a value not plain (see isPlainValue), wherever it is. */
const NOT_PLAIN = /[\x00-\x1f\x7f\xa0\u1680\u2000-\uffff]/;

/** Up to this length a loop over the characters is quicker than the regular expression. */
const SCANNED_BY_LOOP = 12;

/**
 * True for a string the attribute policy keeps as it is: 1 to 128 characters, no blank at either
 * end, no control characters or surrogates (see attributePolicy). Anything else takes the full path.
 * Past the cardinality limit every record of a new id asks this: a UUID takes 47 ns through the
 * regular expression, 84 ns through the loop (Node 20), which is quicker only for short values.
 */
export function isPlainValue(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > MAX_ATTRIBUTE_VALUE_LENGTH || value.charCodeAt(0) <= 0x20 || value.charCodeAt(n - 1) <= 0x20) return false;
  if (n > SCANNED_BY_LOOP) return !NOT_PLAIN.test(value);
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0xa0 || c === 0x1680 || c >= 0x2000) return false;
  }
  return true;
}

/**
 * The series key (see seriesKey) of raw values that need no normalising, as straight-line code
 * over the allow-list sorted by name; undefined when any value is not plain (the caller then
 * normalises). An absent or undefined value is left out, as normalising would.
 */
function compilePlainKey(keys: readonly string[]): (input: RawInput) => string | undefined {
  const sorted = [...keys].sort();
  const lines = ['let key = "";', 'let v;'];
  sorted.forEach((name) => {
    lines.push(
      `v = input[${JSON.stringify(name)}];`,
      'if (v !== undefined) {',
      '  if (typeof v === "string") { if (!plain(v)) return undefined; }',
      '  else if (typeof v !== "number" || v - v !== 0) return undefined;',
      `  key += (key === "" ? ${JSON.stringify(name + NAME_SEPARATOR)} : ${JSON.stringify(PAIR_SEPARATOR + name + NAME_SEPARATOR)}) + v;`,
      '}',
    );
  });
  lines.push('return key;');
  const factory = new Function('plain', `return function plainKey(input) {\n${lines.join('\n')}\n};`) as (
    plain: (value: string) => boolean,
  ) => (input: RawInput) => string | undefined;
  return factory(isPlainValue);
}

/**
 * Builds the lookup for one allow-list as straight-line code. With the keys as constants, each
 * property read is a named load that V8 caches for the shape of the caller's object literal,
 * where a loop over `input[keys[i]]` is a keyed load shared by every instrument. The keys are
 * embedded with JSON.stringify, so no key can inject code.
 */
function compileLookup<S>(keys: readonly string[]): (root: Node, input: RawInput) => S | undefined {
  if (keys.length === 0) return () => undefined;
  const lines = ['if (input == null) input = empty;', 'let node = root;'];
  keys.forEach((key, i) => {
    const read = `input[${JSON.stringify(key)}]`;
    if (i < keys.length - 1) lines.push(`node = node.get(${read});`, 'if (node === undefined) return undefined;');
    else lines.push(`return node.get(${read});`);
  });
  const factory = new Function('empty', `return function lookup(root, input) {\n${lines.join('\n')}\n};`) as (
    empty: Readonly<Record<string, unknown>>,
  ) => (root: Node, input: RawInput) => S | undefined;
  return factory(NO_ATTRIBUTES);
}
