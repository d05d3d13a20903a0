// Cliffs under churn and past the limit, for a counter with 3 attributes: the cost of a series seen
// before, at 24 sets and again after the metric saw 100 000 distinct sets; the cost of one new
// set once 4 010 and 8 010 distinct sets were seen (against a new set while few were); and the
// cost past the cardinality limit, every record a set never seen before (short ids, and 32-character
// ids as request or trace ids are, which take longer to look at). The runtime's path is
// measured twice: with warnings silent, as every other case, and with them on, as by default.
import { randomBytes } from 'node:crypto';
import type { Counter as SdkCounter } from '@opentelemetry/api';
import type { MetricsRuntime } from '../src/index.js';
import { ATTRIBUTE_NAMES, attributeSource } from './attributeSets.js';
import { benchRuntime, cellMetrics } from './fixtures.js';
import { measure } from './harness.js';
import { httpGet } from './httpGet.js';
import type { Peer, Peers } from './peers.js';
import { median } from './probes.js';
import { LIBRARY } from './recording.bench.js';

export const CHURN_SETS = 100_000;
/** Distinct sets seen before one more new set is timed; "before" is this many within the first few. */
export const NEW_SET_AFTER = [4_010, 8_010] as const;
/** New sets timed together, and how many such batches (the median is reported). */
const BATCH = 200;
const BATCHES = 5;
/** Short rounds past the limit: a peer without a limit keeps every new set as a series. */
const PAST_LIMIT_ROUNDS = { rounds: 5, minMillis: 20 } as const;
/** Sets never seen before, prepared up front so the measured loop does not pay for building strings. */
const FRESH_COUNT = 1 << 19;

export interface ChurnResult {
  readonly library: string;
  /** ns/op of a series seen before, 24 sets, before any churn. */
  readonly before: number;
  /** ns per new set while few sets were seen (the first ~1 000, under the limit). */
  readonly newSetBefore: number;
  /** ns per new set once NEW_SET_AFTER[i] distinct sets were seen. */
  readonly newSetAfter: readonly number[];
  /** ns/op of a series seen before, after CHURN_SETS distinct sets with collections in between. */
  readonly after: number;
  /** ns/op when every record is a set never seen before, past the limit. */
  readonly pastLimit: number;
  /**
   * The same with a 32-character hex id as the new value, a flat string as parsed from a request.
   * (crypto.randomUUID() builds its result by concatenation: a tree of strings that every library
   * has to walk to hash, and a pool of half a million of them is a 300 MB heap of its own.)
   */
  readonly pastLimitLongId: number;
}

interface Subject {
  readonly library: string;
  /** One of 24 sets of 3 attributes, seen before. */
  readonly steady: (i: number) => void;
  /** A set whose first attribute is `value` (a new one each time it is called with a new value). */
  readonly record: (value: string) => void;
  /** A collection, as a scrape makes one. */
  readonly collect: () => Promise<void>;
  readonly close: () => Promise<void>;
}

function runtimeSubject(library: string, runtime: MetricsRuntime, steadyAdd: (attrs: Record<string, string | undefined>) => void): Subject {
  const steadyAttrs = attributeSource(3, 24);
  return {
    library,
    steady: (i) => steadyAdd(steadyAttrs(i)),
    record: (value) => steadyAdd({ a0: value, a1: 'v1', a2: 'v0' }),
    collect: async () => void (await httpGet(runtime.prometheusUrl!, { prometheus: true })),
    close: () => runtime.shutdown(),
  };
}

async function subjects(peers: Peers, name: string): Promise<Subject[]> {
  const fastRuntime = await benchRuntime(true);
  const fast = cellMetrics(fastRuntime, `churn.${name}`, 3);
  // The other runtimes keep their warnings silent; this one takes the rate-limited path that the
  // default (console) takes, through the OpenTelemetry diag logger, which has no logger set here.
  const warningsRuntime = await benchRuntime(true, undefined, { diagnostics: 'diag' });
  const withWarnings = cellMetrics(warningsRuntime, `churn.${name}.warnings`, 3);
  const sdkRuntime = await benchRuntime(false);
  const raw: SdkCounter = sdkRuntime.meterProvider.getMeter('raw-sdk').createCounter(`raw.churn.${name}.total`);
  const list = [
    runtimeSubject(LIBRARY.fast, fastRuntime, (attrs) => fast.requests.add(1, attrs)),
    runtimeSubject(LIBRARY.fastWithWarnings, warningsRuntime, (attrs) => withWarnings.requests.add(1, attrs)),
    runtimeSubject(LIBRARY.raw, sdkRuntime, (attrs) => raw.add(1, attrs)),
  ];
  const peerSubject = (peer: Peer, library: string): Subject => {
    const registry = new peer.client.Registry();
    const c = new peer.client.Counter({ name: `churn_${name}_total`, help: 'Requests', labelNames: ATTRIBUTE_NAMES.slice(0, 3), registers: [registry] });
    const steadyLabels = attributeSource(3, 24) as (i: number) => Record<string, string>;
    return {
      library,
      steady: (i) => c.inc(steadyLabels(i), 1),
      record: (value) => c.inc({ a0: value, a1: 'v1', a2: 'v0' }, 1),
      collect: async () => void (await registry.metrics()),
      close: async () => registry.clear(),
    };
  };
  list.push(peerSubject(peers.promClient, LIBRARY.promClient));
  if (peers.successor !== undefined) list.push(peerSubject(peers.successor, LIBRARY.successor));
  return list;
}

/** Median ns per record over BATCHES batches of BATCH new sets, each value used once. */
function newSetCost(subject: Subject, values: readonly string[], from: number): { nsPerSet: number; next: number } {
  const batches: number[] = [];
  let next = from;
  for (let b = 0; b < BATCHES; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) subject.record(values[next++]!);
    batches.push(Number(process.hrtime.bigint() - start) / BATCH);
  }
  return { nsPerSet: median(batches), next };
}

async function churnCase(subject: Subject, warmUp: Subject): Promise<ChurnResult> {
  const seenIds = Array.from({ length: CHURN_SETS }, (_, i) => `/churn/${i}`);
  const newIds = Array.from({ length: BATCH * BATCHES * (NEW_SET_AFTER.length + 1) }, (_, i) => `/new/${i}`);
  // The new-set path warmed on another metric of the same library, so "before" is not its first run.
  for (let i = 0; i < 1000; i++) warmUp.record(`/warm/${i}`);
  const before = measure(subject.steady).nsPerOp;
  await subject.collect();
  let seen = 24;
  let nextNew = 0;
  const first = newSetCost(subject, newIds, nextNew);
  nextNew = first.next;
  seen += BATCH * BATCHES;
  let nextSeen = 0;
  const advanceTo = async (target: number) => {
    while (seen < target) {
      subject.record(seenIds[nextSeen++]!);
      seen++;
      if (seen % 10_000 === 0) await subject.collect();
    }
  };
  const newSetAfter: number[] = [];
  for (const target of NEW_SET_AFTER) {
    await advanceTo(target);
    const timed = newSetCost(subject, newIds, nextNew);
    nextNew = timed.next;
    seen += BATCH * BATCHES;
    newSetAfter.push(timed.nsPerSet);
  }
  // Up to CHURN_SETS distinct sets in all (those above included), collected every 10 000.
  await advanceTo(CHURN_SETS);
  await subject.collect();
  const after = measure(subject.steady).nsPerOp;
  const fresh = Array.from({ length: FRESH_COUNT }, (_, i) => `/fresh/${i.toString(36)}`);
  let next = 0;
  const pastLimit = measure(() => subject.record(fresh[next++ & (FRESH_COUNT - 1)]!), PAST_LIMIT_ROUNDS).nsPerOp;
  const longIds = Array.from({ length: FRESH_COUNT }, () => randomBytes(16).toString('hex'));
  next = 0;
  const pastLimitLongId = measure(() => subject.record(longIds[next++ & (FRESH_COUNT - 1)]!), PAST_LIMIT_ROUNDS).nsPerOp;
  return { library: subject.library, before, newSetBefore: first.nsPerSet, newSetAfter, after, pastLimit, pastLimitLongId };
}

export async function runChurnBenchmarks(peers: Peers): Promise<ChurnResult[]> {
  const measured = await subjects(peers, 'measured');
  const warmUps = await subjects(peers, 'warm');
  const results: ChurnResult[] = [];
  for (let i = 0; i < measured.length; i++) {
    results.push(await churnCase(measured[i]!, warmUps[i]!));
    // Each library's state goes before the next is measured, so none pays for another's garbage.
    await measured[i]!.close();
    await warmUps[i]!.close();
  }
  return results;
}
