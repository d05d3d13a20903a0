// A scrape as Prometheus makes it: GET over loopback, the body read in full and counted as it came
// over the wire (compressed when the server chose gzip). A new connection each time: a kept-alive
// one can be closed by the server's idle timeout just as the next scrape reuses it.
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface Scraped {
  /** Bytes on the wire. */
  readonly bytes: number;
  readonly gzipped: boolean;
  /** The body as text, decompressed when needed; only built when asked for. */
  readonly text: () => string;
}

/** The headers a Prometheus server sends with every scrape (besides Accept-Encoding). */
export const PROMETHEUS_HEADERS = { 'user-agent': 'Prometheus/3.5.0', 'x-prometheus-scrape-timeout-seconds': '10' } as const;

export function httpGet(url: string, { gzip = false, prometheus = false } = {}): Promise<Scraped> {
  return new Promise((resolve, reject) => {
    const headers = { 'accept-encoding': gzip ? 'gzip' : 'identity', ...(prometheus ? PROMETHEUS_HEADERS : {}) };
    const request = get(url, { agent: false, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        if (response.statusCode !== 200) {
          reject(new Error(`GET ${url}: HTTP ${response.statusCode}`));
          return;
        }
        const gzipped = response.headers['content-encoding'] === 'gzip';
        const bytes = chunks.reduce((sum, c) => sum + c.length, 0);
        resolve({ bytes, gzipped, text: () => (gzipped ? gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks)).toString('utf8') });
      });
    });
    request.on('error', reject);
  });
}
