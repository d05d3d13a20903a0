import { afterEach, describe, expect, it } from 'vitest';
import { MetricDiagnostics } from '../../src/core/MetricDiagnostics.js';
import { isPlainValue, SeriesResolver, type SeriesAttributes } from '../../src/core/SeriesResolver.js';
import { MAX_ATTRIBUTE_VALUE_LENGTH, normalizeAttributeValue } from '../../src/core/attributePolicy.js';
import { captureDiag } from '../support/diagnostics.js';

function resolver(keys: string[], maxCached = 100) {
  const made: { attributes: SeriesAttributes; key: string }[] = [];
  const r = new SeriesResolver(keys, (attributes, key) => {
    const series = { attributes, key };
    made.push(series);
    return series;
  }, new MetricDiagnostics('test.metric'), maxCached);
  return { r, made };
}

describe('SeriesResolver', () => {
  let restore = () => {};
  afterEach(() => restore());

  it('returns the same series for the same raw values without calling the factory again', () => {
    const { r, made } = resolver(['status', 'lang']);
    const a = r.resolve({ status: 'ok', lang: 'py' });
    const b = r.resolve({ status: 'ok', lang: 'py' });
    expect(b).toBe(a);
    expect(made).toHaveLength(1);
    expect(a.attributes).toEqual({ status: 'ok', lang: 'py' });
  });

  it('keeps only allowed keys, in allow-list order, and reports an unknown key once', () => {
    const diag = captureDiag();
    restore = diag.restore;
    const { r } = resolver(['status']);
    const series = r.resolve({ status: 'ok', user_id: '42' } as never);
    r.resolve({ status: 'other', session: 'x' } as never);
    expect(series.attributes).toEqual({ status: 'ok' });
    expect(diag.warnings.filter((w) => w.includes('outside the allow-list'))).toHaveLength(1);
    expect(diag.warnings[0]).toContain('test.metric');
  });

  it('gives one key to inputs that normalise to the same attributes (200 and "200" too)', () => {
    const { r } = resolver(['code']);
    expect(r.resolve({ code: 200 }).key).toBe(r.resolve({ code: '200' }).key);
    expect(r.resolve({ code: undefined }).key).toBe(r.resolve(undefined).key);
    expect(r.resolve({ code: ' ' }).attributes).toEqual({});
  });

  it('omits invalid values and reports them once', () => {
    const diag = captureDiag();
    restore = diag.restore;
    const { r } = resolver(['error_type']);
    expect(r.resolve({ error_type: new Error('x') as never }).attributes).toEqual({});
    r.resolve({ error_type: {} as never });
    expect(diag.warnings.filter((w) => w.includes('attribute value'))).toHaveLength(1);
  });

  it('evicts by generation: after any churn the values in use are cached again, within its bound', () => {
    const { r, made } = resolver(['id'], 10);
    for (let i = 0; i < 50; i++) r.resolve({ id: `v${i}` });
    expect(made).toHaveLength(50);
    expect(r.cachedCount).toBeLessThanOrEqual(10);
    r.resolve({ id: 'v49' });
    expect(made).toHaveLength(50); // the newest values are cached
    const early = r.resolve({ id: 'v5' });
    expect(made).toHaveLength(51); // evicted long ago: resolved again, and remembered
    expect(early.attributes).toEqual({ id: 'v5' });
    r.resolve({ id: 'v5' });
    expect(made).toHaveLength(51);
    // A value in regular use survives a flood of one-off values passing through.
    for (let i = 0; i < 100_000; i++) {
      r.resolve({ id: `churn-${i}` });
      if (i % 3 === 0) r.resolve({ id: 'steady' });
    }
    const before = made.length;
    for (let i = 0; i < 100; i++) r.resolve({ id: 'steady' });
    expect(made.length).toBe(before);
    expect(r.cachedCount).toBeLessThanOrEqual(10);
  });

  it('resolves metrics without attributes to one series', () => {
    const { r, made } = resolver([]);
    expect(r.resolve(undefined)).toBe(r.resolve({}));
    expect(made).toHaveLength(1);
  });
});

describe('SeriesResolver past the limit', () => {
  const KEYS = ['status', 'route', 'code'];
  const VALUES: unknown[] = ['ok', '/users/:id', ' padded ', 'tab\tinside', '', '   ', 'é-accent', 'space\u00a0nb', 'x'.repeat(200), 'lone\ud800', 200, -0, 1.5, Number.NaN, Infinity, true, null, undefined, {}, 'Ünïcödé'];

  function slowKey(input: Record<string, unknown>): string {
    let key = '';
    new SeriesResolver(KEYS, (_attributes, k) => (key = k), new MetricDiagnostics('t'), 10).resolve(input);
    return key;
  }

  it('finds a set by the same key the full path computes, for every kind of raw value', () => {
    let checked = 0;
    let seed = 7;
    const pick = () => VALUES[(seed = (seed * 1103515245 + 12345) % 2147483648) % VALUES.length];
    for (let i = 0; i < 3000; i++) {
      const input: Record<string, unknown> = { status: pick(), route: pick(), code: pick() };
      const asked: string[] = [];
      const saturated = new SeriesResolver(KEYS, (_a, k) => `slow:${k}`, new MetricDiagnostics('t'), 10, {
        saturated: () => true,
        find: (key) => {
          asked.push(key);
          return `found:${key}`;
        },
        overflow: () => 'overflow',
      });
      const result = saturated.resolve(input);
      const expected = slowKey(input);
      if (asked.length > 0) {
        checked++;
        expect(asked).toEqual([expected]);
        expect(result).toBe(`found:${expected}`);
      } else {
        expect(result).toBe(`slow:${expected}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('sends a set it cannot find to the overflow without caching it, and caches an admitted one', () => {
    const found: string[] = [];
    const admitted = new Map([['route\u0001/a\u0000status\u0001ok', 'admitted']]);
    const r = new SeriesResolver(KEYS, () => 'slow', new MetricDiagnostics('t'), 100, {
      saturated: () => true,
      find: (key) => {
        found.push(key);
        return admitted.get(key);
      },
      overflow: () => 'overflow',
    });
    expect(r.resolve({ status: 'ok', route: '/b' })).toBe('overflow');
    expect(r.resolve({ status: 'ok', route: '/b' })).toBe('overflow');
    expect(r.resolve({ status: 'ok', route: '/a' })).toBe('admitted');
    expect(r.resolve({ status: 'ok', route: '/a' })).toBe('admitted');
    expect(found).toHaveLength(3);
    expect(r.cachedCount).toBe(1);
  });

  it('finds an admitted set through an allow-list that names a key twice or holds "__proto__"', () => {
    const asked: string[] = [];
    const reports: string[] = [];
    const diagnostics = new MetricDiagnostics('t');
    diagnostics.report = (problem, detail) => void reports.push(`${problem} ${String(detail)}`);
    let full: string | undefined;
    const keys = ['route', 'status', 'route', '__proto__'];
    new SeriesResolver(keys, (_a, k) => (full = k), diagnostics, 10).resolve(JSON.parse('{"route":"/a","status":"ok","__proto__":"x"}'));
    const saturated = new SeriesResolver(keys, () => 'slow', diagnostics, 10, {
      saturated: () => true,
      find: (key) => {
        asked.push(key);
        return 'admitted';
      },
      overflow: () => 'overflow',
    });
    expect(saturated.resolve(JSON.parse('{"route":"/a","status":"ok","__proto__":"x"}'))).toBe('admitted');
    // The key built from plain values is the one the full path gives the same set.
    expect(asked).toEqual([full]);
    expect(full).toBe('route\u0001/a\u0000status\u0001ok');
    // "__proto__" cannot be an attribute: it is dropped and reported like any key not allowed.
    expect(reports).toEqual(['unknown-attribute __proto__']);
  });

  it('shares one allow-list among resolvers of equal lists, so what is kept per list is kept once', () => {
    const seen = new Set<readonly string[]>();
    const factory = {
      saturated: () => true,
      find: () => undefined,
      overflow: () => 'overflow',
      excludes: (_input: Readonly<Record<string, unknown>>, keys: readonly string[]) => {
        seen.add(keys);
        return true;
      },
    };
    // Request-scoped instances build their lists anew, as OperationMetrics does with its labels.
    for (let i = 0; i < 100; i++) new SeriesResolver(['operation', 'outcome', 'tenant'], () => 'slow', new MetricDiagnostics('t'), 10, factory).resolve({ operation: 'a', tenant: `t${i}` });
    expect(seen.size).toBe(1);
    new SeriesResolver(['operation', 'tenant'], () => 'slow', new MetricDiagnostics('t'), 10, factory).resolve({ operation: 'a' });
    expect(seen.size).toBe(2);
  });

  it('checks the keys of the first of every 256 records it sends to the overflow, so a misspelt key past the limit is still reported', () => {
    const reports: string[] = [];
    const diagnostics = new MetricDiagnostics('t');
    diagnostics.report = (problem, detail) => void reports.push(`${problem} ${String(detail)}`);
    let overflowed = 0;
    const r = new SeriesResolver(KEYS, () => 'slow', diagnostics, 100, {
      saturated: () => true,
      find: () => undefined,
      overflow: () => {
        overflowed++;
        return 'overflow';
      },
      // Half the ids are told apart by their value, half by their key: both ways to the overflow.
      excludes: (input) => String(input.route).startsWith('/new/'),
    });
    for (let i = 0; i < 1000; i++) {
      expect(r.resolve({ status: 'ok', route: i % 2 === 0 ? `/new/${i}` : `/other/${i}`, user: 'u-1' })).toBe('overflow');
    }
    expect(overflowed).toBe(1000);
    // Records 0, 256, 512 and 768.
    expect(reports).toEqual(Array(4).fill('unknown-attribute user'));
    // Records without an unknown key are sampled alike and report nothing.
    for (let i = 0; i < 1000; i++) r.resolve({ status: 'ok', route: `/new/x${i}` });
    expect(reports).toHaveLength(4);
  });
});

describe('isPlainValue', () => {
  // A plain value must be one the attribute policy keeps as it is: past the limit it decides that
  // a value no admitted series holds has no place, without normalising it.
  it.each([3, 12, 13, 40, MAX_ATTRIBUTE_VALUE_LENGTH])('tells every UTF-16 code unit in a value of %i characters as the policy needs', (length) => {
    const before = 'a'.repeat(Math.floor((length - 1) / 2));
    const after = 'b'.repeat(length - 1 - before.length);
    for (let c = 0; c <= 0xffff; c++) {
      const value = before + String.fromCharCode(c) + after;
      const expected = c >= 0x20 && c !== 0x7f && c !== 0xa0 && c !== 0x1680 && c < 0x2000;
      if (isPlainValue(value) !== expected) throw new Error(`code unit ${c.toString(16)} in ${length} characters: ${!expected}`);
      if (expected && normalizeAttributeValue(value) !== value) throw new Error(`code unit ${c.toString(16)} is changed by the policy`);
    }
  });

  it('refuses empty and over-long values and blanks at either end, short or long', () => {
    const long = 'x'.repeat(20);
    expect(['', 'x'.repeat(MAX_ATTRIBUTE_VALUE_LENGTH + 1), ' ab', 'ab ', '\tab', `${long} `, ` ${long}`, `\n${long}`].map(isPlainValue)).toEqual(Array(8).fill(false));
    expect(['a', 'x'.repeat(MAX_ATTRIBUTE_VALUE_LENGTH), 'a b', `${long} ${long}`, '550e8400-e29b-41d4-a716-446655440000'].map(isPlainValue)).toEqual(Array(5).fill(true));
  });
});
