// Where the library's warnings go (the console, the OpenTelemetry diag logger, or nowhere), and how
// often: the first occurrence of each cause at once, then at most one summary per cause per interval.
import { diag } from '@opentelemetry/api';

/** `console` (the default): console.warn; `diag`: the OpenTelemetry diag logger; `silent`: nothing. */
export type DiagnosticsMode = 'console' | 'diag' | 'silent';

export const DIAGNOSTICS_MODES: readonly DiagnosticsMode[] = ['console', 'diag', 'silent'];

/** Every line starts with this, so that logs can be searched and filtered for the library's warnings. */
export const DIAGNOSTICS_PREFIX = 'otel-domain-metrics:';

/** The shortest time between two lines about one cause after its first. */
export const SUMMARY_INTERVAL_MILLIS = 5 * 60_000;

// Causes are metric or method names times a fixed set of problems, so this is never reached in
// practice; it bounds memory if names come from somewhere unbounded.
const MAX_CAUSES = 1000;

export interface DiagnosticsSinkOptions {
  /** Milliseconds since the epoch; tests pass a controllable clock. @default Date.now */
  readonly clock?: () => number;
  /** @default SUMMARY_INTERVAL_MILLIS */
  readonly summaryIntervalMillis?: number;
}

/**
 * Rate-limited warnings. The first occurrence of a cause (a stable key such as
 * "ExecutionMetrics.recordExecution|not-an-object") is written in full; later ones are counted,
 * and the first one at least `summaryIntervalMillis` after the last line writes one summary with
 * the count. No timer runs: a cause that stops occurring writes nothing more, and nothing keeps
 * the process alive. Writing never throws into the caller.
 */
export class DiagnosticsSink {
  private readonly shared: CauseCounter;
  readonly clock: () => number;
  readonly summaryIntervalMillis: number;

  constructor(readonly mode: DiagnosticsMode, options: DiagnosticsSinkOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.summaryIntervalMillis = options.summaryIntervalMillis ?? SUMMARY_INTERVAL_MILLIS;
    this.shared = new CauseCounter(this);
  }

  /** Reports `message` for `cause`, rate-limited with every other cause of this sink. */
  warn(cause: string, message: DiagnosticMessage): void {
    this.shared.warn(cause, message);
  }

  /**
   * Causes counted on their own, for one owner (an instrument): a request-scoped instance that
   * is created again reports again, as a new owner.
   */
  causes(): CauseCounter {
    return new CauseCounter(this);
  }

  /** Writes one line now, without rate limiting: for events that are rare by construction (an export outage starting or ending). */
  write(message: string): void {
    if (this.mode === 'silent') return;
    const line = message.startsWith(DIAGNOSTICS_PREFIX) ? message : `${DIAGNOSTICS_PREFIX} ${message}`;
    try {
      if (this.mode === 'console') console.warn(line);
      else diag.warn(line);
    } catch {
      // A broken console or diag logger must not turn a dropped recording into an exception.
    }
  }
}

/** A message, or a function that builds it only when a line is written (counted occurrences cost no text). */
export type DiagnosticMessage = string | (() => string);

interface CauseState {
  /** When the last line about this cause was written. */
  lastWritten: number;
  /** Occurrences since then that wrote nothing. */
  unreported: number;
}

/** The rate limit of DiagnosticsSink over one set of causes. */
export class CauseCounter {
  private causes: Map<string, CauseState> | undefined;

  constructor(private readonly sink: DiagnosticsSink) {}

  /**
   * @param occurrences how many times the cause occurred since the owner last reported it: an
   *   owner on a hot path may count locally and report in batches, so as not to read the clock on
   *   every occurrence.
   */
  warn(cause: string, message: DiagnosticMessage, occurrences = 1): void {
    if (this.sink.mode === 'silent') return;
    const now = this.sink.clock();
    this.causes ??= new Map();
    const state = this.causes.get(cause);
    if (state === undefined) {
      if (this.causes.size >= MAX_CAUSES) this.causes.clear();
      this.causes.set(cause, { lastWritten: now, unreported: occurrences - 1 });
      this.sink.write(`${text(message)}; further occurrences are counted and summarised at most every ${describeInterval(this.sink.summaryIntervalMillis)}`);
      return;
    }
    state.unreported += occurrences;
    if (now - state.lastWritten < this.sink.summaryIntervalMillis) return;
    const since = describeInterval(now - state.lastWritten);
    this.sink.write(`${text(message)}; ${state.unreported} occurrence${state.unreported === 1 ? '' : 's'} in the last ${since}`);
    state.lastWritten = now;
    state.unreported = 0;
  }
}

export function isDiagnosticsMode(value: unknown): value is DiagnosticsMode {
  return typeof value === 'string' && (DIAGNOSTICS_MODES as readonly string[]).includes(value);
}

let processDefault: DiagnosticsSink | undefined;

/**
 * The sink for reports that reach no runtime: domain classes on a MeterProvider this library did
 * not build, and arguments rejected before any provider is known. Console unless the
 * METRICS_DIAGNOSTICS environment variable says `diag` or `silent` (read on first use).
 */
export function defaultDiagnosticsSink(): DiagnosticsSink {
  if (processDefault === undefined) {
    let mode: DiagnosticsMode = 'console';
    try {
      const fromEnv = typeof process === 'undefined' ? undefined : process.env['METRICS_DIAGNOSTICS']?.trim().toLowerCase();
      if (isDiagnosticsMode(fromEnv)) mode = fromEnv;
    } catch {
      // An environment that cannot be read leaves the default.
    }
    processDefault = new DiagnosticsSink(mode);
  }
  return processDefault;
}

function describeInterval(millis: number): string {
  if (millis >= 60_000) {
    const minutes = Math.round(millis / 60_000);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = Math.max(1, Math.round(millis / 1000));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

function text(message: DiagnosticMessage): string {
  return typeof message === 'string' ? message : message();
}
