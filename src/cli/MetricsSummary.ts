// The JSON the runtime serves at /metrics/summary, as `watch` reads it: the client side's one copy
// of the endpoint's shape.

export interface MetricsSummary {
  readonly takenAt: string;
  readonly windowSeconds: number;
  readonly top: readonly SummaryRow[];
}

export interface SummaryRow {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string | number>>;
  readonly ratePerSecond: number;
  /** Failed share of the events, 0…1; null when the metric has no outcome. */
  readonly errorRatio: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly unit: string;
}

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
