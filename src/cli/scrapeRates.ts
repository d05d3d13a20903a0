// Summary rows from two successive scrapes of a Prometheus endpoint, for services that serve no
// summary: rates from the counters' increase, percentiles interpolated linearly inside the
// histogram bucket that holds them (estimates, as PromQL's histogram_quantile), and an error ratio
// from an outcome label.
import type { SummaryRow } from './MetricsSummary.js';
import type { Exposition, Sample } from './prometheusText.js';

/** Labels that split a family by outcome; rows add their series up and report the failed share. */
const OUTCOME_LABELS = ['status', 'outcome', 'result', 'success', 'http_response_status_code'];
/** Labels the OpenTelemetry exporter adds to every series: the same on all rows, so left out. */
const SCOPE_LABEL = /^otel_scope_/;
/** Outcome values that count as failures. */
const FAILED = /^(error|errors|fail|failed|failure|timeout|timed_out|rejected|unhealthy|false|5\d\d)$/i;
const SKIPPED_FAMILIES = new Set(['target_info']);

interface Group {
  name: string;
  attributes: Record<string, string>;
  rate: number;
  failedRate: number;
  hasOutcome: boolean;
  /** Histograms: increase per upper bound. */
  buckets?: Map<number, number>;
}

/** The rows between `before` and `after`, taken `seconds` apart, busiest first. */
export function ratesBetween(before: Exposition, after: Exposition, seconds: number): SummaryRow[] {
  if (!(seconds > 0)) return [];
  const previous = new Map(before.samples.map((s) => [seriesKey(s.name, s.labels), s.value]));
  const increase = (s: Sample) => {
    const was = previous.get(seriesKey(s.name, s.labels));
    if (was === undefined) return undefined;
    // A restarted process starts again from 0: its current value is the increase (as PromQL's rate).
    return s.value >= was ? s.value - was : s.value;
  };
  const groups = new Map<string, Group>();
  for (const sample of after.samples) {
    const family = familyOf(sample.name, after.types);
    if (family === undefined || SKIPPED_FAMILIES.has(family.name)) continue;
    const { type, name } = family;
    const isCount = type === 'histogram' ? sample.name === `${name}_count` : type === 'counter';
    const isBucket = type === 'histogram' && sample.name === `${name}_bucket`;
    if (!isCount && !isBucket) continue;
    const delta = increase(sample);
    if (delta === undefined || !Number.isFinite(delta)) continue;
    const { le, ...labels } = sample.labels;
    const outcomeKey = OUTCOME_LABELS.find((k) => k in labels);
    const attributes = Object.fromEntries(Object.entries(labels).filter(([k]) => !OUTCOME_LABELS.includes(k) && !SCOPE_LABEL.test(k)));
    const key = seriesKey(name, attributes);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { name, attributes, rate: 0, failedRate: 0, hasOutcome: false }));
    if (isBucket) {
      const bound = le === '+Inf' ? Infinity : Number(le);
      group.buckets ??= new Map();
      group.buckets.set(bound, (group.buckets.get(bound) ?? 0) + delta);
      continue;
    }
    group.rate += delta / seconds;
    if (outcomeKey !== undefined) {
      group.hasOutcome = true;
      const outcome = labels[outcomeKey]!;
      if (FAILED.test(outcome)) group.failedRate += delta / seconds;
    }
  }
  const rows: SummaryRow[] = [];
  for (const g of groups.values()) {
    const cumulative = g.buckets && [...g.buckets].sort(([a], [b]) => a - b);
    rows.push({
      name: g.name,
      attributes: g.attributes,
      ratePerSecond: g.rate,
      errorRatio: g.hasOutcome && g.rate > 0 ? g.failedRate / g.rate : null,
      p50: cumulative ? bucketQuantile(0.5, cumulative) : null,
      p95: cumulative ? bucketQuantile(0.95, cumulative) : null,
      p99: cumulative ? bucketQuantile(0.99, cumulative) : null,
      unit: cumulative ? unitGuess(g.name) : '',
    });
  }
  return rows.sort((a, b) => b.ratePerSecond - a.ratePerSecond || a.name.localeCompare(b.name));
}

/**
 * The q-quantile of cumulative bucket counts (upper bound, count ≤ bound), interpolated linearly
 * inside its bucket from the previous bound (0 for the first); in the +Inf bucket, the highest
 * finite bound. Null when nothing was observed.
 */
export function bucketQuantile(q: number, cumulative: readonly (readonly [number, number])[]): number | null {
  const total = cumulative.at(-1)?.[1] ?? 0;
  if (!(total > 0)) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of cumulative) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket <= 0 ? bound : lowerBound + (bound - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

function familyOf(sampleName: string, types: ReadonlyMap<string, string>): { name: string; type: string } | undefined {
  const direct = types.get(sampleName);
  if (direct !== undefined) return { name: sampleName, type: direct };
  for (const suffix of ['_bucket', '_count', '_sum', '_total']) {
    if (!sampleName.endsWith(suffix)) continue;
    const base = sampleName.slice(0, -suffix.length);
    const type = types.get(base);
    if (type !== undefined) return { name: base, type };
  }
  // Untyped exposition: a `_total` series is a counter.
  return sampleName.endsWith('_total') ? { name: sampleName, type: 'counter' } : undefined;
}

/** The exposition carries no unit (names here have no unit suffix): guess seconds or bytes from the name. */
function unitGuess(name: string): string {
  if (/(_seconds|duration|latency|wait_time|_time)$/.test(name)) return 's';
  if (/(_bytes|_size)$/.test(name)) return 'By';
  return '';
}

function seriesKey(name: string, labels: Readonly<Record<string, string | number>>): string {
  return `${name}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
}
