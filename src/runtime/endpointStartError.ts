// The error of a Prometheus endpoint that could not start, shared by startMetrics and startClusterMetrics.
import { EndpointStartError, PortInUseError } from '../errors.js';

/** Says which host and port failed and which settings set them; a taken port gets its own class. */
export function endpointStartError(host: string, port: number, cause: unknown, hint = ''): EndpointStartError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const message = `Cannot serve Prometheus metrics on ${host}:${port} (METRICS_HOST/METRICS_PORT): ${reason}${hint}`;
  const taken = (cause as { code?: unknown } | null)?.code === 'EADDRINUSE';
  return taken ? new PortInUseError(message, host, port, { cause }) : new EndpointStartError(message, host, port, { cause });
}
