// The scrape endpoint. The exporter's own server cannot report the port it bound nor fail
// start-up on a taken port, so the runtime owns the HTTP server and uses the exporter only for
// serialisation (its public request handler).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DomainPrometheusExporter } from './readers.js';

export const METRICS_PATH = '/metrics';

export class PrometheusEndpoint {
  private constructor(private readonly server: Server, readonly url: string) {}

  /** Listens on host:port; rejects if the port cannot be bound (in use, not permitted). */
  static async listen(exporter: DomainPrometheusExporter, host: string, port: number): Promise<PrometheusEndpoint> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (path === METRICS_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
        exporter.serve(request, response);
        return;
      }
      response.statusCode = 404;
      response.setHeader('content-type', 'text/plain; charset=utf-8');
      response.end(`Not found. Metrics are served at ${METRICS_PATH}\n`);
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
