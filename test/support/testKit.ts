// What most test files need besides the library: reading a Prometheus text exposition, waiting
// (always bounded) for something to happen, and undoing after each test what it started.
import { afterEach } from 'vitest';

// ---------------------------------------------------------------------------------------------
// Prometheus text exposition

export interface ExpositionSample {
  readonly name: string;
  /** The label text with its braces (`{a="1",b="2"}`), or '' for a sample without labels. */
  readonly labels: string;
  readonly value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)(?: -?\d+)?$/;

/** Every sample line of an exposition, in order; comments and blank lines are skipped. */
export function parseExposition(text: string): ExpositionSample[] {
  const found: ExpositionSample[] = [];
  for (const line of text.split('\n')) {
    const match = SAMPLE_LINE.exec(line);
    if (match !== null) found.push({ name: match[1]!, labels: match[2] ?? '', value: Number(match[3]) });
  }
  return found;
}

/** The samples of one series name (`name` exactly, suffix included), as label text → value. */
export function samples(text: string, name: string): Map<string, number> {
  return new Map(parseExposition(text).filter((s) => s.name === name).map((s) => [s.labels, s.value]));
}

/** The values of one series name, in exposition order. */
export function sampleValues(text: string, name: string): number[] {
  return parseExposition(text).filter((s) => s.name === name).map((s) => s.value);
}

/** The sum of every sample of `name`. */
export function total(text: string, name: string): number {
  return sampleValues(text, name).reduce((sum, value) => sum + value, 0);
}

/** The label names in a sample's label text, in order. */
export function labelNames(labels: string): string[] {
  return [...labels.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"/g)].map((m) => m[1]!);
}

// ---------------------------------------------------------------------------------------------
// Waiting

export function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

/** Polls `check` every `intervalMs` until it holds; after `timeoutMs` throws with `describe()`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  { timeoutMs, intervalMs, describe }: { timeoutMs: number; intervalMs: number; describe: () => string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(describe());
    await sleep(intervalMs);
  }
}

/** Runs the assertions in `check` until they pass (at most `attempts` times, 20 ms apart); the last failure is thrown. */
export async function eventually(check: () => Promise<void>, attempts = 100): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await check();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(20);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Cleanup

export interface Cleanups {
  /** Registers what undoes something a test started; it runs after the test, last registered first. */
  push(...cleanups: (() => unknown)[]): void;
}

/**
 * A registry emptied after each test of the enclosing file or describe: the cleanups run in
 * reverse order of registration, each awaited, then `afterwards` (state shared by every test).
 */
export function cleanupAfterEach(afterwards?: () => unknown): Cleanups {
  const registered: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of registered.splice(0).reverse()) await cleanup();
    await afterwards?.();
  });
  return { push: (...cleanups) => void registered.push(...cleanups) };
}
