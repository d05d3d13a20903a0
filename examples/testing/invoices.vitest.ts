// The README's vitest example of the test kit; test/testing/readmeExamples.test.ts runs it.
import { describe, expect, it } from 'vitest';
import { assertCounter, assertHistogram, assertMetricsClass, createTestMetrics } from '../../src/testing/index.js';
import { InvoiceMetrics } from './InvoiceMetrics.js';

describe('InvoiceMetrics', () => {
  it('counts invoices per currency and times their rendering', async () => {
    const metrics = createTestMetrics();
    const invoices = new InvoiceMetrics(metrics);
    invoices.invoiceIssued('EUR', 0.02);
    invoices.invoiceIssued('EUR', 0.3);

    const collected = await metrics.collect();
    assertCounter(collected, 'invoices.issued.total', { currency: 'EUR' }, 2);
    assertHistogram(collected, 'invoices.render.duration', {}, { count: 2, sum: 0.32 });
    expect(collected.counter('invoices.issued.total', { currency: 'EUR' })).toBe(2);
  });

  it('follows the conventions', async () => {
    await assertMetricsClass(InvoiceMetrics, { exercise: (m) => m.invoiceIssued('USD', 0.1) });
  });
});
