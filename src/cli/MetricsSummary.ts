// The JSON the runtime serves at /metrics/summary, as `watch` reads it: the endpoint's own types,
// and a check that a response has that shape.

import type { MetricsSummary } from '../readout/snapshotTypes.js';

export type { MetricsSummary, SummaryRow } from '../readout/snapshotTypes.js';

/** Whether `value` has the summary's shape (a different server at the same path gives something else). */
export function isMetricsSummary(value: unknown): value is MetricsSummary {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v['windowSeconds'] === 'number' && Array.isArray(v['top']) && (v['top'] as unknown[]).every(isRow);
}

function isRow(row: unknown): boolean {
  if (row === null || typeof row !== 'object') return false;
  const r = row as Record<string, unknown>;
  const numberOrNull = (x: unknown) => x === null || typeof x === 'number';
  return (
    typeof r['name'] === 'string' &&
    typeof r['ratePerSecond'] === 'number' &&
    r['attributes'] !== null &&
    typeof r['attributes'] === 'object' &&
    numberOrNull(r['errorRatio']) &&
    numberOrNull(r['p50']) &&
    numberOrNull(r['p95']) &&
    numberOrNull(r['p99']) &&
    typeof r['unit'] === 'string'
  );
}
