// A loopback OTLP/gRPC receiver: a grpc-js server implementing MetricsService/Export that keeps each
// request in its JSON form, with the call's metadata, beside the OTLP/HTTP receiver. Clients reach it
// through a pass-through HTTP/2 tap that notes how each message travelled (grpc-js decompresses
// before a handler sees it, and drops the grpc-encoding header from the metadata).
import { Metadata, Server, ServerCredentials, status, type ServiceDefinition, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import type { IncomingMessage } from 'node:http';
import { connect, createServer, type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { decodeExportMetricsRequest } from './otlpProtobuf.js';
import type { OtlpExportRequest, OtlpReceiver } from './otlpReceiver.js';

const EXPORT_PATH = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

// Bytes in and out: the request is decoded by the test's own decoder, the response is an empty
// ExportMetricsServiceResponse (zero bytes).
const METRICS_SERVICE: ServiceDefinition = {
  Export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (bytes: Buffer) => bytes,
    responseSerialize: () => Buffer.alloc(0),
    responseDeserialize: (bytes: Buffer) => bytes,
  },
};

/** How one call's request message travelled. */
export interface GrpcWire {
  /** The grpc-encoding request header. */
  readonly encoding: string | undefined;
  /** The message's compressed flag (the first byte of its length-prefixed frame). */
  readonly compressed: boolean;
}

export interface OtlpGrpcReceiver extends OtlpReceiver {
  /** The metadata of each call, as string values. */
  readonly metadata: Record<string, string>[];
  /** One entry per call that reached the tap, in order. */
  readonly wire: GrpcWire[];
}

export async function startOtlpGrpcReceiver(): Promise<OtlpGrpcReceiver> {
  const requests: OtlpExportRequest[] = [];
  const metadata: Record<string, string>[] = [];
  const waiters: (() => void)[] = [];
  const server = new Server();
  server.addService(METRICS_SERVICE, {
    Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      try {
        requests.push(decodeExportMetricsRequest(call.request));
      } catch (error) {
        callback({ code: status.INVALID_ARGUMENT, details: (error as Error).message, metadata: new Metadata() });
        return;
      }
      metadata.push(Object.fromEntries(Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)])));
      callback(null, Buffer.alloc(0));
      for (const w of waiters.splice(0)) w();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const wire: GrpcWire[] = [];
  const tap = await startTap(port, (entry) => wire.push(entry));
  return {
    url: tap.url,
    requests,
    metadata,
    wire,
    // The HTTP receiver's header list, filled from metadata so that shared helpers can read either.
    get headers(): IncomingMessage['headers'][] {
      return metadata.map((m) => ({ ...m }));
    },
    async waitForRequests(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} OTLP/gRPC requests, got ${requests.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        tap.close();
        server.tryShutdown(() => resolve());
        // Open client channels would hold a graceful shutdown; the exporter's channel is the runtime's.
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 500).unref();
      }),
  };
}

/** An HTTP/2 pass-through to the grpc-js server that reports each request's encoding. */
async function startTap(upstreamPort: number, onRequest: (wire: GrpcWire) => void): Promise<{ url: string; close(): void }> {
  const upstream = connect(`http://127.0.0.1:${upstreamPort}`);
  upstream.on('error', () => undefined);
  const server = createServer();
  const open = new Set<ServerHttp2Session>();
  server.on('session', (session: ServerHttp2Session) => {
    open.add(session);
    session.on('close', () => open.delete(session));
  });
  server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    const forwarded = upstream.request(headers);
    let first: number | undefined;
    stream.on('data', (chunk: Buffer) => {
      first ??= chunk[0];
      forwarded.write(chunk);
    });
    stream.on('end', () => {
      const encoding = headers['grpc-encoding'];
      onRequest({ encoding: typeof encoding === 'string' ? encoding : undefined, compressed: first === 1 });
      forwarded.end();
    });
    let trailers: IncomingHttpHeaders = {};
    forwarded.on('response', (responseHeaders) => {
      const { ':status': statusCode, ...rest } = responseHeaders;
      stream.respond({ ':status': statusCode, ...rest }, { waitForTrailers: true });
    });
    forwarded.on('trailers', (received) => {
      trailers = received;
    });
    stream.on('wantTrailers', () => stream.sendTrailers(trailers));
    forwarded.on('data', (chunk: Buffer) => stream.write(chunk));
    forwarded.on('end', () => stream.end());
    forwarded.on('error', () => stream.close());
    stream.on('error', () => forwarded.close());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      upstream.close();
      server.close();
      // Sessions the exporter keeps open would hold close(); this is a test stand-in.
      for (const session of open) session.destroy();
    },
  };
}
