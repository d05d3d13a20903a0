// The README's example of the probes in the service's own server, compiled with the project.
import express from 'express';
import Fastify from 'fastify';
import { healthHandler, startMetrics } from '../../src/index.js';

const runtime = await startMetrics({ healthEndpoints: false }); // the probes only where you mount them

const app = express();
app.get('/livez', healthHandler(runtime.health, 'liveness')); // Express, or any node:http server
app.get('/readyz', healthHandler(runtime.health, 'readiness'));

const fastify = Fastify();
fastify.get('/readyz', async (_request, reply) => {
  const result = await runtime.health.evaluate('readiness');
  return reply.code(result.httpStatus).type(result.contentType).send(result.body);
});
