// A plain Node request handler for one probe, for the runtime's endpoint or any framework that
// hands over Node's request and response (node:http, Express).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthProbe } from './HealthCheck.js';
import type { HealthRegistry } from './HealthRegistry.js';

/** Answers every request with the probe's evaluation (HEAD without a body). Never throws. */
export function healthHandler(registry: HealthRegistry, probe: HealthProbe): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    void registry.evaluate(probe).then(
      (evaluation) => {
        if (response.destroyed || response.headersSent) return;
        const body = JSON.stringify(evaluation.body);
        response.writeHead(evaluation.httpStatus, {
          'content-type': `${evaluation.contentType}; charset=utf-8`,
          // A probe's answer is about now: no cache in between may keep it.
          'cache-control': 'no-store',
          'content-length': Buffer.byteLength(body),
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      () => {
        // evaluate() does not reject; should it ever, the probe fails rather than hanging.
        if (!response.headersSent) response.writeHead(503).end();
      },
    );
  };
}
