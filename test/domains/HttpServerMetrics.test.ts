// HttpServerMetrics against a real Node.js HTTP server on loopback, on both recording paths (plain
// SDK and fast path) and both temporalities.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Attributes } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeHttpMethod } from '../../src/core/httpMethod.js';
import { ROUTE_TEMPLATES } from '../../src/core/routeTemplate.js';
import { HTTP_SERVER_METRICS } from '../../src/domains/httpServerCatalog.js';
import { HttpServerMetrics } from '../../src/domains/HttpServerMetrics.js';
import { testProvider, type TestReader } from '../support/collect.js';
import { captureDiag } from '../support/diagnostics.js';
import { runtimeLikeProvider } from '../support/fastPathProvider.js';

const servers: { close(): void; closeAllConnections(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

interface Reply {
  status: number;
  body: Buffer;
}

function call(port: number, method: string, path: string, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Waits for the server side of the responses to close (the 'close' event follows the client's read). */
const settle = () => new Promise((r) => setTimeout(r, 50));

interface Totals {
  count(name: string, attributes: Attributes): number;
  sum(name: string, attributes: Attributes): number;
  value(name: string, attributes: Attributes): number;
  attributeSets(name: string): Attributes[];
}

/**
 * What a backend knows after every collection so far: the last snapshot on a cumulative reader,
 * the sum of all snapshots on a delta one. So one set of assertions holds for both temporalities.
 */
class Collected {
  private readonly points = new Map<string, Map<string, { attributes: Attributes; value: number; count: number; sum: number }>>();

  constructor(private readonly reader: TestReader, private readonly temporality: AggregationTemporality) {}

  async collect(): Promise<Totals> {
    const snapshot = await this.reader.snapshot();
    if (this.temporality === AggregationTemporality.CUMULATIVE) this.points.clear();
    for (const metric of snapshot.metrics) {
      let series = this.points.get(metric.descriptor.name);
      if (series === undefined) this.points.set(metric.descriptor.name, (series = new Map()));
      for (const point of metric.dataPoints) {
        const key = JSON.stringify(Object.entries(point.attributes).sort(([a], [b]) => a.localeCompare(b)));
        const known = series.get(key) ?? { attributes: point.attributes, value: 0, count: 0, sum: 0 };
        if (metric.dataPointType === DataPointType.HISTOGRAM) {
          const h = point.value as Histogram;
          known.count += h.count;
          known.sum += h.sum ?? 0;
        } else {
          known.value += point.value as number;
        }
        series.set(key, known);
      }
    }
    const find = (name: string, attributes: Attributes) => {
      const key = JSON.stringify(Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)));
      const found = this.points.get(name)?.get(key);
      if (found === undefined) throw new Error(`no point of ${name} with ${JSON.stringify(attributes)}; present: ${JSON.stringify([...(this.points.get(name)?.values() ?? [])].map((p) => p.attributes))}`);
      return found;
    };
    return {
      count: (name, attributes) => find(name, attributes).count,
      sum: (name, attributes) => find(name, attributes).sum,
      value: (name, attributes) => find(name, attributes).value,
      attributeSets: (name) => [...(this.points.get(name)?.values() ?? [])].filter((p) => p.count > 0 || p.value !== 0).map((p) => p.attributes),
    };
  }
}

const PATHS = [
  { path: 'SDK', fast: false, temporality: AggregationTemporality.CUMULATIVE },
  { path: 'SDK', fast: false, temporality: AggregationTemporality.DELTA },
  { path: 'fast', fast: true, temporality: AggregationTemporality.CUMULATIVE },
  { path: 'fast', fast: true, temporality: AggregationTemporality.DELTA },
].map((p) => ({ ...p, name: `${p.path} path, ${p.temporality === AggregationTemporality.DELTA ? 'delta' : 'cumulative'}` }));

const DURATION = 'http.server.request.duration';
const ACTIVE = 'http.server.active_requests';
const REQUEST_SIZE = 'http.server.request.body.size';
const RESPONSE_SIZE = 'http.server.response.body.size';

describe.each(PATHS)('HttpServerMetrics ($name)', ({ fast, temporality }) => {
  function setup() {
    let meterProvider;
    let reader: TestReader;
    if (fast) {
      const provider = runtimeLikeProvider({ fast: true, specs: Object.values(HTTP_SERVER_METRICS), temporalities: [temporality] });
      meterProvider = provider.meterProvider;
      reader = provider.readers[0]!;
    } else {
      ({ meterProvider, reader } = testProvider({ temporality }));
    }
    return { http: new HttpServerMetrics({ meterProvider }), collected: new Collected(reader, temporality) };
  }

  it('measures every response through middleware mounted first: routes, status codes, error.type, body sizes', async () => {
    const { http, collected } = setup();
    const middleware = http.middleware({ route: (req) => (req.url?.startsWith('/users/') ? '/users/:id' : undefined) });
    const port = await serve((req, res) => {
      middleware(req, res, () => {
        if (req.url?.startsWith('/users/')) {
          res.setHeader('content-length', '2');
          res.end('ok');
        } else if (req.url === '/boom') {
          res.statusCode = 500;
          res.end();
        } else {
          res.statusCode = 404;
          res.end('not found');
        }
      });
    });
    expect((await call(port, 'GET', '/users/42')).status).toBe(200);
    expect((await call(port, 'GET', '/users/43')).status).toBe(200);
    expect((await call(port, 'POST', '/users/44', 'x'.repeat(300))).status).toBe(200);
    expect((await call(port, 'GET', '/boom')).status).toBe(500);
    expect((await call(port, 'GET', '/no/such/path/123')).status).toBe(404);
    expect((await call(port, 'PURGE', '/users/1')).status).toBe(200);
    await settle();

    const t = await collected.collect();
    const d = (attrs: Attributes) => t.count(DURATION, attrs);
    expect(d({ 'http.request.method': 'GET', 'http.route': '/users/:id', 'http.response.status_code': 200 })).toBe(2);
    expect(d({ 'http.request.method': 'POST', 'http.route': '/users/:id', 'http.response.status_code': 200 })).toBe(1);
    // 5xx without an exception: error.type is the status code. No route: no http.route, never the raw path.
    expect(d({ 'http.request.method': 'GET', 'http.response.status_code': 500, 'error.type': '500' })).toBe(1);
    expect(d({ 'http.request.method': 'GET', 'http.response.status_code': 404 })).toBe(1);
    expect(d({ 'http.request.method': '_OTHER', 'http.route': '/users/:id', 'http.response.status_code': 200 })).toBe(1);
    expect(JSON.stringify(t.attributeSets(DURATION))).not.toContain('/no/such/path');
    expect(t.sum(REQUEST_SIZE, { 'http.request.method': 'POST', 'http.route': '/users/:id' })).toBe(300);
    expect(t.sum(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/users/:id' })).toBe(4);
    // The 404 and the 500 set no Content-Length: their bodies are sized from what was written.
    expect(t.count(RESPONSE_SIZE, { 'http.request.method': 'GET' })).toBe(2);
    expect(t.sum(RESPONSE_SIZE, { 'http.request.method': 'GET' })).toBe('not found'.length);
    for (const method of ['GET', 'POST', '_OTHER']) expect(t.value(ACTIVE, { 'http.request.method': method })).toBe(0);
  });

  it('uses the Express route (baseUrl + route.path) when no resolver is given', async () => {
    const { http, collected } = setup();
    const port = await serve((req, res) => {
      http.track(req, res);
      Object.assign(req, { baseUrl: '/api', route: { path: '/orders/:orderId' } });
      res.end();
    });
    await call(port, 'GET', '/api/orders/77');
    await settle();
    expect((await collected.collect()).attributeSets(DURATION)).toEqual([
      { 'http.request.method': 'GET', 'http.route': '/api/orders/:orderId', 'http.response.status_code': 200 },
    ]);
  });

  it('records a client abort before any response without a status code, keeps error.type, and releases the active count', async () => {
    const { http, collected } = setup();
    let inFlight = 0;
    const port = await serve((req, res) => {
      http.track(req, res, { route: () => '/hang' });
      inFlight++; // never answers; the client gives up
    });
    const aborted = httpRequest({ host: '127.0.0.1', port, path: '/hang' });
    aborted.on('error', () => undefined);
    aborted.end();
    for (let i = 0; i < 200 && inFlight === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await collected.collect()).value(ACTIVE, { 'http.request.method': 'GET' })).toBe(1);
    aborted.destroy();
    await settle();
    const t = await collected.collect();
    expect(t.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
    // Node's default statusCode is 200, but nothing was sent: no http.response.status_code.
    expect(t.attributeSets(DURATION)).toEqual([{ 'http.request.method': 'GET', 'http.route': '/hang', 'error.type': 'aborted' }]);
    expect(t.sum(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/hang' })).toBe(0);
  });

  it('keeps the status code of a response whose headers were sent before the client aborted', async () => {
    const { http, collected } = setup();
    const port = await serve((req, res) => {
      http.track(req, res);
      res.writeHead(206, { 'content-type': 'text/plain' });
      res.write('partial'); // and never ends
    });
    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/stream' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      req.end();
    });
    await settle();
    const t = await collected.collect();
    expect(t.attributeSets(DURATION)).toEqual([{ 'http.request.method': 'GET', 'http.response.status_code': 206, 'error.type': 'aborted' }]);
    expect(t.sum(RESPONSE_SIZE, { 'http.request.method': 'GET' })).toBe('partial'.length);
    expect(t.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
  });

  it('does not leak the active count when a handler throws or destroys the response', async () => {
    const { http, collected } = setup();
    const port = await serve((req, res) => {
      http.track(req, res);
      if (req.url === '/destroy') {
        res.destroy();
        return;
      }
      try {
        throw new TypeError('handler bug');
      } catch {
        res.statusCode = 500;
        res.end();
      }
    });
    expect((await call(port, 'GET', '/throws')).status).toBe(500);
    await expect(call(port, 'GET', '/destroy')).rejects.toThrow();
    await settle();
    const t = await collected.collect();
    expect(t.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
    expect(t.count(DURATION, { 'http.request.method': 'GET', 'http.response.status_code': 500, 'error.type': '500' })).toBe(1);
    expect(t.count(DURATION, { 'http.request.method': 'GET', 'error.type': 'aborted' })).toBe(1);
  });

  it('sizes bodies written in chunks without Content-Length by the bytes written: multibyte strings, encodings, Buffers, Uint8Arrays, streams', async () => {
    const { http, collected } = setup();
    const port = await serve((req, res) => {
      http.track(req, res, { route: () => req.url });
      if (req.url === '/chunks') {
        res.write('héllo ₿ '); // 11 bytes: é is 2 in UTF-8, ₿ is 3
        res.write(Buffer.from([1, 2, 3]));
        res.write(new Uint8Array(5));
        res.write('ff00', 'hex'); // 2 bytes
        res.write('aGk=', 'base64', () => undefined); // "hi": 2 bytes
        res.end('€', 'utf8'); // 3 bytes
      } else if (req.url === '/latin1') {
        res.end('café', 'latin1'); // 4 bytes in latin1, 5 in UTF-8
      } else if (req.url === '/buffer') {
        res.end(Buffer.alloc(1000, 7));
      } else if (req.url === '/stream') {
        void pipeline(Readable.from(['a'.repeat(10_000), 'ü'.repeat(500), Buffer.alloc(123)]), res);
      } else {
        res.end(() => undefined); // a callback, no data
      }
    });
    const replies = {
      chunks: await call(port, 'GET', '/chunks'),
      latin1: await call(port, 'GET', '/latin1'),
      buffer: await call(port, 'GET', '/buffer'),
      stream: await call(port, 'GET', '/stream'),
      empty: await call(port, 'GET', '/empty'),
    };
    await settle();
    const t = await collected.collect();
    const size = (route: string) => t.sum(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': route });
    expect(replies.chunks.body.length).toBe(11 + 3 + 5 + 2 + 2 + 3);
    expect(size('/chunks')).toBe(replies.chunks.body.length);
    expect(size('/latin1')).toBe(4);
    expect(replies.latin1.body.length).toBe(4);
    expect(size('/buffer')).toBe(1000);
    expect(size('/stream')).toBe(10_000 + 1000 + 123);
    expect(replies.stream.body.length).toBe(10_000 + 1000 + 123);
    expect(size('/empty')).toBe(0);
    expect(t.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
  });

  it('records 0 body bytes for HEAD, 204 and 304 responses, whatever the handler writes or declares', async () => {
    const { http, collected } = setup();
    const port = await serve((req, res) => {
      http.track(req, res, { route: () => '/r' });
      if (req.url === '/204') res.statusCode = 204;
      else if (req.url === '/304') res.statusCode = 304;
      else res.setHeader('content-length', '12'); // a HEAD declares the size of the GET body
      res.end('body of GET!');
    });
    const head = await call(port, 'HEAD', '/');
    await call(port, 'GET', '/204');
    await call(port, 'GET', '/304');
    const get = await call(port, 'GET', '/');
    await settle();
    expect(head.body.length).toBe(0);
    expect(get.body.length).toBe(12);
    const t = await collected.collect();
    expect(t.count(RESPONSE_SIZE, { 'http.request.method': 'HEAD', 'http.route': '/r' })).toBe(1);
    expect(t.sum(RESPONSE_SIZE, { 'http.request.method': 'HEAD', 'http.route': '/r' })).toBe(0);
    expect(t.count(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/r' })).toBe(3);
    expect(t.sum(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/r' })).toBe(12);
    expect(t.count(DURATION, { 'http.request.method': 'GET', 'http.route': '/r', 'http.response.status_code': 204 })).toBe(1);
    expect(t.count(DURATION, { 'http.request.method': 'GET', 'http.route': '/r', 'http.response.status_code': 304 })).toBe(1);
  });

  it('counts a request once when the middleware is mounted twice', async () => {
    const { http, collected } = setup();
    const middleware = http.middleware({ route: () => '/twice' });
    const port = await serve((req, res) => middleware(req, res, () => middleware(req, res, () => res.end('abc'))));
    await call(port, 'GET', '/');
    await settle();
    const t = await collected.collect();
    expect(t.count(DURATION, { 'http.request.method': 'GET', 'http.route': '/twice', 'http.response.status_code': 200 })).toBe(1);
    expect(t.sum(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/twice' })).toBe(3);
    expect(t.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(1 - 1);
  });

  it('records no http.route when a resolver returns the raw path of a 404, so scanner probes add no series', async () => {
    const { http, collected } = setup();
    const port = await serve((req, res) => {
      // What plain node:http services did: the raw URL as the route.
      http.track(req, res, { route: () => req.url });
      if (req.url?.startsWith('/users/')) res.end('user');
      else res.writeHead(404).end();
    });
    for (let i = 0; i < 200; i++) await call(port, 'GET', i % 2 === 0 ? `/wp-admin/probe-${i}.php` : `/blog/slug-${i}?utm=${i}`);
    await call(port, 'GET', '/users/42');
    await settle();
    const t = await collected.collect();
    expect(t.count(DURATION, { 'http.request.method': 'GET', 'http.response.status_code': 404 })).toBe(200);
    // A path that was answered keeps its (templated) value: only a 404 says no route matched.
    expect(t.count(DURATION, { 'http.request.method': 'GET', 'http.route': '/users/{id}', 'http.response.status_code': 200 })).toBe(1);
    expect(t.attributeSets(DURATION)).toHaveLength(2);
  });

  it('never throws on bad input to track and middleware: invalid parts dropped and reported, valid parts recorded', async () => {
    const { http, collected } = setup();
    const diag = captureDiag();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    const thrown: unknown[] = [];
    const attempt = (f: () => void) => {
      try {
        f();
      } catch (error) {
        thrown.push(error);
      }
    };
    const throwing = new Proxy({}, {
      get() {
        throw new Error('getter');
      },
    });
    const throwingMethod = Object.defineProperty({ headers: {} }, 'method', {
      get() {
        throw new Error('method getter');
      },
    });
    const badRouteValues: Record<string, unknown> = {
      '/null': null,
      '/number': 42,
      '/symbol': Symbol('route'),
      '/object': { path: '/x' },
      '/huge': `/blob/${'x'.repeat(1024 * 1024)}`,
      '/throws': undefined,
    };
    // Nothing is measured for these: there is no response to wait for.
    const notResponses: [unknown, unknown][] = [[null, null], [{}, {}], ['GET /', 'response'], [42, undefined], [throwing, throwing]];
    for (const [request, response] of notResponses) {
      attempt(() => http.track(request as IncomingMessage, response as ServerResponse));
      attempt(() => http.middleware()(request as IncomingMessage, response as ServerResponse, () => undefined));
    }
    const badOptions = [null, 'route', 42, { route: '/not/a/function' }, throwing];
    const middlewares = badOptions.map((options) => {
      let m: ReturnType<HttpServerMetrics['middleware']> | undefined;
      attempt(() => (m = http.middleware(options as never)));
      return m;
    });
    try {
      const port = await serve((req, res) => {
        const url = req.url ?? '';
        if (url === '/bad-request-object') {
          // A request that is no IncomingMessage (method getter throws): measured as _OTHER.
          attempt(() => http.track(throwingMethod as unknown as IncomingMessage, res, { route: () => '/bad-request-object' }));
        } else if (url === '/string-request') {
          attempt(() => http.track('GET' as unknown as IncomingMessage, res, { route: () => '/string-request' }));
        } else if (url.startsWith('/options/')) {
          const m = middlewares[Number(url.slice('/options/'.length))];
          attempt(() => m?.(req, res, undefined as unknown as () => void)); // no next either
        } else {
          attempt(() =>
            http.track(req, res, {
              route: () => {
                if (url === '/throws') throw new Error('resolver');
                return badRouteValues[url] as string;
              },
            }),
          );
        }
        res.end('ok');
      });
      for (const url of [...Object.keys(badRouteValues), '/bad-request-object', '/string-request', ...badOptions.map((_, i) => `/options/${i}`)]) {
        expect((await call(port, 'GET', url)).status).toBe(200);
      }
      await settle();
    } finally {
      process.off('uncaughtException', onUncaught);
      diag.restore();
    }
    expect(thrown).toEqual([]);
    expect(uncaught).toEqual([]);
    expect(middlewares.every((m) => typeof m === 'function')).toBe(true);

    const t = await collected.collect();
    const sets = t.attributeSets(DURATION).map((a) => JSON.stringify(a)).sort();
    expect(sets).toEqual(
      [
        // null, number, symbol, object route, throwing resolver, and the five bad options (Express route: none) → no route
        { 'http.request.method': 'GET', 'http.response.status_code': 200 },
        { 'http.request.method': 'GET', 'http.route': '/blob/{token}', 'http.response.status_code': 200 },
        { 'http.request.method': '_OTHER', 'http.route': '/bad-request-object', 'http.response.status_code': 200 },
        { 'http.request.method': '_OTHER', 'http.route': '/string-request', 'http.response.status_code': 200 },
      ]
        .map((a) => JSON.stringify(a))
        .sort(),
    );
    expect(t.count(DURATION, { 'http.request.method': 'GET', 'http.response.status_code': 200 })).toBe(5 + 5);
    expect(t.sum(RESPONSE_SIZE, { 'http.request.method': 'GET' })).toBe(2 * 10);
    expect(t.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
    expect(t.value(ACTIVE, { 'http.request.method': '_OTHER' })).toBe(0);
    // Once per kind of problem: the first bad argument and the first bad value.
    expect(diag.warnings).toEqual([
      expect.stringMatching(/^otel-domain-metrics: http\.server\.request\.duration: .*\(track\(\): the response is not an http\.ServerResponse \(null\); the request is not measured\)/),
      expect.stringMatching(/^otel-domain-metrics: http\.server\.request\.duration: .*\(http\.route must be a string, got number\)/),
    ]);
  });

  it('never throws from requestStarted().finish on bad results; valid parts of the same call are recorded', async () => {
    const { http, collected } = setup();
    const diag = captureDiag();
    const throwing = new Proxy(new Error('x'), {
      get() {
        throw new Error('getter');
      },
      getPrototypeOf() {
        throw new Error('prototype');
      },
    });
    const results: unknown[] = [
      null,
      'done',
      { route: Symbol('r') as unknown as string, statusCode: 201 },
      { route: 42 as unknown as string, statusCode: '200' as unknown as number, responseBodyBytes: 5 },
      { route: '/items/:id', statusCode: 99.5, requestBodyBytes: -1, responseBodyBytes: Number.NaN },
      { route: '/items/:id', statusCode: 503, error: throwing },
      Object.defineProperty({ statusCode: 202 }, 'route', {
        get() {
          throw new Error('route getter');
        },
      }),
    ];
    const thrown: unknown[] = [];
    try {
      for (const result of results) {
        try {
          http.requestStarted({ method: 'get' }).finish(result as never);
        } catch (error) {
          thrown.push(error);
        }
      }
    } finally {
      diag.restore();
    }
    expect(thrown).toEqual([]);
    const t = await collected.collect();
    const g = { 'http.request.method': 'GET' };
    expect(t.count(DURATION, g)).toBe(3); // null, 'done', and the status code "200" dropped with route 42
    expect(t.count(DURATION, { ...g, 'http.response.status_code': 201 })).toBe(1);
    expect(t.count(DURATION, { ...g, 'http.route': '/items/:id' })).toBe(1); // status 99.5 dropped
    expect(t.count(DURATION, { ...g, 'http.route': '/items/:id', 'http.response.status_code': 503, 'error.type': '_OTHER' })).toBe(1);
    expect(t.count(DURATION, { ...g, 'http.response.status_code': 202 })).toBe(1);
    expect(t.sum(RESPONSE_SIZE, g)).toBe(5);
    expect(t.value(ACTIVE, g)).toBe(0);
    const warnings = diag.warnings.join('\n');
    expect(warnings).toContain('finish(): the result is not an object (null)');
    expect(warnings).toContain('http.route must be a string, got symbol');
    expect(warnings).toContain('http.server.request.body.size: dropped a negative value');
    expect(warnings).toContain('http.server.response.body.size: dropped a value that is not a finite number');
  });

  it('keeps none of 2 000 distinct 100 KB routes in its memo, and records their template', async () => {
    const { http, collected } = setup();
    // The memo is shared by every domain class: what earlier calls left in it stays as it was.
    const memo = ROUTE_TEMPLATES;
    const before = { size: memo.size, bytes: memo.bytes };
    const filler = 'p'.repeat(100 * 1024);
    for (let i = 0; i < 2_000; i++) http.requestStarted({ method: 'GET' }).finish({ route: `/files/${i}/${filler}`, statusCode: 200 });
    expect(memo.size).toBe(before.size);
    expect(memo.bytes).toBe(before.bytes);
    for (let i = 0; i < 5_000; i++) http.requestStarted({ method: 'GET' }).finish({ route: `/short/${i}`, statusCode: 200 });
    expect(memo.size).toBeLessThanOrEqual(1024);
    expect(memo.bytes).toBeLessThanOrEqual(256 * 1024);
    const t = await collected.collect();
    expect(t.count(DURATION, { 'http.request.method': 'GET', 'http.route': '/files/{id}/{token}', 'http.response.status_code': 200 })).toBe(2_000);
    expect(t.count(DURATION, { 'http.request.method': 'GET', 'http.route': '/short/{id}', 'http.response.status_code': 200 })).toBe(5_000);
  });
});

it('normalises methods as the semantic conventions say', () => {
  expect(['get', 'Post', 'OPTIONS', 'brew', '', undefined, 42].map((m) => normalizeHttpMethod(m))).toEqual(['GET', 'POST', 'OPTIONS', '_OTHER', '_OTHER', '_OTHER', '_OTHER']);
});
