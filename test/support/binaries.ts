// Tests that need a system binary (prometheus, promtool) run when it is present and say plainly
// when they are skipped and why. Under CI=true a missing binary is a failure, never a skip.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

export function findBinary(name: string): string | undefined {
  const override = process.env[`${name.toUpperCase()}_BIN`];
  if (override) return override;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** `describe` that runs only when every named binary is found. */
export function describeWithBinaries(names: readonly string[], title: string, body: (paths: Record<string, string>) => void): void {
  const paths: Record<string, string> = {};
  const missing = names.filter((n) => {
    const path = findBinary(n);
    if (path !== undefined) paths[n] = path;
    return path === undefined;
  });
  if (missing.length === 0) {
    describe(title, () => body(paths));
    return;
  }
  const reason = `needs ${missing.join(', ')} on PATH (Debian package "prometheus"; .ci/run installs it)`;
  if (process.env['CI'] === 'true') {
    describe(title, () => {
      it(`cannot run in CI: ${reason}`, () => {
        throw new Error(`${title}: ${reason}`);
      });
    });
    return;
  }
  console.warn(`SKIPPED "${title}": ${reason}`);
  describe.skip(`${title} [skipped: ${reason}]`, () => body(paths));
}
