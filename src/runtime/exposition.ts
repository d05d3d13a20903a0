// The Prometheus exposition as a string, rendered by the exporter's own request handler so that a
// push or a textfile carries exactly the names, labels and types the scrape endpoint serves.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { ExpositionError } from '../errors.js';

/** The exporter writes this instead of an exposition when collection fails. */
const FAILED = '# failed to export metrics';

/**
 * Collects through `exporter` and returns the text a scrape would get. No request reaches the
 * handler's scraper detection, so counters have their plain values (a push is not a scrape:
 * the Pushgateway is scraped, and shows what was pushed). Rejects when collection fails.
 */
export function renderExposition(exporter: PrometheusExporter): Promise<string> {
  return new Promise((resolve, reject) => {
    // The handler sets a status and a header and calls end() once with the body; nothing else.
    const response = {
      statusCode: 200,
      setHeader: () => response,
      end: (body?: unknown) => {
        const text = typeof body === 'string' ? body : String(body ?? '');
        if (text.startsWith(FAILED)) reject(new ExpositionError(text.slice(2)));
        else resolve(text);
        return response;
      },
    };
    try {
      exporter.getMetricsRequestHandler({ headers: {} } as IncomingMessage, response as unknown as ServerResponse);
    } catch (error) {
      reject(error instanceof Error ? error : new ExpositionError(String(error)));
    }
  });
}
