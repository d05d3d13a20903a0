// HttpServerMetrics against a real Node.js HTTP server on loopback.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeHttpMethod } from '../../src/core/httpMethod.js';
import { HttpServerMetrics } from '../../src/domains/HttpServerMetrics.js';
import { testProvider } from '../support/collect.js';

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

function call(port: number, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Waits for the server side of the responses to close (the 'close' event follows the client's read). */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('HttpServerMetrics', () => {
  it('measures every response through middleware mounted first: routes, status codes, error.type, body sizes', async () => {
    const { meterProvider, reader } = testProvider();
    const http = new HttpServerMetrics({ meterProvider });
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
          res.end();
        }
      });
    });
    expect(await call(port, 'GET', '/users/42')).toBe(200);
    expect(await call(port, 'GET', '/users/43')).toBe(200);
    expect(await call(port, 'POST', '/users/44', 'x'.repeat(300))).toBe(200);
    expect(await call(port, 'GET', '/boom')).toBe(500);
    expect(await call(port, 'GET', '/no/such/path/123')).toBe(404);
    expect(await call(port, 'PURGE', '/users/1')).toBe(200);
    await settle();

    const s = await reader.snapshot();
    const d = (attrs: Record<string, string | number>) => s.histogram('http.server.request.duration', attrs).count;
    expect(d({ 'http.request.method': 'GET', 'http.route': '/users/:id', 'http.response.status_code': 200 })).toBe(2);
    expect(d({ 'http.request.method': 'POST', 'http.route': '/users/:id', 'http.response.status_code': 200 })).toBe(1);
    // 5xx without an exception: error.type is the status code. No route: no http.route, never the raw path.
    expect(d({ 'http.request.method': 'GET', 'http.response.status_code': 500, 'error.type': '500' })).toBe(1);
    expect(d({ 'http.request.method': 'GET', 'http.response.status_code': 404 })).toBe(1);
    expect(d({ 'http.request.method': '_OTHER', 'http.route': '/users/:id', 'http.response.status_code': 200 })).toBe(1);
    expect(JSON.stringify(s.attributeSets('http.server.request.duration'))).not.toContain('/no/such/path');
    expect(s.histogram('http.server.request.body.size', { 'http.request.method': 'POST', 'http.route': '/users/:id' }).sum).toBe(300);
    expect(s.histogram('http.server.response.body.size', { 'http.request.method': 'GET', 'http.route': '/users/:id' }).sum).toBe(4);
    for (const method of ['GET', 'POST', '_OTHER']) expect(s.value('http.server.active_requests', { 'http.request.method': method })).toBe(0);
  });

  it('uses the Express route (baseUrl + route.path) when no resolver is given', async () => {
    const { meterProvider, reader } = testProvider();
    const http = new HttpServerMetrics({ meterProvider });
    const port = await serve((req, res) => {
      http.track(req, res);
      Object.assign(req, { baseUrl: '/api', route: { path: '/orders/:orderId' } });
      res.end();
    });
    await call(port, 'GET', '/api/orders/77');
    await settle();
    expect((await reader.snapshot()).attributeSets('http.server.request.duration')).toEqual([
      { 'http.request.method': 'GET', 'http.route': '/api/orders/:orderId', 'http.response.status_code': 200 },
    ]);
  });

  it('does not leak the active count when the client aborts or a handler throws', async () => {
    const { meterProvider, reader } = testProvider();
    const http = new HttpServerMetrics({ meterProvider });
    let inFlight = 0;
    const port = await serve((req, res) => {
      http.track(req, res);
      if (req.url === '/hang') {
        inFlight++;
        return; // never answers; the client gives up
      }
      try {
        throw new TypeError('handler bug');
      } catch {
        res.statusCode = 500;
        res.end();
      }
    });
    const aborted = httpRequest({ host: '127.0.0.1', port, path: '/hang' });
    aborted.on('error', () => undefined);
    aborted.end();
    while (inFlight === 0) await new Promise((r) => setTimeout(r, 10));
    expect((await reader.snapshot()).value('http.server.active_requests', { 'http.request.method': 'GET' })).toBe(1);
    aborted.destroy();
    await call(port, 'GET', '/throws');
    await settle();
    const s = await reader.snapshot();
    expect(s.value('http.server.active_requests', { 'http.request.method': 'GET' })).toBe(0);
    expect(s.histogram('http.server.request.duration', { 'http.request.method': 'GET', 'http.response.status_code': 200, 'error.type': 'aborted' }).count).toBe(1);
  });

  it('survives a throwing route resolver: the request is measured without a route, nothing leaks', async () => {
    const { meterProvider, reader } = testProvider();
    const http = new HttpServerMetrics({ meterProvider });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const port = await serve((req, res) => {
        http.track(req, res, {
          route: () => {
            throw new Error('route lookup failed');
          },
        });
        res.end();
      });
      await call(port, 'GET', '/x');
      await settle();
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    const s = await reader.snapshot();
    expect(s.attributeSets('http.server.request.duration')).toEqual([{ 'http.request.method': 'GET', 'http.response.status_code': 200 }]);
    expect(s.value('http.server.active_requests', { 'http.request.method': 'GET' })).toBe(0);
  });

  it('records an exception class as error.type via requestStarted().end', async () => {
    const { meterProvider, reader } = testProvider();
    const http = new HttpServerMetrics({ meterProvider });
    const request = http.requestStarted('patch');
    request.end({ route: '/items/:id', statusCode: 500, error: new RangeError('bad') });
    request.end({ route: '/items/:id', statusCode: 200 }); // ignored
    const s = await reader.snapshot();
    expect(s.attributeSets('http.server.request.duration')).toEqual([
      { 'http.request.method': 'PATCH', 'http.route': '/items/:id', 'http.response.status_code': 500, 'error.type': 'RangeError' },
    ]);
  });

  it('normalises methods as the semantic conventions say', () => {
    expect(['get', 'Post', 'OPTIONS', 'brew', '', undefined, 42].map((m) => normalizeHttpMethod(m))).toEqual(['GET', 'POST', 'OPTIONS', '_OTHER', '_OTHER', '_OTHER', '_OTHER']);
  });
});
