// A loopback OTLP/HTTP receiver: accepts export requests on /v1/metrics, JSON or protobuf (by
// content type), plain or gzipped, and keeps each in its JSON form.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeExportMetricsRequest } from './otlpProtobuf.js';

export interface OtlpKeyValue {
  key: string;
  value: { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
}
export interface OtlpNumberPoint {
  attributes?: OtlpKeyValue[];
  asDouble?: number;
  asInt?: string | number;
  startTimeUnixNano: string | number;
  timeUnixNano: string | number;
}
export interface OtlpHistogramPoint {
  attributes?: OtlpKeyValue[];
  count: string | number;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts: (string | number)[];
  explicitBounds: number[];
}
export interface OtlpMetric {
  name: string;
  unit?: string;
  description?: string;
  sum?: { dataPoints: OtlpNumberPoint[]; aggregationTemporality: number; isMonotonic?: boolean };
  gauge?: { dataPoints: OtlpNumberPoint[] };
  histogram?: { dataPoints: OtlpHistogramPoint[]; aggregationTemporality: number };
}
export interface OtlpExportRequest {
  resourceMetrics: {
    resource: { attributes: OtlpKeyValue[] };
    scopeMetrics: { scope: { name: string; version?: string }; metrics: OtlpMetric[] }[];
  }[];
}

export interface OtlpReceiver {
  readonly url: string;
  readonly requests: OtlpExportRequest[];
  readonly headers: IncomingMessage['headers'][];
  /** Resolves when at least `n` requests have arrived, or rejects after `timeoutMs`. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface OtlpHttpReceiver extends OtlpReceiver {
  /** The HTTP status answered to each export request, accepted or not, in order. */
  readonly statuses: number[];
}

export interface OtlpReceiverOptions {
  /** The status to answer the export request of this index (from 0) with; a request answered otherwise than 200 is not kept. @default 200 */
  readonly status?: (requestIndex: number) => number;
}

export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpHttpReceiver> {
  const requests: OtlpExportRequest[] = [];
  const headers: IncomingMessage['headers'][] = [];
  const statuses: number[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url !== '/v1/metrics' || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      const status = options.status?.(statuses.length) ?? 200;
      statuses.push(status);
      if (status !== 200) {
        res.writeHead(status).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const protobuf = req.headers['content-type'] === 'application/x-protobuf';
      requests.push(protobuf ? decodeExportMetricsRequest(body) : (JSON.parse(body.toString('utf8')) as OtlpExportRequest));
      headers.push(req.headers);
      // An empty ExportMetricsServiceResponse in the request's own encoding.
      res.writeHead(200, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' }).end(protobuf ? '' : '{}');
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    headers,
    statuses,
    async waitForRequests(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} OTLP requests, got ${requests.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Helpers to read an OTLP JSON request. */
export function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    out[key] = value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.doubleValue ?? value.boolValue ?? '';
  }
  return out;
}

export function metricsOf(request: OtlpExportRequest): OtlpMetric[] {
  return request.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
}

export function findMetric(request: OtlpExportRequest, name: string): OtlpMetric {
  const found = metricsOf(request).filter((m) => m.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one "${name}" in the export, found ${found.length}: ${metricsOf(request).map((m) => m.name).join(', ')}`);
  }
  return found[0]!;
}

/** The metrics of several requests taken together: a large collection goes out in parts, each a whole request. */
export function metricsOfAll(requests: readonly OtlpExportRequest[]): OtlpMetric[] {
  return requests.flatMap(metricsOf);
}

export function numberValue(point: OtlpNumberPoint): number {
  return point.asDouble ?? Number(point.asInt);
}
