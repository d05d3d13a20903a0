// Reports recording problems of one metric through a DiagnosticsSink, rate-limited per kind of
// problem: a hot loop that keeps passing NaN must not flood the log, and must never throw.
import { defaultDiagnosticsSink, type CauseCounter, type DiagnosticsSink } from './DiagnosticsSink.js';

export type RecordingProblem =
  | 'invalid-value'
  | 'negative-increment'
  | 'unknown-attribute'
  | 'invalid-attribute'
  | 'record-failed'
  | 'too-many-series'
  | 'cardinality-overflow'
  | 'callback-failed'
  | 'conflicting-declaration'
  | 'invalid-argument'
  | 'conflicting-use';

const EXPLANATIONS: Record<RecordingProblem, string> = {
  'invalid-value': 'dropped a value that is not a finite number',
  'negative-increment': 'dropped a negative value (counters, histograms, sizes and lags only take values >= 0)',
  'unknown-attribute': 'dropped an attribute key outside the allow-list',
  'invalid-attribute': 'dropped an attribute value that is not a string, number or boolean',
  'record-failed': 'the SDK threw while recording; the recording was dropped',
  'too-many-series': 'dropped a new attribute set: the gauge holds as many series as it may',
  'cardinality-overflow': 'reached its cardinality limit: new attribute sets are recorded into the overflow series (otel.metric.overflow="true") until a series expires',
  'callback-failed': 'a gauge callback threw, rejected or overran the collection timeout; its observations for this collection are dropped',
  'conflicting-declaration': 'is already declared with another kind, unit or buckets; this declaration is refused and records nothing',
  'invalid-argument': 'a method got an argument it cannot use; what could be used was recorded',
  'conflicting-use': 'is in use with another kind or other tag keys; this use is dropped (a name is one metric)',
};

export class MetricDiagnostics {
  private readonly causes: CauseCounter;

  /**
   * @param sink the runtime's sink when the metric records through a runtime's provider; the
   *   process default (console unless METRICS_DIAGNOSTICS says otherwise) on any other provider.
   */
  constructor(private readonly metricName: string, sink: DiagnosticsSink = defaultDiagnosticsSink()) {
    this.causes = sink.causes();
  }

  /** @param occurrences see CauseCounter.warn */
  report(problem: RecordingProblem, detail: unknown, occurrences = 1): void {
    try {
      this.causes.warn(problem, () => `${this.metricName}: ${EXPLANATIONS[problem]} (${describeDetail(detail)})`, occurrences);
    } catch {
      // Reporting must not turn a dropped recording into an exception.
    }
  }
}

const MAX_DETAIL_LENGTH = 160;

/** A short, safe text for what was dropped: a 1 MB string passed as a number is not logged whole. */
export function describeDetail(detail: unknown): string {
  try {
    let text: string;
    if (typeof detail === 'string') text = detail.length > MAX_DETAIL_LENGTH ? `${detail.slice(0, MAX_DETAIL_LENGTH)}…` : detail;
    else if (detail instanceof Error) text = `${detail.name}: ${detail.message}`;
    else if (Array.isArray(detail)) text = 'an array';
    else if (typeof detail === 'object' && detail !== null) text = 'an object';
    else text = typeof detail === 'bigint' ? `${detail}n` : String(detail);
    return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
  } catch {
    return typeof detail;
  }
}
