// A real Prometheus scraping protected endpoints with its own `authorization` (bearer),
// `basic_auth` and `tls_config` settings: the right credential scrapes, a wrong one leaves up=0.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { describeWithBinaries } from '../support/binaries.js';
import { startPrometheus, type PrometheusServer, type PromSample } from '../support/prometheusServer.js';
import { selfSignedCert, type CertFiles } from '../support/selfSignedCert.js';

const TOKEN = 'scrape-token-0123456789';
const USER = 'prometheus';
const PASSWORD = 'correct horse battery staple';
const single = (samples: PromSample[]) => Number(samples[0]?.value[1]);

describeWithBinaries(['prometheus', 'openssl'], 'a real Prometheus scraping with credentials', (bin) => {
  const runtimes: MetricsRuntime[] = [];
  let prom: PrometheusServer;
  let cert: CertFiles;
  const hostOf = (runtime: MetricsRuntime) => new URL(runtime.prometheusUrl!).host;

  beforeAll(async () => {
    cert = selfSignedCert(bin['openssl']!);
    const common = { prometheusHost: '127.0.0.1', prometheusPort: 0 } as const;
    const bearer = await startMetrics({ env: { TRACING_SERVICE_NAME: 'bearer', METRICS_AUTH_TOKEN: TOKEN }, ...common });
    const basicAuth = await startMetrics({ env: { TRACING_SERVICE_NAME: 'basic', METRICS_AUTH_BASIC: `${USER}:${PASSWORD}` }, ...common });
    const tls = await startMetrics({
      env: { TRACING_SERVICE_NAME: 'tls', METRICS_TLS_CERT_FILE: cert.certFile, METRICS_TLS_KEY_FILE: cert.keyFile, METRICS_AUTH_TOKEN: TOKEN },
      ...common,
    });
    runtimes.push(bearer, basicAuth, tls);
    for (const runtime of runtimes) new DomainMetrics(runtime).coordinator.enqueued();
    prom = await startPrometheus(bin['prometheus']!, {
      targets: [hostOf(bearer)],
      scrape: { authorization: { credentials: TOKEN } },
      jobs: [
        { name: 'basic', targets: [hostOf(basicAuth)], basicAuth: { username: USER, password: PASSWORD } },
        { name: 'tls', targets: [hostOf(tls)], scheme: 'https', authorization: { credentials: TOKEN }, tls: { caFile: cert.certFile } },
        { name: 'wrong-token', targets: [hostOf(bearer)], authorization: { credentials: 'not-the-token' } },
        { name: 'wrong-password', targets: [hostOf(basicAuth)], basicAuth: { username: USER, password: 'guess' } },
        { name: 'no-credential', targets: [hostOf(bearer)] },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    for (const runtime of runtimes) await runtime.shutdown();
    if (cert) rmSync(cert.dir, { recursive: true, force: true });
  });

  it.each(['app', 'basic', 'tls'])('scrapes job %s with the right credential', async (job) => {
    await prom.waitFor(`up{job="${job}"}`, (r) => single(r) === 1);
    const queued = await prom.waitFor(`execution_queue_depth{job="${job}"}`, (r) => r.length === 1);
    expect(single(queued)).toBe(1);
  });

  it.each(['wrong-token', 'wrong-password', 'no-credential'])('cannot scrape job %s (up = 0)', async (job) => {
    // Once a scrape of the right job has happened, the wrong ones have had their turn too.
    await prom.waitFor('up{job="app"}', (r) => single(r) === 1);
    const up = await prom.waitFor(`up{job="${job}"}`, (r) => r.length === 1);
    expect(single(up)).toBe(0);
    expect(await prom.query(`execution_queue_depth{job="${job}"}`)).toEqual([]);
  });
});
