// The published shape: ESM and CommonJS builds with type declarations, the same exports in both,
// reachable through the package's "exports" map.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as source from '../src/index.js';
import { VERSION } from '../src/version.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });

describe('package', () => {
  beforeAll(() => {
    node(['scripts/build.mjs']);
  }, 120_000);

  it('builds ESM and CommonJS with declarations, exporting the same names as src/index.ts', () => {
    const expected = Object.keys(source).sort();
    const esm = JSON.parse(node(['--input-type=module', '-e', "import * as m from 'otel-domain-metrics'; console.log(JSON.stringify(Object.keys(m).sort()))"]));
    const cjs = JSON.parse(node(['-e', "console.log(JSON.stringify(Object.keys(require('otel-domain-metrics')).sort()))"]));
    expect(esm).toEqual(expected);
    expect(cjs).toEqual(expected);
    expect(existsSync(`${root}/dist/esm/index.d.ts`)).toBe(true);
    expect(existsSync(`${root}/dist/cjs/index.d.ts`)).toBe(true);
  });

  const manifest = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { exports: Record<string, unknown> };
  const subpaths = Object.keys(manifest.exports).filter((path) => path !== '.' && path !== './package.json');

  it.each(subpaths)('serves %s from ESM and CommonJS with the same names and declarations', (subpath) => {
    const specifier = `otel-domain-metrics/${subpath.slice(2)}`;
    const esm = JSON.parse(node(['--input-type=module', '-e', `import * as m from '${specifier}'; console.log(JSON.stringify(Object.keys(m).sort()))`]));
    const cjs = JSON.parse(node(['-e', `console.log(JSON.stringify(Object.keys(require('${specifier}')).sort()))`]));
    expect(esm.length).toBeGreaterThan(0);
    expect(cjs).toEqual(esm);
    const entry = manifest.exports[subpath] as { import: { types: string }; require: { types: string } };
    expect(existsSync(`${root}/${entry.import.types}`)).toBe(true);
    expect(existsSync(`${root}/${entry.require.types}`)).toBe(true);
  });

  it('runs the test kit under node:test from the built ESM and CommonJS files, failing with its own message', () => {
    const run = (file: string) => spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: root, encoding: 'utf8' });
    for (const file of ['test/testing/nodeTest/kit.test.mjs', 'test/testing/nodeTest/kit.test.cjs']) {
      const result = run(file);
      expect(result.stdout, file).toMatch(/^# pass 2$/m);
      expect(result.stdout, file).toMatch(/^# fail 1$/m);
      expect(result.stdout, file).toContain(`error: 'no series of jobs.runs.total with {status: "ok"}; recorded: {status: "failure"} = 2'`);
    }
  });

  it('installs the watch command as the package\'s bin, runnable from the built file', () => {
    const manifestBin = (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { bin: Record<string, string> }).bin;
    expect(Object.keys(manifestBin)).toEqual(['otel-domain-metrics']);
    const built = `${root}/${manifestBin['otel-domain-metrics']}`;
    expect(readFileSync(built, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(node([built, 'watch', '--help'])).toContain('Usage: otel-domain-metrics watch [url] [options]');
  });

  it('keeps VERSION in step with package.json', () => {
    expect(JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).version).toBe(VERSION);
  });
});
