// The runtime's HTTP endpoint: /metrics and whatever other read-only routes the runtime serves.
// The exporter's own server cannot report the port it bound nor fail start-up on a taken port, so
// the runtime owns the HTTP server and uses the exporter only for serialisation.
import cluster from 'node:cluster';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export const METRICS_PATH = '/metrics';

/** Answers one GET or HEAD request for its path. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** PEM certificate (chain) and private key: with them the endpoint serves HTTPS only. */
export interface EndpointTls {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

export class PrometheusEndpoint {
  private closing: Promise<void> | undefined;

  private constructor(private readonly server: Server, readonly url: string) {}

  /**
   * Listens on host:port and serves `routes` (path → handler, GET and HEAD only); rejects if the
   * port cannot be bound (in use, not permitted) or the TLS key does not fit. `url` is the
   * address of /metrics.
   */
  static async listen(routes: ReadonlyMap<string, RouteHandler>, host: string, port: number, tls?: EndpointTls): Promise<PrometheusEndpoint> {
    const route: RequestListener = (request, response) => {
      const path = (request.url ?? '/').split('?')[0]!;
      const handler = routes.get(path);
      if (handler !== undefined && (request.method === 'GET' || request.method === 'HEAD')) {
        handler(request, response);
        return;
      }
      response.statusCode = handler === undefined ? 404 : 405;
      if (handler !== undefined) response.setHeader('allow', 'GET, HEAD');
      response.setHeader('content-type', 'text/plain; charset=utf-8');
      // No list of the served paths: a stranger probing the port learns nothing from a 404.
      response.end(handler === undefined ? 'Not found\n' : 'Method not allowed\n');
    };
    // One route table either way: TLS changes the transport, not what is served.
    const server: Server = tls === undefined ? createServer(route) : createTlsServer({ cert: tls.cert, key: tls.key }, route);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // In a cluster worker the port is not shared with the other workers: a shared scrape port
      // would answer each scrape from a random worker, so a second worker fails to bind instead.
      server.listen({ port, host, exclusive: cluster.isWorker }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const bound = (server.address() as AddressInfo).port;
    return new PrometheusEndpoint(server, `${tls === undefined ? 'http' : 'https'}://${displayHost(host)}:${bound}${METRICS_PATH}`);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Stops listening and drops open connections; later calls return the first call's promise. */
  close(): Promise<void> {
    return (this.closing ??= new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    }));
  }
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
