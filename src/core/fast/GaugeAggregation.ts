// The current values of one gauge metric on the fast path: values set with `record` (held until
// removed) and values observed by callbacks at each collection. Each reader's collection exports
// exactly what is current then, so a removed series disappears on cumulative and delta readers
// alike. Shared by every instance that declares the metric, like the sums and histograms.
import type { Attributes } from '@opentelemetry/api';
import { ValueType } from '@opentelemetry/api';
import { DataPointType, InstrumentType, type MetricData } from '@opentelemetry/sdk-metrics';
import { runGaugeCallbacks, type CallbackResult } from '../gaugeCallbacks.js';
import type { DiagnosticsSink } from '../DiagnosticsSink.js';
import { MetricDiagnostics } from '../MetricDiagnostics.js';
import type { GaugeSpec } from '../MetricSpec.js';
import type { SeriesAttributes } from '../SeriesResolver.js';
import type { GaugeState } from '../GaugeInstrument.js';
import { GaugeValues, type GaugeSink } from '../GaugeValues.js';
import { OVERFLOW_ATTRIBUTES, OVERFLOW_KEY } from '../SeriesTable.js';
import { millisToHrTime } from './accumulations.js';
import type { TemporalitySelector } from './LocalAggregation.js';


export class GaugeAggregation implements GaugeState {
  readonly instrumentType = InstrumentType.OBSERVABLE_GAUGE;
  /** Recorded values, until removed or expired. */
  readonly values: GaugeValues;
  private readonly callbacks = new Set<(sink: GaugeSink) => CallbackResult>();
  private readonly diagnostics: MetricDiagnostics;
  private readonly created = Date.now();

  constructor(
    readonly spec: GaugeSpec,
    private readonly cardinalityLimit: number,
    /** A recorded value not set again for this long is dropped; 0 keeps it until removed. */
    expiryMillis = 0,
    /** Where this metric's warnings go, for its instruments too. @default the process default sink */
    readonly diagnosticsSink?: DiagnosticsSink,
  ) {
    this.diagnostics = new MetricDiagnostics(spec.name, diagnosticsSink);
    this.values = new GaugeValues(cardinalityLimit, this.diagnostics, expiryMillis);
  }

  /** Registers a callback run at every collection; returns its unsubscribe function. */
  addCallback(callback: (sink: GaugeSink) => CallbackResult): () => void {
    this.callbacks.add(callback);
    return () => {
      this.callbacks.delete(callback);
    };
  }

  /** The values current at `collectionTime`, after awaiting the callbacks (bounded by `timeoutMillis`). */
  async collect(selectTemporality: TemporalitySelector, collectionTime: number, timeoutMillis: number): Promise<MetricData | undefined> {
    const points = new Map<string, { attributes: SeriesAttributes; value: number }>();
    this.values.forEach(collectionTime, (value, attributes, key) => points.set(key, { attributes, value }));
    let overflow: number | undefined;
    if (this.callbacks.size > 0) {
      let open = true;
      const sink: GaugeSink = (value, series) => {
        if (!open) return; // an async callback that overran the timeout reports into the next collection, not this one
        const known = points.get(series.key);
        if (known !== undefined) known.value = value;
        else if (points.size < this.cardinalityLimit - 1) points.set(series.key, { attributes: series.attributes, value });
        else {
          this.diagnostics.report('cardinality-overflow', `${this.cardinalityLimit} series`);
          overflow = value;
        }
      };
      const calls = [...this.callbacks].map((callback) => () => callback(sink));
      await runGaugeCallbacks(calls, timeoutMillis, this.diagnostics);
      open = false;
    }
    if (overflow !== undefined) points.set(OVERFLOW_KEY, { attributes: OVERFLOW_ATTRIBUTES, value: overflow });
    if (points.size === 0) return undefined;
    const startTime = millisToHrTime(this.created);
    const endTime = millisToHrTime(collectionTime);
    // Built apart so that the SDK lines whose descriptor has no `type` accept it too.
    const descriptor = {
      name: this.spec.name,
      description: this.spec.description,
      unit: this.spec.unit,
      type: this.instrumentType,
      valueType: ValueType.DOUBLE,
      advice: {},
    };
    return {
      descriptor,
      aggregationTemporality: selectTemporality(this.instrumentType),
      dataPointType: DataPointType.GAUGE,
      dataPoints: [...points.values()].map((p) => ({ attributes: p.attributes as Attributes, startTime, endTime, value: p.value })),
    };
  }
}
