// The route table of the runtime's endpoint: /metrics, the health probes when switched on, and
// access control over the configured paths.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { MetricsConfig, MetricsConfigOverrides } from '../config/MetricsConfig.js';
import { MetricsConfigError } from '../config/MetricsConfigError.js';
import { healthHandler } from '../health/healthHandler.js';
import type { HealthRegistry } from '../health/HealthRegistry.js';
import { credentialCheck, hasCredentials, protectRoutes } from './accessControl.js';
import { METRICS_PATH, type EndpointTls, type RouteHandler } from './PrometheusEndpoint.js';
import type { Readout } from '../readout/Readout.js';
import { readoutRoutes, SNAPSHOT_PATH, SUMMARY_PATH } from '../readout/readoutRoutes.js';

/** The paths the endpoint serves under `config`. */
export function endpointPaths(config: MetricsConfig): string[] {
  const paths = [METRICS_PATH];
  if (config.readout) paths.push(SNAPSHOT_PATH, SUMMARY_PATH);
  if (config.healthEndpoints) paths.push(config.livenessPath, config.readinessPath);
  return paths;
}

/**
 * A protected path that is not served is most likely a typo that leaves the real path open, so it
 * fails start-up like any invalid setting (before anything is built that would need stopping).
 */
export function checkAuthPaths(config: MetricsConfig, overrides: MetricsConfigOverrides): void {
  if (config.authPaths === undefined) return;
  const served = endpointPaths(config);
  const unknown = config.authPaths.filter((path) => !served.includes(path));
  if (unknown.length === 0) return;
  throw new MetricsConfigError([
    {
      setting: overrides.authPaths !== undefined ? 'options.authPaths' : 'METRICS_AUTH_PATHS',
      value: config.authPaths.join(','),
      expected: `paths the endpoint serves (${served.join(', ')}); not served: ${unknown.join(', ')}`,
    },
  ]);
}

/** The paths that need a credential: all served or the configured ones, liveness left open if so set. */
export function protectedPaths(config: MetricsConfig): Set<string> {
  const paths = new Set(config.authPaths ?? endpointPaths(config));
  if (config.livenessOpen) paths.delete(config.livenessPath);
  return paths;
}

export function buildRoutes(config: MetricsConfig, serveMetrics: RouteHandler, health: HealthRegistry, readout?: Readout): Map<string, RouteHandler> {
  const credentials = { token: config.authToken, basic: config.basicAuth };
  const secured = hasCredentials(credentials);
  const routes = new Map<string, RouteHandler>([[METRICS_PATH, serveMetrics]]);
  if (config.readout && readout !== undefined) for (const [path, handler] of readoutRoutes(readout)) routes.set(path, handler);
  if (config.healthEndpoints) {
    // With credentials configured, a probe left open (liveness, for orchestrators) answers an
    // unauthenticated caller with the overall status only: check outputs carry error messages
    // that name internal hosts and addresses. A caller with the credential sees the checks.
    const allowed = credentialCheck(credentials);
    const guarded = protectedPaths(config);
    const details = (path: string) => (!secured || guarded.has(path) ? true : (request: IncomingMessage) => allowed(request.headers.authorization));
    routes.set(config.livenessPath, healthHandler(health, 'liveness', { details: details(config.livenessPath) }));
    routes.set(config.readinessPath, healthHandler(health, 'readiness', { details: details(config.readinessPath) }));
  }
  return secured ? protectRoutes(routes, protectedPaths(config), credentials) : routes;
}

/** The certificate and key, read now (they were found readable when the configuration was loaded). */
export function readTls(config: MetricsConfig): EndpointTls | undefined {
  if (config.tlsCertFile === undefined || config.tlsKeyFile === undefined) return undefined;
  return { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) };
}
