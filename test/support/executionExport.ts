// What a collector receives for the executions both OTLP tests record: three executions of two
// languages, read back from one export request as a collector would.
import { expect } from 'vitest';
import { BUCKET_SETS } from '../../src/core/buckets.js';
import { attributesOf, findMetric, numberValue, type OtlpExportRequest } from './otlpReceiver.js';

/** The data point whose attributes are exactly `attrs`. */
export function pointWith<P extends { attributes?: { key: string; value: { stringValue?: string } }[] }>(points: P[], attrs: Record<string, string>): P {
  const found = points.find((p) => JSON.stringify(attributesOf(p.attributes)) === JSON.stringify(attrs));
  if (!found) throw new Error(`no point with ${JSON.stringify(attrs)}`);
  return found;
}

/**
 * Two completed python-3.11 executions (0.3 s and 7 s) and one failed node-20 one (0.02 s), on a
 * cumulative reader: the counter per status and language, and python's duration histogram.
 */
export function expectExecutionsExported(request: OtlpExportRequest): void {
  const total = findMetric(request, 'script.executions.total');
  expect(total.unit).toBe('{execution}');
  expect(total.sum!.isMonotonic).toBe(true);
  expect(total.sum!.aggregationTemporality).toBe(2); // cumulative
  expect(numberValue(pointWith(total.sum!.dataPoints, { status: 'completed', lang_and_version: 'python-3.11' }))).toBe(2);
  expect(numberValue(pointWith(total.sum!.dataPoints, { status: 'failed', lang_and_version: 'node-20' }))).toBe(1);

  const duration = findMetric(request, 'script.execution.duration');
  expect(duration.unit).toBe('s');
  const py = pointWith(duration.histogram!.dataPoints, { lang_and_version: 'python-3.11' });
  expect(py.explicitBounds).toEqual([...BUCKET_SETS.long]);
  expect(Number(py.count)).toBe(2);
  expect(py.sum).toBeCloseTo(7.3);
  expect(py.min).toBe(0.3);
  expect(py.max).toBe(7);
  // 0.3 → (0.25, 0.5] is index 4; 7 → (5, 10] is index 8.
  expect(py.bucketCounts.map(Number)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
}
