// Memory per active series after forced GC (JS heap and array buffers): 10 000 series of a
// counter and of a histogram with 3 attributes, on the fast path, the raw SDK, prom-client and
// its successor. The baseline is taken with the instrument made, one set recorded and collected,
// so only the series are counted.
import { ATTRIBUTE_NAMES, attributeSource } from './attributeSets.js';
import { benchRuntime, cellMetrics, LATENCY_BUCKETS } from './fixtures.js';
import { memoryUsedAfterGc } from './gc.js';
import { httpGet } from './httpGet.js';
import type { Peer, Peers } from './peers.js';
import { LIBRARY, type Instrument } from './recording.bench.js';

export const MEMORY_SERIES = 10_000;

export interface MemoryResult {
  readonly instrument: Instrument;
  readonly library: string;
  readonly bytesPerSeries: number;
}

interface Holder {
  readonly record: (i: number) => void;
  readonly collect: () => Promise<void>;
  readonly close: () => Promise<void>;
}

async function runtimeHolder(fastPath: boolean, instrument: Instrument, readout = true): Promise<Holder> {
  const runtime = await benchRuntime(fastPath, MEMORY_SERIES + 1, { readout });
  const attrs = attributeSource(3, MEMORY_SERIES);
  let recordOne: (i: number) => void;
  if (fastPath) {
    const m = cellMetrics(runtime, 'memory', 3);
    recordOne = instrument === 'counter' ? (i) => m.requests.add(1, attrs(i)) : (i) => m.latency.record((i % 97) * 0.11, attrs(i));
  } else {
    const meter = runtime.meterProvider.getMeter('raw-sdk');
    const c = meter.createCounter('memory.requests.total');
    const h = meter.createHistogram('memory.latency', { advice: { explicitBucketBoundaries: LATENCY_BUCKETS } });
    recordOne = instrument === 'counter' ? (i) => c.add(1, attrs(i)) : (i) => h.record((i % 97) * 0.11, attrs(i));
  }
  return { record: recordOne, collect: async () => void (await httpGet(runtime.prometheusUrl!, { prometheus: true })), close: () => runtime.shutdown() };
}

function peerHolder(peer: Peer, instrument: Instrument): Holder {
  const registry = new peer.client.Registry();
  const labelNames = ATTRIBUTE_NAMES.slice(0, 3);
  const labels = attributeSource(3, MEMORY_SERIES) as (i: number) => Record<string, string>;
  let record: (i: number) => void;
  if (instrument === 'counter') {
    const c = new peer.client.Counter({ name: 'memory_requests_total', help: 'Requests', labelNames, registers: [registry] });
    record = (i) => c.inc(labels(i), 1);
  } else {
    const h = new peer.client.Histogram({ name: 'memory_latency_seconds', help: 'Latency', labelNames, buckets: LATENCY_BUCKETS, registers: [registry] });
    record = (i) => h.observe(labels(i), (i % 97) * 0.11);
  }
  return { record, collect: async () => void (await registry.metrics()), close: async () => registry.clear() };
}

/** Lets sockets, timers and finalisers of what was closed before run out, then collects. */
async function settledMemoryUsed(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  return memoryUsedAfterGc();
}

async function bytesPerSeries(make: () => Promise<Holder>): Promise<number> {
  const holder = await make();
  holder.record(0);
  await holder.collect();
  const before = await settledMemoryUsed();
  for (let round = 0; round < 2; round++) for (let i = 0; i < MEMORY_SERIES; i++) holder.record(i);
  await holder.collect();
  const after = await settledMemoryUsed();
  await holder.close();
  return (after - before) / MEMORY_SERIES;
}

export async function runMemoryBenchmarks(peers: Peers): Promise<MemoryResult[]> {
  const results: MemoryResult[] = [];
  for (const instrument of ['counter', 'histogram'] as const) {
    const makers: [string, () => Promise<Holder>][] = [
      [LIBRARY.fast, () => runtimeHolder(true, instrument)],
      [`${LIBRARY.fast}, read-out off`, () => runtimeHolder(true, instrument, false)],
      [LIBRARY.raw, () => runtimeHolder(false, instrument)],
      [LIBRARY.promClient, async () => peerHolder(peers.promClient, instrument)],
    ];
    const successor = peers.successor;
    if (successor !== undefined) makers.push([LIBRARY.successor, async () => peerHolder(successor, instrument)]);
    for (const [library, make] of makers) results.push({ instrument, library, bytesPerSeries: await bytesPerSeries(make) });
  }
  return results;
}
