// Start and end times on the fast path: cumulative points keep the series' first-record time;
// delta points start where the reader's previous collection ended.
import type { HrTime } from '@opentelemetry/api';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { BaseMetrics } from '../../../src/core/BaseMetrics.js';
import { counter, histogram } from '../../../src/core/MetricSpec.js';
import { runtimeLikeProvider } from '../../support/fastPathProvider.js';

const SPECS = {
  jobs: counter({ name: 'st.jobs.total', unit: '{job}', description: 'Jobs', attributes: ['queue'] }),
  latency: histogram({ name: 'st.latency', unit: 's', description: 'Latency', attributes: ['queue'], buckets: 'request' }),
};
class M extends BaseMetrics {
  readonly jobs = this.counter(SPECS.jobs);
  readonly latency = this.histogram(SPECS.latency);
}

const ms = (t: HrTime) => t[0] * 1000 + t[1] / 1e6;
const tick = () => new Promise((r) => setTimeout(r, 15));

describe('fast path timestamps', () => {
  it('cumulative: the start stays at the first record, the end advances', async () => {
    const { meterProvider, readers } = runtimeLikeProvider({ fast: true, specs: Object.values(SPECS), temporalities: [AggregationTemporality.CUMULATIVE] });
    const m = new M({ meterProvider });
    const before = Date.now();
    m.jobs.add(1, { queue: 'a' });
    await tick();
    const first = (await readers[0]!.snapshot()).point('st.jobs.total', { queue: 'a' });
    await tick();
    m.jobs.add(1, { queue: 'a' });
    const second = (await readers[0]!.snapshot()).point('st.jobs.total', { queue: 'a' });
    expect(ms(first.startTime)).toBeGreaterThanOrEqual(before);
    expect(second.startTime).toEqual(first.startTime);
    expect(ms(second.endTime)).toBeGreaterThan(ms(first.endTime));
    expect(second.value).toBe(2);
  });

  it('delta: a continuing series starts at the previous collection; a new one at its first record', async () => {
    const { meterProvider, readers } = runtimeLikeProvider({ fast: true, specs: Object.values(SPECS), temporalities: [AggregationTemporality.DELTA] });
    const m = new M({ meterProvider });
    const recordedAt = Date.now();
    m.latency.record(0.1, { queue: 'a' });
    const first = (await readers[0]!.snapshot()).point('st.latency', { queue: 'a' });
    // The reader's first collection: the point starts at the record, not at the epoch.
    expect(ms(first.startTime)).toBeGreaterThanOrEqual(recordedAt);
    await tick();
    const newSeriesAt = Date.now();
    m.latency.record(0.2, { queue: 'a' });
    m.latency.record(0.3, { queue: 'b' });
    const s = await readers[0]!.snapshot();
    const continuing = s.point('st.latency', { queue: 'a' });
    expect(continuing.startTime).toEqual(first.endTime);
    expect(ms(s.point('st.latency', { queue: 'b' }).startTime)).toBeGreaterThanOrEqual(newSeriesAt);
    expect(s.histogram('st.latency', { queue: 'a' })).toMatchObject({ count: 1, sum: 0.2, min: 0.2, max: 0.2 });
  });
});
