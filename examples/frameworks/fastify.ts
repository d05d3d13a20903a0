// The README's Fastify example, compiled with the project so that it cannot drift from the API.
import Fastify from 'fastify';
import { DomainMetrics, shutdownOnSignals, startMetrics } from '../../src/index.js';
import { fastifyMetrics } from '../../src/integrations/fastify.js';

const runtime = await startMetrics();
const metrics = new DomainMetrics(runtime);
shutdownOnSignals(runtime);

const app = Fastify();
await app.register(fastifyMetrics, { metrics }); // once, at the root: every route and 404 of the app
app.get('/users/:id', async (request) => ({ id: (request.params as { id: string }).id })); // http.route="/users/:id"
await app.register((api, _options, done) => {
  api.get('/orders/:orderId', async () => ({ status: 'shipped' })); // http.route="/api/orders/:orderId"
  done();
}, { prefix: '/api' });
await app.listen({ port: 3000 });
