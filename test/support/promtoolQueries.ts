// Lets Prometheus's own parser (the installed promtool, Debian's 2.42) judge a list of PromQL
// expressions: each becomes a recording rule in a temporary rule file for `promtool check rules`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface PromtoolResult {
  readonly status: number | null;
  readonly output: string;
}

export function runPromtool(promtool: string, args: readonly string[], cwd?: string): PromtoolResult {
  const result = spawnSync(promtool, [...args], { encoding: 'utf8', cwd, timeout: 60_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** `promtool check rules` over the expressions (Grafana variables must already be replaced). */
export function checkExpressionsWithPromtool(promtool: string, expressions: readonly string[]): PromtoolResult {
  const dir = mkdtempSync(join(tmpdir(), 'odm-promtool-'));
  try {
    const rules = expressions.map((expr, i) => ({ record: `check:expression:${i}`, expr }));
    const file = join(dir, 'expressions.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'expressions', rules }] }, { lineWidth: 0 }));
    return runPromtool(promtool, ['check', 'rules', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
