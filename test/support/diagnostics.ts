// Captures the library's warnings: what it writes to the console (its default) and what reaches
// the OpenTelemetry diag channel (with `diagnostics: 'diag'`, and the runtime's own diag reports).
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';
import { DIAGNOSTICS_PREFIX } from '../../src/core/DiagnosticsSink.js';

export function captureDiag(): { warnings: string[]; restore: () => void } {
  const warnings: string[] = [];
  const push = (message: string, ...args: unknown[]) => warnings.push([message, ...args.map(String)].join(' '));
  const logger: DiagLogger = { error: push, warn: push, info: () => {}, debug: () => {}, verbose: () => {} };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  const original = console.warn;
  const spy = vi.spyOn(console, 'warn').mockImplementation((message?: unknown, ...args: unknown[]) => {
    if (typeof message === 'string' && message.startsWith(DIAGNOSTICS_PREFIX)) push(message, ...args);
    else original(message, ...args);
  });
  return {
    warnings,
    restore: () => {
      spy.mockRestore();
      diag.disable();
    },
  };
}

/**
 * Keeps the console quiet in every test of the file and returns a reader of the lines the library
 * wrote there (those starting with its prefix), for tests that assert exactly what a user sees.
 */
export function libraryConsoleLines(): () => string[] {
  let spy: MockInstance<typeof console.warn> | undefined;
  beforeEach(() => {
    spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => spy?.mockRestore());
  return () => (spy?.mock.calls ?? []).map((call) => String(call[0])).filter((line) => line.startsWith(DIAGNOSTICS_PREFIX));
}
