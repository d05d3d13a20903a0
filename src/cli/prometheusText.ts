// A reader of the Prometheus text exposition format: the samples with their labels, and each
// family's declared type.

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  /** Family name → type (counter, gauge, histogram, summary, untyped). */
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly Sample[];
}

/** Parses the exposition; lines it cannot read are skipped (a watch view must not stop on one). */
export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const typed = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (typed) types.set(typed[1]!, typed[2]!);
      continue;
    }
    const sample = parseSample(line);
    if (sample !== undefined) samples.push(sample);
  }
  return { types, samples };
}

function parseSample(line: string): Sample | undefined {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) return undefined;
  const name = nameMatch[0];
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    // Bounded by the line's length: every step consumes at least one character.
    while (i < line.length && line[i] !== '}') {
      const key = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/.exec(line.slice(i));
      if (!key) return undefined;
      i += key[0].length;
      let value = '';
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          const next = line[i + 1]!;
          value += next === 'n' ? '\n' : next;
          i += 2;
        } else {
          value += line[i];
          i++;
        }
      }
      if (line[i] !== '"') return undefined;
      i++;
      labels[key[1]!] = value;
      const separator = /^\s*,?\s*/.exec(line.slice(i));
      i += separator![0].length;
    }
    if (line[i] !== '}') return undefined;
    i++;
  }
  const value = parseValue(line.slice(i).trim().split(/\s+/)[0] ?? '');
  return value === undefined ? undefined : { name, labels, value };
}

function parseValue(text: string): number | undefined {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  return text === '' || Number.isNaN(value) ? undefined : value;
}
