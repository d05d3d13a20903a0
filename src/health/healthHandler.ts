// A plain Node request handler for one probe, for the runtime's endpoint or any framework that
// hands over Node's request and response (node:http, Express).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthProbe } from './HealthCheck.js';
import type { HealthRegistry } from './HealthRegistry.js';

export interface HealthHandlerOptions {
  /**
   * Whether a request may see the checks (names, durations, outputs with error messages that can
   * name internal hosts) or only the overall status and probe. A function decides per request, e.g.
   * by its credentials, for a probe left open to orchestrators. @default true
   */
  readonly details?: boolean | ((request: IncomingMessage) => boolean);
}

/** Answers every request with the probe's evaluation (HEAD without a body). Never throws. */
export function healthHandler(
  registry: HealthRegistry,
  probe: HealthProbe,
  options: HealthHandlerOptions = {},
): (request: IncomingMessage, response: ServerResponse) => void {
  const details = options.details ?? true;
  return (request, response) => {
    void registry.evaluate(probe).then(
      (evaluation) => {
        if (response.destroyed || response.headersSent) return;
        const body = JSON.stringify(showsDetails(details, request) ? evaluation.body : { status: evaluation.body.status, description: evaluation.body.description });
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

function showsDetails(details: boolean | ((request: IncomingMessage) => boolean), request: IncomingMessage): boolean {
  if (typeof details === 'boolean') return details;
  try {
    return details(request) === true;
  } catch {
    // Undecidable: the summary reveals nothing, so it is the safe answer.
    return false;
  }
}
