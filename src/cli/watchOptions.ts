// The command line of `otel-domain-metrics watch`.
import type { SourceMode } from './MetricsSource.js';

export interface WatchOptions {
  readonly url: string;
  readonly intervalSeconds: number;
  readonly once: boolean;
  readonly source: SourceMode;
  readonly color: boolean | undefined;
}

export const DEFAULT_URL = 'http://127.0.0.1:9464';

export const WATCH_USAGE = `Usage: otel-domain-metrics watch [url] [options]

A live table of a service's busiest metrics: rate per second, error ratio, p50/p95/p99.
Reads <url>/metrics/summary, or, where that answers 404, any Prometheus /metrics endpoint
(rates between two scrapes, percentiles estimated from histogram buckets).

  url                 the metrics endpoint (default ${DEFAULT_URL}); a URL ending in
                      /metrics is used as the text endpoint as given
  --interval <secs>   seconds between refreshes (default 2)
  --once              print one frame and exit (1 if the endpoint did not answer)
  --source <source>   auto (default), summary or prometheus
  --no-color          no colours (also when NO_COLOR is set or output is not a terminal)
  -h, --help          this help

Keys: q or Ctrl-C quits.`;

export type Parsed = { readonly ok: true; readonly options: WatchOptions } | { readonly ok: false; readonly help: boolean; readonly error?: string };

/** Parses the arguments after `watch`. */
export function parseWatchArgs(args: readonly string[]): Parsed {
  let url: string | undefined;
  let intervalSeconds = 2;
  let once = false;
  let source: SourceMode = 'auto';
  let color: boolean | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? args[++i];
    switch (flag) {
      case '-h':
      case '--help':
        return { ok: false, help: true };
      case '--once':
        once = true;
        break;
      case '--no-color':
        color = false;
        break;
      case '--interval': {
        const text = value();
        const seconds = Number(text);
        if (text === undefined || !Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600) return { ok: false, help: false, error: `--interval takes seconds between 0.1 and 3600, got ${text ?? 'nothing'}` };
        intervalSeconds = seconds;
        break;
      }
      case '--source': {
        const text = value();
        if (text !== 'auto' && text !== 'summary' && text !== 'prometheus') return { ok: false, help: false, error: `--source takes auto, summary or prometheus, got ${text ?? 'nothing'}` };
        source = text;
        break;
      }
      default:
        if (flag.startsWith('-')) return { ok: false, help: false, error: `unknown option ${flag}` };
        if (url !== undefined) return { ok: false, help: false, error: `one URL only, got ${url} and ${arg}` };
        url = arg;
    }
  }
  const resolved = url ?? DEFAULT_URL;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(resolved) ? resolved : `http://${resolved}`;
  try {
    const parsed = new URL(withScheme);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, help: false, error: `not an http(s) URL: ${resolved}` };
  } catch {
    return { ok: false, help: false, error: `not a URL: ${resolved}` };
  }
  return { ok: true, options: { url: withScheme, intervalSeconds, once, source, color } };
}
