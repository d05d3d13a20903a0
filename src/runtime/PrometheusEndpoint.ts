// The runtime's HTTP endpoint: /metrics and whatever other read-only routes the runtime serves.
// The exporter's own server cannot report the port it bound nor fail start-up on a taken port, so
// the runtime owns the HTTP server and uses the exporter only for serialisation.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const METRICS_PATH = '/metrics';

/** Answers one GET or HEAD request for its path. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void;

export class PrometheusEndpoint {
  private constructor(private readonly server: Server, readonly url: string) {}

  /**
   * Listens on host:port and serves `routes` (path → handler, GET and HEAD only); rejects if the
   * port cannot be bound (in use, not permitted). `url` is the address of /metrics.
   */
  static async listen(routes: ReadonlyMap<string, RouteHandler>, host: string, port: number): Promise<PrometheusEndpoint> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0]!;
      const handler = routes.get(path);
      if (handler !== undefined && (request.method === 'GET' || request.method === 'HEAD')) {
        handler(request, response);
        return;
      }
      response.statusCode = handler === undefined ? 404 : 405;
      if (handler !== undefined) response.setHeader('allow', 'GET, HEAD');
      response.setHeader('content-type', 'text/plain; charset=utf-8');
      response.end(handler === undefined ? `Not found. Served here: ${[...routes.keys()].join(', ')}\n` : 'Method not allowed\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const bound = (server.address() as AddressInfo).port;
    return new PrometheusEndpoint(server, `http://${displayHost(host)}:${bound}${METRICS_PATH}`);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
