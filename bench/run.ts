// npm run bench [-- --json]: every case in one process, side by side, as ns/op, ms and bytes with
// ratios to the raw SDK, prom-client and its successor; then the goals, met or MISSED.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { CHURN_SETS, NEW_SET_AFTER, runChurnBenchmarks } from './churn.bench.js';
import { DEFAULT_CARDINALITY_LIMIT } from './fixtures.js';
import { evaluateGoals } from './goals.js';
import { MEMORY_SERIES, runMemoryBenchmarks } from './memory.bench.js';
import { OTLP_CASES, runOtlpBenchmarks } from './otlp.bench.js';
import { GC_SETTLE_MILLIS } from './probes.js';
import { loadPeers, SUCCESSOR_NAME } from './peers.js';
import { LIBRARY, RECORDING_ROUNDS, runRecordingBenchmarks, type RecordingResult } from './recording.bench.js';
import { runScrapeBenchmarks, SCRAPE_CASES } from './scrape.bench.js';

const json = process.argv.includes('--json');
const require = createRequire(import.meta.url);

/** A dependency's version; SDK 3.x does not export its package.json, so walk up from its entry. */
function packageVersion(name: string): string {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    return 'not installed';
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (pkg.name === name) return pkg.version;
    } catch {
      // no package.json here; keep walking up
    }
  }
  return 'unknown';
}

function log(line = ''): void {
  if (!json) console.log(line);
}

const round = (v: number, digits = 2) => Number(v.toFixed(digits));
const ratioText = (base: number | undefined, value: number) => (base === undefined ? '' : `${(base / value).toFixed(1)}×`);
const bytesText = (b: number) => (b >= 10_000_000 ? `${(b / 1e6).toFixed(0)} MB` : b >= 10_000 ? `${(b / 1e3).toFixed(0)} kB` : `${Math.round(b)} B`);

/** ns/op of the same cell on another library, for the ratio columns. */
function peerNs(results: readonly RecordingResult[], row: RecordingResult, library: string): number | undefined {
  if (row.instrument === undefined) return undefined;
  return results.find((c) => c.group === row.group && c.library === library)?.nsPerOp;
}

/** Progress on stderr, so a long run shows where it is and stdout stays the report (or the JSON). */
async function phase<T>(name: string, run: () => Promise<T>): Promise<T> {
  const start = Date.now();
  process.stderr.write(`bench: ${name}…`);
  const result = await run();
  process.stderr.write(` ${((Date.now() - start) / 1000).toFixed(0)} s\n`);
  return result;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const sdkVersion = packageVersion('@opentelemetry/sdk-metrics');
  const peers = await loadPeers(packageVersion);
  const successorCell = peers.successor === undefined ? peers.successorNote : '';
  log(`node ${process.version}, @opentelemetry/sdk-metrics ${sdkVersion}, prom-client ${peers.promClient.version}, ${SUCCESSOR_NAME} ${peers.successorNote}, ${cpus()[0]?.model} × ${cpus().length}`);
  log(`recording: median of ${RECORDING_ROUNDS.rounds} rounds of ≥ ${RECORDING_ROUNDS.minMillis} ms per case, every case run once before any is measured; cardinality limit ${DEFAULT_CARDINALITY_LIMIT}`);
  log(`scrape: ${SCRAPE_CASES.map((c) => `${c.series} ${c.instrument} series × ${c.rounds} rounds`).join(', ')} (each after a forced GC and ${GC_SETTLE_MILLIS} ms for its background work; median ms of the measured rounds; longest stall of all rounds, the first scrape of each fresh endpoint included; bytes allocated = heapUsed growth + bytes freed by GCs in between, server and client)`);
  log(`OTLP: ${OTLP_CASES.map((c) => `${c.series} series × ${c.rounds} rounds`).join(', ')} (longest stall: the first export of each fresh runtime included); memory per series: ${MEMORY_SERIES} series after forced GC`);

  const { results: recording, runtimes } = await phase('recording matrix', () => runRecordingBenchmarks(peers));
  for (const r of runtimes) await r.shutdown();
  const churn = await phase('churn and limit', () => runChurnBenchmarks(peers));
  const scrape = await phase('scrapes', () => runScrapeBenchmarks(peers));
  const otlp = await phase('OTLP exports', () => runOtlpBenchmarks());
  const memory = await phase('memory per series', () => runMemoryBenchmarks(peers));
  const goals = evaluateGoals({ recording, churn, scrape, otlp, memory }, peers);
  const seconds = (Date.now() - startedAt) / 1000;

  if (json) {
    console.log(
      JSON.stringify(
        {
          node: process.version,
          sdkMetrics: sdkVersion,
          promClient: peers.promClient.version,
          successor: peers.successorNote,
          cpu: cpus()[0]?.model,
          cores: cpus().length,
          seconds: round(seconds, 0),
          settings: { recording: RECORDING_ROUNDS, cardinalityLimit: DEFAULT_CARDINALITY_LIMIT, scrape: SCRAPE_CASES, otlp: OTLP_CASES, memorySeries: MEMORY_SERIES, churnSets: CHURN_SETS, newSetAfter: NEW_SET_AFTER },
          recording: recording.map((r) => {
            const raw = peerNs(recording, r, LIBRARY.raw);
            const prom = peerNs(recording, r, LIBRARY.promClient);
            const succ = peerNs(recording, r, LIBRARY.successor);
            return {
              ...r,
              nsPerOp: round(r.nsPerOp),
              vsRawSdk: raw === undefined ? null : round(raw / r.nsPerOp),
              vsPromClient: prom === undefined ? null : round(prom / r.nsPerOp),
              vsSuccessor: succ === undefined ? null : round(succ / r.nsPerOp),
            };
          }),
          churn: churn.map((c) => ({
            ...c,
            afterVsBefore: round(c.after / c.before),
            pastLimitVsBefore: round(c.pastLimit / c.before),
            pastLimitLongIdVsBefore: round(c.pastLimitLongId / c.before),
          })),
          scrape: scrape.map((s) => {
            const prom = scrape.find((p) => p.instrument === s.instrument && p.series === s.series && p.library === LIBRARY.promClient);
            const succ = scrape.find((p) => p.instrument === s.instrument && p.series === s.series && p.library === LIBRARY.successor);
            return { ...s, millis: round(s.millis), stallMillis: round(s.stallMillis), vsPromClient: prom ? round(prom.millis / s.millis) : null, vsSuccessor: succ ? round(succ.millis / s.millis) : null };
          }),
          otlp: otlp.map((o) => ({ ...o, millis: round(o.millis), stallMillis: round(o.stallMillis) })),
          memory: memory.map((m) => ({ ...m, bytesPerSeries: Math.round(m.bytesPerSeries) })),
          goals,
        },
        null,
        2,
      ),
    );
    return;
  }

  log('');
  log(`${'case'.padEnd(40)} ${'ns/op'.padStart(9)} ${'× raw SDK'.padStart(10)} ${'× prom-client'.padStart(14)} ${'× successor'.padStart(12)}`);
  const groups = [...new Set(recording.map((r) => r.group))];
  for (const group of groups) {
    log(`-- ${group}`);
    const rows = recording.filter((r) => r.group === group);
    for (const r of rows) {
      const [raw, prom, succ] = [LIBRARY.raw, LIBRARY.promClient, LIBRARY.successor].map((library) => ratioText(peerNs(recording, r, library), r.nsPerOp));
      const succCell = succ || (r.instrument !== undefined && successorCell !== '' ? 'n/a' : '');
      log(`${r.name.padEnd(40)} ${r.nsPerOp.toFixed(1).padStart(9)} ${raw!.padStart(10)} ${prom!.padStart(14)} ${succCell!.padStart(12)}`);
    }
    if (successorCell !== '' && rows.some((r) => r.library === LIBRARY.promClient)) log(`${LIBRARY.successor.padEnd(40)} ${successorCell}`);
  }

  log('');
  log(`-- counter, 3 attributes, cardinality limit ${DEFAULT_CARDINALITY_LIMIT}: ns/op of a series seen before (24 sets) before and after ${CHURN_SETS} distinct sets;`);
  log(`   ns per new set while few were seen and after ${NEW_SET_AFTER.join(' / ')}; past the limit (every record a set never seen before), with short ids and with 32-character ones`);
  log(`${''.padEnd(24)} ${'before'.padStart(8)} ${'after'.padStart(8)} ${'after/bef'.padStart(10)} ${'new set'.padStart(8)} ${NEW_SET_AFTER.map((n) => `new@${n}`.padStart(9)).join(' ')} ${'past lim'.padStart(9)} ${'past/bef'.padStart(9)} ${'long id'.padStart(8)} ${'long/bef'.padStart(9)}`);
  for (const c of churn) {
    log(
      `${c.library.padEnd(24)} ${c.before.toFixed(1).padStart(8)} ${c.after.toFixed(1).padStart(8)} ${`${(c.after / c.before).toFixed(2)}×`.padStart(10)} ${c.newSetBefore.toFixed(0).padStart(8)} ${c.newSetAfter.map((v) => v.toFixed(0).padStart(9)).join(' ')} ${c.pastLimit.toFixed(1).padStart(9)} ${`${(c.pastLimit / c.before).toFixed(2)}×`.padStart(9)} ${c.pastLimitLongId.toFixed(1).padStart(8)} ${`${(c.pastLimitLongId / c.before).toFixed(2)}×`.padStart(9)}`,
    );
  }
  if (successorCell !== '') log(`${LIBRARY.successor.padEnd(24)} ${successorCell}`);

  log('');
  log(`-- GET /metrics over loopback, 3 attributes: median ms, × prom-client and × successor (their ms / this ms), longest event-loop stall, body bytes, bytes allocated per scrape`);
  for (const { instrument, series } of SCRAPE_CASES) {
    log(`${`${series.toLocaleString('en-US')} ${instrument} series`.padEnd(40)} ${'ms'.padStart(8)} ${'× prom'.padStart(7)} ${'× succ'.padStart(7)} ${'stall ms'.padStart(9)} ${'body'.padStart(9)} ${'allocated'.padStart(10)}`);
    const rows = scrape.filter((s) => s.instrument === instrument && s.series === series);
    const prom = rows.find((s) => s.library === LIBRARY.promClient)?.millis;
    const succ = rows.find((s) => s.library === LIBRARY.successor)?.millis;
    for (const s of rows) {
      const body = `${bytesText(s.bodyBytes)}${s.gzipped ? ' gz' : ''}`;
      log(`  ${s.library.padEnd(38)} ${s.millis.toFixed(1).padStart(8)} ${ratioText(prom, s.millis).padStart(7)} ${(ratioText(succ, s.millis) || 'n/a').padStart(7)} ${s.stallMillis.toFixed(1).padStart(9)} ${body.padStart(9)} ${bytesText(s.allocatedBytes).padStart(10)}`);
    }
    if (successorCell !== '') log(`  ${LIBRARY.successor.padEnd(38)} ${successorCell}`);
  }

  log('');
  log(`-- OTLP/HTTP protobuf export to a loopback receiver (runtime.forceFlush()), counter, 3 attributes: median ms, longest stall, bytes sent (in n requests), bytes allocated`);
  for (const o of otlp) {
    log(`  ${`${o.series.toLocaleString('en-US')} series, ${o.library}`.padEnd(38)} ${o.millis.toFixed(1).padStart(8)} ${o.stallMillis.toFixed(1).padStart(9)} ${`${bytesText(o.requestBytes)} (${o.requestsPerExport})`.padStart(14)} ${bytesText(o.allocatedBytes).padStart(10)}`);
  }

  log('');
  log(`-- memory per active series after forced GC (JS heap + array buffers), 3 attributes, ${MEMORY_SERIES} series`);
  for (const instrument of ['counter', 'histogram'] as const) {
    const rows = memory.filter((m) => m.instrument === instrument);
    const prom = rows.find((m) => m.library === LIBRARY.promClient)!.bytesPerSeries;
    log(`  ${instrument}: ${rows.map((m) => `${m.library} ${Math.round(m.bytesPerSeries)} B${m.library === LIBRARY.promClient ? '' : ` (${(m.bytesPerSeries / prom).toFixed(2)}× prom-client)`}`).join(', ')}${successorCell !== '' ? `, ${LIBRARY.successor} ${successorCell}` : ''}`);
  }

  log('');
  for (const g of goals) log(`${g.status.padEnd(7)} ${g.goal}: ${g.numbers}`);
  log('');
  log(`${seconds.toFixed(0)} s in all`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
