// A cumulative reader keeps its list of points from one collection to the next while no series
// gains or loses a point. Over hundreds of collections with series arriving, expiring and coming
// back, its export must stay what a plain model of the recordings says, beside a delta reader
// that shares the series.
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BaseMetrics } from '../../../src/core/BaseMetrics.js';
import { counter, histogram } from '../../../src/core/MetricSpec.js';
import { runtimeLikeProvider } from '../../support/fastPathProvider.js';
import { prng } from '../../support/prng.js';

const SPECS = {
  jobs: counter({ name: 'points.jobs.total', unit: '{job}', description: 'Jobs', attributes: ['job_id'] }),
  latency: histogram({ name: 'points.latency', unit: 's', description: 'Latency', attributes: ['job_id'], buckets: 'request' }),
};

class PointsMetrics extends BaseMetrics {
  readonly jobs = this.counter(SPECS.jobs);
  readonly latency = this.histogram(SPECS.latency);
}

const EXPIRY_MS = 10_000;
const STEP_MS = 1000;
const IDS = 300;
const ROUNDS = 400;

interface Model {
  total: number;
  count: number;
  lastRound: number;
}

describe('the cumulative reader over many collections with series churn (fast path)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('every series recorded lately is exported with its total since it (re)appeared, none long gone is', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { meterProvider, readers } = runtimeLikeProvider({
      fast: true,
      specs: Object.values(SPECS),
      cardinalityLimit: IDS + 1,
      seriesExpiryMillis: EXPIRY_MS,
      temporalities: [AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA],
    });
    const metrics = new PointsMetrics({ meterProvider });
    const random = prng(97);
    // Each id is recorded in bursts with pauses either short (it stays) or long (it expires and
    // comes back from zero), never in between, so that the model knows which happened.
    const nextRound = Array.from({ length: IDS }, () => Math.floor(random() * 30));
    const model = new Map<number, Model>();
    let checkedCumulative = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (let id = 0; id < IDS; id++) {
        if (nextRound[id] !== round) continue;
        const value = 1 + Math.floor(random() * 5);
        const seen = model.get(id);
        const entry = seen === undefined || round - seen.lastRound >= 16 ? { total: 0, count: 0, lastRound: round } : seen;
        entry.total += value;
        entry.count += 1;
        entry.lastRound = round;
        model.set(id, entry);
        metrics.jobs.add(value, { job_id: `job-${id}` });
        metrics.latency.record(value / 10, { job_id: `job-${id}` });
        nextRound[id] = round + (random() < 0.7 ? 1 + Math.floor(random() * 4) : 16 + Math.floor(random() * 20));
      }
      vi.setSystemTime(Date.now() + STEP_MS);
      const cumulative = await readers[0]!.snapshot();
      const delta = await readers[1]!.snapshot();
      for (const [id, entry] of model) {
        const attributes = { job_id: `job-${id}` };
        const age = round - entry.lastRound;
        if (age <= 4) {
          expect(cumulative.value(SPECS.jobs.name, attributes)).toBe(entry.total);
          expect(cumulative.histogram(SPECS.latency.name, attributes).count).toBe(entry.count);
          checkedCumulative += 1;
        } else if (age >= 16) {
          expect(cumulative.attributeSets(SPECS.jobs.name)).not.toContainEqual(attributes);
        }
        if (age === 0) expect(delta.has(SPECS.jobs.name) && delta.attributeSets(SPECS.jobs.name).some((a) => a['job_id'] === attributes.job_id)).toBe(true);
      }
    }
    // The scenario exercised what it is about: many checks, and series both leaving and returning.
    expect(checkedCumulative).toBeGreaterThan(ROUNDS * 50);

    // Then a quiet spell: only ids the cumulative reader already has are recorded, so no series
    // gains a point there, while every other series expires. Those must leave its export.
    const kept = [...model.entries()].filter(([, entry]) => ROUNDS - 1 - entry.lastRound <= 2).map(([id]) => id).slice(0, 10);
    expect(kept.length).toBeGreaterThan(0);
    for (let round = 0; round < 20; round++) {
      for (const id of kept) metrics.jobs.add(1, { job_id: `job-${id}` });
      vi.setSystemTime(Date.now() + STEP_MS);
      await readers[1]!.snapshot();
      const cumulative = await readers[0]!.snapshot();
      if (round >= 16) {
        const exported = cumulative.attributeSets(SPECS.jobs.name).map((a) => a['job_id']);
        expect(exported.sort()).toEqual(kept.map((id) => `job-${id}`).sort());
      }
    }
  });
});
