// Scrapes at scale: `GET /metrics` over loopback HTTP for 1 000, 10 000 and 100 000 counter series
// and 10 000 histogram series (3 attributes), on the fast path, on the plain SDK path (both asked
// with Prometheus's scrape headers, as a Prometheus server asks), and from prom-client and its
// successor behind a plain node:http server. Per scrape: wall time, the longest
// event-loop stall, the bytes of the body and the bytes allocated. The libraries' scrapes alternate
// within each round, so that warm-up and background noise fall on all alike.
import type { MetricsRuntime } from '../src/index.js';
import { ATTRIBUTE_NAMES, attributeSource } from './attributeSets.js';
import { benchRuntime, cellMetrics, LATENCY_BUCKETS } from './fixtures.js';
import { httpGet } from './httpGet.js';
import type { Peer, Peers } from './peers.js';
import { median, probe } from './probes.js';
import { serveRegistry } from './promServer.js';
import { LIBRARY, type Instrument } from './recording.bench.js';

export const SCRAPE_CASES = [
  { instrument: 'counter', series: 1_000, warmUp: 2, rounds: 9 },
  { instrument: 'counter', series: 10_000, warmUp: 2, rounds: 9 },
  { instrument: 'counter', series: 100_000, warmUp: 1, rounds: 4 },
  { instrument: 'histogram', series: 10_000, warmUp: 1, rounds: 5 },
] as const satisfies readonly { instrument: Instrument; series: number; warmUp: number; rounds: number }[];

/** The fast path scraped as Prometheus does it, asking for gzip; the same as identity until the endpoint compresses. */
export const FAST_GZIP = `${LIBRARY.fast}, Accept-Encoding: gzip`;
export const SDK_PATH = 'SDK path (fastPath: false)';

export interface ScrapeResult {
  readonly instrument: Instrument;
  readonly series: number;
  readonly library: string;
  readonly rounds: number;
  /** Median wall time of one scrape, ms. */
  readonly millis: number;
  /** The longest event-loop stall seen in any round, the first (warm-up) scrape of a fresh endpoint included, ms. */
  readonly stallMillis: number;
  /** Bytes on the wire. */
  readonly bodyBytes: number;
  readonly gzipped: boolean;
  /** Median heap bytes allocated per scrape, server and client side together. */
  readonly allocatedBytes: number;
}

interface Target {
  readonly library: string;
  readonly url: string;
  readonly gzip: boolean;
  /**
   * Sends Prometheus's scrape headers. The library's endpoint keeps per-scraper state for such a
   * scraper (new series shown at 0 once), which is part of what a scrape costs it; the Prometheus
   * clients take no notice of them.
   */
  readonly prometheus: boolean;
  readonly close: () => Promise<void>;
}

const familyOf = (instrument: Instrument) => (instrument === 'counter' ? 'scrape_requests_total{' : 'scrape_latency_count{');

async function runtimeTarget(library: string, fastPath: boolean, instrument: Instrument, series: number): Promise<Target> {
  const runtime: MetricsRuntime = await benchRuntime(fastPath, series + 1);
  const m = cellMetrics(runtime, 'scrape', 3);
  const attrs = attributeSource(3, series);
  for (let i = 0; i < series * 3; i++) {
    if (instrument === 'counter') m.requests.add(1, attrs(i));
    else m.latency.record((i % 97) * 0.11, attrs(i));
  }
  return { library, url: runtime.prometheusUrl!, gzip: false, prometheus: true, close: () => runtime.shutdown() };
}

async function peerTarget(peer: Peer, library: string, instrument: Instrument, series: number): Promise<Target> {
  const registry = new peer.client.Registry();
  const labelNames = ATTRIBUTE_NAMES.slice(0, 3);
  const labels = attributeSource(3, series) as (i: number) => Record<string, string>;
  if (instrument === 'counter') {
    const c = new peer.client.Counter({ name: 'scrape_requests_total', help: 'Requests', labelNames, registers: [registry] });
    for (let i = 0; i < series * 3; i++) c.inc(labels(i), 1);
  } else {
    const h = new peer.client.Histogram({ name: 'scrape_latency', help: 'Latency', labelNames, buckets: LATENCY_BUCKETS, registers: [registry] });
    for (let i = 0; i < series * 3; i++) h.observe(labels(i), (i % 97) * 0.11);
  }
  const server = await serveRegistry(registry);
  return { library, url: server.url, gzip: false, prometheus: false, close: () => server.close() };
}

/** Every target of one case holds `series` series; checked on the first scrape, which also warms it. */
async function targets(peers: Peers, instrument: Instrument, series: number): Promise<Target[]> {
  const fast = await runtimeTarget(LIBRARY.fast, true, instrument, series);
  const list: Target[] = [
    fast,
    { ...fast, library: FAST_GZIP, gzip: true, close: async () => undefined },
    await runtimeTarget(SDK_PATH, false, instrument, series),
    await peerTarget(peers.promClient, LIBRARY.promClient, instrument, series),
  ];
  if (peers.successor !== undefined) list.push(await peerTarget(peers.successor, LIBRARY.successor, instrument, series));
  for (const t of list) {
    const body = (await httpGet(t.url, { gzip: t.gzip, prometheus: t.prometheus })).text();
    const found = body.split('\n').filter((line) => line.startsWith(familyOf(instrument))).length;
    if (found !== series) throw new Error(`${t.library}: expected ${series} ${instrument} series in the scrape, found ${found}`);
  }
  return list;
}

export async function runScrapeBenchmarks(peers: Peers): Promise<ScrapeResult[]> {
  const results: ScrapeResult[] = [];
  for (const { instrument, series, warmUp, rounds } of SCRAPE_CASES) {
    const list = await targets(peers, instrument, series);
    const samples = new Map(list.map((t) => [t.library, { millis: [] as number[], stall: 0, allocated: [] as number[], bytes: 0, gzipped: false }]));
    for (let round = -warmUp; round < rounds; round++) {
      for (const t of list) {
        const probed = await probe(() => httpGet(t.url, { gzip: t.gzip, prometheus: t.prometheus }));
        const s = samples.get(t.library)!;
        // The first scrape of a fresh endpoint stalls too (its series are all new, its code cold):
        // it counts for the longest stall, only not for the timings.
        s.stall = Math.max(s.stall, probed.stallMillis);
        if (round < 0) continue;
        s.millis.push(probed.millis);
        s.allocated.push(probed.allocatedBytes);
        s.bytes = probed.value.bytes;
        s.gzipped = probed.value.gzipped;
      }
    }
    for (const t of list) {
      const s = samples.get(t.library)!;
      results.push({ instrument, series, library: t.library, rounds, millis: median(s.millis), stallMillis: s.stall, bodyBytes: s.bytes, gzipped: s.gzipped, allocatedBytes: median(s.allocated) });
      await t.close();
    }
  }
  return results;
}
