// expressMetrics on real Express 4 and Express 5 apps over loopback HTTP, on every recording setup:
// route templates through nested routers and sub-apps, 404s, thrown errors, errors and answers
// from other middleware, aborts, streams, HEAD; and the README's example, which must be the compiled file.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import express5, { type NextFunction, type Request, type Response } from 'express';
import { describe, expect, it } from 'vitest';
import { DomainMetrics } from '../../src/DomainMetrics.js';
import { HttpServerMetrics } from '../../src/domains/HttpServerMetrics.js';
import { expressMetrics } from '../../src/integrations/express.js';
import { ACTIVE, DURATION, get, listening, REQUEST_SIZE, RESPONSE_SIZE, servePerTest, expectOtherMethodRecorded } from '../support/httpIntegration.js';
import { abandon, call } from '../support/loopbackClient.js';
import { eventually } from '../support/testKit.js';
import { recordingSetups } from '../support/recordingSetups.js';
import { exampleAsReadme, readmeBlocks } from '../support/readmeExamples.js';

// Express 4 ships no types; the calls made here are the same in both majors.
const express4 = createRequire(import.meta.url)('express4') as typeof express5;
const VERSIONS = [
  { major: 5, express: express5, wildcard: '/files/*path', wildcardTemplate: '/files/*path' },
  { major: 4, express: express4, wildcard: '/files/*', wildcardTemplate: '/files/*' },
];

class Unauthorized extends Error {}

describe.each(VERSIONS)('Express $major', ({ express, wildcard, wildcardTemplate }) => {
  describe.each(recordingSetups())('expressMetrics, $name', (setup) => {
    const served = servePerTest(setup, async (recording, arrived) => {
      const app = express();
      app.use(expressMetrics(new DomainMetrics(recording))); // first
      // Another middleware that answers or fails before any route.
      app.use((req, res, next) => {
        if (req.headers['x-deny'] === 'answer') res.status(401).send('no');
        else if (req.headers['x-deny'] === 'throw') next(new Unauthorized('no'));
        else next();
      });
      app.get('/users/:id', (req, res) => {
        res.send(`user ${req.params.id}`);
      });
      app.get('/boom', () => {
        throw new TypeError('handler failed');
      });
      app.get('/stream', (_req, res) => {
        res.type('text/plain');
        Readable.from(['a'.repeat(1000), 'ü'.repeat(100), Buffer.alloc(24)]).pipe(res);
      });
      app.get('/slow', (req) => {
        arrived();
        req.once('close', () => undefined); // never answered: the client goes away
      });
      app.get(wildcard, (_req, res) => {
        res.send('file');
      });
      app.post('/echo', express.text(), (req, res) => {
        res.send(req.body as string);
      });
      app.all('/dav/:name', (req, res) => {
        res.send(req.method);
      });
      // Nested routers with parameters in their mount paths, and a sub-app.
      const comments = express.Router();
      comments.get('/', (_req, res) => {
        res.send('all');
      });
      comments.get('/:commentId', (_req, res) => {
        res.send('one');
      });
      comments.get('/:commentId/fail', (_req, _res, next) => {
        next(new RangeError('bad comment'));
      });
      const posts = express.Router({ mergeParams: true });
      posts.use('/:postId/comments', comments);
      const orgs = express.Router();
      orgs.use('/:orgSlug/posts', posts);
      app.use('/orgs', orgs);
      const admin = express();
      admin.get('/stats/:day', (_req, res) => {
        res.send('stats');
      });
      app.use('/admin', admin);
      app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
        res.status(error instanceof Unauthorized ? 403 : 500).send('failed');
      });
      return listening(app.listen(0, '127.0.0.1'));
    });

    it('records a parameterised route hit with many ids as one series, body sizes from the bytes sent', async () => {
      let bytes = 0;
      for (let id = 0; id < 40; id++) bytes += (await call(served.port, 'GET', `/users/${id}-x?page=${id}`)).body.length;
      const s = await served.recorded(40);
      expect(s.attributeSets(DURATION)).toEqual([get('/users/:id', 200)]);
      expect(s.histogram(DURATION, get('/users/:id', 200)).count).toBe(40);
      expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/users/:id' }).sum).toBe(bytes);
      expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
    });

    it('records routes of nested routers and sub-apps with their mount templates, never the ids in baseUrl', async () => {
      for (const org of ['acme', 'globex', 'initech']) {
        expect((await call(served.port, 'GET', `/orgs/${org}/posts/${org.length}/comments`)).status).toBe(200);
        expect((await call(served.port, 'GET', `/orgs/${org}/posts/p-${org}/comments/c${org}`)).status).toBe(200);
      }
      expect((await call(served.port, 'GET', '/orgs/acme/posts/9/comments/7/fail')).status).toBe(500);
      expect((await call(served.port, 'GET', '/admin/stats/monday')).status).toBe(200);
      expect((await call(served.port, 'GET', '/files/a/b/c.txt')).status).toBe(200);
      const s = await served.recorded(9);
      expect(s.histogram(DURATION, get('/orgs/:orgSlug/posts/:postId/comments', 200)).count).toBe(3);
      expect(s.histogram(DURATION, get('/orgs/:orgSlug/posts/:postId/comments/:commentId', 200)).count).toBe(3);
      // Passed to next(err) inside the nested router, answered by the app's error handler outside it.
      expect(s.histogram(DURATION, get('/orgs/:orgSlug/posts/:postId/comments/:commentId/fail', 500, '500')).count).toBe(1);
      expect(s.histogram(DURATION, get('/admin/stats/:day', 200)).count).toBe(1);
      expect(s.histogram(DURATION, get(wildcardTemplate, 200)).count).toBe(1);
      expect(s.attributeSets(DURATION)).toHaveLength(5);
    });

    it('records 404s without http.route, never the raw path', async () => {
      expect((await call(served.port, 'GET', '/wp-admin/setup-config.php')).status).toBe(404);
      expect((await call(served.port, 'GET', '/nope/12345')).status).toBe(404);
      expect((await call(served.port, 'GET', '/orgs/acme/posts/1/nothing')).status).toBe(404);
      const s = await served.recorded(3);
      expect(s.attributeSets(DURATION)).toEqual([get(undefined, 404)]);
      expect(s.histogram(DURATION, get(undefined, 404)).count).toBe(3);
      expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET' }).count).toBe(3);
    });

    it('records an error thrown by a route handler as the 500 the error handler sends, under the route', async () => {
      expect((await call(served.port, 'GET', '/boom')).status).toBe(500);
      const s = await served.recorded(1);
      expect(s.histogram(DURATION, get('/boom', 500, '500')).count).toBe(1);
      expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
    });

    it('records what other middleware answered or failed with before any route, without a route', async () => {
      expect((await call(served.port, 'GET', '/users/1', undefined, { 'x-deny': 'answer' })).status).toBe(401);
      expect((await call(served.port, 'GET', '/users/2', undefined, { 'x-deny': 'throw' })).status).toBe(403);
      const s = await served.recorded(2);
      expect(s.histogram(DURATION, get(undefined, 401)).count).toBe(1);
      expect(s.histogram(DURATION, get(undefined, 403)).count).toBe(1);
      expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET' }).sum).toBe(2 + 6);
    });

    it('records a client abort without a status code, with error.type aborted, and releases the active request', async () => {
      await abandon(served.port, '/slow', served.slowArrived);
      const s = await served.recorded(1);
      expect(s.attributeSets(DURATION)).toEqual([get('/slow', undefined, 'aborted')]);
      expect(s.value(ACTIVE, { 'http.request.method': 'GET' })).toBe(0);
    });

    it('counts the bytes of a streamed response', async () => {
      const reply = await call(served.port, 'GET', '/stream');
      expect(reply.body.length).toBe(1000 + 200 + 24);
      const s = await served.recorded(1);
      expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'GET', 'http.route': '/stream' }).sum).toBe(1224);
    });

    it('records HEAD under the GET route with a response body of 0 bytes', async () => {
      const reply = await call(served.port, 'HEAD', '/users/5');
      expect(reply.status).toBe(200);
      expect(reply.body.length).toBe(0);
      const s = await served.recorded(1);
      expect(s.histogram(DURATION, { 'http.request.method': 'HEAD', 'http.route': '/users/:id', 'http.response.status_code': 200 }).count).toBe(1);
      expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'HEAD', 'http.route': '/users/:id' }).sum).toBe(0);
      expect(s.value(ACTIVE, { 'http.request.method': 'HEAD' })).toBe(0);
    });

    it('records a method outside the known set as _OTHER, under the route that handled it', async () => {
      await expectOtherMethodRecorded(served, '/dav/report', '/dav/:name', '/nowhere');
    });

    it('records the request body size', async () => {
      const reply = await call(served.port, 'POST', '/echo', 'x'.repeat(321), { 'content-type': 'text/plain' });
      expect(reply.body.length).toBe(321);
      const s = await served.recorded(1);
      expect(s.histogram(REQUEST_SIZE, { 'http.request.method': 'POST', 'http.route': '/echo' }).sum).toBe(321);
      expect(s.histogram(RESPONSE_SIZE, { 'http.request.method': 'POST', 'http.route': '/echo' }).sum).toBe(321);
    });
  });
});

describe.each(VERSIONS)('Express $major mount templates', ({ major, express }) => {
  async function routesOf(build: (app: ReturnType<typeof express5>) => void, paths: string[]): Promise<Map<string | undefined, number>> {
    const recording = recordingSetups()[0]!.start();
    const app = express();
    app.use(expressMetrics(new DomainMetrics(recording)));
    build(app);
    const server = await listening(app.listen(0, '127.0.0.1'));
    try {
      for (const path of paths) expect((await call(server.port, 'GET', path)).status).toBe(200);
      const routes = new Map<string | undefined, number>();
      await eventually(async () => {
        const points = (await recording.collect()).metric(DURATION).dataPoints;
        routes.clear();
        for (const point of points) {
          const route = point.attributes['http.route'] as string | undefined;
          routes.set(route, (routes.get(route) ?? 0) + (point.value as { count: number }).count);
        }
        expect([...routes.values()].reduce((a, b) => a + b, 0)).toBe(paths.length);
      });
      return routes;
    } finally {
      await server.close();
    }
  }

  const itemsRouter = () => {
    const items = express.Router({ mergeParams: true });
    items.get('/items/:id', (_req, res) => {
      res.send('ok');
    });
    return items;
  };

  it('templates a mount parameter whose value equals a literal segment at the parameter, not at every equal segment', async () => {
    const routes = await routesOf((app) => app.use('/orgs/:org', itemsRouter()), ['/orgs/acme/items/1', '/orgs/orgs/items/2', '/orgs/items/items/3']);
    expect([...routes]).toEqual([['/orgs/:org/items/:id', 3]]);
  });

  it('records no http.route under a regular-expression mount rather than the raw path', async () => {
    const routes = await routesOf(
      (app) => {
        app.use(/^\/v\d+/, itemsRouter());
        app.use('/plain', itemsRouter());
      },
      ['/v1/items/1', '/v2/items/2', '/v3/items/3', '/plain/items/4'],
    );
    expect(routes).toEqual(
      new Map([
        ['/plain/items/:id', 1],
        [undefined, 3],
      ]),
    );
  });

  it('records no http.route under a mount parameter with its own pattern rather than its raw values', async () => {
    // Express 4's `:ver(\\d+)`, Express 5's regular expression with a named group: the template cannot be read from the layer.
    const mountPath = major === 4 ? '/api/:ver(\\d+)' : /^\/api\/(?<ver>\d+)/;
    const routes = await routesOf((app) => app.use(mountPath, itemsRouter()), ['/api/1/items/1', '/api/2/items/2']);
    expect([...routes]).toEqual([[undefined, 2]]);
  });

  if (major === 5) {
    it('templates mounts by where each parameter is when the router keeps no declared path (router 2.2)', async () => {
      const routes = await routesOf(
        (app) => {
          const items = itemsRouter();
          const orgs = express.Router({ mergeParams: true });
          orgs.use('/teams/:team', items);
          app.use('/orgs/:org', orgs);
          // router 2.2 keeps no `rawPath` on its layers: the template then comes from probing their matchers.
          for (const layer of [...app.router.stack, ...orgs.stack] as unknown as Record<string, unknown>[]) delete layer.rawPath;
        },
        ['/orgs/teams/teams/teams/items/1', '/orgs/a/teams/b/items/2'],
      );
      expect([...routes]).toEqual([['/orgs/:org/teams/:team/items/:id', 2]]);
    });
  }
});

describe('expressMetrics, whatever it is given', () => {
  it('takes an HttpServerMetrics as well as a DomainMetrics, and counts a request once when mounted twice', async () => {
    const recording = recordingSetups()[0]!.start();
    const app = express5();
    const http = new HttpServerMetrics(recording);
    app.use(expressMetrics(http), expressMetrics({ httpServer: http }));
    app.get('/twice/:id', (_req, res) => {
      res.send('ok');
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      await call((server.address() as { port: number }).port, 'GET', '/twice/1');
      await eventually(async () => {
        const s = await recording.collect();
        expect(s.histogram(DURATION, { 'http.request.method': 'GET', 'http.route': '/twice/:id', 'http.response.status_code': 200 }).count).toBe(1);
      });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('lets requests through unmeasured when given no metrics', async () => {
    const middleware = expressMetrics(null as unknown as HttpServerMetrics);
    let passed = 0;
    middleware({} as never, {} as never, () => passed++);
    expect(passed).toBe(1);
  });
});

it('README: the Express example is examples/frameworks/express.ts', () => {
  expect(readmeBlocks('### Express')).toEqual([exampleAsReadme('examples/frameworks/express.ts')]);
});
