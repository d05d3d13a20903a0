// npm run bench [-- --json]: every case in one process, side by side, as ns/op and ratios.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { CHURN_SETS, runChurnBenchmarks } from './churn.bench.js';
import { runCollectionBenchmark, SERIES } from './collection.bench.js';
import { runRecordingBenchmarks, type RecordingResult } from './recording.bench.js';

const json = process.argv.includes('--json');
const require = createRequire(import.meta.url);

/** A dependency's version; SDK 3.x does not export its package.json, so walk up from its entry. */
function packageVersion(name: string): string {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (pkg.name === name) return pkg.version;
    } catch {
      // no package.json here; keep walking up
    }
  }
  return 'unknown';
}

const sdkVersion = packageVersion('@opentelemetry/sdk-metrics');
const promVersion = packageVersion('prom-client');

function log(line = ''): void {
  if (!json) console.log(line);
}

const ns = (results: RecordingResult[], name: string) => results.find((r) => r.name === name)!.nsPerOp;

async function main(): Promise<void> {
  log(`node ${process.version}, @opentelemetry/sdk-metrics ${sdkVersion}, prom-client ${promVersion}, ${cpus()[0]?.model} × ${cpus().length}`);
  const { results, runtimes } = await runRecordingBenchmarks();
  for (const r of runtimes) await r.shutdown();

  const ratios = {
    counterVsRawSdk: ns(results, 'raw SDK counter.add') / ns(results, 'domain counter (fast path)'),
    counterVsPromClient: ns(results, 'prom-client counter.inc') / ns(results, 'domain counter (fast path)'),
    histogramVsRawSdk: ns(results, 'raw SDK histogram.record') / ns(results, 'domain histogram (fast path)'),
    histogramVsPromClient: ns(results, 'prom-client histogram.observe') / ns(results, 'domain histogram (fast path)'),
    bridgeVsRuntimeCounter: ns(results, 'domain counter (your SDK, bridge)') / ns(results, 'domain counter (fast path)'),
    bridgeVsRuntimeHistogram: ns(results, 'domain histogram (your SDK, bridge)') / ns(results, 'domain histogram (fast path)'),
    recordExecutionFastVsFallback: ns(results, 'recordExecution (SDK fallback)') / ns(results, 'recordExecution (fast path)'),
  };

  const { sdkPath: sdk, fastPath: fast } = await runCollectionBenchmark();
  const churn = await runChurnBenchmarks();
  const fastChurn = churn.find((c) => c.path === 'fast path')!;

  const disabledWorst = Math.max(ns(results, 'domain counter, disabled'), ns(results, 'domain histogram, disabled'));
  const goals = [
    { goal: 'domain counter ≤ 50 ns/op', met: ns(results, 'domain counter (fast path)') <= 50 },
    { goal: 'domain counter ≥ 15× faster than raw SDK', met: ratios.counterVsRawSdk >= 15 },
    { goal: 'domain histogram ≤ 80 ns/op', met: ns(results, 'domain histogram (fast path)') <= 80 },
    { goal: 'domain histogram ≥ 10× faster than raw SDK', met: ratios.histogramVsRawSdk >= 10 },
    { goal: 'disabled record ≤ 10 ns/op', met: disabledWorst <= 10 },
    { goal: 'domain classes on your own SDK (bridge) within 1.5× of the runtime path', met: Math.max(ratios.bridgeVsRuntimeCounter, ratios.bridgeVsRuntimeHistogram) <= 1.5 },
    { goal: 'domain API beats prom-client (counter and histogram)', met: ratios.counterVsPromClient > 1 && ratios.histogramVsPromClient > 1 },
    { goal: `scrape of ${SERIES} series no slower than the raw SDK path`, met: fast.scrapeMillis <= sdk.scrapeMillis * 1.05 },
    { goal: `counter after ${CHURN_SETS} distinct sets within 1.5× of before (fast path)`, met: fastChurn.after <= fastChurn.before * 1.5 },
  ];

  if (json) {
    console.log(
      JSON.stringify(
        {
          node: process.version,
          sdkMetrics: sdkVersion,
          promClient: promVersion,
          cpu: cpus()[0]?.model,
          cores: cpus().length,
          cases: results.map((r) => ({ ...r, nsPerOp: Number(r.nsPerOp.toFixed(2)) })),
          ratios: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, Number(v.toFixed(2))])),
          collection: { series: SERIES, sdkPath: sdk, fastPath: fast },
          churn: churn.map((c) => ({ ...c, afterVsBefore: Number((c.after / c.before).toFixed(2)), pastLimitVsBefore: Number((c.pastLimit / c.before).toFixed(2)) })),
          goals,
        },
        null,
        2,
      ),
    );
    return;
  }

  let group = '';
  log('');
  log(`${'case'.padEnd(34)} ${'ns/op'.padStart(9)} ${'× raw SDK'.padStart(10)} ${'× prom-client'.padStart(14)}`);
  for (const r of results) {
    if (r.group !== group) {
      group = r.group;
      log(`-- ${group}`);
    }
    const raw = r.group.startsWith('histogram') ? ns(results, 'raw SDK histogram.record') : r.group.startsWith('counter') ? ns(results, 'raw SDK counter.add') : undefined;
    const prom = r.group.startsWith('histogram') ? ns(results, 'prom-client histogram.observe') : r.group.startsWith('counter') ? ns(results, 'prom-client counter.inc') : undefined;
    const fmt = (base: number | undefined) => (base === undefined ? '' : `${(base / r.nsPerOp).toFixed(1)}×`);
    log(`${r.name.padEnd(34)} ${r.nsPerOp.toFixed(1).padStart(9)} ${fmt(raw).padStart(10)} ${fmt(prom).padStart(14)}`);
  }
  log('');
  log(`-- scrape of ${SERIES} counter series (collect + Prometheus text + HTTP), median ms; heap per active series`);
  log(`${'raw SDK path'.padEnd(34)} ${sdk.scrapeMillis.toFixed(1).padStart(9)} ms ${Math.round(sdk.bytesPerSeries).toString().padStart(7)} B/series`);
  log(`${'fast path'.padEnd(34)} ${fast.scrapeMillis.toFixed(1).padStart(9)} ms ${Math.round(fast.bytesPerSeries).toString().padStart(7)} B/series`);
  log('');
  log(`-- counter, 3 attributes: 24 sets before and after ${CHURN_SETS} distinct sets, and past the limit (every record a new set), ns/op`);
  log(`${''.padEnd(14)} ${'before'.padStart(8)} ${'after'.padStart(8)} ${'after/before'.padStart(13)} ${'past limit'.padStart(11)} ${'past/before'.padStart(12)}`);
  for (const c of churn) {
    log(`${c.path.padEnd(14)} ${c.before.toFixed(1).padStart(8)} ${c.after.toFixed(1).padStart(8)} ${`${(c.after / c.before).toFixed(2)}×`.padStart(13)} ${c.pastLimit.toFixed(1).padStart(11)} ${`${(c.pastLimit / c.before).toFixed(2)}×`.padStart(12)}`);
  }
  log('');
  for (const g of goals) log(`${g.met ? 'met    ' : 'MISSED '} ${g.goal}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
