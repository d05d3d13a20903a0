// The gauge instrument of both recording paths: values set with `record` go into the metric's
// GaugeValues, callbacks are registered with whatever runs them at collection time (the fast
// path's GaugeAggregation, or an SDK observable gauge).
import type { CallbackResult } from './gaugeCallbacks.js';
import type { GaugeSeriesRef, GaugeSink, GaugeValues } from './GaugeValues.js';
import type { DomainGauge, GaugeCallback, GaugeObserver } from './instruments.js';
import type { DiagnosticsSink } from './DiagnosticsSink.js';
import { MetricDiagnostics } from './MetricDiagnostics.js';
import type { AttributesOf, GaugeSpec } from './MetricSpec.js';
import { SeriesResolver } from './SeriesResolver.js';
import { acceptFinite, acceptNonNegative } from './valueCheck.js';

/** What a gauge metric shares between its instances on one provider. */
export interface GaugeState {
  readonly values: GaugeValues;
  /** Registers a callback run at each collection; returns its unsubscribe function. */
  addCallback(callback: (sink: GaugeSink) => CallbackResult): () => void;
  /** Where the gauge's warnings go. @default the process default sink */
  readonly diagnosticsSink?: DiagnosticsSink | undefined;
}

export class GaugeInstrument<K extends string> implements DomainGauge<K> {
  private readonly diagnostics: MetricDiagnostics;
  private readonly series: SeriesResolver<GaugeSeriesRef>;

  constructor(readonly spec: GaugeSpec<K>, private readonly state: GaugeState, maxCached: number) {
    this.diagnostics = new MetricDiagnostics(spec.name, state.diagnosticsSink);
    this.series = new SeriesResolver<GaugeSeriesRef>(spec.attributes, (attributes, key) => ({ attributes, key }), this.diagnostics, maxCached);
  }

  record(value: number, attributes?: AttributesOf<K>): void {
    try {
      if (this.accept(value)) this.state.values.set(value, this.series.resolve(attributes));
    } catch (error) {
      this.diagnostics.report('record-failed', error);
    }
  }

  remove(attributes?: AttributesOf<K>): void {
    try {
      this.state.values.remove(this.series.resolve(attributes));
    } catch (error) {
      this.diagnostics.report('record-failed', error);
    }
  }

  observe(callback: GaugeCallback<K>): () => void {
    if (typeof callback !== 'function') {
      this.diagnostics.report('callback-failed', `observe() takes a function, got ${typeof callback}`);
      return () => undefined;
    }
    return this.state.addCallback((sink) => {
      const observer: GaugeObserver<K> = (value, attributes) => {
        try {
          if (this.accept(value)) sink(value, this.series.resolve(attributes));
        } catch (error) {
          this.diagnostics.report('record-failed', error);
        }
      };
      return callback(observer);
    });
  }

  private accept(value: unknown): value is number {
    return this.spec.nonNegative ? acceptNonNegative(value, this.diagnostics) : acceptFinite(value, this.diagnostics);
  }
}
