// The naming rules a metric declaration must follow to read the same on both export paths and in
// Prometheus: dot-separated lower-case names, `.total` on counters only, units in UCUM and out of
// the name, durations in seconds, histograms on a bucket set of their unit.
import { BUCKET_SETS, type BucketSetName } from '../core/buckets.js';
import type { MetricSpec } from '../core/MetricSpec.js';

/** What one rule found wrong; `subject` is a metric name, a method, or the class. */
export interface MetricsClassProblem {
  readonly rule: 'name' | 'unit' | 'description' | 'attributes' | 'buckets' | 'declaration' | 'export' | 'no-throw' | 'no-op';
  readonly subject: string;
  readonly message: string;
}

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
/** OpenTelemetry's limit on instrument names. */
const MAX_NAME_LENGTH = 255;
const UNIT_WORDS = /(^|[._])(seconds?|secs?|milliseconds?|millis|ms|microseconds?|us|nanoseconds?|ns|bytes?|kilobytes?|megabytes?|percent|ratio)$/;

/** The UCUM units OpenTelemetry's conventions use, and any `{annotation}`, alone or per a time unit. */
const ATOMS = ['1', '%', 's', 'ms', 'us', 'ns', 'min', 'h', 'd', 'By', 'KBy', 'MBy', 'GBy', 'KiBy', 'MiBy', 'GiBy', 'bit', 'Hz', 'Cel', 'm', 'g', 'W', 'J', 'V', 'A'];
const ATOM = `(?:${ATOMS.map((a) => a.replace('%', '\\%')).join('|')}|\\{[A-Za-z0-9_.\\-]+\\})`;
const UNIT = new RegExp(`^${ATOM}(?:/${ATOM})?$`);
const COMMON_MISTAKES: Readonly<Record<string, string>> = {
  seconds: 's', second: 's', sec: 's', milliseconds: 'ms', bytes: 'By', byte: 'By', B: 'By', percent: '%', count: '{item} (a curly-braced annotation)', '': '1 (dimensionless) or a {annotation}',
};
const SUBSECOND = new Set(['ms', 'us', 'ns']);

/** The unit each bucket set is written in; `undefined`: counts of anything (`1` or an annotation). */
const BUCKET_UNITS: Readonly<Record<BucketSetName, string | undefined>> = {
  fast: 's', request: 's', db: 's', long: 's', bytes: 'By', mebibytes: 'MiBy', percent: '%', count: undefined,
};

const ATTRIBUTE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** Every rule `spec` breaks, as problems about its metric. */
export function specProblems(spec: MetricSpec): MetricsClassProblem[] {
  const problems: MetricsClassProblem[] = [];
  const add = (rule: MetricsClassProblem['rule'], message: string) => problems.push({ rule, subject: String(spec.name), message });
  const name = typeof spec.name === 'string' ? spec.name : '';
  if (!NAME.test(name)) add('name', 'a name is lower-case words of letters, digits and underscores, separated by dots, starting with a letter');
  if (name.length > MAX_NAME_LENGTH) add('name', `longer than ${MAX_NAME_LENGTH} characters`);
  const isCounter = spec.kind === 'counter';
  if (isCounter && !name.endsWith('.total')) add('name', 'a counter name ends in ".total" (so that it reads the same scraped and through a collector)');
  if (!isCounter && /[._]total$/.test(name)) add('name', `only counters end in "total"; this is ${spec.kind === 'upDownCounter' ? 'an up-down counter' : `a ${spec.kind}`}`);
  const stem = name.replace(/\.total$/, '');
  if (UNIT_WORDS.test(stem)) add('name', `the unit belongs in "unit", not in the name (the collector would add it a second time)`);

  const unit = typeof spec.unit === 'string' ? spec.unit : '';
  if (!UNIT.test(unit)) {
    const hint = COMMON_MISTAKES[unit];
    add('unit', `"${unit}" is not a UCUM unit${hint === undefined ? ' (s, By, %, 1, or a {annotation} such as {request})' : `; write ${hint}`}`);
  } else if (SUBSECOND.has(unit)) {
    add('unit', `durations are recorded in seconds (unit "s"), as OpenTelemetry's conventions and Prometheus expect, not "${unit}"`);
  }
  if (typeof spec.description !== 'string' || spec.description.trim() === '') add('description', 'has no description (it becomes the HELP line)');

  const keys = Array.isArray(spec.attributes) ? (spec.attributes as unknown[]) : undefined;
  if (keys === undefined) add('attributes', 'attributes must be an array of keys');
  else {
    for (const key of keys) {
      if (typeof key !== 'string' || !ATTRIBUTE.test(key)) add('attributes', `attribute key ${JSON.stringify(key)} is not lower-case words separated by dots or underscores`);
    }
    const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (dupes.length > 0) add('attributes', `attribute keys declared twice: ${[...new Set(dupes)].join(', ')}`);
  }

  if (spec.kind === 'histogram') {
    const set = (spec as { buckets?: unknown }).buckets;
    if (typeof set !== 'string' || !Object.hasOwn(BUCKET_SETS, set)) {
      add('buckets', `declares no known bucket set (${Object.keys(BUCKET_SETS).join(', ')}); without one the SDK's 0…10000 buckets put every duration in the first`);
    } else {
      const expected = BUCKET_UNITS[set as BucketSetName];
      if (expected !== undefined && expected !== unit) add('buckets', `the "${set}" buckets are in "${expected}", the metric in "${unit}"`);
      if (expected === undefined && unit === 's') add('buckets', `the "${set}" buckets are counts; durations in "s" take fast, request, db or long`);
    }
  }
  return problems;
}
