// The textfile for node_exporter: replaced atomically through a temporary file, failures reported
// and never thrown, and temporary files of killed writers removed (never a live writer's).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DiagnosticsSink } from '../../src/core/DiagnosticsSink.js';
import { TextfileWriter } from '../../src/runtime/TextfileWriter.js';
import { captureDiag } from '../support/diagnostics.js';

let dir: string;
let captured: ReturnType<typeof captureDiag>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'odm-textfile-unit-'));
  captured = captureDiag();
});
afterEach(() => {
  captured.restore();
  rmSync(dir, { recursive: true, force: true });
});

it('replaces the file with each write and leaves nothing else in the directory', async () => {
  const writer = new TextfileWriter(join(dir, 'job.prom'), new DiagnosticsSink('diag'));
  expect(await writer.write('a 1\n')).toBe(true);
  expect(await writer.write('a 2\n')).toBe(true);
  expect(readFileSync(join(dir, 'job.prom'), 'utf8')).toBe('a 2\n');
  expect(readdirSync(dir)).toEqual(['job.prom']);
});

it('writes queued one after another in order: the last write wins', async () => {
  const writer = new TextfileWriter(join(dir, 'job.prom'), new DiagnosticsSink('diag'));
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => writer.write(`a ${i}\n`)));
  expect(results.every(Boolean)).toBe(true);
  expect(readFileSync(join(dir, 'job.prom'), 'utf8')).toBe('a 19\n');
});

it('reports a failing write once and resolves false, keeping the previous file', async () => {
  const path = join(dir, 'gone', 'job.prom');
  const writer = new TextfileWriter(path, new DiagnosticsSink('diag'));
  expect(await writer.write('a 1\n', { final: true })).toBe(false);
  expect(captured.warnings).toHaveLength(1);
  expect(captured.warnings[0]).toContain(`the final write of ${path} failed`);
});

it("removes a killed writer's temporary file and keeps a live one's", async () => {
  const dead = `.job.prom.${2 ** 22 + 12345}.abcdef01.tmp`; // above Linux's largest pid: no such process
  const live = `.job.prom.${process.ppid}.abcdef02.tmp`;
  writeFileSync(join(dir, dead), 'half');
  writeFileSync(join(dir, live), 'busy');
  await new TextfileWriter(join(dir, 'job.prom'), new DiagnosticsSink('diag')).write('a 1\n');
  expect(existsSync(join(dir, dead))).toBe(false);
  expect(readdirSync(dir).sort()).toEqual([live, 'job.prom'].sort());
});
