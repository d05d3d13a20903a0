// The Pushgateway push against a loopback HTTP server that answers as scripted: the group's URL,
// PUT with the exposition (plain or gzipped), bounded retries, refusals not retried, failures
// reported once per outage and never thrown.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DiagnosticsSink } from '../../src/core/DiagnosticsSink.js';
import { groupingKey, groupUrl, PushgatewayPusher } from '../../src/runtime/PushgatewayPusher.js';
import { captureDiag } from '../support/diagnostics.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let server: Server | undefined;
let captured: ReturnType<typeof captureDiag> | undefined;

afterEach(async () => {
  captured?.restore();
  captured = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server answering each request with the next status of `statuses` (the last one repeats). */
async function scripted(statuses: number[], body = ''): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks) });
      response.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, received };
}

function pusher(url: string, options: Partial<ConstructorParameters<typeof PushgatewayPusher>[0]> = {}) {
  captured = captureDiag();
  return new PushgatewayPusher({
    url,
    groupingKey: { job: 'nightly' },
    compression: 'none',
    requestTimeoutMillis: 2000,
    sink: new DiagnosticsSink('diag'),
    retryDelaysMillis: [10, 10],
    ...options,
  });
}

const EXPOSITION = '# TYPE jobs_total counter\njobs_total 3\n';

describe('the grouping key and its URL', () => {
  const resource = { 'service.name': 'nightly', 'service.instance.id': 'run-7', 'deployment.environment': 'prod', 'k8s.cronjob.name': 'report' };

  it('is job alone by default, so that each run replaces the last', () => {
    expect(groupingKey(resource, [])).toEqual({ job: 'nightly' });
  });

  it('maps service.instance.id to instance and other attributes to label names', () => {
    expect(groupingKey(resource, ['service.instance.id', 'k8s.cronjob.name', 'service.name'])).toEqual({
      job: 'nightly',
      instance: 'run-7',
      k8s_cronjob_name: 'report',
    });
  });

  it('encodes values with a slash or empty ones in the base64 form, others as path segments', () => {
    expect(groupUrl('http://gw:9091/', { job: 'nightly report', instance: 'eu/1', zone: '' })).toBe(
      `http://gw:9091/metrics/job/nightly%20report/instance@base64/${Buffer.from('eu/1').toString('base64url')}/zone@base64/=`,
    );
  });
});

describe('PushgatewayPusher', () => {
  it('PUTs the exposition to the group, as text, and resolves true', async () => {
    const gateway = await scripted([200]);
    expect(await pusher(gateway.url).push(EXPOSITION)).toBe(true);
    expect(gateway.received).toHaveLength(1);
    expect(gateway.received[0]).toMatchObject({ method: 'PUT', url: '/metrics/job/nightly' });
    expect(gateway.received[0]!.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(gateway.received[0]!.body.toString()).toBe(EXPOSITION);
    expect(captured!.warnings).toEqual([]);
  });

  it('gzips the body when asked', async () => {
    const gateway = await scripted([202]);
    expect(await pusher(gateway.url, { compression: 'gzip' }).push(EXPOSITION)).toBe(true);
    expect(gateway.received[0]!.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gateway.received[0]!.body).toString()).toBe(EXPOSITION);
  });

  it('retries a 503 within its bounded attempts and succeeds without a warning', async () => {
    const gateway = await scripted([503, 503, 200]);
    expect(await pusher(gateway.url).push(EXPOSITION, { final: true })).toBe(true);
    expect(gateway.received).toHaveLength(3);
    expect(captured!.warnings).toEqual([]);
  });

  it('gives up after the last attempt and reports the final failure with the answer', async () => {
    const gateway = await scripted([500], 'storage full');
    expect(await pusher(gateway.url).push(EXPOSITION, { final: true })).toBe(false);
    expect(gateway.received).toHaveLength(3);
    expect(captured!.warnings).toHaveLength(1);
    expect(captured!.warnings[0]).toContain('the final Pushgateway push to');
    expect(captured!.warnings[0]).toContain('HTTP 500: storage full');
  });

  it('does not retry a refusal (400): the same body would be refused again', async () => {
    const gateway = await scripted([400], 'text format parsing error in line 2');
    expect(await pusher(gateway.url).push(EXPOSITION, { final: true })).toBe(false);
    expect(gateway.received).toHaveLength(1);
    expect(captured!.warnings[0]).toContain('HTTP 400: text format parsing error in line 2');
  });

  it('stops at the deadline when nothing answers, without throwing', async () => {
    // A server that accepts and never answers.
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const started = Date.now();
    const pushed = await pusher(`http://127.0.0.1:${port}`, { requestTimeoutMillis: 5000 }).push(EXPOSITION, { final: true, deadline: started + 300 });
    expect(pushed).toBe(false);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(captured!.warnings[0]).toContain('timed out');
    server.closeAllConnections();
  });

  it('reports an outage of interval pushes once when it starts and once when it ends', async () => {
    const gateway = await scripted([500, 500, 500, 500, 500, 500, 200]);
    const p = pusher(gateway.url);
    expect(await p.push(EXPOSITION)).toBe(false);
    expect(await p.push(EXPOSITION)).toBe(false);
    expect(await p.push(EXPOSITION)).toBe(true);
    expect(captured!.warnings).toHaveLength(2);
    expect(captured!.warnings[0]).toContain('later pushes (on the interval, at forceFlush() and at shutdown) go on');
    expect(captured!.warnings[1]).toContain('succeeded again');
  });
});
