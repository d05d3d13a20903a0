// OTLP export at scale: a runtime pushing OTLP/HTTP (protobuf) to a loopback receiver, 1 000,
// 10 000 and 100 000 counter series with 3 attributes, on the fast path and on the plain SDK path;
// per export the wall time of `forceFlush()`, the longest event-loop stall and the bytes allocated.
import { startMetrics } from '../src/index.js';
import { attributeSource } from './attributeSets.js';
import { cellMetrics, SCOPE_LABELS_OPTION } from './fixtures.js';
import { startOtlpSink } from './otlpSink.js';
import { median, probe } from './probes.js';
import { LIBRARY } from './recording.bench.js';
import { SDK_PATH } from './scrape.bench.js';

export const OTLP_CASES = [
  { series: 1_000, warmUp: 1, rounds: 7 },
  { series: 10_000, warmUp: 1, rounds: 5 },
  { series: 100_000, warmUp: 1, rounds: 3 },
] as const;

export interface OtlpResult {
  readonly series: number;
  readonly library: string;
  readonly rounds: number;
  readonly millis: number;
  readonly stallMillis: number;
  /** Bytes of one export as sent (protobuf, uncompressed), over all its requests. */
  readonly requestBytes: number;
  /** Requests one export is sent in (parts of at most 2000 data points, the first of 500, sized by what the one before cost). */
  readonly requestsPerExport: number;
  readonly allocatedBytes: number;
}

export async function runOtlpBenchmarks(): Promise<OtlpResult[]> {
  const sink = await startOtlpSink();
  const results: OtlpResult[] = [];
  try {
    for (const { series, warmUp, rounds } of OTLP_CASES) {
      for (const [library, fastPath] of [[LIBRARY.fast, true], [SDK_PATH, false]] as const) {
        const runtime = await startMetrics({
          ...SCOPE_LABELS_OPTION,
          env: {
            OTEL_METRICS_EXPORTER: 'otlp',
            OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: sink.url,
            // Only the measured flushes export.
            OTEL_METRIC_EXPORT_INTERVAL: '3600000',
            METRICS_DIAGNOSTICS: 'silent',
          },
          cardinalityLimit: series + 1,
          fastPath,
          runtimeMetrics: false,
        });
        const m = cellMetrics(runtime, 'otlp', 3);
        const attrs = attributeSource(3, series);
        for (let i = 0; i < series * 3; i++) m.requests.add(1, attrs(i));
        const millis: number[] = [];
        const allocated: number[] = [];
        let stall = 0;
        let requestBytes = 0;
        let requestsPerExport = 0;
        for (let round = -warmUp; round < rounds; round++) {
          const before = { ...sink.received };
          const probed = await probe(() => runtime.forceFlush());
          if (sink.received.requests === before.requests) throw new Error(`${library}: forceFlush() sent no export request`);
          // The first export of a fresh runtime counts for the longest stall, only not for the timings.
          stall = Math.max(stall, probed.stallMillis);
          if (round < 0) continue;
          millis.push(probed.millis);
          allocated.push(probed.allocatedBytes);
          requestBytes = sink.received.bytes - before.bytes;
          requestsPerExport = sink.received.requests - before.requests;
        }
        if (requestBytes < series * 10) throw new Error(`${library}: an export of ${series} series was only ${requestBytes} bytes`);
        await runtime.shutdown();
        results.push({ series, library, rounds, millis: median(millis), stallMillis: stall, requestBytes, requestsPerExport, allocatedBytes: median(allocated) });
      }
    }
  } finally {
    await sink.close();
  }
  return results;
}
