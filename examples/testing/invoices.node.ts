// The README's node:test example of the test kit; test/testing/readmeExamples.test.ts runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertCounter, checkMetricsClass, createTestMetrics, formatProblems } from '../../src/testing/index.js';
import { InvoiceMetrics } from './InvoiceMetrics.js';

test('counts invoices per currency', async () => {
  const metrics = createTestMetrics();
  new InvoiceMetrics(metrics).invoiceIssued('USD', 0.1);
  assertCounter(await metrics.collect(), 'invoices.issued.total', { currency: 'USD' }, 1);
});

test('follows the conventions', async () => {
  const problems = await checkMetricsClass(InvoiceMetrics);
  assert.equal(formatProblems(problems), '');
});
