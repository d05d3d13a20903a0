// Adds the workers' cumulative metrics up for the shared endpoint. Counters and histograms are
// summed over the live workers plus what exited workers last reported (so the totals never drop
// when a worker dies or restarts); gauges and up-down counters are levels of one process, shown
// per live worker under the `cluster.worker` attribute (a slot number a restarted worker reuses).
import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type DataPoint,
  type Histogram,
  type MetricData,
  type MetricDescriptor,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import type { DiagnosticsSink } from '../../core/DiagnosticsSink.js';

/** The attribute that tells the workers' gauge and up-down counter series apart. */
export const CLUSTER_WORKER_ATTRIBUTE = 'cluster.worker';

type Additive = { kind: 'sum'; value: number } | { kind: 'histogram'; value: Histogram };

interface Series {
  readonly attributes: Attributes;
  startTime: HrTime;
  endTime: HrTime;
  data: Additive;
}

/** One additive metric (monotonic sum or explicit-bucket histogram) added up over workers. */
interface Family {
  readonly scope: ScopeMetrics['scope'];
  readonly descriptor: MetricDescriptor;
  readonly kind: Additive['kind'];
  readonly boundaries: readonly number[] | undefined;
  readonly series: Map<string, Series>;
}

type Families = Map<string, Family>;

interface LiveWorker {
  readonly slot: number;
  snapshot: ScopeMetrics[];
}

export class ClusterAggregate {
  /** What exited workers last reported: added to every later total. */
  private readonly retired: Families = new Map();
  private readonly live = new Map<number, LiveWorker>();

  constructor(private readonly diagnostics: DiagnosticsSink) {}

  /** Registers a worker under the lowest free slot; a second call for the same worker changes nothing. */
  join(workerId: number): void {
    if (this.live.has(workerId)) return;
    const taken = new Set([...this.live.values()].map((worker) => worker.slot));
    let slot = 1;
    while (taken.has(slot)) slot += 1;
    this.live.set(workerId, { slot, snapshot: [] });
  }

  has(workerId: number): boolean {
    return this.live.has(workerId);
  }

  workers(): number[] {
    return [...this.live.keys()];
  }

  /** The worker's latest cumulative metrics (replacing its previous ones: they are running totals). */
  update(workerId: number, snapshot: ScopeMetrics[]): void {
    const worker = this.live.get(workerId);
    if (worker !== undefined) worker.snapshot = snapshot;
  }

  /**
   * The worker is gone (exited, or shut its metrics down): its last reported counters and
   * histograms stay in the totals for good, its gauges leave with it. Idempotent.
   */
  retire(workerId: number): void {
    const worker = this.live.get(workerId);
    if (worker === undefined) return;
    this.live.delete(workerId);
    this.addInto(this.retired, worker.snapshot);
  }

  /** The cluster's metrics as of the workers' latest reports. */
  merged(): ScopeMetrics[] {
    const families: Families = new Map();
    for (const [key, family] of this.retired) families.set(key, cloneFamily(family));
    const levels = new Map<string, { scope: ScopeMetrics['scope']; metric: MetricData; points: DataPoint<number>[] }>();
    for (const worker of this.live.values()) {
      this.addInto(families, worker.snapshot);
      for (const { scope, metrics } of worker.snapshot) {
        for (const metric of metrics) {
          if (!isLevel(metric)) continue;
          const key = familyKey(scope, metric.descriptor.name);
          let entry = levels.get(key);
          if (entry === undefined) levels.set(key, (entry = { scope, metric, points: [] }));
          else if (entry.metric.dataPointType !== metric.dataPointType) {
            this.conflict(metric.descriptor.name, 'is a gauge in one worker and an up-down counter in another');
            continue;
          }
          for (const point of metric.dataPoints as DataPoint<number>[]) {
            entry.points.push({ ...point, attributes: { ...point.attributes, [CLUSTER_WORKER_ATTRIBUTE]: String(worker.slot) } });
          }
        }
      }
    }

    const byScope = new Map<string, ScopeMetrics>();
    const scopeOf = (scope: ScopeMetrics['scope']) => {
      const key = scopeKey(scope);
      let entry = byScope.get(key);
      if (entry === undefined) byScope.set(key, (entry = { scope, metrics: [] }));
      return entry.metrics;
    };
    for (const family of families.values()) {
      if (family.series.size === 0) continue;
      scopeOf(family.scope).push(toMetricData(family));
    }
    for (const [key, { scope, metric, points }] of levels) {
      if (families.has(key)) {
        this.conflict(metric.descriptor.name, 'is a level (gauge or up-down counter) in one worker and a counter or histogram in another');
        continue;
      }
      scopeOf(scope).push({ ...metric, dataPoints: points } as MetricData);
    }
    return [...byScope.values()];
  }

  /** Adds the counters and histograms of `snapshot` into `families`; a metric that does not fit is left out. */
  private addInto(families: Families, snapshot: readonly ScopeMetrics[]): void {
    for (const { scope, metrics } of snapshot) {
      for (const metric of metrics) {
        if (isLevel(metric)) continue;
        if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
          this.conflict(metric.descriptor.name, 'is an exponential histogram, which cluster metrics do not add up');
          continue;
        }
        const kind: Additive['kind'] = metric.dataPointType === DataPointType.HISTOGRAM ? 'histogram' : 'sum';
        const boundaries = metric.dataPointType === DataPointType.HISTOGRAM ? metric.dataPoints[0]?.value.buckets.boundaries : undefined;
        const key = familyKey(scope, metric.descriptor.name);
        let family = families.get(key);
        if (family === undefined) {
          families.set(key, (family = { scope, descriptor: metric.descriptor, kind, boundaries, series: new Map() }));
        } else if (family.kind !== kind || family.descriptor.unit !== metric.descriptor.unit) {
          this.conflict(metric.descriptor.name, 'has another kind or unit in another worker; only the first is shown');
          continue;
        }
        for (const point of metric.dataPoints) {
          const data: Additive =
            kind === 'histogram' ? { kind, value: (point as DataPoint<Histogram>).value } : { kind, value: (point as DataPoint<number>).value };
          if (data.kind === 'histogram' && !sameBoundaries(family.boundaries, data.value.buckets.boundaries)) {
            this.conflict(metric.descriptor.name, 'has other bucket boundaries in another worker; those series are left out rather than added wrongly');
            continue;
          }
          const seriesKey = attributesKey(point.attributes);
          const existing = family.series.get(seriesKey);
          if (existing === undefined) {
            family.series.set(seriesKey, { attributes: point.attributes, startTime: point.startTime, endTime: point.endTime, data: cloneData(data) });
          } else {
            add(existing, point.startTime, point.endTime, data);
          }
        }
      }
    }
  }

  private conflict(name: string, detail: string): void {
    this.diagnostics.warn(`cluster|${name}|${detail}`, `cluster metrics: ${name} ${detail}`);
  }
}

/** Gauges and up-down counters: a level of one process, meaningless once added to a dead one's. */
function isLevel(metric: MetricData): boolean {
  return metric.dataPointType === DataPointType.GAUGE || (metric.dataPointType === DataPointType.SUM && !metric.isMonotonic);
}

function scopeKey(scope: ScopeMetrics['scope']): string {
  return `${scope.name}\u0000${scope.version ?? ''}\u0000${scope.schemaUrl ?? ''}`;
}

function familyKey(scope: ScopeMetrics['scope'], name: string): string {
  return `${scopeKey(scope)}\u0000${name}`;
}

/** Attribute order differs between workers that saw keys in another order; the key does not. */
function attributesKey(attributes: Attributes): string {
  return JSON.stringify(Object.keys(attributes).sort().map((key) => [key, attributes[key]]));
}

function sameBoundaries(a: readonly number[] | undefined, b: readonly number[]): boolean {
  return a !== undefined && a.length === b.length && a.every((bound, i) => bound === b[i]);
}

function earlier(a: HrTime, b: HrTime): HrTime {
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? a : b;
}

/** A finite number, or undefined: JSON turns an empty histogram's ±Infinity min/max into null. */
function finite(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function cloneData(data: Additive): Additive {
  if (data.kind === 'sum') return { ...data };
  const h = data.value;
  return {
    kind: 'histogram',
    value: { buckets: { boundaries: [...h.buckets.boundaries], counts: [...h.buckets.counts] }, sum: h.sum, count: h.count, min: finite(h.min), max: finite(h.max) },
  };
}

function add(series: Series, startTime: HrTime, endTime: HrTime, data: Additive): void {
  series.startTime = earlier(series.startTime, startTime);
  series.endTime = earlier(series.endTime, endTime) === series.endTime ? endTime : series.endTime;
  if (series.data.kind === 'sum' && data.kind === 'sum') {
    series.data.value += data.value;
    return;
  }
  if (series.data.kind === 'histogram' && data.kind === 'histogram') {
    const into = series.data.value;
    const from = data.value;
    const counts = into.buckets.counts.map((count, i) => count + (from.buckets.counts[i] ?? 0));
    const lows = [finite(into.min), finite(from.min)].filter((v): v is number => v !== undefined);
    const highs = [finite(into.max), finite(from.max)].filter((v): v is number => v !== undefined);
    series.data.value = {
      buckets: { boundaries: into.buckets.boundaries, counts },
      sum: (into.sum ?? 0) + (from.sum ?? 0),
      count: into.count + from.count,
      min: lows.length > 0 ? Math.min(...lows) : undefined,
      max: highs.length > 0 ? Math.max(...highs) : undefined,
    };
  }
}

function cloneFamily(family: Family): Family {
  const series = new Map<string, Series>();
  for (const [key, s] of family.series) series.set(key, { ...s, data: cloneData(s.data) });
  return { ...family, series };
}

function toMetricData(family: Family): MetricData {
  const base = { descriptor: family.descriptor, aggregationTemporality: AggregationTemporality.CUMULATIVE };
  const points = [...family.series.values()];
  if (family.kind === 'histogram') {
    return {
      ...base,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: points.map((s) => ({ attributes: s.attributes, startTime: s.startTime, endTime: s.endTime, value: (s.data as { value: Histogram }).value })),
    };
  }
  return {
    ...base,
    dataPointType: DataPointType.SUM,
    isMonotonic: true,
    dataPoints: points.map((s) => ({ attributes: s.attributes, startTime: s.startTime, endTime: s.endTime, value: (s.data as { value: number }).value })),
  };
}
