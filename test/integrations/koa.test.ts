// koaMetrics on a real Koa app with @koa/router over loopback HTTP, on every recording setup:
// route templates through prefixes and nested routers, 404s, thrown errors with their status,
// errors from other middleware, aborts, streams, HEAD; and the README's example, which must be the compiled file.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import Router from '@koa/router';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import { HttpServerMetrics } from '../../src/domains/HttpServerMetrics.js';
import { koaMetrics } from '../../src/integrations/koa.js';
import { ACTIVE, DURATION, get, listening, RESPONSE_SIZE, servePerTest, expectOtherMethodRecorded } from '../support/httpIntegration.js';
import { abandon, call } from '../support/loopbackClient.js';
import { eventually } from '../support/testKit.js';
import { recordingSetups } from '../support/recordingSetups.js';
import { exampleAsReadme, readmeBlocks } from '../support/readmeExamples.js';

class Conflict extends Error {
  readonly statusCode = 409;
}

// Koa 3 (typed) and Koa 2 (installed as koa2) run the same cases.
const KOA_VERSIONS = [
  { koa: 'Koa 3', App: Koa },
  { koa: 'Koa 2', App: createRequire(import.meta.url)('koa2') as typeof Koa },
];

describe.each(KOA_VERSIONS.flatMap(({ koa, App }) => recordingSetups().map((setup) => ({ koa, App, setup, name: setup.name }))))('koaMetrics on $koa, $name', ({ App, setup }) => {
  const served = servePerTest(setup, async (recording, arrived) => {
    const app = new App();
    app.silent = true; // the thrown errors below are expected
    app.use(koaMetrics(new DomainMetrics(recording))); // first
    // Another middleware that fails before any route.
    app.use(async (ctx, next) => {
      if (ctx.get('x-deny') === 'throw') ctx.throw(401, 'no');
      await next();
    });
    const router = new Router();
    router.get('/users/:id', (ctx) => {
      ctx.body = `user ${ctx.params.id}`;
    });
    router.get('/boom', () => {
      throw new TypeError('handler failed');
    });
    router.get('/conflict', () => {
      throw new Conflict('taken');
    });
    router.all('/dav/:name', (ctx) => {
      ctx.body = ctx.method;
    });
    router.get('/stream', (ctx) => {
      ctx.type = 'text/plain';
      ctx.body = Readable.from(['a'.repeat(1000), 'ü'.repeat(100), Buffer.alloc(24)]);
    });
    router.get('/slow', async (ctx) => {
      arrived();
      await new Promise((resolve) => ctx.req.once('close', resolve)); // never answered: the client goes away
    });
    // A prefixed router nested in another, with its own middleware that can fail before the route.
    const comments = new Router();
    comments.use(async (ctx, next) => {
      if (ctx.query.deny !== undefined) ctx.throw(403);
      await next();
    });
    comments.get('/comments/:commentId', (ctx) => {
      ctx.body = 'comment';
    });
    const posts = new Router({ prefix: '/posts/:postId' });
    posts.use(comments.routes());
    const api = new Router({ prefix: '/api' });
    api.use(posts.routes());
    app.use(router.routes()).use(api.routes());
    return listening(app.listen(0, '127.0.0.1'));
  });

  it('records a parameterised route hit with many ids as one series, body sizes from the bytes sent', async () => {
    let bytes = 0;
    for (let id = 0; id < 40; id++) bytes += (await call(served.port, 'GET', `/users/u${id}?page=${id}`)).body.length;
    const s = await served.recorded(40);
    expect(s.attributeSets(DURATION)).toEqual([get('/users/:id', 200)]);
    expect(s.histogram(DURATION, get('/users/:id', 200)).count).toBe(40);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/users/:id' }).sum).toBe(bytes);
    expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
  });

  it('records routes of nested, prefixed routers with their full template, also when router middleware throws first', async () => {
    for (const post of ['hello-world', 'second-post', 'x']) expect((await call(served.port, 'GET', `/api/posts/${post}/comments/c-${post}`)).status).toBe(200);
    expect((await call(served.port, 'GET', '/api/posts/p/comments/c?deny')).status).toBe(403);
    const s = await served.recorded(4);
    expect(s.histogram(DURATION, get('/api/posts/:postId/comments/:commentId', 200)).count).toBe(3);
    expect(s.histogram(DURATION, get('/api/posts/:postId/comments/:commentId', 403)).count).toBe(1);
    expect(s.attributeSets(DURATION)).toHaveLength(2);
  });

  it('records 404s without http.route, never the raw path', async () => {
    expect((await call(served.port, 'GET', '/wp-admin/setup-config.php')).status).toBe(404);
    expect((await call(served.port, 'GET', '/api/posts/1/nothing')).status).toBe(404);
    const s = await served.recorded(2);
    expect(s.attributeSets(DURATION)).toEqual([get(undefined, 404)]);
    expect(s.histogram(DURATION, get(undefined, 404)).count).toBe(2);
  });

  it('records thrown errors with the status Koa answers them with: 500 by default, err.statusCode when set', async () => {
    expect((await call(served.port, 'GET', '/boom')).status).toBe(500);
    expect((await call(served.port, 'GET', '/conflict')).status).toBe(409);
    const s = await served.recorded(2);
    expect(s.histogram(DURATION, get('/boom', 500, '500')).count).toBe(1);
    expect(s.histogram(DURATION, get('/conflict', 409)).count).toBe(1);
    expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
  });

  it('records an error thrown by another middleware before routing, without a route', async () => {
    expect((await call(served.port, 'GET', '/users/1', undefined, { 'x-deny': 'throw' })).status).toBe(401);
    const s = await served.recorded(1);
    expect(s.attributeSets(DURATION)).toEqual([get(undefined, 401)]);
  });

  it('records a client abort without a status code, with error.type aborted, and releases the active request', async () => {
    await abandon(served.port, '/slow', served.slowArrived);
    const s = await served.recorded(1);
    expect(s.attributeSets(DURATION)).toEqual([get('/slow', undefined, 'aborted')]);
    expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
  });

  it('records a method outside the known set as _OTHER, under the route that handled it', async () => {
    await expectOtherMethodRecorded(served, '/dav/report', '/dav/:name', '/nowhere');
  });

  it('counts the bytes of a streamed body', async () => {
    const reply = await call(served.port, 'GET', '/stream');
    expect(reply.body.length).toBe(1224);
    const s = await served.recorded(1);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/stream' }).sum).toBe(1224);
  });

  it('records HEAD under the GET route with a response body of 0 bytes', async () => {
    const reply = await call(served.port, 'HEAD', '/users/5');
    expect(reply.status).toBe(200);
    const s = await served.recorded(1);
    expect(s.histogram(DURATION, { 'http.request.method': 'HEAD', 'http.route': '/users/:id', 'http.response.status_code': 200 }).count).toBe(1);
    expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'HEAD', 'http.route': '/users/:id' }).sum).toBe(0);
    expect(s.value(ACTIVE, { 'http.request.method': 'HEAD' })).toBe(0);
  });
});

describe('koaMetrics, whatever it is given', () => {
  it('takes an HttpServerMetrics as well, and counts a request once when mounted twice, keeping the route', async () => {
    const recording = recordingSetups()[0]!.start();
    const http = new HttpServerMetrics(recording);
    const app = new Koa();
    app.use(koaMetrics(http)).use(koaMetrics({ httpServer: http }));
    const router = new Router();
    router.get('/twice/:id', (ctx) => {
      ctx.body = 'ok';
    });
    app.use(router.routes());
    const server = await listening(app.listen(0, '127.0.0.1'));
    try {
      await call(server.port, 'GET', '/twice/1');
      await eventually(async () => {
        const s = await recording.collect();
        expect(s.attributeSets(DURATION)).toEqual([get('/twice/:id', 200)]);
      });
    } finally {
      await server.close();
    }
  });

  it('lets requests through unmeasured when given no metrics', async () => {
    let passed = 0;
    await koaMetrics(undefined as unknown as HttpServerMetrics)({} as never, async () => passed++);
    expect(passed).toBe(1);
  });
});

it('README: the Koa example is examples/frameworks/koa.ts', () => {
  expect(readmeBlocks('### Koa')).toEqual([exampleAsReadme('examples/frameworks/koa.ts')]);
});
