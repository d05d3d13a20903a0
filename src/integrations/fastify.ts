// The Fastify 5 plugin: every request measured by HttpServerMetrics, `http.route` from the route
// Fastify matched. Fastify itself is only a type here, so this module loads without it.
import type { FastifyInstance, FastifyPluginCallback, FastifyRequest } from 'fastify';
import { httpMetricsOf, nonEmptyString, readProperty, type HttpMetricsSource } from './shared.js';
import { InvalidArgumentError } from '../errors.js';

export interface FastifyMetricsOptions {
  /** Where requests are recorded: a `DomainMetrics` (its `http`) or an `HttpServerMetrics`. */
  readonly metrics: HttpMetricsSource;
}

/** The name Fastify knows the plugin by (`app.hasPlugin(FASTIFY_PLUGIN_NAME)`). */
export const FASTIFY_PLUGIN_NAME = 'otel-domain-metrics';

/**
 * Register it once, at the root: `app.register(fastifyMetrics, { metrics })`. Its hook is not
 * encapsulated (what fastify-plugin does), so it sees every route of the application, in every
 * child context, and Fastify's 404s, which are recorded without `http.route`. Each request is
 * tracked on its raw response from `onRequest` until the response closes: errors thrown by
 * handlers and by other hooks count with the status Fastify sends, aborts and timeouts end
 * without a status code and with `error.type="aborted"`, and the response body size is the bytes
 * written, streams included. Registered twice, a request still counts once.
 */
export const fastifyMetrics: FastifyPluginCallback<FastifyMetricsOptions> = Object.assign(
  function fastifyMetrics(instance: FastifyInstance, options: FastifyMetricsOptions, done: (error?: Error) => void): void {
    const metrics = httpMetricsOf(readProperty(options, 'metrics') as HttpMetricsSource, 'otel-domain-metrics/fastify');
    if (metrics === undefined) {
      // Registration is start-up, not a request: failing it is the one loud way to say nothing would be measured.
      done(new InvalidArgumentError(`${FASTIFY_PLUGIN_NAME}: the Fastify plugin needs { metrics: DomainMetrics | HttpServerMetrics }`));
      return;
    }
    instance.addHook('onRequest', (request, reply, next) => {
      // The route is read when the response closes, from Fastify's request: `track` sees only the raw one.
      metrics.track(request.raw, reply.raw, { route: () => declaredRoute(request) });
      next();
    });
    done();
  },
  {
    // fastify-plugin's metadata, without depending on it: no encapsulation, a name, the supported range.
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: FASTIFY_PLUGIN_NAME,
    [Symbol.for('plugin-meta')]: { name: FASTIFY_PLUGIN_NAME, fastify: '5.x' },
  },
);

/** The URL the matched route was declared with, prefixes included; none for Fastify's 404s. */
function declaredRoute(request: FastifyRequest): string | undefined {
  if (readProperty(request, 'is404') === true) return undefined;
  return nonEmptyString(readProperty(readProperty(request, 'routeOptions'), 'url'));
}
