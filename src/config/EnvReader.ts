// Typed readers over an injectable environment. Blank counts as unset; an unparsable value is
// recorded as a problem (never thrown one at a time) so that the caller can report all of them.
import type { ConfigProblem } from './MetricsConfigError.js';

export type EnvSource = Readonly<Record<string, string | undefined>>;

export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

export class EnvReader {
  readonly problems: ConfigProblem[] = [];

  constructor(private readonly env: EnvSource) {}

  /** Trimmed value, or undefined when absent or blank. */
  string(name: string): string | undefined {
    const raw = this.env[name];
    if (raw === undefined) return undefined;
    const trimmed = raw.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  /** The first of several alias variables that is set, with the name it was read from. */
  firstOf(names: readonly string[]): { name: string; value: string } | undefined {
    for (const name of names) {
      const value = this.string(name);
      if (value !== undefined) return { name, value };
    }
    return undefined;
  }

  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    this.problem(name, value, '"true" or "false"');
    return undefined;
  }

  integer(names: string | readonly string[], range: IntegerRange): number | undefined {
    const found = this.firstOf(typeof names === 'string' ? [names] : names);
    if (found === undefined) return undefined;
    return parseInteger(found.value, range, (expected) => this.problem(found.name, found.value, expected));
  }

  /** A comma-separated list, lower-cased, blanks removed. */
  list(name: string): string[] | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    return value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter((item) => item !== '');
  }

  /** `key=value,key2=value2` with percent-encoded values, as OTel uses for headers and resources. */
  /** `shownAs` replaces the value in the problem report, for variables that carry secrets (OTLP headers). */
  keyValueList(name: string, shownAs?: string): Record<string, string> | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const parsed = parseKeyValueList(value);
    if (parsed === undefined) {
      this.problem(name, shownAs ?? value, 'a comma-separated list of key=value pairs with non-empty keys');
      return undefined;
    }
    return parsed;
  }

  problem(setting: string, value: string, expected: string): void {
    this.problems.push({ setting, value, expected });
  }
}

export function parseInteger(
  text: string,
  range: IntegerRange,
  onInvalid: (expected: string) => void,
): number | undefined {
  const expected = `an integer from ${range.min} to ${range.max}`;
  if (!/^[+-]?\d+$/.test(text)) {
    onInvalid(expected);
    return undefined;
  }
  const value = Number(text);
  if (value < range.min || value > range.max) {
    onInvalid(expected);
    return undefined;
  }
  return value;
}

export function parseKeyValueList(text: string): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) return undefined;
    const key = entry.slice(0, eq).trim();
    if (key === '') return undefined;
    try {
      result[key] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return result;
}
