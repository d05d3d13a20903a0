// The README's health-check examples are the compiled files under examples/health.
import { expect, it } from 'vitest';
import { exampleAsReadme, readmeBlocks } from '../support/readmeExamples.js';

it('shows the compiled health examples in the README, as they are', () => {
  expect(readmeBlocks('## Health checks')).toEqual([exampleAsReadme('examples/health/checks.ts'), exampleAsReadme('examples/health/ownFramework.ts')]);
});
