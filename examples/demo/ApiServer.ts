// The demo's HTTP API on loopback: every request is measured (HttpServerMetrics.track, before
// any routing), rate-limited (RateLimitMetrics), and backed by a simulated MongoDB
// (DatabaseMetrics). GET /stream is a server-sent-events stream (ConnectionMetrics).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ConnectionMetrics,
  DatabaseMetrics,
  DatabaseOperation,
  HttpServerMetrics,
  RateLimitMetrics,
} from '../../src/index.js';
import { logNormal, rare, sleep } from './random.js';

class MongoNetworkTimeoutError extends Error {
  override name = 'MongoNetworkTimeoutError';
}

const ROUTES: [RegExp, string][] = [
  [/^\/executions$/, '/executions'],
  [/^\/executions\/[^/]+$/, '/executions/:id'],
  [/^\/stream$/, '/stream'],
  [/^\/health$/, '/health'],
];

export interface ApiDependencies {
  readonly http: HttpServerMetrics;
  readonly rateLimit: RateLimitMetrics;
  readonly database: DatabaseMetrics;
  readonly connections: ConnectionMetrics;
  /** Called for POST /executions: the executor takes the job. */
  readonly submit: () => void;
}

export class ApiServer {
  private readonly server: Server;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly streams = new Set<ServerResponse>();

  constructor(private readonly deps: ApiDependencies, private readonly timeScale: number) {
    this.server = createServer((req, res) => {
      this.deps.http.track(req, res, { route: (r) => routeOf(r.url ?? '/') });
      void this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.end();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = routeOf(req.url ?? '/');
    if (route === '/health') {
      res.writeHead(200).end('ok');
      this.deps.rateLimit.bypassed({ endpoint: route });
      return;
    }
    if (!(await this.allow(req, route ?? req.url ?? '/'))) {
      res.writeHead(429).end('slow down');
      return;
    }
    if (route === '/executions' && req.method === 'POST') {
      await this.db('insert', 'executions');
      this.deps.submit();
      this.json(res, 202, { id: crypto.randomUUID() });
    } else if (route === '/executions/:id' && req.method === 'GET') {
      await this.db('find', 'executions');
      this.json(res, 200, { status: 'completed', output: 'x'.repeat(Math.floor(Math.random() * 4000)) });
    } else if (route === '/stream') {
      this.stream(req, res);
    } else {
      res.writeHead(404).end();
    }
  }

  private json(res: ServerResponse, status: number, value: unknown): void {
    const body = JSON.stringify(value);
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-length', Buffer.byteLength(body));
    res.end(body);
  }

  /** A token bucket per client (refilled per second of demo time) behind a ~1 ms Redis round trip. */
  private async allow(req: IncomingMessage, endpoint: string): Promise<boolean> {
    const client = String(req.headers['x-client'] ?? 'anonymous');
    const authenticated = client !== 'anonymous';
    const redisSeconds = logNormal(0.0008, 0.4);
    await sleep(redisSeconds * this.timeScale);
    this.deps.rateLimit.recordRedisOperation({ operation: 'evalsha', durationSeconds: redisSeconds });
    const limit = authenticated ? 40 : 10;
    const refillPerSecond = authenticated ? 20 : 3;
    const now = performance.now() / 1000; // traffic is not time-scaled, so neither is the refill
    const bucket = this.buckets.get(client) ?? { tokens: limit, at: now };
    bucket.tokens = Math.min(limit, bucket.tokens + (now - bucket.at) * refillPerSecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(client, bucket);
    const tokens = bucket.tokens;
    this.deps.rateLimit.recordCheck({
      endpoint,
      authenticated,
      algorithm: 'token_bucket',
      allowed,
      group: authenticated ? 'pro' : 'free',
      priority: 'normal',
      multiplier: authenticated ? 2 : 1,
      durationSeconds: redisSeconds + 0.00005,
      remaining: Math.max(0, Math.floor(tokens)),
      limit,
      tokens: Math.max(0, tokens),
    });
    return allowed;
  }

  private async db(operation: DatabaseOperation, collection: string): Promise<void> {
    const connection = this.deps.database.connectionAcquired();
    const seconds = logNormal(operation === 'find' ? 0.004 : 0.009, 0.7);
    try {
      await sleep(seconds * this.timeScale);
      const error = rare('database timeout', 0.02) ? new MongoNetworkTimeoutError('timed out') : undefined;
      this.deps.database.recordOperation({ operation, collection, durationSeconds: seconds, error });
      if (error) throw error;
    } finally {
      connection.finish();
    }
  }

  private stream(req: IncomingMessage, res: ServerResponse): void {
    const connection = this.deps.connections.connectionOpened({ type: 'sse' });
    this.streams.add(res);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const ticker = setInterval(() => {
      res.write(`data: ${Date.now()}\n\n`);
      connection.messageSent();
    }, Math.max(20, 250 * this.timeScale));
    req.once('close', () => {
      clearInterval(ticker);
      this.streams.delete(res);
      connection.finish();
    });
  }
}

function routeOf(url: string): string | undefined {
  const path = url.split('?')[0]!;
  return ROUTES.find(([pattern]) => pattern.test(path))?.[1];
}
