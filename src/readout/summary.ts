// The compact summary of a snapshot: each duration's recent rate, error ratio and percentiles, and
// the busiest other metrics, as a few dozen rows a person (or the terminal view) can read.
import type { MetricsSnapshot, MetricsSummary, SnapshotAttributes, SummaryRow } from './snapshotTypes.js';

/** Rows besides the durations, busiest first. */
const OTHER_ROWS = 15;

/**
 * Attributes that say how a record ended. Series differing only in them are one row, whose
 * error ratio is the share of the window's records with a failing value.
 */
const OUTCOME_KEYS: ReadonlySet<string> = new Set(['status', 'outcome', 'result', 'error.type', 'error_type', 'error', 'exception', 'http.response.status_code']);
const FAILING_VALUES: ReadonlySet<string> = new Set(['error', 'errors', 'failed', 'failure', 'fail', 'timeout', 'timed_out', 'exception', 'rejected', 'false']);

function failing(key: string, value: string | number): boolean {
  if (key === 'http.response.status_code') return Number(value) >= 500;
  // error.type and its kin name the error: present means failed (an empty value does not).
  if (key === 'error.type' || key === 'error_type' || key === 'exception') return String(value) !== '' && String(value) !== 'none';
  return FAILING_VALUES.has(String(value).toLowerCase());
}

interface Group {
  readonly attributes: SnapshotAttributes;
  count: number;
  /** The series' rates added (each series already divides by the time its window covers). */
  rate: number;
  failed: number;
  hasOutcome: boolean;
  /** The window percentiles of the group's busiest series (percentiles do not add up across series). */
  best: { count: number; p50: number | null; p95: number | null; p99: number | null } | undefined;
}

export function summarize(snapshot: MetricsSnapshot, otherRows = OTHER_ROWS): MetricsSummary {
  const durations: SummaryRow[] = [];
  const others: SummaryRow[] = [];
  for (const metric of snapshot.metrics) {
    if (metric.kind === 'gauge') continue;
    const groups = new Map<string, Group>();
    for (const series of metric.series) {
      const kept: Record<string, string | number> = {};
      let hasOutcome = false;
      let failed = false;
      for (const [key, value] of Object.entries(series.attributes)) {
        if (OUTCOME_KEYS.has(key)) {
          hasOutcome = true;
          failed ||= failing(key, value);
        } else kept[key] = value;
      }
      const id = JSON.stringify(kept);
      let group = groups.get(id);
      if (group === undefined) {
        group = { attributes: kept, count: 0, rate: 0, failed: 0, hasOutcome: false, best: undefined };
        groups.set(id, group);
      }
      const count = series.window.count;
      group.count += count;
      group.rate += series.window.ratePerSecond;
      if (failed) group.failed += count;
      group.hasOutcome ||= hasOutcome;
      if ('lifetime' in series && (group.best === undefined || count > group.best.count)) {
        group.best = { count, p50: series.window.p50, p95: series.window.p95, p99: series.window.p99 };
      }
    }
    for (const group of groups.values()) {
      const row: SummaryRow = {
        name: metric.name,
        attributes: group.attributes,
        ratePerSecond: group.rate,
        errorRatio: group.hasOutcome && group.count > 0 ? group.failed / group.count : null,
        p50: group.best?.p50 ?? null,
        p95: group.best?.p95 ?? null,
        p99: group.best?.p99 ?? null,
        unit: metric.unit,
      };
      (metric.kind === 'histogram' && metric.unit === 's' ? durations : others).push(row);
    }
  }
  const busiest = (a: SummaryRow, b: SummaryRow) => b.ratePerSecond - a.ratePerSecond || a.name.localeCompare(b.name);
  others.sort(busiest);
  const top = [...durations, ...others.filter((row) => row.ratePerSecond > 0).slice(0, otherRows)].sort(busiest);
  return { takenAt: snapshot.takenAt, windowSeconds: snapshot.windowSeconds, top };
}
