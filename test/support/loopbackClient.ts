// A plain HTTP client for framework tests on 127.0.0.1: whole responses as bytes, and a request
// abandoned by the client once the server has it.
import { request as httpRequest, type ClientRequest } from 'node:http';

export interface LoopbackReply {
  readonly status: number;
  readonly body: Buffer;
  readonly headers: Record<string, string | string[] | undefined>;
}

export function call(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<LoopbackReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sends a request and destroys it once `arrived` resolves (the server signals that the handler
 * runs); resolves when the client side is closed.
 */
export function abandon(port: number, path: string, arrived: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const req: ClientRequest = httpRequest({ host: '127.0.0.1', port, method: 'GET', path });
    req.on('error', () => undefined); // the abort itself
    req.on('close', () => resolve());
    req.end();
    void arrived.then(() => req.destroy());
  });
}
