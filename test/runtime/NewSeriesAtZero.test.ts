// New counter and histogram series are shown to each Prometheus scraper at 0 once, over real
// HTTP: per scraper, never to other clients, and not on a scraper's very first scrape.
import { afterEach, describe, expect, it } from 'vitest';
import { DlqMetrics } from '../../src/domains/DlqMetrics.js';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { NewSeriesAtZero, ScraperViews, type ExposedSeries } from '../../src/runtime/NewSeriesAtZero.js';

const SERIES = /^dlq_messages_total\{[^}]*topic="orders"[^}]*\} (\S+)$/m;

async function scrape(runtime: MetricsRuntime, scraper?: string): Promise<string> {
  const headers: Record<string, string> = scraper === undefined ? {} : { 'x-prometheus-scrape-timeout-seconds': '10', 'user-agent': scraper };
  return (await fetch(runtime.prometheusUrl!, { headers })).text();
}
const dlqValue = (text: string) => SERIES.exec(text)?.[1];

describe.each([true, false])('new series at zero (fast path: %s)', (fastPath) => {
  let runtime: MetricsRuntime | undefined;
  afterEach(async () => {
    await runtime?.shutdown();
  });

  it('shows each scraper a new series at 0 once, then its value; other clients see the value', async () => {
    runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, fastPath });
    const dlq = new DlqMetrics(runtime);
    // Each scraper's first scrape primes it (shown as is), before the series exists.
    await scrape(runtime, 'Prometheus/2.42.0 replica-a');
    await scrape(runtime, 'Prometheus/2.42.0 replica-b');
    dlq.deadLettered({ topic: 'orders', reason: 'validation_failed' });
    expect(dlqValue(await scrape(runtime))).toBe('1'); // curl, a browser: the value
    expect(dlqValue(await scrape(runtime, 'Prometheus/2.42.0 replica-a'))).toBe('0');
    expect(dlqValue(await scrape(runtime, 'Prometheus/2.42.0 replica-a'))).toBe('1');
    expect(dlqValue(await scrape(runtime, 'Prometheus/2.42.0 replica-b'))).toBe('0'); // its own zero, not taken by replica-a
    expect(dlqValue(await scrape(runtime, 'Prometheus/2.42.0 replica-b'))).toBe('1');
    dlq.deadLettered({ topic: 'orders', reason: 'validation_failed' });
    expect(dlqValue(await scrape(runtime, 'Prometheus/2.42.0 replica-a'))).toBe('2');
  });

  it('shows a scraper that appears late the current values, not a history-long jump from 0', async () => {
    runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, fastPath });
    new DlqMetrics(runtime).deadLettered({ topic: 'orders', reason: 'validation_failed' });
    expect(dlqValue(await scrape(runtime, 'Prometheus/3.0.0'))).toBe('1');
  });

  it('zeroes a new histogram series whole: buckets, count and sum', async () => {
    runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, fastPath });
    const execution = new ExecutionMetrics(runtime);
    await scrape(runtime, 'Prometheus/2.42.0');
    execution.recordExecution({ status: 'completed', langAndVersion: 'go-1.22', durationSeconds: 0.07 });
    const first = await scrape(runtime, 'Prometheus/2.42.0');
    const lines = first.split('\n').filter((l) => l.startsWith('script_execution_duration') && l.includes('go-1.22'));
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.endsWith(' 0')).toBe(true);
    const second = await scrape(runtime, 'Prometheus/2.42.0');
    expect(second).toMatch(/^script_execution_duration_count\{[^}]*go-1\.22[^}]*\} 1$/m);
  });
});

describe('a scraper view of series that last (the fast path)', () => {
  const series = (): ExposedSeries => ({ exposedIn: undefined });

  it('shows a series at 0 only in the first scrape that exposes it after the scraper is primed', () => {
    const view = new NewSeriesAtZero();
    const old = series();
    const fresh = series();
    view.begin();
    expect(view.showsZeroOnce(old)).toBe(false); // the first scrape primes: as is
    view.end();
    view.begin();
    expect(view.showsZeroOnce(old)).toBe(false);
    expect(view.showsZeroOnce(fresh)).toBe(true);
    view.end();
    view.begin();
    expect(view.showsZeroOnce(fresh)).toBe(false);
    view.end();
  });

  it('counts a series exposed in a scrape that was cut short as exposed, so it never drops back to 0', () => {
    const view = new NewSeriesAtZero();
    const exposed = series();
    view.begin();
    view.showsZeroOnce(exposed);
    view.end();
    view.begin();
    expect(view.showsZeroOnce(exposed)).toBe(false); // no end(): the scraper went away
    view.begin();
    expect(view.showsZeroOnce(exposed)).toBe(false);
    view.end();
  });

  it('gives a new scraper the slot of the one forgotten, without what that one had seen', () => {
    const views = new ScraperViews(2);
    const seenByA = series();
    const a = views.view('a');
    for (let i = 0; i < 2; i++) {
      a.begin();
      a.showsZeroOnce(seenByA);
      a.end();
    }
    views.view('b');
    const c = views.view('c'); // a, least recently seen, is forgotten
    expect(c.slot).toBe(a.slot);
    c.begin();
    c.showsZeroOnce(series());
    c.end();
    c.begin();
    expect(c.showsZeroOnce(seenByA)).toBe(true); // new to c, whatever a saw
    c.end();
    expect(views.view('b').slot).not.toBe(c.slot);
  });

  it('keeps each of several scrapers apart on the same series', () => {
    const views = new ScraperViews();
    const a = views.view('a');
    const b = views.view('b');
    const shared = series();
    for (const view of [a, b]) {
      view.begin();
      view.end(); // primed, before the series existed
    }
    a.begin();
    expect(a.showsZeroOnce(shared)).toBe(true);
    a.end();
    b.begin();
    expect(b.showsZeroOnce(shared)).toBe(true); // its own zero, not taken by a
    b.end();
    for (const view of [a, b]) {
      view.begin();
      expect(view.showsZeroOnce(shared)).toBe(false);
      view.end();
    }
  });
});
