// The README's Express example, compiled with the project so that it cannot drift from the API.
import express from 'express';
import { DomainMetrics, shutdownOnSignals, startMetrics } from '../../src/index.js';
import { expressMetrics } from '../../src/integrations/express.js';

const runtime = await startMetrics();
const metrics = new DomainMetrics(runtime);
shutdownOnSignals(runtime);

const app = express();
app.use(expressMetrics(metrics)); // first: 404s, errors and other middleware's answers are measured too
app.get('/users/:id', (req, res) => {
  res.json({ id: req.params.id }); // http.route="/users/:id"
});
const orders = express.Router();
orders.get('/:orderId', (_req, res) => {
  res.json({ status: 'shipped' }); // http.route="/shops/:shopId/orders/:orderId"
});
app.use('/shops/:shopId/orders', orders);
app.listen(3000);
