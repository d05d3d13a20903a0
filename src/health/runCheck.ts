// Runs one check once, bounded by its timeout, and turns whatever happens into a result: a check
// that throws, rejects, hangs or returns nonsense is a failed run, never an exception.
import type { HealthStatus } from '../domains/HealthMetrics.js';
import type { HealthCheckOutcome } from './HealthCheck.js';
import { TimeoutError } from '../errors.js';

/** Longest output kept: enough for a driver's error, short enough for a probe body and a log. */
export const MAX_OUTPUT_LENGTH = 200;

export interface CheckRunOutcome {
  readonly status: HealthStatus;
  readonly output: string | undefined;
  readonly durationMillis: number;
}


export async function runCheck(
  check: (signal: AbortSignal) => Promise<HealthCheckOutcome> | HealthCheckOutcome,
  timeoutMillis: number,
): Promise<CheckRunOutcome> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(`no answer within ${timeoutMillis} ms`, timeoutMillis);
      reject(error);
      controller.abort(error);
    }, timeoutMillis);
    // A hung check must not hold the process open after shutdown for the rest of its timeout.
    timer.unref();
  });
  let status: HealthStatus;
  let output: string | undefined;
  try {
    // A synchronous throw lands in the catch as well; a hung check loses the race.
    ({ status, output } = interpret(await Promise.race([Promise.resolve().then(() => check(controller.signal)), timedOut])));
  } catch (error) {
    status = 'unhealthy';
    output = describeFailure(error);
  } finally {
    clearTimeout(timer);
  }
  return { status, output, durationMillis: performance.now() - started };
}

function interpret(outcome: unknown): { status: HealthStatus; output: string | undefined } {
  if (outcome === undefined || outcome === true || outcome === 'healthy') return { status: 'healthy', output: undefined };
  if (outcome === false || outcome === 'unhealthy') return { status: 'unhealthy', output: undefined };
  if (outcome === 'degraded') return { status: 'degraded', output: undefined };
  if (typeof outcome === 'object' && outcome !== null) {
    try {
      const { status, output } = outcome as { status?: unknown; output?: unknown };
      if (status === 'healthy' || status === 'degraded' || status === 'unhealthy') {
        return { status, output: typeof output === 'string' && output !== '' ? bounded(output) : undefined };
      }
    } catch {
      // A getter that throws: unrecognised, below.
    }
  }
  return { status: 'unhealthy', output: `unrecognised result (${outcome === null ? 'null' : typeof outcome})` };
}

/** "ClassName: message", on one line, without URL credentials, at most MAX_OUTPUT_LENGTH characters. */
export function describeFailure(error: unknown): string {
  try {
    if (error instanceof Error) {
      const name = error.name !== 'Error' ? error.name : (error.constructor?.name ?? 'Error');
      const code: unknown = (error as { code?: unknown }).code;
      const codePart = typeof code === 'string' ? ` [${code}]` : '';
      return bounded(`${name}${codePart}: ${String(error.message)}`);
    }
    return bounded(`thrown ${error === null ? 'null' : typeof error}: ${String(error)}`);
  } catch {
    return 'unreadable error';
  }
}

function bounded(text: string): string {
  // Driver errors may quote a connection URL; its password must not reach an open probe body.
  const clean = text.replace(/\s+/g, ' ').replace(/\/\/[^/\s@]*@/g, '//***@').trim();
  return clean.length > MAX_OUTPUT_LENGTH ? `${clean.slice(0, MAX_OUTPUT_LENGTH - 1)}…` : clean;
}
