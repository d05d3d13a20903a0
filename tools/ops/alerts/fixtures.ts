// Synthetic input series for promtool's rule unit tests. Counters grow by a fixed amount per
// minute, so a five-minute rate with samples at both ends of the window is exact: 15 per minute is
// a rate of 0.25/s, and ratios of such rates are exact too (promtool compares values exactly).
import { BUCKET_SETS, type HistogramSpec, type MetricSpec } from 'otel-domain-metrics';
import { selector, seriesName, type Matcher } from '../promql/build.js';

export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

export type Labels = Readonly<Record<string, string>>;

/** The job and instance every test series carries. */
export const TEST_TARGET: Labels = { job: 'api', instance: 'api-1:9464' };

function seriesText(name: string, labels: Labels): string {
  const matchers: Matcher[] = Object.entries({ ...TEST_TARGET, ...labels }).map(([k, v]) => [k, '=', v]);
  return selector(name, matchers);
}

/** `count` samples one minute apart: start, start+step, … (promtool's expanding notation). */
export function linear(start: number, step: number, minutes: number): string {
  return `${start}+${step}x${minutes}`;
}

/** A counter growing by `perMinute` each minute for `minutes` minutes. */
export function counterSeries(name: string, labels: Labels, perMinute: number, minutes: number): InputSeries {
  return { series: seriesText(name, labels), values: linear(0, perMinute, minutes) };
}

/** A gauge with the given values notation. */
export function gaugeSeries(name: string, labels: Labels, values: string): InputSeries {
  return { series: seriesText(name, labels), values };
}

/**
 * Bucket series of a histogram receiving `perMinute` observations a minute, all in the first
 * bucket (`first`: its quantiles stay below the first boundary) or all above the largest
 * boundary (`overflow`: histogram_quantile then answers exactly the largest boundary).
 */
export function histogramSeries(spec: HistogramSpec, labels: Labels, where: 'first' | 'overflow', perMinute: number, minutes: number): InputSeries[] {
  const bucket = seriesName(spec, '_bucket');
  const boundaries = BUCKET_SETS[spec.buckets];
  return [
    ...boundaries.map((le) => counterSeries(bucket, { ...labels, le: String(le) }, where === 'first' ? perMinute : 0, minutes)),
    counterSeries(bucket, { ...labels, le: '+Inf' }, perMinute, minutes),
    counterSeries(seriesName(spec, '_count'), labels, perMinute, minutes),
  ];
}

/** The largest finite boundary of a histogram's buckets. */
export function largestBoundary(spec: HistogramSpec): number {
  return BUCKET_SETS[spec.buckets].at(-1)!;
}

interface Term {
  readonly spec: MetricSpec;
  readonly suffix: '' | '_count';
  readonly labels: Labels;
}

/**
 * Series for a ratio: `hit` counts towards the numerator (and the denominator), `rest` only
 * towards the denominator. When `restIsWhole` the rest series is a separate metric that already
 * counts everything (rejected vs requests); otherwise it is the complement (failed vs completed).
 */
export interface RatioFixture {
  readonly hit: Term;
  readonly rest: Term;
  readonly restIsWhole: boolean;
}

/** Per-minute total of the denominator in fixtures; 60 a minute is 1 per second. */
export const PER_MINUTE = 60;

// 60 × 0.1 is 6.000000000000001 in floating point; series values are written rounded.
const perMinute = (share: number) => Number((PER_MINUTE * share).toPrecision(12));

/**
 * Series that give the ratio exactly `share`; with 0 there is no numerator series, with 1 no
 * complement series (counters with attributes exist only after their first event).
 */
export function ratioSeries(fixture: RatioFixture, share: number, minutes: number): InputSeries[] {
  const name = (t: Term) => seriesName(t.spec, t.suffix);
  const rest = counterSeries(name(fixture.rest), fixture.rest.labels, fixture.restIsWhole ? PER_MINUTE : perMinute(1 - share), minutes);
  const hit = counterSeries(name(fixture.hit), fixture.hit.labels, perMinute(share), minutes);
  if (share === 0) return [rest];
  // Every event matches: a complement series would never have been created.
  if (share === 1 && !fixture.restIsWhole) return [hit];
  return [hit, rest];
}
