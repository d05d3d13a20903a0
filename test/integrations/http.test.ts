// The plain node:http integration on a real server over loopback HTTP, on every recording setup:
// declared templates, named routes and resolvers; unmatched paths without http.route however many;
// errors answered by the handler, aborts, streams, HEAD; and the README's example, which must be the compiled file.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import { HttpServerMetrics } from '../../src/domains/HttpServerMetrics.js';
import { trackRequest, withHttpMetrics, type TrackedRequest } from '../../src/integrations/http.js';
import { captureDiag } from '../support/diagnostics.js';
import { ACTIVE, DURATION, get, listening, RESPONSE_SIZE, servePerTest, type Served, expectOtherMethodRecorded } from '../support/httpIntegration.js';
import { abandon, call } from '../support/loopbackClient.js';
import { eventually } from '../support/testKit.js';
import { recordingSetups } from '../support/recordingSetups.js';
import { exampleAsReadme, readmeBlocks } from '../support/readmeExamples.js';

const ROUTES = ['/users/:id', '/health', '/files/*path', '/slow', '/stream', '/fail'];

const servers: Served[] = [];
/** One more server for the running test, closed after it. */
async function listen(listener: (req: IncomingMessage, res: ServerResponse) => unknown): Promise<number> {
  const server = await listening(createServer(listener).listen(0, '127.0.0.1'));
  servers.push(server);
  return server.port;
}
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe.each(recordingSetups())('plain node:http, $name', (setup) => {
  let metrics: DomainMetrics;
  let arrived: () => void;

  /** A server routing by hand, as plain node:http services do, measured through withHttpMetrics. */
  async function handler(req: IncomingMessage, res: ServerResponse, tracked: TrackedRequest): Promise<void> {
    const path = (req.url ?? '').split('?')[0]!;
    if (path.startsWith('/users/')) {
      res.end(`user ${path.slice(7)}`);
    } else if (path === '/health' || path.startsWith('/files/')) {
      res.end('ok');
    } else if (path === '/stream') {
      await pipeline(Readable.from(['a'.repeat(1000), 'ü'.repeat(100), Buffer.alloc(24)]), res);
    } else if (path === '/slow') {
      arrived(); // never answered: the client goes away
    } else if (path === '/fail') {
      try {
        await Promise.reject(new TypeError('downstream failed'));
      } catch {
        res.writeHead(503).end('unavailable');
      }
    } else if (path.startsWith('/orders/')) {
      tracked.setRoute('/orders/:orderId'); // a route the handler names itself
      res.end('order');
    } else {
      res.writeHead(404).end('not found');
    }
  }

  const served = servePerTest(setup, async (recording, slowRouteArrived) => {
    metrics = new DomainMetrics(recording);
    arrived = slowRouteArrived;
    return listening(createServer(withHttpMetrics(metrics, handler, { routes: ROUTES })).listen(0, '127.0.0.1'));
  });

  it('records a parameterised route hit with many ids as one series, body sizes from the bytes sent', async () => {
    let bytes = 0;
    for (let id = 0; id < 40; id++) bytes += (await call(served.port, 'GET', `/users/user-${id}/?page=${id}`)).body.length;
    const s = await served.recorded(40);
    expect(s.attributeSets(DURATION)).toEqual([get('/users/:id', 200)]);
    expect(s.histogram(DURATION, get('/users/:id', 200)).count).toBe(40);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/users/:id' }).sum).toBe(bytes);
    expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
  });

  it('gives 500 distinct unmatched paths no http.route: no value beyond the templates passed', async () => {
    for (let i = 0; i < 500; i++) {
      const path = i % 2 === 0 ? `/wp-admin/probe-${i}.php` : `/blog/a-short-slug-${i % 7}-${i}`;
      expect((await call(served.port, 'GET', path)).status).toBe(404);
    }
    await call(served.port, 'GET', '/health');
    await call(served.port, 'GET', '/files/a/b/c.txt');
    const s = await served.recorded(502);
    const routes = s.attributeSets(DURATION).map((attributes) => attributes['http.route']);
    expect(routes.filter((route) => route !== undefined && !ROUTES.includes(route as string))).toEqual([]);
    expect(s.histogram(DURATION, get(undefined, 404)).count).toBe(500);
    expect(s.histogram(DURATION, get('/health', 200)).count).toBe(1);
    expect(s.histogram(DURATION, get('/files/*path', 200)).count).toBe(1);
    expect(s.attributeSets(DURATION)).toHaveLength(3);
  });

  it('records the template a handler names with setRoute', async () => {
    await call(served.port, 'GET', '/orders/123');
    await call(served.port, 'GET', '/orders/abc');
    const s = await served.recorded(2);
    expect(s.attributeSets(DURATION)).toEqual([get('/orders/:orderId', 200)]);
  });

  it('records an error the handler answered, under its route', async () => {
    expect((await call(served.port, 'GET', '/fail')).status).toBe(503);
    const s = await served.recorded(1);
    expect(s.attributeSets(DURATION)).toEqual([get('/fail', 503, '503')]);
  });

  it('records a client abort without a status code, with error.type aborted, and releases the active request', async () => {
    await abandon(served.port, '/slow', served.slowArrived);
    const s = await served.recorded(1);
    expect(s.attributeSets(DURATION)).toEqual([get('/slow', undefined, 'aborted')]);
    expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
  });

  it('records a method outside the known set as _OTHER, under the route that handled it', async () => {
    await expectOtherMethodRecorded(served, '/users/7', '/users/:id', '/nowhere', false);
  });

  it('counts the bytes of a streamed response', async () => {
    expect((await call(served.port, 'GET', '/stream')).body.length).toBe(1224);
    const s = await served.recorded(1);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/stream' }).sum).toBe(1224);
  });

  it('records HEAD under its route with a response body of 0 bytes', async () => {
    expect((await call(served.port, 'HEAD', '/users/1')).status).toBe(200);
    const s = await served.recorded(1);
    expect(s.histogram(DURATION, { 'http.request.method': 'HEAD', 'http.route': '/users/:id', 'http.response.status_code': 200 }).count).toBe(1);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'HEAD', 'http.route': '/users/:id' }).sum).toBe(0);
  });

  it('takes a route resolver before the declared templates, and no template at all means no http.route', async () => {
    const resolved = await listen((req, res) => {
      trackRequest(metrics.httpServer, req, res, { routes: ROUTES, route: (r) => (r.url?.startsWith('/v2/') ? '/v2/:rest' : undefined) });
      res.end('ok');
    });
    const bare = await listen((req, res) => {
      trackRequest(metrics, req, res);
      res.end('ok');
    });
    await call(resolved, 'GET', '/v2/anything');
    await call(resolved, 'GET', '/users/7');
    await call(bare, 'GET', '/users/7');
    const s = await served.recorded(3);
    expect(s.histogram(DURATION, get('/v2/:rest', 200)).count).toBe(1);
    expect(s.histogram(DURATION, get('/users/:id', 200)).count).toBe(1);
    expect(s.histogram(DURATION, get(undefined, 200)).count).toBe(1);
  });
});

describe('plain node:http, whatever it is given', () => {
  it('drops unusable options and route names with one diagnostic each, and still measures the request', async () => {
    const { warnings, restore } = captureDiag();
    try {
      const recording = recordingSetups()[0]!.start();
      const http = new HttpServerMetrics(recording);
      const port = await listen((req, res) => {
        const options = { routes: ['/ok/:id', 42, 'no-slash'], route: 'not a function' } as unknown as { routes: string[] };
        trackRequest(http, req, res, options).setRoute(null as unknown as string);
        res.end();
      });
      await call(port, 'GET', '/ok/1');
      await eventually(async () => {
        const s = await recording.collect();
        expect(s.attributeSets(DURATION)).toEqual([get('/ok/:id', 200)]);
      });
      expect(warnings.some((w) => w.includes('TrackedRequest.setRoute'))).toBe(true);
      expect(warnings.some((w) => w.includes('options.routes: a route template is a string'))).toBe(true);
      expect(warnings.some((w) => w.includes('options.route'))).toBe(true);
    } finally {
      restore();
    }
  });
});

it('README: the plain node:http example is examples/frameworks/http.ts', () => {
  expect(readmeBlocks('### Plain node:http')).toEqual([exampleAsReadme('examples/frameworks/http.ts')]);
});
