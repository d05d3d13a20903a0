// The library's Prometheus text against the SDK exporter's serializer on the same collections:
// with scope labels on every series the two must agree byte for byte; without them the only
// difference is the scope labels; and promtool accepts the text.
import { spawnSync } from 'node:child_process';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { BaseMetrics, counter, gauge, histogram, upDownCounter } from '../../src/index.js';
import { VERSION } from '../../src/version.js';
import { renderPrometheusText, writePrometheusText } from '../../src/runtime/prometheusText.js';
import { describeWithBinaries } from '../support/binaries.js';
import { TestReader } from '../support/collect.js';
import { runtimeLikeProvider } from '../support/fastPathProvider.js';

const SPECS = {
  requests: counter({ name: 'text.requests.total', unit: '{request}', description: 'Requests "served"\nby route', attributes: ['route', 'status'] }),
  inFlight: upDownCounter({ name: 'text.in_flight', unit: '{request}', description: 'In flight', attributes: ['route'] }),
  temperature: gauge({ name: 'text.temperature', unit: 'Cel', description: '', attributes: ['room'] }),
  latency: histogram({ name: 'text.latency', unit: 's', description: 'Latency \\ back', attributes: ['route'], buckets: 'request' }),
  bare: counter({ name: 'text.bare.total', unit: '1', description: 'No attributes', attributes: [] }),
  edges: upDownCounter({ name: 'text.edges', unit: '1', description: 'Numbers at the edges of how they are written', attributes: ['case'] }),
};

/** Whole numbers around the largest one written digit by digit, negative ones, fractions and tiny ones. */
const EDGE_VALUES = [0, -0, 7, 10, 99, 100, -1, -123456789, 999_999_999_999_999, 1e15, 2 ** 53, 1e21, 123.456, 0.1, 1e-7, -2.5];

class TextMetrics extends BaseMetrics {
  readonly requests = this.counter(SPECS.requests);
  readonly inFlight = this.upDownCounter(SPECS.inFlight);
  readonly temperature = this.gauge(SPECS.temperature);
  readonly latency = this.histogram(SPECS.latency);
  readonly bare = this.counter(SPECS.bare);
  readonly edges = this.upDownCounter(SPECS.edges);
}

function record(metrics: TextMetrics): void {
  metrics.requests.add(3, { route: '/users/:id', status: 200 });
  metrics.requests.add(1, { route: 'quote " back \\ newline \n end', status: '500' });
  metrics.inFlight.add(-2, { route: '/a' });
  metrics.temperature.record(21.5, { room: 'kitchen' });
  metrics.temperature.record(Number.MAX_VALUE, { room: 'sun' });
  for (const value of [0.001, 0.02, 0.02, 0.7, 3, 1e9]) metrics.latency.record(value, { route: '/a' });
  metrics.latency.record(0, {});
  metrics.bare.add(0.125);
  EDGE_VALUES.forEach((value, i) => metrics.edges.add(value, { case: `e${i}` }));
}

async function collections(fast: boolean, temporality: AggregationTemporality, readsLocalPoints = false): Promise<ResourceMetrics[]> {
  const { meterProvider, readers } = runtimeLikeProvider({ fast, specs: Object.values(SPECS), temporalities: [temporality], readsLocalPoints });
  const metrics = new TextMetrics({ meterProvider });
  const out: ResourceMetrics[] = [];
  for (let round = 0; round < 3; round++) {
    record(metrics);
    out.push((await readers[0]!.collect()).resourceMetrics);
  }
  return out;
}

const sdkText = (metrics: ResourceMetrics) => new PrometheusSerializer(undefined, false, undefined, false, false).serialize(metrics);
const withoutScopeLabels = (text: string) => text.replace(/,?otel_scope_name="[^"]*"(,otel_scope_version="[^"]*")?/g, '').replace(/\{\}/g, '').replace(/\{,/g, '{');

describe('Prometheus text', () => {
  // The fast path twice: read as data points, and read from its points as the endpoint reads it.
  const paths = [
    { fast: true, local: true, name: "fast path, the endpoint's points" },
    { fast: true, local: false, name: 'fast path, data points' },
    { fast: false, local: false, name: 'SDK path' },
  ];
  for (const { fast, local, name } of paths) {
    for (const temporality of [AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA]) {
      const setup = `${name}, ${temporality === AggregationTemporality.CUMULATIVE ? 'cumulative' : 'delta'}`;

      it(`is the SDK exporter's text byte for byte with scope labels on every series (${setup})`, async () => {
        const all = await collections(fast, temporality, local);
        for (const metrics of all) {
          expect(await renderPrometheusText(metrics, { scopeLabels: true })).toBe(sdkText(metrics));
        }
        const last = await renderPrometheusText(all[2]!, { scopeLabels: true });
        const requests = temporality === AggregationTemporality.CUMULATIVE ? 9 : 3;
        expect(last).toContain(`text_requests_total{route="/users/:id",status="200",otel_scope_name="otel-domain-metrics",otel_scope_version="${VERSION}"} ${requests}\n`);
        expect(last).toContain('text_requests_total{route="quote \\" back \\\\ newline _ end",status="500"');
        expect(last).toContain('text_latency_bucket{route="/a",otel_scope_name="otel-domain-metrics"');
        expect(last).toContain('# HELP text_requests_total Requests "served"\\nby route\n');
      });

      it(`leaves out only the scope labels by default (${setup})`, async () => {
        for (const metrics of await collections(fast, temporality, local)) {
          const text = await renderPrometheusText(metrics);
          expect(text).not.toContain('otel_scope_');
          expect(text).toBe(withoutScopeLabels(sdkText(metrics)));
        }
      });
    }
  }

  it('writes one HELP/TYPE block per name and keeps the scope labels where two scopes share a name', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('first', '1.0').createCounter('shared.total').add(1, { k: 'v' });
    provider.getMeter('second').createCounter('shared.total').add(2, { k: 'v' });
    provider.getMeter('second').createCounter('alone.total').add(5);
    const text = await renderPrometheusText((await reader.collect()).resourceMetrics);
    expect(text.match(/^# TYPE shared_total counter$/gm)).toHaveLength(1);
    expect(text).toContain('shared_total{k="v",otel_scope_name="first",otel_scope_version="1.0"} 1\n');
    expect(text).toContain('shared_total{k="v",otel_scope_name="second"} 2\n');
    expect(text).toContain('alone_total 5\n');
  });

  it('drops a name written with two types instead of serving a text Prometheus rejects', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('first').createUpDownCounter('clash').add(1);
    provider.getMeter('second').createHistogram('clash').record(1);
    provider.getMeter('second').createUpDownCounter('kept').add(1);
    const text = await renderPrometheusText((await reader.collect()).resourceMetrics);
    expect(text).not.toContain('clash');
    expect(text).toContain('kept 1\n');
  });

  it('says there are no metrics when nothing was recorded, as the SDK exporter does', async () => {
    const metrics: ResourceMetrics = { resource: resourceFromAttributes({ 'service.name': 's' }), scopeMetrics: [] };
    expect(await renderPrometheusText(metrics, { scopeLabels: true })).toBe(sdkText(metrics));
  });

  it('hands the text over in chunks and gives the event loop turns while writing a large collection', async () => {
    const { meterProvider, readers } = runtimeLikeProvider({ fast: true, specs: Object.values(SPECS), cardinalityLimit: 30_001, temporalities: [AggregationTemporality.CUMULATIVE] });
    const metrics = new TextMetrics({ meterProvider });
    for (let i = 0; i < 30_000; i++) metrics.latency.record(i / 1000, { route: `/r/${i}` });
    const collected = (await readers[0]!.collect()).resourceMetrics;
    const chunks: Buffer[] = [];
    let turns = 0;
    let writing = true;
    const ticker = () => {
      if (!writing) return;
      turns++;
      setImmediate(ticker);
    };
    setImmediate(ticker);
    await writePrometheusText(collected, (chunk) => void chunks.push(chunk), { sliceMillis: 1 });
    writing = false;
    expect(chunks.length).toBeGreaterThan(10);
    expect(turns).toBeGreaterThan(5);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(withoutScopeLabels(sdkText(collected)));
  });

});

describeWithBinaries(['promtool'], 'Prometheus text, read by promtool', ({ promtool }) => {
  it('passes promtool check metrics with and without scope labels', async () => {
    for (const metrics of await collections(true, AggregationTemporality.CUMULATIVE)) {
      for (const scopeLabels of [true, false]) {
        const text = await renderPrometheusText(metrics, { scopeLabels });
        // promtool exits non-zero on a parse error; lint findings (units in names) are not errors.
        const result = spawnSync(promtool!, ['check', 'metrics'], { input: text, encoding: 'utf8' });
        expect(result.stderr + result.stdout).not.toMatch(/error while linting|parse error|unexpected/i);
      }
    }
  });
});
