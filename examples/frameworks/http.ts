// The README's plain node:http example, compiled with the project so that it cannot drift from the API.
import { createServer } from 'node:http';
import { DomainMetrics, shutdownOnSignals, startMetrics } from '../../src/index.js';
import { trackRequest, withHttpMetrics } from '../../src/integrations/http.js';

const runtime = await startMetrics();
const metrics = new DomainMetrics(runtime);
shutdownOnSignals(runtime);

// The templates your server answers: a path that matches none is recorded without http.route.
const routes = ['/users/:id', '/health'];
createServer(
  withHttpMetrics(metrics, (req, res) => {
    if (req.url === '/health') res.end('ok'); // http.route="/health"
    else if (req.url?.startsWith('/users/')) res.end('user'); // http.route="/users/:id"
    else res.writeHead(404).end(); // no http.route
  }, { routes }),
).listen(3000);

// With a router of your own: name the template it matched.
createServer((req, res) => {
  const tracked = trackRequest(metrics, req, res);
  const match = /^\/orders\/([^/?]+)/.exec(req.url ?? '');
  if (match === null) {
    res.writeHead(404).end(); // no http.route
    return;
  }
  tracked.setRoute('/orders/:orderId');
  res.end(`order ${match[1]}`);
}).listen(3001);
