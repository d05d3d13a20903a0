// Who may read the endpoint: 401 with a challenge and no body for a missing or wrong credential,
// 200 with the right bearer token or basic credentials, per path, liveness open when so set,
// and HTTPS with a certificate and key.
import { readFileSync, rmSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsConfigError } from '../../src/config/MetricsConfigError.js';
import { challenges, credentialCheck } from '../../src/runtime/accessControl.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics, type StartMetricsOptions } from '../../src/runtime/startMetrics.js';
import { describeWithBinaries } from '../support/binaries.js';
import { freePort, isListening } from '../support/ports.js';
import { selfSignedCert } from '../support/selfSignedCert.js';
import { cleanupAfterEach } from '../support/testKit.js';

const TOKEN = 'Zm9vYmFy-scrape.token~1';
const USER = 'prometheus';
const PASSWORD = 'p@ss:word with spaces';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const cleanups = cleanupAfterEach();

async function start(options: StartMetricsOptions = {}): Promise<MetricsRuntime> {
  const runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, ...options });
  cleanups.push(() => runtime.shutdown());
  return runtime;
}

async function get(runtime: MetricsRuntime, path: string, authorization?: string): Promise<{ status: number; body: string; challenge: string | null }> {
  const response = await fetch(runtime.prometheusUrl!.replace(/\/metrics$/, path), { headers: authorization ? { authorization } : {} });
  return { status: response.status, body: await response.text(), challenge: response.headers.get('www-authenticate') };
}

describe('credentialCheck', () => {
  const check = credentialCheck({ token: TOKEN, basic: `${USER}:${PASSWORD}` });

  it.each([
    [`Bearer ${TOKEN}`, true],
    [`bearer ${TOKEN}`, true],
    [basic(USER, PASSWORD), true],
    [`Bearer ${TOKEN}x`, false],
    [`Bearer ${TOKEN.slice(0, -1)}`, false],
    [`Bearer`, false],
    [TOKEN, false],
    [basic(USER, 'wrong'), false],
    [basic('admin', PASSWORD), false],
    [`Basic ${TOKEN}`, false],
    [`Digest ${TOKEN}`, false],
    ['', false],
  ])('%j → %s', (header, allowed) => {
    expect(check(header)).toBe(allowed);
  });

  it('accepts nothing without a header, and only the configured scheme', () => {
    expect(check(undefined)).toBe(false);
    expect(credentialCheck({ token: TOKEN })(basic(USER, PASSWORD))).toBe(false);
    expect(credentialCheck({ basic: `${USER}:${PASSWORD}` })(`Bearer ${TOKEN}`)).toBe(false);
  });

  it('challenges with each configured scheme', () => {
    expect(challenges({ token: TOKEN, basic: 'a:b' })).toEqual(['Bearer realm="metrics"', 'Basic realm="metrics", charset="UTF-8"']);
  });
});

describe('access control on the runtime endpoint', () => {
  it('answers 401 without a credential or with a wrong one, with a challenge and no body; 200 with the right one', async () => {
    const runtime = await start({ authToken: TOKEN });
    for (const header of [undefined, 'Bearer wrong', basic(USER, PASSWORD)]) {
      const answer = await get(runtime, '/metrics', header);
      expect(answer).toEqual({ status: 401, body: '', challenge: 'Bearer realm="metrics"' });
    }
    const ok = await get(runtime, '/metrics', `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatch(/^target_info\{/m);
  });

  it('protects readiness too, and leaves liveness open for orchestrators by default', async () => {
    const runtime = await start({ env: { METRICS_AUTH_BASIC: `${USER}:${PASSWORD}` } });
    expect((await get(runtime, '/ready')).status).toBe(401);
    expect((await get(runtime, '/ready', basic(USER, PASSWORD))).status).toBe(200);
    expect((await get(runtime, '/health')).status).toBe(200);
    expect((await get(runtime, '/metrics')).challenge).toBe('Basic realm="metrics", charset="UTF-8"');
  });

  it('answers an unauthenticated caller of an open probe with the overall status only, and shows the checks with the credential', async () => {
    const runtime = await start({ authToken: TOKEN, authPaths: ['/metrics'] });
    const failure = Object.assign(new Error('connect ECONNREFUSED 10.2.3.4:5432 (db-primary.internal)'), { code: 'ECONNREFUSED' });
    runtime.health.register({ name: 'postgres', cacheMillis: 0, check: () => Promise.reject(failure) });
    runtime.health.register({ name: 'event-loop', scope: 'liveness', cacheMillis: 0, check: () => ({ status: 'degraded', output: 'lag 120 ms on worker 10.2.3.5' }) });
    const ready = await get(runtime, '/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: 'fail', description: 'readiness' });
    const live = await get(runtime, '/health');
    expect(live.status).toBe(200);
    expect(JSON.parse(live.body)).toEqual({ status: 'warn', description: 'liveness' });
    for (const answer of [ready, live]) expect(answer.body).not.toMatch(/10\.2\.3|postgres|event-loop/);
    const withToken = JSON.parse((await get(runtime, '/ready', `Bearer ${TOKEN}`)).body) as { checks: Record<string, [{ output: string }]> };
    expect(withToken.checks['postgres']![0].output).toBe('Error [ECONNREFUSED]: connect ECONNREFUSED 10.2.3.4:5432 (db-primary.internal)');
    expect(JSON.parse((await get(runtime, '/health', 'Bearer wrong')).body)).toEqual({ status: 'warn', description: 'liveness' });
  });

  it('keeps a failing dependency out of the open liveness probe: it stays 200 while readiness fails', async () => {
    const runtime = await start({ authToken: TOKEN });
    runtime.health.register({ name: 'postgres', cacheMillis: 0, check: () => Promise.reject(new Error('connect ECONNREFUSED 10.2.3.4:5432')) });
    const live = await get(runtime, '/health');
    expect(live.status).toBe(200);
    expect(JSON.parse(live.body)).toEqual({ status: 'pass', description: 'liveness' });
    expect((await get(runtime, '/ready', `Bearer ${TOKEN}`)).status).toBe(503);
  });

  it('answers an unknown path with a plain 404 that names none of the served paths', async () => {
    const runtime = await start({ authToken: TOKEN, livenessPath: '/internal/livez', readinessPath: '/internal/readyz' });
    for (const path of ['/nope', '/metrics/', '//metrics', '/%6Detrics']) {
      const answer = await get(runtime, path);
      expect(answer).toEqual({ status: 404, body: 'Not found\n', challenge: null });
    }
  });

  it('protects liveness as well when METRICS_AUTH_LIVENESS_OPEN=false', async () => {
    const runtime = await start({ env: { METRICS_AUTH_TOKEN: TOKEN, METRICS_AUTH_LIVENESS_OPEN: 'false' } });
    expect((await get(runtime, '/health')).status).toBe(401);
    expect((await get(runtime, '/health', `Bearer ${TOKEN}`)).status).toBe(200);
  });

  it('protects only the listed paths', async () => {
    const runtime = await start({ authToken: TOKEN, authPaths: ['/metrics'] });
    expect((await get(runtime, '/metrics')).status).toBe(401);
    expect((await get(runtime, '/ready')).status).toBe(200);
    expect((await get(runtime, '/health')).status).toBe(200);
  });

  it('accepts either credential when both are set', async () => {
    const runtime = await start({ authToken: TOKEN, basicAuth: `${USER}:${PASSWORD}` });
    expect((await get(runtime, '/metrics', `Bearer ${TOKEN}`)).status).toBe(200);
    expect((await get(runtime, '/metrics', basic(USER, PASSWORD))).status).toBe(200);
    const denied = await fetch(runtime.prometheusUrl!);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer realm="metrics", Basic realm="metrics", charset="UTF-8"');
  });

  it('fails start-up on a protected path that is not served, before binding a port', async () => {
    const start = startMetrics({ env: { METRICS_AUTH_TOKEN: TOKEN, METRICS_AUTH_PATHS: '/metric,/ready' }, prometheusPort: 0 });
    await expect(start).rejects.toBeInstanceOf(MetricsConfigError);
    await expect(start).rejects.toMatchObject({ settings: ['METRICS_AUTH_PATHS'] });
    await expect(start).rejects.toThrow(/not served: \/metric$/m);
    await expect(startMetrics({ env: {}, healthEndpoints: false, authToken: TOKEN, authPaths: ['/ready'], prometheusPort: 0 })).rejects.toMatchObject({
      settings: ['options.authPaths'],
    });
  });

  it('keeps the credentials out of runtime.config when it is serialised or logged', async () => {
    const runtime = await start({ env: { METRICS_AUTH_TOKEN: TOKEN }, basicAuth: `${USER}:${PASSWORD}` });
    expect(runtime.config.authToken).toBe(TOKEN);
    for (const text of [JSON.stringify(runtime.config), inspect(runtime.config), JSON.stringify({ ...runtime.config })]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(PASSWORD);
    }
  });

  it('leaves every route open without credentials configured', async () => {
    const runtime = await start({ authPaths: ['/metrics'] });
    expect((await get(runtime, '/metrics')).status).toBe(200);
  });
});

describeWithBinaries(['openssl'], 'HTTPS on the runtime endpoint', (bin) => {
  const cert = selfSignedCert(bin['openssl']!);
  afterAll(() => rmSync(cert.dir, { recursive: true, force: true }));

  function httpsGetText(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      httpsGet(url, { ca: readFileSync(cert.certFile), headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      }).on('error', reject);
    });
  }

  it('serves the same routes over HTTPS with the certificate and key, together with access control', async () => {
    const runtime = await start({ env: { METRICS_TLS_CERT_FILE: cert.certFile, METRICS_TLS_KEY_FILE: cert.keyFile }, authToken: TOKEN });
    expect(runtime.prometheusUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const metrics = await httpsGetText(runtime.prometheusUrl!, { authorization: `Bearer ${TOKEN}` });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^target_info\{/m);
    expect((await httpsGetText(runtime.prometheusUrl!)).status).toBe(401);
    const ready = await httpsGetText(runtime.prometheusUrl!.replace('/metrics', '/health'));
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'pass', description: 'liveness' });
    // Plain HTTP gets no answer from a TLS listener.
    await expect(fetch(runtime.prometheusUrl!.replace('https:', 'http:'))).rejects.toThrow();
  });

  it('fails start-up when the key does not belong to a usable certificate, and binds nothing', async () => {
    const port = await freePort();
    const start = startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: port, tlsCertFile: cert.keyFile, tlsKeyFile: cert.certFile });
    await expect(start).rejects.toThrow(/Cannot serve Prometheus metrics/);
    expect(await isListening(port)).toBe(false);
  });
});
