// The conformance suite for a BaseMetrics subclass: its declarations follow the naming rules, its
// exports match them, no public method throws on bad input, and without a provider it records
// nothing. Runs against the real recording path through createTestMetrics().
import { AssertionError } from 'node:assert';
import { metrics as metricsApi } from '@opentelemetry/api';
import { AggregationTemporality, MeterProvider } from '@opentelemetry/sdk-metrics';
import { BaseMetrics, type BaseMetricsOptions } from '../core/BaseMetrics.js';
import type { DomainCounter, DomainGauge, DomainHistogram, DomainUpDownCounter } from '../core/instruments.js';
import { compatible, describeConflict, type CounterSpec, type GaugeSpec, type HistogramSpec, type MetricSpec, type UpDownCounterSpec } from '../core/MetricSpec.js';
import { CollectedMetrics } from './CollectedMetrics.js';
import { createTestMetrics } from './createTestMetrics.js';
import { exportProblems } from './exportProblems.js';
import { MemoryReader } from './MemoryReader.js';
import { specProblems, type MetricsClassProblem } from './specRules.js';

/** A domain class: constructed from `{ meterProvider }` like the library's own. */
export type MetricsClass<T extends BaseMetrics = BaseMetrics> = new (options?: BaseMetricsOptions) => T;

export interface CheckMetricsClassOptions<T extends BaseMetrics> {
  /**
   * Calls with valid values; afterwards every declared metric must be exported exactly as
   * declared (unit, description, attribute keys, buckets). Without it only the declarations and
   * the bad-input calls are checked.
   */
  readonly exercise?: (metrics: T) => unknown;
  /**
   * Methods not to call with bad arguments: helpers only the class itself calls. A `#private`
   * method needs no entry (it is not reachable from outside). @default []
   */
  readonly skipMethods?: readonly string[];
  /** The longest wait for a method returning a promise. @default 1000 */
  readonly asyncTimeoutMillis?: number;
}

/** The problems found, empty when the class conforms. */
export async function checkMetricsClass<T extends BaseMetrics>(metricsClass: MetricsClass<T>, options: CheckMetricsClassOptions<T> = {}): Promise<MetricsClassProblem[]> {
  const problems: MetricsClassProblem[] = [];
  const className = metricsClass.name || 'the class';

  // Declarations, seen by a subclass that notes every spec the field initialisers pass.
  const test = createTestMetrics();
  const { specs, instance } = declaredSpecs(metricsClass, test.meterProvider);
  if (specs.length === 0) problems.push({ rule: 'declaration', subject: className, message: 'declares no metric (instruments are made in field initialisers: `readonly runs = this.counter(SPEC)`)' });
  const byName = new Map<string, MetricSpec>();
  for (const spec of specs) {
    const first = byName.get(spec.name);
    if (first === undefined) {
      byName.set(spec.name, spec);
      problems.push(...specProblems(spec));
    } else if (first !== spec && !compatible(first, spec)) {
      problems.push({ rule: 'declaration', subject: spec.name, message: `declared twice, incompatibly: ${describeConflict(first, spec)}` });
    }
  }
  const unique = [...byName.values()];

  if (options.exercise !== undefined) {
    try {
      await options.exercise(instance);
      problems.push(...exportProblems(await test.collect(), unique, { requireEvery: true }));
    } catch (error) {
      problems.push({ rule: 'export', subject: className, message: `the exercise threw: ${describeError(error)}` });
    }
  }

  // Bad input on the recording path: nothing thrown, nothing unqueryable exported.
  const hostile = new metricsClass({ meterProvider: test.meterProvider });
  problems.push(...(await callWithBadInput(hostile, className, options)));
  problems.push(...exportProblems(await test.collect(), unique).filter((p) => /not (a )?finite/.test(p.message)));
  await test.shutdown();

  problems.push(...(await noopProblems(metricsClass, className, options)));
  return problems;
}

/** Runs `checkMetricsClass` and throws an AssertionError listing every problem. */
export async function assertMetricsClass<T extends BaseMetrics>(metricsClass: MetricsClass<T>, options: CheckMetricsClassOptions<T> = {}): Promise<void> {
  const problems = await checkMetricsClass(metricsClass, options);
  if (problems.length > 0) {
    throw new AssertionError({ message: `${metricsClass.name} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${formatProblems(problems)}` });
  }
}

/** One line per problem: `- name.of.metric (unit): message`. */
export function formatProblems(problems: readonly MetricsClassProblem[]): string {
  return problems.map((p) => `- ${p.subject} (${p.rule}): ${p.message}`).join('\n');
}

function declaredSpecs<T extends BaseMetrics>(metricsClass: MetricsClass<T>, meterProvider: BaseMetricsOptions['meterProvider']): { specs: MetricSpec[]; instance: T } {
  const specs: MetricSpec[] = [];
  const Base = metricsClass as unknown as new (options?: BaseMetricsOptions) => BaseMetrics;
  // Overriding the protected factories records each spec on its way to the base class.
  class Declarations extends Base {
    protected override counter<K extends string>(spec: CounterSpec<K>): DomainCounter<K> {
      specs.push(spec);
      return super.counter(spec);
    }
    protected override upDownCounter<K extends string>(spec: UpDownCounterSpec<K>): DomainUpDownCounter<K> {
      specs.push(spec);
      return super.upDownCounter(spec);
    }
    protected override histogram<K extends string>(spec: HistogramSpec<K>): DomainHistogram<K> {
      specs.push(spec);
      return super.histogram(spec);
    }
    protected override gauge<K extends string>(spec: GaugeSpec<K>): DomainGauge<K> {
      specs.push(spec);
      return super.gauge(spec);
    }
  }
  return { specs, instance: new Declarations({ meterProvider }) as unknown as T };
}

const BIG = 'x'.repeat(100_000);

function throwingProxy(): object {
  const fail = () => {
    throw new Error('hostile proxy');
  };
  return new Proxy({}, { get: fail, has: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, getPrototypeOf: fail });
}

/** What plain JavaScript or a wrong cast can pass; a user function that throws is left out (its error is the caller's). */
const BAD_VALUES: readonly (readonly [string, () => unknown])[] = [
  ['null', () => null],
  ['undefined', () => undefined],
  ['NaN', () => Number.NaN],
  ['-Infinity', () => -Infinity],
  ['-1', () => -1],
  ['a 100 kB string', () => BIG],
  ['a BigInt', () => 10n],
  ['a Symbol', () => Symbol('bad')],
  ['an array', () => [null]],
  ['an empty object', () => ({})],
  ['a throwing Proxy', throwingProxy],
];

/** The public methods of `instance` below BaseMetrics, by name. */
function publicMethods(instance: object, skip: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(instance) as object | null; proto !== null && proto !== BaseMetrics.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== 'constructor' && typeof descriptor?.value === 'function' && !skip.has(name)) names.add(name);
    }
  }
  // Arrow functions in fields are methods too.
  for (const [name, value] of Object.entries(instance)) if (typeof value === 'function' && !skip.has(name)) names.add(name);
  return [...names].sort();
}

async function callWithBadInput(instance: BaseMetrics, className: string, options: CheckMetricsClassOptions<never>): Promise<MetricsClassProblem[]> {
  const problems: MetricsClassProblem[] = [];
  const skip = new Set(['counter', 'upDownCounter', 'histogram', 'gauge', ...(options.skipMethods ?? [])]);
  const timeout = options.asyncTimeoutMillis ?? 1000;
  const target = instance as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of publicMethods(instance, skip)) {
    const fn = target[method]!;
    const arity = Math.max(fn.length, 1);
    const threw: string[] = [];
    for (const [label, make] of [['no argument', () => NO_ARGUMENT] as const, ...BAD_VALUES]) {
      const value = make();
      const args = value === NO_ARGUMENT ? [] : Array.from({ length: arity }, () => make());
      const outcome = await settle(() => fn.apply(instance, args), timeout);
      if (outcome.error !== undefined) {
        threw.push(`${label}: ${outcome.error}`);
        continue;
      }
      // A handle it returned (a timer, a running execution) must take bad input as well.
      const handleErrors = await callHandle(outcome.value, make, timeout);
      for (const e of handleErrors) threw.push(`${label}, then ${e}`);
    }
    if (threw.length > 0) problems.push({ rule: 'no-throw', subject: `${className}.${method}`, message: `threw on bad input (${threw.join('; ')})` });
  }
  return problems;
}

const NO_ARGUMENT = Symbol('no argument');

async function callHandle(handle: unknown, make: () => unknown, timeout: number): Promise<string[]> {
  if (handle === null || typeof handle !== 'object' || typeof (handle as { then?: unknown }).then === 'function') return [];
  const errors: string[] = [];
  const methods = new Set<string>();
  for (let proto: object | null = handle; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function') methods.add(name);
    }
  }
  for (const name of methods) {
    const fn = (handle as Record<string, (...args: unknown[]) => unknown>)[name]!;
    const value = make();
    const outcome = await settle(() => fn.call(handle, value === NO_ARGUMENT ? undefined : value), timeout);
    if (outcome.error !== undefined) errors.push(`.${name}(): ${outcome.error}`);
  }
  return errors;
}

async function settle(call: () => unknown, timeout: number): Promise<{ value?: unknown; error?: string }> {
  let value: unknown;
  try {
    value = call();
  } catch (error) {
    return { error: describeError(error) };
  }
  if (value === null || typeof value !== 'object' || typeof (value as { then?: unknown }).then !== 'function') return { value };
  let timer: NodeJS.Timeout | undefined;
  try {
    const settled = await Promise.race([
      Promise.resolve(value).then((v) => ({ value: v })),
      new Promise<{ value: unknown }>((resolve) => {
        timer = setTimeout(() => resolve({ value: undefined }), timeout);
      }),
    ]);
    return settled;
  } catch (error) {
    return { error: `rejected: ${describeError(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

async function noopProblems<T extends BaseMetrics>(metricsClass: MetricsClass<T>, className: string, options: CheckMetricsClassOptions<T>): Promise<MetricsClassProblem[]> {
  const problems: MetricsClassProblem[] = [];
  // A global provider, if none is set yet: a class that fell back to it would show up there.
  const reader = new MemoryReader(AggregationTemporality.CUMULATIVE, undefined);
  const global = new MeterProvider({ readers: [reader] });
  const ownGlobal = metricsApi.setGlobalMeterProvider(global);
  try {
    const instance = new metricsClass();
    if (instance.enabled !== false) problems.push({ rule: 'no-op', subject: className, message: 'enabled is true without a meterProvider' });
    try {
      await options.exercise?.(instance);
    } catch (error) {
      problems.push({ rule: 'no-op', subject: className, message: `the exercise threw without a provider: ${describeError(error)}` });
    }
    for (const p of await callWithBadInput(instance, className, options as CheckMetricsClassOptions<never>)) problems.push({ ...p, rule: 'no-op', message: `without a provider: ${p.message}` });
    if (ownGlobal) {
      const recorded = new CollectedMetrics(await reader.read()).names();
      if (recorded.length > 0) problems.push({ rule: 'no-op', subject: className, message: `recorded through the global provider without a meterProvider: ${recorded.join(', ')}` });
    }
  } finally {
    if (ownGlobal) metricsApi.disable();
    await global.shutdown();
  }
  return problems;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return String(error);
  } catch {
    return 'an unprintable value';
  }
}
