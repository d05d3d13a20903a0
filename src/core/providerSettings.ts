// Settings a DomainMeterProvider carries for the domain classes that record through it: the
// cardinality limit, the fast path and where warnings go. Read under a Symbol.for key, so that the
// ESM and CommonJS builds, if both are loaded, see each other's settings.
import type { MeterProvider } from '@opentelemetry/api';
import type { DiagnosticsSink } from './DiagnosticsSink.js';
import type { FastPathRegistry } from './fast/FastPathRegistry.js';
import type { MetricSpec } from './MetricSpec.js';
import type { Readout } from '../readout/Readout.js';

export const PROVIDER_SETTINGS = Symbol.for('otel-domain-metrics.provider-settings');

export interface ProviderSettings {
  readonly cardinalityLimit: number;
  /** Present when the runtime owns the readers: instruments then aggregate locally. */
  readonly fastPath?: FastPathRegistry;
  /** The runtime's diagnostics; absent on other providers, whose domain classes use the process default. */
  readonly diagnostics?: DiagnosticsSink;
  /** The runtime's read-out (snapshots, ad-hoc reads); absent on other providers. */
  readonly readout?: Readout;
  /**
   * Metrics whose definition is fixed from the start: the catalog, whose views set their buckets
   * on the runtime's provider. A declaration of one of their names must agree with it (kind, unit,
   * buckets), or it is refused like any conflicting declaration.
   */
  readonly catalog?: readonly MetricSpec[];
}

export const DEFAULT_PROVIDER_SETTINGS: ProviderSettings = { cardinalityLimit: 2000 };

/** The settings of a DomainMeterProvider; defaults for any other provider. */
export function providerSettings(provider: MeterProvider): ProviderSettings {
  return (provider as { [PROVIDER_SETTINGS]?: ProviderSettings })[PROVIDER_SETTINGS] ?? DEFAULT_PROVIDER_SETTINGS;
}
