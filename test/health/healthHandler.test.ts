// The probes mounted in the user's own server: the plain Node handler in node:http and Express,
// and the framework-neutral evaluate() in Fastify.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { healthHandler } from '../../src/health/healthHandler.js';
import { HealthRegistry } from '../../src/health/HealthRegistry.js';
import { cleanupAfterEach } from '../support/testKit.js';

const cleanups = cleanupAfterEach();

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function registryWithFailingDatabase(): HealthRegistry {
  const registry = new HealthRegistry();
  registry.register({ name: 'database', scope: 'readiness', check: () => Promise.reject(new Error('connection refused')) });
  registry.register({ name: 'self', check: () => true });
  return registry;
}

describe('healthHandler', () => {
  it('answers in a plain node:http server', async () => {
    const handler = healthHandler(registryWithFailingDatabase(), 'readiness');
    const url = await listen(createServer((request, response) => handler(request, response)));
    const response = await fetch(url);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/health+json; charset=utf-8');
    expect(await response.json()).toMatchObject({
      status: 'fail',
      description: 'readiness',
      checks: { database: [{ status: 'fail', output: 'Error: connection refused' }], self: [{ status: 'pass' }] },
    });
  });

  it('answers with the overall status only where details are refused for the request', async () => {
    const handler = healthHandler(registryWithFailingDatabase(), 'readiness', { details: (request) => request.headers['x-internal'] === 'yes' });
    const url = await listen(createServer((request, response) => handler(request, response)));
    const outside = await fetch(url);
    expect(outside.status).toBe(503);
    expect(await outside.json()).toEqual({ status: 'fail', description: 'readiness' });
    const inside = (await (await fetch(url, { headers: { 'x-internal': 'yes' } })).json()) as { checks: Record<string, unknown> };
    expect(Object.keys(inside.checks).sort()).toEqual(['database', 'self']);
  });

  it('mounts as Express routes', async () => {
    const registry = registryWithFailingDatabase();
    const app = express();
    app.get('/livez', healthHandler(registry, 'liveness'));
    app.get('/readyz', healthHandler(registry, 'readiness'));
    const url = await listen(createServer(app));
    expect((await fetch(`${url}/livez`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
  });
});

describe('evaluate() in a framework with its own reply object', () => {
  it('gives Fastify the status, content type and body to send', async () => {
    const registry = registryWithFailingDatabase();
    const app = Fastify();
    cleanups.push(() => app.close());
    app.get('/ready', async (_request, reply) => {
      const result = await registry.evaluate('readiness');
      return reply.code(result.httpStatus).type(result.contentType).send(result.body);
    });
    const response = await app.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/health\+json/);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'fail', checks: { database: [{ critical: true }] } });
  });
});
