// The goals the bench checks, each as a met/MISSED line with the numbers it was judged on: the
// recording goals held since the first release, and those of "Performance without cliffs".
import type { ChurnResult } from './churn.bench.js';
import type { MemoryResult } from './memory.bench.js';
import type { OtlpResult } from './otlp.bench.js';
import type { Peers } from './peers.js';
import { LIBRARY, type Instrument, type RecordingResult } from './recording.bench.js';
import { FAST_GZIP, SDK_PATH, type ScrapeResult } from './scrape.bench.js';

export type GoalStatus = 'met' | 'MISSED' | 'n/a';

export interface Goal {
  readonly goal: string;
  readonly status: GoalStatus;
  /** The figures it was judged on, as printed. */
  readonly numbers: string;
}

export interface AllResults {
  readonly recording: readonly RecordingResult[];
  readonly churn: readonly ChurnResult[];
  readonly scrape: readonly ScrapeResult[];
  readonly otlp: readonly OtlpResult[];
  readonly memory: readonly MemoryResult[];
}

export const STALL_GOAL_MILLIS = 20;

const x = (v: number) => `${v.toFixed(1)}×`;
const nsText = (v: number) => `${v.toFixed(1)} ns`;
const status = (met: boolean): GoalStatus => (met ? 'met' : 'MISSED');

export function evaluateGoals(r: AllResults, peers: Peers): Goal[] {
  const cellNs = (instrument: Instrument, attributes: number, sets: number, library: string): number => {
    const found = r.recording.find((c) => c.instrument === instrument && c.attributes === attributes && c.sets === sets && c.library === library);
    if (found === undefined) throw new Error(`no recording case ${instrument}/${attributes}/${sets}/${library}`);
    return found.nsPerOp;
  };
  const named = (name: string) => r.recording.find((c) => c.name === name)!.nsPerOp;
  const at24 = (instrument: Instrument, library: string) => cellNs(instrument, 3, 24, library);
  const churnOf = (library: string) => r.churn.find((c) => c.library === library);
  const scrapeOf = (instrument: Instrument, series: number, library: string) => r.scrape.find((s) => s.instrument === instrument && s.series === series && s.library === library);
  const memoryOf = (instrument: Instrument, library: string) => r.memory.find((m) => m.instrument === instrument && m.library === library)!.bytesPerSeries;
  const successor = peers.successor !== undefined;
  const goals: Goal[] = [];
  const add = (goal: string, met: boolean, numbers: string) => goals.push({ goal, status: status(met), numbers });
  const notApplicable = (goal: string) => goals.push({ goal, status: 'n/a', numbers: `${LIBRARY.successor} ${peers.successorNote}` });

  // Held since the first release (3 attributes, 24 sets).
  const counterFast = at24('counter', LIBRARY.fast);
  const histogramFast = at24('histogram', LIBRARY.fast);
  add('domain counter ≤ 50 ns/op (3 attributes, 24 sets)', counterFast <= 50, nsText(counterFast));
  add('domain histogram ≤ 80 ns/op (3 attributes, 24 sets)', histogramFast <= 80, nsText(histogramFast));
  const counterRaw = at24('counter', LIBRARY.raw);
  const histogramRaw = at24('histogram', LIBRARY.raw);
  add('domain counter ≥ 15× faster than the raw SDK (3 attributes, 24 sets)', counterRaw / counterFast >= 15, x(counterRaw / counterFast));
  add('domain histogram ≥ 10× faster than the raw SDK (3 attributes, 24 sets)', histogramRaw / histogramFast >= 10, x(histogramRaw / histogramFast));
  const counterBridge = at24('counter', LIBRARY.bridge) / counterFast;
  const histogramBridge = at24('histogram', LIBRARY.bridge) / histogramFast;
  add('domain classes on your own SDK (bridge) within 1.5× of the fast path (3 attributes, 24 sets)', Math.max(counterBridge, histogramBridge) <= 1.5, `${counterBridge.toFixed(2)}× / ${histogramBridge.toFixed(2)}×`);
  const counterProm = at24('counter', LIBRARY.promClient);
  const histogramProm = at24('histogram', LIBRARY.promClient);
  add('domain API beats prom-client (counter and histogram, 3 attributes, 24 sets)', counterProm > counterFast && histogramProm > histogramFast, `${x(counterProm / counterFast)} / ${x(histogramProm / histogramFast)}`);
  const disabledWorst = Math.max(named('domain counter, disabled'), named('domain histogram, disabled'), named('recordExecution, disabled'));
  add('disabled record ≤ 10 ns/op', disabledWorst <= 10, `worst ${nsText(disabledWorst)}`);
  const fast10k = scrapeOf('counter', 10_000, LIBRARY.fast)!;
  const sdk10k = scrapeOf('counter', 10_000, SDK_PATH)!;
  add('scrape of 10 000 counter series no slower than the SDK path', fast10k.millis <= sdk10k.millis * 1.05, `${fast10k.millis.toFixed(1)} vs ${sdk10k.millis.toFixed(1)} ms`);

  // 1. Exposition.
  for (const [instrument, series] of [['counter', 10_000], ['counter', 100_000], ['histogram', 10_000]] as const) {
    const fast = scrapeOf(instrument, series, LIBRARY.fast)!;
    const prom = scrapeOf(instrument, series, LIBRARY.promClient)!;
    const what = `${series.toLocaleString('en-US')} ${instrument} series`;
    add(`1. scrape of ${what} ≥ 5× faster than prom-client`, prom.millis / fast.millis >= 5, `${x(prom.millis / fast.millis)} (${fast.millis.toFixed(1)} vs ${prom.millis.toFixed(1)} ms)`);
    const succ = scrapeOf(instrument, series, LIBRARY.successor);
    if (succ === undefined) notApplicable(`1. scrape of ${what} ≥ 2× faster than ${LIBRARY.successor}`);
    else add(`1. scrape of ${what} ≥ 2× faster than ${LIBRARY.successor}`, succ.millis / fast.millis >= 2, `${x(succ.millis / fast.millis)} (${fast.millis.toFixed(1)} vs ${succ.millis.toFixed(1)} ms)`);
  }
  const stalls = [
    ...r.scrape.filter((s) => s.library === LIBRARY.fast || s.library === FAST_GZIP).map((s) => ({ what: `scrape of ${s.series} ${s.instrument} series${s.library === FAST_GZIP ? ' (gzip)' : ''}`, ms: s.stallMillis })),
    ...r.otlp.filter((o) => o.library === LIBRARY.fast).map((o) => ({ what: `OTLP export of ${o.series} series`, ms: o.stallMillis })),
  ];
  const worstStall = stalls.reduce((a, b) => (b.ms > a.ms ? b : a));
  add(`1. longest event-loop stall ≤ ${STALL_GOAL_MILLIS} ms in any scrape or OTLP export (fast path)`, worstStall.ms <= STALL_GOAL_MILLIS, `${worstStall.ms.toFixed(1)} ms (${worstStall.what})`);

  // 2. No cliffs.
  const fastChurn = churnOf(LIBRARY.fast)!;
  add('2. a series seen before, after 100 000 distinct sets, within 1.5× of its cost at 24 sets (fast path)', fastChurn.after <= fastChurn.before * 1.5, `${x(fastChurn.after / fastChurn.before)} (${nsText(fastChurn.after)} vs ${nsText(fastChurn.before)})`);
  add('2. past the cardinality limit ≤ 2× the cost at 24 sets (fast path)', fastChurn.pastLimit <= fastChurn.before * 2, `${x(fastChurn.pastLimit / fastChurn.before)} (${nsText(fastChurn.pastLimit)} vs ${nsText(fastChurn.before)})`);
  const promChurn = churnOf(LIBRARY.promClient)!;
  add('2. past the limit at least as cheap as prom-client with a new set', fastChurn.pastLimit <= promChurn.pastLimit, `${nsText(fastChurn.pastLimit)} vs ${nsText(promChurn.pastLimit)}`);
  add('2. past the cardinality limit with 32-character ids ≤ 2× the cost at 24 sets (fast path)', fastChurn.pastLimitLongId <= fastChurn.before * 2, `${x(fastChurn.pastLimitLongId / fastChurn.before)} (${nsText(fastChurn.pastLimitLongId)} vs ${nsText(fastChurn.before)})`);
  add('2. past the limit with 32-character ids at least as cheap as prom-client', fastChurn.pastLimitLongId <= promChurn.pastLimitLongId, `${nsText(fastChurn.pastLimitLongId)} vs ${nsText(promChurn.pastLimitLongId)}`);
  const past10k = cellNs('counter', 3, 10_000, LIBRARY.fast);
  add('2. counter with 10 000 sets (past the limit) ≤ 2× its cost at 24 sets (fast path)', past10k <= counterFast * 2, `${x(past10k / counterFast)} (${nsText(past10k)} vs ${nsText(counterFast)})`);

  // 3. Memory.
  for (const instrument of ['counter', 'histogram'] as const) {
    const fast = memoryOf(instrument, LIBRARY.fast);
    const prom = memoryOf(instrument, LIBRARY.promClient);
    add(`3. memory per active ${instrument} series ≤ prom-client's`, fast <= prom, `${Math.round(fast)} vs ${Math.round(prom)} B`);
  }

  // 4. Every provider at full speed.
  const bridgeRatios = r.recording
    .filter((c) => c.library === LIBRARY.bridge)
    .map((c) => ({ group: c.group, ratio: c.nsPerOp / cellNs(c.instrument!, c.attributes!, c.sets!, LIBRARY.fast) }));
  const worstBridge = bridgeRatios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  add('4. domain classes on your own SDK (bridge) within 1.5× of the fast path, every case', worstBridge.ratio <= 1.5, `worst ${worstBridge.ratio.toFixed(2)}× (${worstBridge.group})`);

  // 5. Recording.
  const noAttributes = cellNs('counter', 0, 1, LIBRARY.fast);
  const plain = cellNs('counter', 0, 1, LIBRARY.plain);
  add('5. counter without attributes within 3× of a plain field add', noAttributes <= plain * 3, `${x(noAttributes / plain)} (${nsText(noAttributes)} vs ${nsText(plain)})`);
  for (const instrument of ['counter', 'histogram'] as const) {
    const fast = at24(instrument, LIBRARY.fast);
    const raw = at24(instrument, LIBRARY.raw);
    const prom = at24(instrument, LIBRARY.promClient);
    add(`5. ${instrument}, 3 attributes, 24 sets: ≥ 20× the raw SDK`, raw / fast >= 20, `${x(raw / fast)} (${nsText(fast)} vs ${nsText(raw)})`);
    add(`5. ${instrument}, 3 attributes, 24 sets: ≥ 5× prom-client`, prom / fast >= 5, `${x(prom / fast)} (${nsText(fast)} vs ${nsText(prom)})`);
  }
  if (!successor) {
    notApplicable(`5. fast path at least as fast as ${LIBRARY.successor} (3 attributes, 24 sets; past the limit)`);
  } else {
    for (const instrument of ['counter', 'histogram'] as const) {
      const fast = at24(instrument, LIBRARY.fast);
      const succ = at24(instrument, LIBRARY.successor);
      add(`5. ${instrument}, 3 attributes, 24 sets: at least as fast as ${LIBRARY.successor}`, fast <= succ, `${x(succ / fast)} (${nsText(fast)} vs ${nsText(succ)})`);
    }
    const succChurn = churnOf(LIBRARY.successor)!;
    add(`5. past the limit at least as cheap as ${LIBRARY.successor} with a new set`, fastChurn.pastLimit <= succChurn.pastLimit, `${nsText(fastChurn.pastLimit)} vs ${nsText(succChurn.pastLimit)}`);
  }
  return goals;
}
