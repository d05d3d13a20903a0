// The MeterProvider the domain classes are handed: meters from an underlying provider (or none),
// plus the settings of the recording path they should use. The runtime and the SDK bridge hand
// one out, so no state is attached to the SDK's own objects.
import { createNoopMeter, type Meter, type MeterOptions, type MeterProvider } from '@opentelemetry/api';
import { PROVIDER_SETTINGS, type ProviderSettings } from './providerSettings.js';

export class DomainMeterProvider implements MeterProvider {
  readonly [PROVIDER_SETTINGS]: ProviderSettings;
  private readonly noop: Meter | undefined;

  constructor(
    /** Where meters for anything but the domain classes' fast path come from; none gives no-op meters. */
    private readonly meters: MeterProvider | undefined,
    settings: ProviderSettings,
  ) {
    this[PROVIDER_SETTINGS] = Object.freeze({ ...settings });
    this.noop = meters === undefined ? createNoopMeter() : undefined;
  }

  getMeter(name: string, version?: string, options?: MeterOptions): Meter {
    return this.meters?.getMeter(name, version, options) ?? this.noop!;
  }
}
