// The README's read-out example is the compiled file under examples/readout.
import { expect, it } from 'vitest';
import { exampleAsReadme, readmeBlocks } from '../support/readmeExamples.js';

it('shows the compiled read-out example in the README, as it is', () => {
  // The section's later blocks belong to its "watch" and "Testing your metrics" parts.
  expect(readmeBlocks('## Reading your own numbers')[0]).toEqual(exampleAsReadme('examples/readout/readYourNumbers.ts'));
});
