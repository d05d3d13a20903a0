// The README's Koa example, compiled with the project so that it cannot drift from the API.
import Router from '@koa/router';
import Koa from 'koa';
import { DomainMetrics, shutdownOnSignals, startMetrics } from '../../src/index.js';
import { koaMetrics } from '../../src/integrations/koa.js';

const runtime = await startMetrics();
const metrics = new DomainMetrics(runtime);
shutdownOnSignals(runtime);

const app = new Koa();
app.use(koaMetrics(metrics)); // first: thrown errors count with the status Koa answers them with
const router = new Router();
router.get('/users/:id', (ctx) => {
  ctx.body = { id: ctx.params.id }; // http.route="/users/:id"
});
const api = new Router({ prefix: '/api' });
api.get('/orders/:orderId', (ctx) => {
  ctx.body = { status: 'shipped' }; // http.route="/api/orders/:orderId"
});
app.use(router.routes()).use(api.routes());
app.listen(3000);
