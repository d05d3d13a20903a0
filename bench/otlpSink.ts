// A loopback OTLP/HTTP receiver that only counts: it reads each export request, answers with an
// empty success in the request's encoding, and keeps the byte count, so the bench measures the
// exporting side alone.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpSink {
  /** The metrics endpoint (…/v1/metrics), for OTEL_EXPORTER_OTLP_METRICS_ENDPOINT. */
  readonly url: string;
  /** Requests received and their bytes, since the start. */
  readonly received: { requests: number; bytes: number };
  close(): Promise<void>;
}

export async function startOtlpSink(): Promise<OtlpSink> {
  const received = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (received.bytes += chunk.length));
    req.on('end', () => {
      received.requests++;
      const protobuf = req.headers['content-type'] === 'application/x-protobuf';
      res.writeHead(200, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' }).end(protobuf ? '' : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/metrics`,
    received,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
