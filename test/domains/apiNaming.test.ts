// The naming rules of README "The naming rules", checked by reflection over every domain class the
// package exports: each public method's name and arity fit one kind, and DomainMetrics holds each
// class under its name without `Metrics`.
import { describe, expect, it } from 'vitest';
import { BaseMetrics } from '../../src/core/BaseMetrics.js';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import * as api from '../../src/index.js';

/** Past participles that do not end in -ed; add one here when a method needs it. */
const IRREGULAR_PARTICIPLES = new Set(['broadcast', 'sent', 'run', 'begun', 'done', 'thrown', 'lost', 'kept', 'paid']);

/** Methods that run, wrap or attach to the caller's code, by their exact name or prefix. */
const RUNNERS = new Set(['wrap', 'timed', 'track', 'middleware']);

interface Kind {
  readonly name: string;
  readonly matches: (method: string) => boolean;
  /** The most parameters the method may declare (`Function.length`: those before the first default). */
  readonly maxParams: number;
  readonly minParams: number;
}

const words = (method: string) => method.split(/(?=[A-Z])/).map((w) => w.toLowerCase());
const isParticiple = (word: string) => word.endsWith('ed') || IRREGULAR_PARTICIPLES.has(word);

/** In order: the first kind whose name pattern matches decides; a method no kind matches breaks the rules. */
const KINDS: readonly Kind[] = [
  { name: 'record<Noun>(record)', matches: (m) => /^record[A-Z]/.test(m), minParams: 1, maxParams: 1 },
  { name: 'set<Noun>(options)', matches: (m) => /^set[A-Z]/.test(m), minParams: 1, maxParams: 1 },
  { name: 'observe<Noun>(callback)', matches: (m) => /^observe[A-Z]/.test(m), minParams: 1, maxParams: 1 },
  { name: 'runner', matches: (m) => RUNNERS.has(m) || /^measure([A-Z]|$)/.test(m), minParams: 0, maxParams: Infinity },
  { name: 'event (past tense, at most one options object)', matches: (m) => words(m).some(isParticiple), minParams: 0, maxParams: 1 },
];

/** The public methods of a class and of its ancestors up to BaseMetrics; `#private` ones are not on the prototype. */
function publicMethods(cls: abstract new (...args: never[]) => unknown): Map<string, (...args: unknown[]) => unknown> {
  const methods = new Map<string, (...args: unknown[]) => unknown>();
  for (let proto = cls.prototype as object; proto !== BaseMetrics.prototype && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
      if (name === 'constructor' || methods.has(name) || typeof descriptor.value !== 'function') continue;
      methods.set(name, descriptor.value as (...args: unknown[]) => unknown);
    }
  }
  return methods;
}

/** Every rule broken by the methods of `cls`, as "Class.method: why". */
function violations(cls: abstract new (...args: never[]) => unknown): string[] {
  const out: string[] = [];
  for (const [name, fn] of publicMethods(cls)) {
    const kind = KINDS.find((k) => k.matches(name));
    if (kind === undefined) out.push(`${cls.name}.${name}: fits no kind (not past tense, no record/set/observe/measure prefix, not a runner)`);
    else if (fn.length < kind.minParams || fn.length > kind.maxParams) out.push(`${cls.name}.${name}: ${kind.name} takes ${kind.minParams} to ${kind.maxParams} parameters, it declares ${fn.length}`);
  }
  return out;
}

const DOMAIN_CLASSES = Object.values(api).filter(
  (value): value is abstract new (...args: never[]) => BaseMetrics => typeof value === 'function' && value.prototype instanceof BaseMetrics,
);

describe('the naming rules', () => {
  it('finds the domain classes through the public entry', () => {
    expect(DOMAIN_CLASSES.map((c) => c.name).sort()).toEqual([
      'CacheMetrics',
      'ConnectionMetrics',
      'CoordinatorMetrics',
      'DatabaseMetrics',
      'DlqMetrics',
      'EventMetrics',
      'ExecutionMetrics',
      'HealthMetrics',
      'HttpServerMetrics',
      'NotificationMetrics',
      'OperationMetrics',
      'RateLimitMetrics',
      'WorkerMetrics',
    ]);
  });

  it.each(DOMAIN_CLASSES.map((c) => [c.name, c] as const))('every public method of %s fits one kind', (_name, cls) => {
    expect(publicMethods(cls).size).toBeGreaterThan(0);
    expect(violations(cls)).toEqual([]);
  });

  it('names the offending methods of a class that breaks them', () => {
    class Breaking extends BaseMetrics {
      dlqSize(_topic: string, _size: number): void {}
      lookup(_cache: string): void {}
      messageDeadLettered(_topic: string, _reason: string): void {}
      recordCheck(): void {}
      observeSize(_cache: string, _read: () => number): void {}
      deadLettered(_letter: object): void {}
    }
    expect(violations(Breaking)).toEqual([
      'Breaking.dlqSize: fits no kind (not past tense, no record/set/observe/measure prefix, not a runner)',
      'Breaking.lookup: fits no kind (not past tense, no record/set/observe/measure prefix, not a runner)',
      'Breaking.messageDeadLettered: event (past tense, at most one options object) takes 0 to 1 parameters, it declares 2',
      'Breaking.recordCheck: record<Noun>(record) takes 1 to 1 parameters, it declares 0',
      'Breaking.observeSize: observe<Noun>(callback) takes 1 to 1 parameters, it declares 2',
    ]);
  });

  it('DomainMetrics holds each domain class under its name without Metrics, in lower camel case, and nothing else', () => {
    const facade = new DomainMetrics();
    const expected = Object.fromEntries(DOMAIN_CLASSES.map((c) => [c.name[0]!.toLowerCase() + c.name.slice(1, -'Metrics'.length), c.name]));
    const actual = Object.fromEntries(Object.entries(facade).map(([key, value]) => [key, (value as object).constructor.name]));
    expect(actual).toEqual(expected);
  });
});
