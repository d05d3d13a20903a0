// The domain class the test-kit examples test (the README's "Your own domain class").
import { BaseMetrics, counter, histogram } from '../../src/index.js';

const INVOICE_METRICS = {
  issued: counter({ name: 'invoices.issued.total', unit: '{invoice}', description: 'Invoices issued', attributes: ['currency'] }),
  latency: histogram({ name: 'invoices.render.duration', unit: 's', description: 'Render time', attributes: [], buckets: 'request' }),
};

export class InvoiceMetrics extends BaseMetrics {
  private readonly issued = this.counter(INVOICE_METRICS.issued);
  private readonly latency = this.histogram(INVOICE_METRICS.latency);

  invoiceIssued(currency: 'EUR' | 'USD', renderSeconds: number): void {
    this.issued.add(1, { currency });
    this.latency.record(renderSeconds);
  }
}
