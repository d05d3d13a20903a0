// Settings a runtime-built MeterProvider carries for the domain classes that record through it:
// the cardinality limit, the runtime's fast path and where its warnings go. Stored under a Symbol.for key on the provider object itself:
// no module-level registry, and the ESM and CommonJS builds see the same settings.
import type { MeterProvider } from '@opentelemetry/api';
import type { DiagnosticsSink } from './DiagnosticsSink.js';
import type { FastPathRegistry } from './fast/FastPathRegistry.js';

const SETTINGS = Symbol.for('otel-domain-metrics.provider-settings');

export interface ProviderSettings {
  readonly cardinalityLimit: number;
  /** Present when the runtime owns the readers: instruments then aggregate locally. */
  readonly fastPath?: FastPathRegistry;
  /** The runtime's diagnostics; absent on other providers, whose domain classes use the process default. */
  readonly diagnostics?: DiagnosticsSink;
}

export const DEFAULT_PROVIDER_SETTINGS: ProviderSettings = { cardinalityLimit: 2000 };

export function attachProviderSettings(provider: MeterProvider, settings: ProviderSettings): void {
  Object.defineProperty(provider, SETTINGS, { value: Object.freeze({ ...settings }), enumerable: false });
}

export function providerSettings(provider: MeterProvider): ProviderSettings {
  return (provider as { [SETTINGS]?: ProviderSettings })[SETTINGS] ?? DEFAULT_PROVIDER_SETTINGS;
}
