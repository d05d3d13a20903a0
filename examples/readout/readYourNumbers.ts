// The README's "Reading your own numbers" example: ad-hoc metrics and the in-process read-out.
import { AdHocMetrics, startMetrics } from '../../src/index.js';

const runtime = await startMetrics();
const adhoc = new AdHocMetrics(runtime);

// Created by name on first use, exported like any domain metric.
adhoc.increment('orders.placed', 1, { channel: 'web' }); // counter orders_placed_total
adhoc.gauge('cart.items', 3); // gauge cart_items
adhoc.timing('payment.authorize', 0.182, { provider: 'acme' }); // histogram payment_authorize_seconds
await adhoc.time('inventory.reserve', () => reserveStock()); // times a sync or async function
{
  using _timer = adhoc.timer('invoice.render'); // recorded when the block ends
  renderInvoice();
}

// Read back in-process: totals, and percentiles within 2%.
const checkout = adhoc.getTiming('payment.authorize', { provider: 'acme' });
console.log(adhoc.getCounter('orders.placed', { channel: 'web' }), checkout?.window.p99);

// Every metric of the runtime: the same data /metrics/snapshot and /metrics/summary serve.
for (const metric of runtime.snapshot().metrics) {
  if (metric.kind !== 'histogram') continue;
  for (const { attributes, window } of metric.series) {
    console.log(metric.name, attributes, `${window.ratePerSecond.toFixed(1)}/s`, `p95 ${window.p95} ${metric.unit}`);
  }
}
console.log(runtime.summary().top.slice(0, 5));

async function reserveStock(): Promise<void> {}
function renderInvoice(): void {}
