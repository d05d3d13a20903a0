// Value checks shared by every recording path. Typed callers pass numbers, but JavaScript callers
// and computed values bring NaN, Infinity, strings and negatives; those are dropped, not thrown.
import type { MetricDiagnostics } from './MetricDiagnostics.js';

/** True for a finite number >= 0; otherwise reports why it is dropped. */
export function acceptNonNegative(value: unknown, diagnostics: MetricDiagnostics): value is number {
  if (typeof value === 'number' && value >= 0 && value !== Infinity) return true;
  diagnostics.report(typeof value === 'number' && value < 0 && value !== -Infinity ? 'negative-increment' : 'invalid-value', value);
  return false;
}

/** True for any finite number; otherwise reports why it is dropped. */
export function acceptFinite(value: unknown, diagnostics: MetricDiagnostics): value is number {
  if (typeof value === 'number' && value - value === 0) return true;
  diagnostics.report('invalid-value', value);
  return false;
}
