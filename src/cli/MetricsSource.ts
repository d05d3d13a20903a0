// Where the watch view's rows come from: the runtime's summary endpoint, or, when it answers 404
// (another service, an older version, the summary switched off), the Prometheus text endpoint
// scraped twice for rates.
import { isMetricsSummary, type SummaryRow } from './MetricsSummary.js';
import { parseExposition, type Exposition } from './prometheusText.js';
import { ratesBetween } from './scrapeRates.js';

export type SourceMode = 'auto' | 'summary' | 'prometheus';

export type Reading =
  | { readonly ok: true; readonly source: 'summary' | 'prometheus'; readonly rows: readonly SummaryRow[]; readonly windowSeconds: number | undefined }
  | { readonly ok: false; readonly error: string };

/** The summary and text URLs for what the user typed: a base URL, or a URL ending in /metrics. */
export function endpointUrls(given: string): { summary: string; text: string } {
  const url = new URL(given);
  const path = url.pathname.replace(/\/+$/, '');
  const metricsPath = path.endsWith('/metrics') ? path : `${path}/metrics`;
  const at = (pathname: string) => Object.assign(new URL(url.href), { pathname }).href;
  return { summary: at(`${metricsPath}/summary`), text: at(metricsPath) };
}

export class MetricsSource {
  private readonly urls: { summary: string; text: string };
  private mode: SourceMode;
  private previous: { exposition: Exposition; at: number } | undefined;

  constructor(url: string, mode: SourceMode, private readonly timeoutMillis: number) {
    this.urls = endpointUrls(url);
    this.mode = mode;
  }

  /** Whether the next reading needs one more scrape to have rates (text source, first scrape). */
  get needsSecondScrape(): boolean {
    return this.mode === 'prometheus' && this.previous === undefined;
  }

  async read(): Promise<Reading> {
    try {
      if (this.mode !== 'prometheus') {
        const response = await fetch(this.urls.summary, { signal: AbortSignal.timeout(this.timeoutMillis), headers: { accept: 'application/json' } });
        if (response.status === 404 && this.mode === 'auto') {
          await response.body?.cancel();
          this.mode = 'prometheus';
        } else {
          if (!response.ok) return { ok: false, error: `${this.urls.summary} answered ${response.status} ${response.statusText}, retrying` };
          const body: unknown = await response.json();
          if (!isMetricsSummary(body)) return { ok: false, error: `${this.urls.summary} did not answer a metrics summary, retrying` };
          return { ok: true, source: 'summary', rows: body.top, windowSeconds: body.windowSeconds };
        }
      }
      return await this.readText();
    } catch (error) {
      return { ok: false, error: `unreachable: ${reasonOf(error)}, retrying` };
    }
  }

  private async readText(): Promise<Reading> {
    const response = await fetch(this.urls.text, { signal: AbortSignal.timeout(this.timeoutMillis) });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, error: `${this.urls.text} answered ${response.status} ${response.statusText}, retrying` };
    }
    const exposition = parseExposition(await response.text());
    const now = performance.now();
    const previous = this.previous;
    this.previous = { exposition, at: now };
    if (previous === undefined) return { ok: true, source: 'prometheus', rows: [], windowSeconds: undefined };
    const seconds = (now - previous.at) / 1000;
    return { ok: true, source: 'prometheus', rows: ratesBetween(previous.exposition, exposition, seconds), windowSeconds: seconds };
  }
}

/** ECONNREFUSED, ENOTFOUND, "timed out", …: what went wrong in a word. */
function reasonOf(error: unknown): string {
  let e: unknown = error;
  // fetch wraps the socket error in its cause (sometimes twice); bounded depth.
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    if (e.name === 'TimeoutError') return 'timed out';
    if (e.cause === undefined) return e.message;
    e = e.cause;
  }
  return String(e);
}
