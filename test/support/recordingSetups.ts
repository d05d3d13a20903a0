// The matrix every domain test runs on: the fast path (what startMetrics() gives by default) and
// the plain SDK path, each read by a cumulative and by a delta reader, wired as the runtime wires
// them (catalog views, the fast path's producer on the reader).
import type { MeterProvider } from '@opentelemetry/api';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { catalogMetrics } from '../../src/catalog.js';
import type { MetricSpec } from '../../src/core/MetricSpec.js';
import type { Snapshot, TestReader } from './collect.js';
import { runtimeLikeProvider } from './fastPathProvider.js';
import { SoFar } from './soFar.js';
import type { Readout } from '../../src/readout/Readout.js';

export interface Recording {
  readonly meterProvider: MeterProvider;
  readonly reader: TestReader;
  /** Collects now and returns what a backend knows so far (see SoFar): one assertion serves both temporalities. */
  collect(): Promise<Snapshot>;
}

export interface RecordingOptions {
  /** Views for these specs. @default every catalog metric */
  readonly specs?: readonly MetricSpec[];
  readonly cardinalityLimit?: number;
  readonly seriesExpiryMillis?: number;
  /** A read-out both paths record into, as the runtime's. */
  readonly readout?: Readout;
}

export interface RecordingSetup {
  /** "fast path, cumulative", for test names. */
  readonly name: string;
  readonly fast: boolean;
  readonly temporality: AggregationTemporality;
  /** A fresh provider with one reader of this setup's temporality. */
  start(options?: RecordingOptions): Recording;
}

export function recordingSetups(): RecordingSetup[] {
  const setups: RecordingSetup[] = [];
  for (const fast of [true, false]) {
    for (const temporality of [AggregationTemporality.CUMULATIVE, AggregationTemporality.DELTA]) {
      setups.push({
        name: `${fast ? 'fast' : 'SDK'} path, ${temporality === AggregationTemporality.DELTA ? 'delta' : 'cumulative'}`,
        fast,
        temporality,
        start(options = {}) {
          const { meterProvider, readers } = runtimeLikeProvider({
            fast,
            specs: options.specs ?? catalogMetrics(),
            cardinalityLimit: options.cardinalityLimit,
            seriesExpiryMillis: options.seriesExpiryMillis,
            readout: options.readout,
            temporalities: [temporality],
          });
          const reader = readers[0]!;
          const soFar = new SoFar(reader, temporality);
          return { meterProvider, reader, collect: () => soFar.snapshot() };
        },
      });
    }
  }
  return setups;
}
