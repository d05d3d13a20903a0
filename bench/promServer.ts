// A prom-client registry served the way its README shows: a plain node:http server calling
// `register.metrics()` per request.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface RegistryServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveRegistry(registry: Registry): Promise<RegistryServer> {
  const server: Server = createServer((_req, res) => {
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
