// The Resource every exported metric carries. service.instance.id is always set, unique per
// process, so that replicas with the same name never write into each other's cumulative series.
import { randomUUID } from 'node:crypto';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { MetricsConfig } from '../config/MetricsConfig.js';

export function buildResource(config: MetricsConfig): Resource {
  const attributes: Record<string, string> = {
    ...config.resourceAttributes,
    'service.name': config.serviceName,
    'service.instance.id': config.resourceAttributes['service.instance.id'] ?? randomUUID(),
  };
  if (config.serviceVersion !== undefined) attributes['service.version'] = config.serviceVersion;
  return defaultResource().merge(resourceFromAttributes(attributes));
}
