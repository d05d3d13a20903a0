// What the NestJS integration ships besides its behaviour (tested in nestjs/, compiled for legacy
// decorators): the legacy-decorator folders type-check under their own tsconfig, the README
// example is the compiled files, and the subpath loads as a module with no decorator syntax.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as nestjs from '../../src/integrations/nestjs.js';
import { exampleAsReadme, readmeBlocks } from '../support/readmeExamples.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

describe('NestJS integration', () => {
  it.each(['test/integrations/nestjs/tsconfig.json', 'examples/frameworks/nestjs/tsconfig.json'])(
    'type-checks %s with experimentalDecorators and emitDecoratorMetadata',
    (project) => {
      // Throws with tsc's diagnostics on any error.
      const output = execFileSync(process.execPath, [tsc, '-p', project, '--noEmit', '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
      expect(output).toBe('');
    },
    120_000,
  );

  it('README: the NestJS example is examples/frameworks/nestjs/', () => {
    const files = ['app.module.ts', 'users.service.ts', 'users.controller.ts', 'main.ts'].map((name) => exampleAsReadme(`examples/frameworks/nestjs/${name}`));
    expect(readmeBlocks('### NestJS')).toEqual(files);
  });

  it('exports the module, the runtime token and the provided classes', () => {
    expect(Object.keys(nestjs).sort()).toEqual(['DOMAIN_METRICS_PROVIDED', 'DomainMetricsModule', 'METRICS_RUNTIME']);
    // Every domain class in src/domains, so a new one cannot be left out.
    const domains = readdirSync(new URL('../../src/domains/', import.meta.url)).filter((file) => /^[A-Z]\w*Metrics\.ts$/.test(file)).map((file) => file.slice(0, -3));
    expect(domains.length).toBeGreaterThanOrEqual(13);
    expect(nestjs.DOMAIN_METRICS_PROVIDED.map((type) => type.name).sort()).toEqual(['DomainMetrics', ...domains].sort());
  });
});
