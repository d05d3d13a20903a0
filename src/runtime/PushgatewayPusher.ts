// Pushes the exposition to a Prometheus Pushgateway under a grouping key built from the resource,
// replacing the whole group each time (HTTP PUT), with bounded retries and a time limit.
import { gzipSync } from 'node:zlib';
import type { DiagnosticsSink } from '../core/DiagnosticsSink.js';
import { OtelDomainMetricsError } from '../errors.js';

/** Label name → value; `job` first. */
export type GroupingKey = Readonly<Record<string, string>>;

/**
 * The grouping key: `job` is `service.name`; each named attribute adds a label,
 * `service.instance.id` as `instance`, any other with its name made a Prometheus label name.
 */
export function groupingKey(resource: Readonly<Record<string, unknown>>, attributes: readonly string[]): GroupingKey {
  const key: Record<string, string> = { job: String(resource['service.name'] ?? 'unknown_service') };
  for (const attribute of attributes) {
    if (attribute === 'service.name') continue;
    const value = resource[attribute];
    if (value === undefined) continue;
    key[attribute === 'service.instance.id' ? 'instance' : labelName(attribute)] = String(value);
  }
  return key;
}

/**
 * The group's URL: /metrics/job/<job>{/<label>/<value>}. Values that a path segment cannot carry
 * as is (empty, or containing "/") use the Pushgateway's base64url form, `<label>@base64/<value>`.
 */
export function groupUrl(baseUrl: string, key: GroupingKey): string {
  const segments = Object.entries(key).map(([name, value]) => {
    if (value === '') return `${name}@base64/=`;
    if (value.includes('/')) return `${name}@base64/${Buffer.from(value, 'utf8').toString('base64url')}`;
    return `${name}/${encodeURIComponent(value)}`;
  });
  return `${baseUrl.replace(/\/+$/, '')}/metrics/${segments.join('/')}`;
}

export interface PushgatewayPusherOptions {
  readonly url: string;
  readonly groupingKey: GroupingKey;
  readonly compression: 'gzip' | 'none';
  /** Longest wait for one request. */
  readonly requestTimeoutMillis: number;
  readonly sink: DiagnosticsSink;
  /** Waits between attempts; one attempt more than delays. @default [250, 1000] */
  readonly retryDelaysMillis?: readonly number[];
}

/** Why a push failed, with whether trying again can help. */
class PushFailure extends OtelDomainMetricsError {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

/**
 * PUT, not POST: the body is this process's complete cumulative state, so the group should be
 * exactly that. POST would keep metric names of an earlier run that this run did not record.
 */
export class PushgatewayPusher {
  readonly url: string;
  private failing = false;

  constructor(private readonly options: PushgatewayPusherOptions) {
    this.url = groupUrl(options.url, options.groupingKey);
  }

  /**
   * Pushes `exposition`; resolves true when the Pushgateway accepted it. Never rejects: a failure
   * is reported through the sink (an outage once when it starts and once when it ends; the final
   * push's failure always) and retried only while that can help and `deadline` (epoch ms) allows.
   */
  async push(exposition: string, { final = false, deadline = Infinity }: { final?: boolean; deadline?: number } = {}): Promise<boolean> {
    const delays = this.options.retryDelaysMillis ?? [250, 1000];
    let failure: PushFailure | undefined;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      try {
        await this.attempt(exposition, Math.min(this.options.requestTimeoutMillis, remaining));
        if (this.failing) this.options.sink.write(`Pushgateway push to ${this.url} succeeded again`);
        this.failing = false;
        return true;
      } catch (error) {
        failure = error instanceof PushFailure ? error : new PushFailure(describe(error), true);
        const delay = delays[attempt];
        if (!failure.retryable || delay === undefined || Date.now() + delay >= deadline) break;
        // Not unref'd: a batch job awaiting shutdown() at top level would otherwise exit mid-retry.
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    const reason = failure?.message ?? 'no time left before the shutdown time limit';
    if (final) {
      this.options.sink.write(`the final Pushgateway push to ${this.url} failed (${reason}); this run's metrics did not reach the Pushgateway`);
    } else if (!this.failing) {
      this.options.sink.write(`Pushgateway push to ${this.url} failed (${reason}); later pushes (on the interval, at forceFlush() and at shutdown) go on, and this is reported again when one succeeds`);
    }
    this.failing = true;
    return false;
  }

  private async attempt(exposition: string, timeoutMillis: number): Promise<void> {
    const gzip = this.options.compression === 'gzip';
    const headers: Record<string, string> = { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' };
    if (gzip) headers['content-encoding'] = 'gzip';
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'PUT',
        headers,
        body: gzip ? gzipSync(exposition) : exposition,
        signal: AbortSignal.timeout(timeoutMillis),
      });
    } catch (error) {
      throw new PushFailure(describe(error), true);
    }
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const text = (await response.text().catch(() => '')).trim().slice(0, 300);
    // 4xx other than 429 is a refusal (an inconsistent exposition, a wrong path): the same body fails again.
    const retryable = response.status >= 500 || response.status === 429;
    throw new PushFailure(`HTTP ${response.status}${text ? `: ${text}` : ''}`, retryable);
  }
}

function labelName(attribute: string): string {
  const name = attribute.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return `${error.message}: ${cause.code}`;
  return error.message;
}
