// Recordings interleaved with collections lose nothing: async tasks racing periodic exports and
// scrapes, and one runtime per worker thread, all add up exactly.
import { Worker } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainMetrics } from '../../../src/DomainMetrics.js';
import { startMetrics } from '../../../src/runtime/startMetrics.js';
import { attributesOf, metricsOf, numberValue, startOtlpReceiver, type OtlpExportRequest, type OtlpReceiver } from '../../support/otlpReceiver.js';
import { sleep, total, until } from '../../support/testKit.js';

const receivers: OtlpReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

async function receiver(): Promise<OtlpReceiver> {
  const r = await startOtlpReceiver();
  receivers.push(r);
  return r;
}

/** Sums a delta metric's points (or histogram counts) over every request, grouped by instance. */
function sumByInstance(requests: OtlpExportRequest[], name: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const request of requests) {
    for (const rm of request.resourceMetrics) {
      const instance = String(attributesOf(rm.resource.attributes)['service.instance.id']);
      for (const metric of rm.scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.name === name)) {
        const points = metric.sum?.dataPoints.map(numberValue) ?? metric.histogram!.dataPoints.map((p) => Number(p.count));
        totals.set(instance, (totals.get(instance) ?? 0) + points.reduce((a, b) => a + b, 0));
      }
    }
  }
  return totals;
}


describe('concurrency on the fast path', () => {
  it('async tasks recording while delta exports run every 10 ms: the exports add up to exactly what was recorded', async () => {
    const otlp = await receiver();
    const runtime = await startMetrics({
      env: {
        OTEL_METRICS_EXPORTER: 'otlp,prometheus',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
        OTEL_METRIC_EXPORT_INTERVAL: '10',
        OTEL_METRIC_EXPORT_TIMEOUT: '10',
      },
      prometheusHost: '127.0.0.1',
      prometheusPort: 0,
    });
    const metrics = new DomainMetrics(runtime);
    const tasks = 20;
    const perTask = 2_000;
    let scrapes = 0;
    let recording = true;
    const scraper = (async () => {
      while (recording) {
        await fetch(runtime.prometheusUrl!).then((r) => r.text());
        scrapes++;
      }
    })();
    await Promise.all(
      Array.from({ length: tasks }, async (_, t) => {
        for (let i = 0; i < perTask; i++) {
          metrics.execution.recordExecution({ status: 'completed', langAndVersion: `lang-${t % 5}`, durationSeconds: i / perTask });
          metrics.rateLimit.recordCheck({ endpoint: `/users/${i}`, authenticated: t % 2 === 0, algorithm: 'token_bucket', allowed: true, durationSeconds: 0.0001 });
          if (i % 100 === 0) await sleep(Math.random() * 3);
          // Halfway, the first task waits for a few scrapes and exports, so that they certainly
          // interleave with the records however slow a loaded machine makes each scrape.
          if (t === 0 && i === perTask / 2) {
            await until(() => scrapes >= 4 && otlp.requests.length >= 4, { timeoutMs: 20_000, intervalMs: 5, describe: () => `${scrapes} scrapes, ${otlp.requests.length} exports` });
          }
        }
      }),
    );
    recording = false;
    await scraper;
    // The cumulative scrape sees every record, interleaved with the delta exports.
    const text = await (await fetch(runtime.prometheusUrl!)).text();
    const scraped = total(text, 'script_executions_total');
    await runtime.shutdown();

    const expected = tasks * perTask;
    expect(scraped).toBe(expected);
    expect(otlp.requests.length).toBeGreaterThan(3);
    expect(scrapes).toBeGreaterThan(3);
    expect([...sumByInstance(otlp.requests, 'script.executions.total').values()]).toEqual([expected]);
    expect([...sumByInstance(otlp.requests, 'script.execution.duration').values()]).toEqual([expected]);
    expect([...sumByInstance(otlp.requests, 'rate_limit.requests.total').values()]).toEqual([expected]);
    // Every export was a delta: summing them is only right because no interval was sent twice.
    const temporalities = otlp.requests.flatMap((r) => metricsOf(r).filter((m) => m.name === 'script.executions.total').map((m) => m.sum!.aggregationTemporality));
    expect(new Set(temporalities)).toEqual(new Set([1]));
  });

  it('one runtime per worker thread: each instance exports exactly its own total', async () => {
    const otlp = await receiver();
    const workers = 4;
    const events = 5_000;
    const script = fileURLToPath(new URL('../../support/workers/recordingWorker.ts', import.meta.url));
    const instances = await Promise.all(
      Array.from(
        { length: workers },
        () =>
          new Promise<string>((resolve, reject) => {
            // The worker loads the TypeScript entry through tsx's loader, registered inside the thread.
            const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(script).href)}); });`;
            const worker = new Worker(bootstrap, { eval: true, workerData: { otlpUrl: otlp.url, events } });
            worker.once('message', (m: { instance: string }) => resolve(m.instance));
            worker.once('error', reject);
          }),
      ),
    );
    expect(new Set(instances).size).toBe(workers);
    const totals = sumByInstance(otlp.requests, 'script.executions.total');
    expect(Object.fromEntries(totals)).toEqual(Object.fromEntries(instances.map((id) => [id, events])));
    const durations = sumByInstance(otlp.requests, 'script.execution.duration');
    expect([...durations.values()]).toEqual(instances.map(() => events));
  });
});
