// Per-record cost, side by side, over a matrix of attribute counts (0, 1, 3, 6) and distinct
// attribute sets (1, 24, 1 000, 10 000): the domain API on the runtime's fast path and on a
// MeterProvider the user owns (through the bridge), the raw OpenTelemetry SDK, prom-client and its
// successor; plus a plain field add (the physical limit), disabled records and a domain method.
import { createNoopMeter, type Counter, type Histogram } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { createMetricsBridge, ExecutionMetrics, NOOP_METER_PROVIDER, type BaseMetricsOptions, type MetricsRuntime } from '../src/index.js';
import { ATTRIBUTE_NAMES, attributeSource, labelSource } from './attributeSets.js';
import { benchRuntime, cellMetrics, DEFAULT_CARDINALITY_LIMIT, LATENCY_BUCKETS, ROUTES, type CellMetrics } from './fixtures.js';
import { measure } from './harness.js';
import { latencyOf } from './latencies.js';
import type { Peer, Peers } from './peers.js';

export const SET_COUNTS = [1, 24, 1000, 10_000] as const;
export const ATTRIBUTE_COUNTS = [0, 1, 3, 6] as const;
/** Rounds per case and the least duration of one: 130-odd cases have to fit in a couple of minutes. */
export const RECORDING_ROUNDS = { rounds: 5, minMillis: 100 } as const;
/** Records of every case before any is measured. */
const PRE_RUN_RECORDS = 100_000;

export const LIBRARY = {
  fast: 'fast path',
  fastWithoutReadout: 'fast path, METRICS_READOUT=false',
  fastWithWarnings: 'fast path, warnings on',
  bridge: 'your SDK (bridge)',
  fallback: 'SDK fallback',
  raw: 'raw SDK',
  promClient: 'prom-client',
  successor: '@prometheus-io/client',
  plain: 'plain field add',
} as const;

export type Instrument = 'counter' | 'histogram';

export interface RecordingResult {
  /** The row group: `counter, 3 attributes, 24 sets`, or `disabled` / `domain method`. */
  readonly group: string;
  readonly instrument: Instrument | undefined;
  readonly attributes: number | undefined;
  readonly sets: number | undefined;
  /** More sets than the cardinality limit: most records land in the overflow series. */
  readonly pastLimit: boolean;
  readonly library: string;
  readonly name: string;
  readonly nsPerOp: number;
}

interface Case {
  readonly group: string;
  readonly instrument?: Instrument;
  readonly attributes?: number;
  readonly sets?: number;
  readonly library: string;
  readonly name: string;
  readonly op: (i: number) => void;
}

export function groupName(instrument: Instrument, attributes: number, sets: number): string {
  const past = sets > DEFAULT_CARDINALITY_LIMIT ? ` (past the cardinality limit of ${DEFAULT_CARDINALITY_LIMIT})` : '';
  return `${instrument}, ${attributes} attribute${attributes === 1 ? '' : 's'}, ${sets.toLocaleString('en-US')} set${sets === 1 ? '' : 's'}${past}`;
}

/** The (attributes, sets) pairs measured: every count of sets with attributes, one set without. */
export function matrixCells(): { attributes: number; sets: number }[] {
  return ATTRIBUTE_COUNTS.flatMap<{ attributes: number; sets: number }>((attributes) => (attributes === 0 ? [{ attributes, sets: 1 }] : SET_COUNTS.map((sets) => ({ attributes, sets }))));
}

/** The same metric per (attributes, sets) cell on every library, made once and shared by its counter and histogram cases. */
class CellCache<T> {
  private readonly made = new Map<string, T>();
  constructor(private readonly make: (attributes: number, sets: number, prefix: string) => T) {}
  get(attributes: number, sets: number): T {
    const key = `k${sets}_a${attributes}`;
    let found = this.made.get(key);
    if (found === undefined) {
      found = this.make(attributes, sets, key);
      this.made.set(key, found);
    }
    return found;
  }
}

function domainCases(cells: CellCache<CellMetrics>, library: string, instrument: Instrument, attributes: number, sets: number): Case {
  const m = cells.get(attributes, sets);
  const attrs = attributeSource(attributes, sets);
  const group = groupName(instrument, attributes, sets);
  const base = { group, instrument, attributes, sets, library, name: library };
  if (instrument === 'counter') return { ...base, op: attributes === 0 ? () => m.requests.add(1) : (i) => m.requests.add(1, attrs(i)) };
  return { ...base, op: attributes === 0 ? (i) => m.latency.record(latencyOf(i)) : (i) => m.latency.record(latencyOf(i), attrs(i)) };
}

function peerCase(peer: Peer, registry: InstanceType<Peer['client']['Registry']>, library: string, instrument: Instrument, attributes: number, sets: number): Case {
  const labelNames = ATTRIBUTE_NAMES.slice(0, attributes);
  const labels = labelSource(attributes, sets);
  const base = { group: groupName(instrument, attributes, sets), instrument, attributes, sets, library, name: library };
  const prefix = `k${sets}_a${attributes}`;
  if (instrument === 'counter') {
    const c = new peer.client.Counter({ name: `${prefix}_requests_total`, help: 'Requests', labelNames, registers: [registry] });
    return { ...base, op: attributes === 0 ? () => c.inc() : (i) => c.inc(labels(i), 1) };
  }
  const h = new peer.client.Histogram({ name: `${prefix}_latency_seconds`, help: 'Latency', labelNames, buckets: LATENCY_BUCKETS, registers: [registry] });
  return { ...base, op: attributes === 0 ? (i) => h.observe(latencyOf(i)) : (i) => h.observe(labels(i), latencyOf(i)) };
}

export async function runRecordingBenchmarks(peers: Peers): Promise<{ results: RecordingResult[]; runtimes: MetricsRuntime[] }> {
  const fastRuntime = await benchRuntime(true);
  const withoutReadout = await benchRuntime(true, undefined, { readout: false });
  const sdkRuntime = await benchRuntime(false);
  // A MeterProvider the user owns (as NodeSDK builds it), with the bridge's producer on its reader.
  const bridge = createMetricsBridge({ env: {}, diagnostics: 'silent' });
  const userReader = bridge.reader((metricProducers) => new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000, metricProducers }));
  const userProvider = new MeterProvider({ readers: [userReader] });
  const rawMeter = fastRuntime.meterProvider.getMeter('raw-sdk');

  const on = (options: BaseMetricsOptions, name: string) => new CellCache((attributes, _sets, key) => cellMetrics(options, `${name}.${key}`, attributes));
  const fastCells = on(fastRuntime, 'bench');
  const bridgeCells = on(bridge, 'bench');
  const fallbackCells = on(sdkRuntime, 'bench');
  const noReadoutCells = on(withoutReadout, 'bench');
  const rawCells = new CellCache<{ counter: Counter; histogram: Histogram }>((_a, _s, key) => ({
    counter: rawMeter.createCounter(`raw.${key}.requests.total`),
    histogram: rawMeter.createHistogram(`raw.${key}.latency`, { advice: { explicitBucketBoundaries: LATENCY_BUCKETS } }),
  }));
  const peerRegistries = [peers.promClient, peers.successor].flatMap((peer) => (peer === undefined ? [] : [{ peer, registry: new peer.client.Registry() }]));

  const cases: Case[] = [];
  const plain = new (class PlainCounter {
    value = 0;
    add(n: number): void {
      this.value += n;
    }
  })();
  for (const instrument of ['counter', 'histogram'] as const) {
    for (const { attributes, sets } of matrixCells()) {
      const group = groupName(instrument, attributes, sets);
      const cell = { group, instrument, attributes, sets };
      if (instrument === 'counter' && attributes === 0) cases.push({ ...cell, library: LIBRARY.plain, name: 'plain field add (this.value += 1)', op: () => plain.add(1) });
      cases.push(domainCases(fastCells, LIBRARY.fast, instrument, attributes, sets));
      cases.push(domainCases(bridgeCells, LIBRARY.bridge, instrument, attributes, sets));
      if (attributes === 3 && sets === 24) {
        // What the read-out (window, percentiles) adds to a record: the fast path without it.
        cases.push({ ...domainCases(noReadoutCells, LIBRARY.fast, instrument, attributes, sets), library: LIBRARY.fastWithoutReadout, name: LIBRARY.fastWithoutReadout });
        cases.push({ ...domainCases(fallbackCells, LIBRARY.fallback, instrument, attributes, sets), name: `${LIBRARY.fallback} (fastPath: false)` });
      }
      const raw = rawCells.get(attributes, sets);
      const attrs = attributeSource(attributes, sets);
      cases.push({
        ...cell,
        library: LIBRARY.raw,
        name: instrument === 'counter' ? 'raw SDK counter.add' : 'raw SDK histogram.record',
        op:
          instrument === 'counter'
            ? attributes === 0 ? () => raw.counter.add(1) : (i) => raw.counter.add(1, attrs(i))
            : attributes === 0 ? (i) => raw.histogram.record(latencyOf(i)) : (i) => raw.histogram.record(latencyOf(i), attrs(i)),
      });
      for (const { peer, registry } of peerRegistries) {
        const library = peer === peers.promClient ? LIBRARY.promClient : LIBRARY.successor;
        cases.push(peerCase(peer, registry, library, instrument, attributes, sets));
      }
    }
  }

  const attrs24 = attributeSource(3, 24);
  // Attribute values built per record, as `${prefix}${id}` is: V8 makes such a string over 12
  // characters a tree of its parts, which every library has to flatten and hash again on every
  // record, where a value kept from before (a route template, an enum) has its hash already.
  // Building the value is in every row; `sets` is left out, so no goal reads this group.
  const builtGroup = 'counter, 3 attributes, 24 sets, first value built per record';
  const built = (i: number) => {
    const a = attrs24(i);
    a.a0 = `/api/tenants/${a.a0}`;
    return a;
  };
  const builtFast = cellMetrics(fastRuntime, 'bench.built', 3);
  const builtRaw = rawMeter.createCounter('raw.built.requests.total');
  const builtCell = { group: builtGroup, instrument: 'counter', attributes: 3 } as const;
  cases.push(
    { ...builtCell, library: LIBRARY.fast, name: LIBRARY.fast, op: (i) => builtFast.requests.add(1, built(i)) },
    { ...builtCell, library: LIBRARY.raw, name: 'raw SDK counter.add', op: (i) => builtRaw.add(1, built(i)) },
  );
  for (const { peer, registry } of peerRegistries) {
    const library = peer === peers.promClient ? LIBRARY.promClient : LIBRARY.successor;
    const c = new peer.client.Counter({ name: 'built_requests_total', help: 'Requests', labelNames: ATTRIBUTE_NAMES.slice(0, 3), registers: [registry] });
    cases.push({ ...builtCell, library, name: library, op: (i) => c.inc(built(i) as Record<string, string>, 1) });
  }

  const disabled = cellMetrics({ meterProvider: NOOP_METER_PROVIDER }, 'bench.disabled', 3);
  const noopCounter = createNoopMeter().createCounter('noop.requests.total');
  const executionFast = new ExecutionMetrics(fastRuntime);
  const executionSdk = new ExecutionMetrics(sdkRuntime);
  const executionDisabled = new ExecutionMetrics();
  cases.push(
    { group: 'disabled', library: 'disabled', name: 'raw API no-op counter.add', op: (i) => noopCounter.add(1, attrs24(i)) },
    { group: 'disabled', library: 'disabled', name: 'domain counter, disabled', op: (i) => disabled.requests.add(1, attrs24(i)) },
    { group: 'disabled', library: 'disabled', name: 'domain histogram, disabled', op: (i) => disabled.latency.record(latencyOf(i), attrs24(i)) },
    { group: 'disabled', library: 'disabled', name: 'recordExecution, disabled', op: (i) => executionDisabled.recordExecution({ status: 'completed', langAndVersion: ROUTES[i & 3]!, durationSeconds: latencyOf(i) }) },
    { group: 'domain method', library: LIBRARY.fast, name: 'recordExecution (fast path)', op: (i) => executionFast.recordExecution({ status: 'completed', langAndVersion: ROUTES[i & 3]!, durationSeconds: latencyOf(i), memoryMiB: 64 }) },
    { group: 'domain method', library: LIBRARY.fallback, name: 'recordExecution (SDK fallback)', op: (i) => executionSdk.recordExecution({ status: 'completed', langAndVersion: ROUTES[i & 3]!, durationSeconds: latencyOf(i), memoryMiB: 64 }) },
  );

  // Every case runs once before any is measured: the domain classes share their recording code,
  // and in a service many instances use it, so no case gets the one-instance best case that a
  // case measured first alone would see. One collection afterwards opens every series' interval,
  // so the measured rounds see the steady state of a running service.
  for (const { op } of cases) for (let i = 0; i < PRE_RUN_RECORDS; i++) op(i);
  await fastRuntime.forceFlush();
  await userReader.collect();

  const results: RecordingResult[] = [];
  for (const c of cases) {
    const { nsPerOp } = measure(c.op, RECORDING_ROUNDS);
    results.push({
      group: c.group,
      instrument: c.instrument,
      attributes: c.attributes,
      sets: c.sets,
      pastLimit: (c.sets ?? 0) > DEFAULT_CARDINALITY_LIMIT,
      library: c.library,
      name: c.name,
      nsPerOp,
    });
  }
  if (plain.value < 0) console.log(plain.value);
  await userProvider.shutdown();
  return { results, runtimes: [fastRuntime, withoutReadout, sdkRuntime] };
}
