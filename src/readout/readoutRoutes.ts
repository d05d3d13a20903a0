// The read-out's routes on the runtime's endpoint: the snapshot and the summary as JSON, built a
// few hundred series per turn of the event loop so that a scrape arriving meanwhile is answered.
import type { RouteHandler } from '../runtime/PrometheusEndpoint.js';
import type { Readout } from './Readout.js';

export const SNAPSHOT_PATH = '/metrics/snapshot';
export const SUMMARY_PATH = '/metrics/summary';
export const READOUT_CONTENT_TYPE = 'application/json; charset=utf-8';

export function readoutRoutes(readout: Readout): [string, RouteHandler][] {
  const serve = (build: () => Promise<unknown>): RouteHandler => (request, response) => {
    build().then(
      (body) => {
        const text = `${JSON.stringify(body)}\n`;
        response.writeHead(200, { 'content-type': READOUT_CONTENT_TYPE, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      () => {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('Snapshot failed\n');
      },
    );
  };
  return [
    [SNAPSHOT_PATH, serve(() => readout.snapshotAsync())],
    [SUMMARY_PATH, serve(async () => readout.summary(await readout.snapshotAsync()))],
  ];
}
