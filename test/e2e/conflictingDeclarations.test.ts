// A team's own class that declares a catalog name with another kind or unit must not break the
// scrape: the conflicting declaration is refused, and promtool accepts the exposition.
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { BaseMetrics } from '../../src/core/BaseMetrics.js';
import { counter, histogram } from '../../src/core/MetricSpec.js';
import { DlqMetrics } from '../../src/domains/DlqMetrics.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { describeWithBinaries } from '../support/binaries.js';
import { captureDiag } from '../support/diagnostics.js';

class TeamMetrics extends BaseMetrics {
  // dlq.messages.total is a catalog counter in {message}; this one is a histogram in seconds.
  readonly dlqLatency = this.histogram(histogram({ name: 'dlq.messages.total', unit: 's', description: 'Not the catalog one', attributes: ['topic'], buckets: 'request' }));
  // Same kind, another unit.
  readonly retries = this.counter(counter({ name: 'dlq.retries.total', unit: '1', description: 'Not the catalog one', attributes: [] }));
}

describeWithBinaries(['promtool'], 'conflicting declarations on the scrape endpoint', (bin) => {
  it.each([true, false])('keep /metrics valid for promtool, with one diagnostic per name (fast path: %s)', async (fastPath) => {
    const diag = captureDiag();
    const runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, fastPath });
    try {
      const dlq = new DlqMetrics(runtime);
      const team = new TeamMetrics(runtime);
      dlq.deadLettered({ topic: 'orders', reason: 'validation_failed' });
      dlq.retryAttempted({ topic: 'orders' });
      team.dlqLatency.record(0.5, { topic: 'orders' });
      team.retries.add(3);
      await fetch(runtime.prometheusUrl!); // new series are exposed at 0 on the first scrape
      const exposition = await (await fetch(runtime.prometheusUrl!)).text();
      expect(execFileSync(bin['promtool']!, ['check', 'metrics'], { input: exposition, encoding: 'utf8' }).trim()).toBe('');
      expect(exposition.match(/^# TYPE dlq_messages_total /gm)).toHaveLength(1);
      expect(exposition).toMatch(/^# TYPE dlq_messages_total counter$/m);
      expect(exposition).toMatch(/dlq_messages_total\{[^}]*topic="orders"[^}]*\} 1$/m);
      expect(exposition).toMatch(/dlq_retries_total\{[^}]*topic="orders"[^}]*\} 1$/m);
      expect(exposition).not.toContain('dlq_messages_total_bucket');
      const refused = diag.warnings.filter((w) => w.includes('refused'));
      expect(refused.map((w) => w.split(':')[1]!.trim()).sort()).toEqual(['dlq.messages.total', 'dlq.retries.total']);
    } finally {
      diag.restore();
      await runtime.shutdown();
    }
  });
});
