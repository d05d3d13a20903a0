// The README's test-kit examples: equal to the example files, the vitest one run here (importing
// it registers its tests), the node:test one run by node --test.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { exampleAsReadme, readmeBlocks } from '../support/readmeExamples.js';
import '../../examples/testing/invoices.vitest.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('the README shows the example files as they are', () => {
  expect(readmeBlocks('### Testing your metrics')).toEqual([exampleAsReadme('examples/testing/invoices.vitest.ts'), exampleAsReadme('examples/testing/invoices.node.ts')]);
});

it('the node:test example passes under node --test', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', 'examples/testing/invoices.node.ts'], { cwd: root, encoding: 'utf8' });
  expect(result.stdout).toMatch(/^# pass 2$/m);
  expect(result.stdout).toMatch(/^# fail 0$/m);
});
