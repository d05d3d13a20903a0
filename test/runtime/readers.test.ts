// The scrape answer of the runtime's Prometheus reader: content type, gzip when asked for, HEAD,
// the scope-label setting, and the same values in every form.
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BaseMetrics, counter, startMetrics, type MetricsRuntime } from '../../src/index.js';

const EVENTS = counter({ name: 'scrape.events.total', unit: '{event}', description: 'Events', attributes: ['kind'] });

class ScrapeMetrics extends BaseMetrics {
  readonly events = this.counter(EVENTS);
}

const runtimes: MetricsRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.shutdown()));
});

async function runtimeWith(env: Record<string, string> = {}): Promise<MetricsRuntime> {
  const runtime = await startMetrics({
    env: { OTEL_METRICS_EXPORTER: 'prometheus', METRICS_RUNTIME_METRICS: 'false', METRICS_DIAGNOSTICS: 'silent', ...env },
    prometheusHost: '127.0.0.1',
    prometheusPort: 0,
  });
  runtimes.push(runtime);
  const metrics = new ScrapeMetrics(runtime);
  for (let i = 0; i < 500; i++) metrics.events.add(1, { kind: `k${i % 50}` });
  return runtime;
}

/** A raw GET/HEAD, so that the body arrives as sent (fetch would decompress it). */
function get(url: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the scrape answer', () => {
  it('is Prometheus text 0.0.4, plain unless the scraper accepts gzip, with the same text either way', async () => {
    const runtime = await runtimeWith();
    const plain = await get(runtime.prometheusUrl!, {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const text = plain.body.toString('utf8');
    expect(text).toContain('scrape_events_total{kind="k7"} 10\n');

    const zipped = await get(runtime.prometheusUrl!, { 'accept-encoding': 'deflate, gzip;q=1.0' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toBe('accept-encoding');
    expect(zipped.body.length).toBeLessThan(text.length / 3);
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(text);
  });

  it('answers HEAD with the headers and no body', async () => {
    const runtime = await runtimeWith();
    const head = await get(runtime.prometheusUrl!, { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(head.body.length).toBe(0);
  });

  it('writes the scope labels on every series when METRICS_PROMETHEUS_SCOPE_LABELS=true', async () => {
    const runtime = await runtimeWith({ METRICS_PROMETHEUS_SCOPE_LABELS: 'true' });
    const text = (await get(runtime.prometheusUrl!, {})).body.toString('utf8');
    expect(text).toMatch(/^scrape_events_total\{kind="k7",otel_scope_name="otel-domain-metrics",otel_scope_version="[^"]+"\} 10$/m);
  });

  it("still serves the scrape when one instrument's callback fails, as the SDK's exporter does", async () => {
    const runtime = await runtimeWith();
    runtime.meterProvider.getMeter('broken').createObservableGauge('broken.gauge').addCallback(() => {
      throw new Error('the callback failed');
    });
    const answer = await get(runtime.prometheusUrl!, {});
    expect(answer.status).toBe(200);
    expect(answer.body.toString('utf8')).toContain('scrape_events_total{kind="k7"} 10\n');
  });

  it('refuses a scope-label setting that is not a boolean at start-up', async () => {
    await expect(runtimeWith({ METRICS_PROMETHEUS_SCOPE_LABELS: 'sometimes' })).rejects.toThrow(/METRICS_PROMETHEUS_SCOPE_LABELS/);
  });
});
