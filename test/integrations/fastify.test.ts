// The Fastify plugin against a real Fastify 5 server on loopback, on every recording setup: route
// templates from Fastify's declared URLs, 404s, errors from handlers and hooks, aborts, streams,
// HEAD, body sizes; and the README's example, which must be the compiled file.
import { Readable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import { HttpServerMetrics } from '../../src/domains/HttpServerMetrics.js';
import { FASTIFY_PLUGIN_NAME, fastifyMetrics } from '../../src/integrations/fastify.js';
import { ACTIVE, DURATION, REQUEST_SIZE, RESPONSE_SIZE, servePerTest, expectOtherMethodRecorded } from '../support/httpIntegration.js';
import { abandon, call } from '../support/loopbackClient.js';
import { recordingSetups } from '../support/recordingSetups.js';
import { exampleAsReadme, readmeBlocks } from '../support/readmeExamples.js';

class Forbidden extends Error {
  readonly statusCode = 403;
}

describe.each(recordingSetups())('Fastify plugin, $name', (setup) => {
  const served = servePerTest(setup, async (recording, arrived) => {
    const app = Fastify();
    await app.register(fastifyMetrics, { metrics: new HttpServerMetrics(recording) });
    app.get('/users/:id', async (request) => ({ id: (request.params as { id: string }).id }));
    app.post('/echo', async (request) => request.body);
    app.addHttpMethod('PROPFIND'); // WebDAV: outside the methods Fastify routes by default
    app.route({ method: 'PROPFIND', url: '/dav/:name', handler: async (request) => request.method });
    app.get('/boom', async () => {
      throw new Error('handler failed');
    });
    app.get('/stream', (_request, reply) => reply.type('text/plain').send(Readable.from(['a', 'bb', 'ccc'])));
    app.get('/slow', async (request, reply) => {
      arrived();
      await new Promise((resolve) => request.raw.once('close', resolve));
      return reply; // answered by nobody: the client is gone
    });
    // A child context with a prefix and its own hook: routes and hook errors are still seen.
    await app.register(
      async (child) => {
        child.addHook('preHandler', async (request) => {
          if (request.url.endsWith('/secret')) throw new Forbidden('no');
        });
        child.get('/orders/:orderId', async () => 'order');
        child.get('/secret', async () => 'never');
      },
      { prefix: '/api' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as { port: number }).port, close: () => app.close() };
  });

  it('records a parameterised route hit with many ids as one series, body sizes from the bytes sent', async () => {
    let bytes = 0;
    for (let id = 0; id < 40; id++) bytes += (await call(served.port, 'GET', `/users/${id}?page=${id}`)).body.length;
    const s = await served.recorded(40);
    expect(s.attributeSets(DURATION)).toEqual([{ 'http.request.method': 'GET', 'http.route': '/users/:id', 'http.response.status_code': 200 }]);
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.route': '/users/:id', 'http.response.status_code': 200 }).count).toBe(40);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/users/:id' }).sum).toBe(bytes);
    expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
  });

  it('records the request body size from Content-Length', async () => {
    const reply = await call(served.port, 'POST', '/echo', '{"hello":"world"}', { 'content-type': 'application/json' });
    expect(reply.status).toBe(200);
    const s = await served.recorded(1);
    expect(s.histogram(REQUEST_SIZE, { 'http.request.method': 'POST', 'http.route': '/echo' }).sum).toBe(17);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'POST', 'http.route': '/echo' }).sum).toBe(reply.body.length);
  });

  it('records 404s without http.route, never the raw path', async () => {
    const reply = await call(served.port, 'GET', '/wp-admin/setup-config.php');
    await call(served.port, 'GET', '/nope/12345');
    expect(reply.status).toBe(404);
    const s = await served.recorded(2);
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.response.status_code': 404 }).count).toBe(2);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET' }).count).toBe(2);
  });

  it('records an error thrown by the handler as the 500 Fastify sends', async () => {
    expect((await call(served.port, 'GET', '/boom')).status).toBe(500);
    const s = await served.recorded(1);
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.route': '/boom', 'http.response.status_code': 500, 'error.type': '500' }).count).toBe(1);
  });

  it('sees routes and hook errors of a child context, with the prefix in http.route', async () => {
    expect((await call(served.port, 'GET', '/api/orders/77')).status).toBe(200);
    expect((await call(served.port, 'GET', '/api/secret')).status).toBe(403);
    const s = await served.recorded(2);
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.route': '/api/orders/:orderId', 'http.response.status_code': 200 }).count).toBe(1);
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.route': '/api/secret', 'http.response.status_code': 403 }).count).toBe(1);
  });

  it('records a client abort without a status code, with error.type aborted, and releases the active request', async () => {
    await abandon(served.port, '/slow', served.slowArrived);
    const s = await served.recorded(1);
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.route': '/slow', 'error.type': 'aborted' }).count).toBe(1);
    expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
  });

  it('records a method outside the known set as _OTHER, under the route that handled it', async () => {
    await expectOtherMethodRecorded(served, '/dav/report', '/dav/:name', '/nowhere');
  });

  it('counts the bytes of a streamed response', async () => {
    const reply = await call(served.port, 'GET', '/stream');
    expect(reply.body.toString()).toBe('abbccc');
    const s = await served.recorded(1);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/stream' }).sum).toBe(6);
  });

  it('records HEAD on the GET route with a body size of 0', async () => {
    const reply = await call(served.port, 'HEAD', '/users/5');
    expect(reply.status).toBe(200);
    expect(reply.body.length).toBe(0);
    const s = await served.recorded(1);
    expect(s.histogram(DURATION, { 'http.request.method': 'HEAD', 'http.route': '/users/:id', 'http.response.status_code': 200 }).count).toBe(1);
    const size = s.histogram(RESPONSE_SIZE, { 'http.request.method': 'HEAD', 'http.route': '/users/:id' });
    expect([size.count, size.sum]).toEqual([1, 0]);
  });
});

describe('Fastify plugin registration', () => {
  it('declares the metadata of fastify-plugin: not encapsulated, named, for Fastify 5', () => {
    const meta = fastifyMetrics as unknown as Record<symbol, unknown>;
    expect(meta[Symbol.for('skip-override')]).toBe(true);
    expect(meta[Symbol.for('fastify.display-name')]).toBe(FASTIFY_PLUGIN_NAME);
    expect(meta[Symbol.for('plugin-meta')]).toEqual({ name: FASTIFY_PLUGIN_NAME, fastify: '5.x' });
  });

  it('is known to Fastify by name once registered, and takes a DomainMetrics as well', async () => {
    const recording = recordingSetups()[0]!.start();
    const app = Fastify();
    await app.register(fastifyMetrics, { metrics: new DomainMetrics(recording) });
    app.get('/ping', async () => 'pong');
    expect(app.hasPlugin(FASTIFY_PLUGIN_NAME)).toBe(true);
    await app.listen({ port: 0, host: '127.0.0.1' });
    await call((app.server.address() as { port: number }).port, 'GET', '/ping');
    await app.close();
    const s = await recording.collect();
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.route': '/ping', 'http.response.status_code': 200 }).count).toBe(1);
  });

  it('counts a request once when registered twice (root and a child context)', async () => {
    const recording = recordingSetups()[0]!.start();
    const metrics = new HttpServerMetrics(recording);
    const app = Fastify();
    await app.register(fastifyMetrics, { metrics });
    await app.register(async (child) => {
      await child.register(fastifyMetrics, { metrics });
      child.get('/twice', async () => 'ok');
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    await call((app.server.address() as { port: number }).port, 'GET', '/twice');
    await app.close();
    const s = await recording.collect();
    expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.route': '/twice', 'http.response.status_code': 200 }).count).toBe(1);
  });

  it('fails the registration, loudly, without metrics to record into', async () => {
    const app = Fastify();
    await expect(app.register(fastifyMetrics, {} as never)).rejects.toThrow(/needs \{ metrics: DomainMetrics \| HttpServerMetrics \}/);
  });
});

it('README: the Fastify example is examples/frameworks/fastify.ts', () => {
  expect(readmeBlocks('### Fastify')).toEqual([exampleAsReadme('examples/frameworks/fastify.ts')]);
});
