// Metrics for code that has no domain class: timings, counters and gauges created by name on first
// use, exported like any domain metric and readable in-process. Every instance on one provider
// shares the names, so a name means one metric (one kind, one set of tag keys) across the service.
import type { MeterProvider } from '@opentelemetry/api';
import { BaseMetrics, type BaseMetricsOptions } from '../core/BaseMetrics.js';
import type { DomainCounter, DomainGauge, DomainHistogram, DomainUpDownCounter } from '../core/instruments.js';
import { MetricDiagnostics } from '../core/MetricDiagnostics.js';
import { counter, gauge, histogram, upDownCounter, type AttributesOf, type CounterSpec, type GaugeSpec, type HistogramSpec, type MetricSpec, type UpDownCounterSpec } from '../core/MetricSpec.js';
import { providerSettings } from '../core/providerSettings.js';
import type { Readout } from './Readout.js';
import type { DistributionSummary, SnapshotAttributes } from './snapshotTypes.js';

/** Tag values as a domain attribute takes them; the keys are fixed by a name's first use. */
export type Tags = Readonly<Record<string, string | number | boolean>>;

/** A running timer from `timer()`: `stop()` records once; `using` stops it at the end of the block. */
export interface TimerHandle {
  /** Records the seconds elapsed since the timer started (the first call only) and returns them. */
  stop(): number;
  [Symbol.dispose](): void;
}

/** A timing as `getTiming` reads it: every value since the series started (or the last reset), and the recent window. */
export interface TimingReading {
  readonly lifetime: DistributionSummary;
  readonly window: DistributionSummary & { readonly ratePerSecond: number };
}

type AdHocKind = 'timing' | 'counter' | 'upDownCounter' | 'gauge';

interface Entry {
  readonly kind: AdHocKind;
  readonly spec: MetricSpec;
  readonly keys: ReadonlySet<string>;
  readonly timing?: DomainHistogram<string>;
  readonly sum?: DomainCounter<string> | DomainUpDownCounter<string>;
  readonly gauge?: DomainGauge<string>;
}

/** Letters, digits, "_" and "."; starts with a letter; at most 200 characters. */
const NAME = /^[A-Za-z][A-Za-z0-9_.]{0,199}$/;
const TAG_KEY = /^[A-Za-z_][A-Za-z0-9_.]{0,99}$/;
const NO_TAGS: Tags = Object.freeze({});

/** The names declared per provider, shared by every AdHocMetrics on it. */
const DECLARED = new WeakMap<object, Map<string, Entry>>();

/**
 * Timings, counters and gauges by name, for code without a domain class:
 *
 * - `timing('checkout', 0.42, { region: 'eu' })` records seconds into the histogram
 *   `checkout.seconds` (Prometheus `checkout_seconds`, the `long` buckets);
 * - `increment('jobs.done')` adds to the counter `jobs.done.total` (`jobs_done_total`);
 *   `decrement` makes (or needs) an up-down counter, exported under the name as given;
 * - `gauge('queue.depth', 12)` sets a current value, exported under the name as given.
 *
 * A name's first use fixes its kind and its tag keys; a later use with another kind or other tag
 * keys is reported (one warning per name and cause) and dropped, never recorded as a second metric.
 * Names and tag keys are checked (letters, digits, "_" and "."); tag values follow the domain
 * classes' attribute policy and cardinality limit. Like every domain class it records nothing
 * without a provider, and never throws.
 */
export class AdHocMetrics {
  /** False when recording through the no-op provider (telemetry switched off). */
  readonly enabled: boolean;
  private readonly declared: Map<string, Entry>;
  private readonly readout: Readout | undefined;
  private readonly problems: MetricDiagnostics;
  /** Per declared name: its conflicts are reported once per name, not once for all names. */
  private readonly conflicts = new Map<string, MetricDiagnostics>();
  private readonly instruments: Instruments;

  constructor(options: BaseMetricsOptions = {}) {
    this.instruments = new Instruments(options);
    this.enabled = this.instruments.enabled;
    const provider = (options as { meterProvider?: unknown } | null)?.meterProvider;
    const holder = typeof provider === 'object' && provider !== null ? provider : DECLARED;
    let declared = DECLARED.get(holder);
    if (declared === undefined) DECLARED.set(holder, (declared = new Map()));
    this.declared = declared;
    this.readout = holder === DECLARED ? undefined : providerSettings(provider as MeterProvider).readout;
    this.problems = new MetricDiagnostics('ad-hoc metrics', this.instruments.sink);
  }

  /** Records a duration in seconds. */
  timing(name: string, seconds: number, tags: Tags = NO_TAGS): void {
    this.entry('timing', name, tags)?.timing?.record(seconds, tags as AttributesOf<string>);
  }

  /** Starts a timer; `stop()` (or leaving a `using` block) records the seconds elapsed. */
  timer(name: string, tags: Tags = NO_TAGS): TimerHandle {
    const start = performance.now();
    let elapsed: number | undefined;
    const stop = () => {
      if (elapsed === undefined) {
        elapsed = (performance.now() - start) / 1000;
        this.timing(name, elapsed, tags);
      }
      return elapsed;
    };
    return { stop, [Symbol.dispose]: () => void stop() };
  }

  /** Runs `work` and records how long it took (until its promise settles, when it returns one), failed or not. */
  time<T>(name: string, work: () => T, tags: Tags = NO_TAGS): T {
    const timer = this.timer(name, tags);
    let result: T;
    try {
      result = work();
    } catch (error) {
      timer.stop();
      throw error;
    }
    if (result instanceof Promise) {
      return result.finally(() => timer.stop()) as T;
    }
    timer.stop();
    return result;
  }

  /** Adds `amount` (default 1) to a counter; to an up-down counter when the name was first used with `decrement`. */
  increment(name: string, amount = 1, tags: Tags = NO_TAGS): void {
    this.entry('counter', name, tags)?.sum?.add(amount, tags as AttributesOf<string>);
  }

  /** Subtracts `amount` (default 1) from an up-down counter; a name first used with `increment` is a counter and refuses it. */
  decrement(name: string, amount = 1, tags: Tags = NO_TAGS): void {
    if (typeof amount !== 'number') {
      this.problems.report('invalid-argument', `decrement("${String(name)}"): amount is ${typeof amount}`);
      return;
    }
    this.entry('upDownCounter', name, tags)?.sum?.add(-amount, tags as AttributesOf<string>);
  }

  /** Sets a gauge's current value. */
  gauge(name: string, value: number, tags: Tags = NO_TAGS): void {
    this.entry('gauge', name, tags)?.gauge?.record(value, tags as AttributesOf<string>);
  }

  /**
   * A timing's lifetime and window read-out for one tag set; undefined when nothing was recorded
   * for it or the provider keeps no read-out (one not from `startMetrics()` or the bridge).
   */
  getTiming(name: string, tags: Tags = NO_TAGS): TimingReading | undefined {
    const found = this.read(name, tags, 'timing');
    return found !== undefined && 'lifetime' in found ? { lifetime: found.lifetime, window: found.window } : undefined;
  }

  /** A counter's total since its series started or since the last reset, for one tag set. */
  getCounter(name: string, tags: Tags = NO_TAGS): number | undefined {
    const found = this.read(name, tags, 'counter');
    return found !== undefined && 'value' in found ? found.value : undefined;
  }

  /** A gauge's current value for one tag set. */
  getGauge(name: string, tags: Tags = NO_TAGS): number | undefined {
    const found = this.read(name, tags, 'gauge');
    return found !== undefined && 'value' in found ? found.value : undefined;
  }

  /**
   * Starts the read-out of every ad-hoc timing and counter on this provider again from zero:
   * `getTiming`, `getCounter`, snapshots and the summary count from now. What is exported is not
   * touched (a Prometheus counter never goes backwards). Gauges keep their current values.
   */
  reset(): void {
    this.readout?.reset(this.names((kind) => kind !== 'gauge'));
  }

  /** `reset()` for counters and up-down counters only. */
  resetCounters(): void {
    this.readout?.reset(this.names((kind) => kind === 'counter' || kind === 'upDownCounter'));
  }

  private names(which: (kind: AdHocKind) => boolean): string[] {
    return [...this.declared.values()].filter((e) => which(e.kind)).map((e) => e.spec.name);
  }

  private read(name: string, tags: Tags, kind: 'timing' | 'counter' | 'gauge') {
    const entry = this.declared.get(name);
    if (entry === undefined || this.readout === undefined) return undefined;
    if (kind === 'counter' ? entry.kind !== 'counter' && entry.kind !== 'upDownCounter' : entry.kind !== kind) return undefined;
    const metric = this.readout.find(entry.spec.name);
    const wanted = normalised(tags);
    for (const series of metric?.series ?? []) if (sameTags(series.attributes, wanted)) return series;
    return undefined;
  }

  /** The metric `name` stands for, declared now if it is new; undefined (reported) when this use conflicts. */
  private entry(kind: AdHocKind, name: string, tags: Tags): Entry | undefined {
    let entry = this.declared.get(name);
    if (entry === undefined) {
      entry = this.declare(kind, name, tags);
      if (entry === undefined) return undefined;
    }
    if (entry.kind !== kind && !(kind === 'counter' && entry.kind === 'upDownCounter')) {
      this.conflict(name, `a ${entry.kind}, used as a ${kind}`);
      return undefined;
    }
    if (!sameKeys(entry.keys, tags)) {
      this.conflict(name, `tag keys [${[...entry.keys].join(', ')}], used with [${tags !== null && typeof tags === 'object' ? Object.keys(tags).join(', ') : typeof tags}]`);
      return undefined;
    }
    return entry;
  }

  private conflict(name: string, detail: string): void {
    let diagnostics = this.conflicts.get(name);
    if (diagnostics === undefined) this.conflicts.set(name, (diagnostics = new MetricDiagnostics(name, this.instruments.sink)));
    diagnostics.report('conflicting-use', detail);
  }

  private declare(kind: AdHocKind, name: string, tags: Tags): Entry | undefined {
    if (typeof name !== 'string' || !NAME.test(name)) {
      this.problems.report('invalid-argument', `name ${JSON.stringify(String(name)).slice(0, 80)}: expected letters, digits, "_" and ".", starting with a letter`);
      return undefined;
    }
    if (tags === null || typeof tags !== 'object') {
      this.problems.report('invalid-argument', `"${name}": tags must be an object`);
      return undefined;
    }
    const keys = Object.keys(tags).sort();
    const badKey = keys.find((key) => !TAG_KEY.test(key));
    if (badKey !== undefined) {
      this.problems.report('invalid-argument', `"${name}": tag key ${JSON.stringify(badKey).slice(0, 80)}: expected letters, digits, "_" and "."`);
      return undefined;
    }
    const description = `Ad-hoc ${kind === 'timing' ? 'timing' : kind === 'gauge' ? 'gauge' : 'counter'} "${name}"`;
    let entry: Entry;
    if (kind === 'timing') {
      const spec = histogram({ name: /[._]seconds$/.test(name) ? name : `${name}.seconds`, unit: 's', description, attributes: keys, buckets: 'long' });
      entry = { kind, spec, keys: new Set(keys), timing: this.instruments.histogramOf(spec) };
    } else if (kind === 'counter') {
      const spec = counter({ name: /[._]total$/.test(name) ? name : `${name}.total`, unit: '1', description, attributes: keys });
      entry = { kind, spec, keys: new Set(keys), sum: this.instruments.counterOf(spec) };
    } else if (kind === 'upDownCounter') {
      const spec = upDownCounter({ name, unit: '1', description, attributes: keys });
      entry = { kind, spec, keys: new Set(keys), sum: this.instruments.upDownCounterOf(spec) };
    } else {
      const spec = gauge({ name, unit: '1', description, attributes: keys });
      entry = { kind, spec, keys: new Set(keys), gauge: this.instruments.gaugeOf(spec) };
    }
    this.declared.set(name, entry);
    return entry;
  }
}

/** The instruments, created the way every domain class creates them (path, policy, limit). */
class Instruments extends BaseMetrics {
  get sink() {
    return this.diagnosticsSink;
  }
  histogramOf(spec: HistogramSpec<string>) {
    return this.histogram(spec);
  }
  counterOf(spec: CounterSpec<string>) {
    return this.counter(spec);
  }
  upDownCounterOf(spec: UpDownCounterSpec<string>) {
    return this.upDownCounter(spec);
  }
  gaugeOf(spec: GaugeSpec<string>) {
    return this.gauge(spec);
  }
}

function sameKeys(keys: ReadonlySet<string>, tags: Tags): boolean {
  if (tags === null || typeof tags !== 'object') return keys.size === 0;
  let n = 0;
  for (const key in tags) {
    if (!keys.has(key)) return false;
    n++;
  }
  return n === keys.size;
}

/** Tags as the exported attributes hold them: booleans and numbers compared as strings. */
function normalised(tags: Tags): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of Object.keys(tags ?? {})) result[key] = String(tags[key]);
  return result;
}

function sameTags(attributes: SnapshotAttributes, wanted: Record<string, string>): boolean {
  const keys = Object.keys(attributes);
  if (keys.length !== Object.keys(wanted).length) return false;
  return keys.every((key) => String(attributes[key]) === wanted[key]);
}
