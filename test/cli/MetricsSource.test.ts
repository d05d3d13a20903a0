import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricsSummary } from '../../src/cli/MetricsSummary.js';
import { endpointUrls, MetricsSource } from '../../src/cli/MetricsSource.js';

const SUMMARY: MetricsSummary = {
  takenAt: '2025-01-01T00:00:00.000Z',
  windowSeconds: 60,
  top: [{ name: 'operation.duration', attributes: { operation: 'plan' }, ratePerSecond: 4, errorRatio: 0.25, p50: 0.01, p95: 0.2, p99: 0.4, unit: 's' }],
};

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback server answering from `routes` (path → status and body); returns its base URL. */
async function serve(routes: Record<string, () => [number, string]>): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  server = createServer((request, response) => {
    hits.push(request.url!);
    const [status, body] = routes[request.url!]?.() ?? [404, 'not found'];
    response.writeHead(status).end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

describe('MetricsSource', () => {
  it('reads the summary endpoint when it answers', async () => {
    const { url, hits } = await serve({ '/metrics/summary': () => [200, JSON.stringify(SUMMARY)] });
    expect(await new MetricsSource(url, 'auto', 1000).read()).toEqual({ ok: true, source: 'summary', rows: SUMMARY.top, windowSeconds: 60 });
    expect(hits).toEqual(['/metrics/summary']);
  });

  it('falls back to the text endpoint on 404 and stays there, with rates from the second scrape', async () => {
    let n = 0;
    const { url, hits } = await serve({ '/metrics': () => [200, `# TYPE jobs_total counter\njobs_total ${(n += 10)}\n`] });
    const source = new MetricsSource(url, 'auto', 1000);
    expect(await source.read()).toEqual({ ok: true, source: 'prometheus', rows: [], windowSeconds: undefined });
    await new Promise((r) => setTimeout(r, 200));
    const second = await source.read();
    expect(second.ok && second.rows.map((r) => r.name)).toEqual(['jobs_total']);
    const rate = second.ok ? second.rows[0]!.ratePerSecond * second.windowSeconds! : 0;
    expect(rate).toBeCloseTo(10, 6);
    expect(hits).toEqual(['/metrics/summary', '/metrics', '/metrics']);
  });

  it('reports a dead endpoint by its error code, and a summary path answering something else', async () => {
    const { url } = await serve({ '/metrics/summary': () => [200, '{"hello":1}'] });
    expect(await new MetricsSource(url, 'auto', 1000).read()).toEqual({ ok: false, error: `${url}/metrics/summary did not answer a metrics summary, retrying` });
    const dead = url;
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    expect(await new MetricsSource(dead, 'auto', 1000).read()).toEqual({ ok: false, error: 'unreachable: ECONNREFUSED, retrying' });
  });

  it('derives both URLs from a base URL or a /metrics URL', () => {
    expect(endpointUrls('http://h:9464')).toEqual({ summary: 'http://h:9464/metrics/summary', text: 'http://h:9464/metrics' });
    expect(endpointUrls('http://h:9464/metrics/')).toEqual({ summary: 'http://h:9464/metrics/summary', text: 'http://h:9464/metrics' });
    expect(endpointUrls('https://h/app/metrics')).toEqual({ summary: 'https://h/app/metrics/summary', text: 'https://h/app/metrics' });
  });
});
