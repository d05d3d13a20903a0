import { afterEach, describe, expect, it, vi } from 'vitest';
import { startClusterPrimary, type ClusterPrimary } from '../../support/clusterPrimaryProcess.js';
import { samples, total } from '../../support/testKit.js';
import { freePort } from '../../support/ports.js';

// A real node:cluster: a primary child process with startClusterMetrics(), four workers with
// startMetrics(), scraped over loopback.
const COUNTS = [10, 20, 30, 40] as const;
// Five processes start per test on a shared machine; the helpers' own limits (20 s to start, 15 s
// per command, 10 s per scrape) fail first, with the processes' output.
vi.setConfig({ testTimeout: 90_000 });
const EVENTS = 'clustertest_events_total';

async function scrape(primary: ClusterPrimary): Promise<{ text: string; millis: number }> {
  const started = Date.now();
  const response = await fetch(primary.url!, { signal: AbortSignal.timeout(10_000) });
  expect(response.status).toBe(200);
  return { text: await response.text(), millis: Date.now() - started };
}

/** The cluster.worker slot whose index gauge holds `key` (slots are given in the order workers report first). */
function slotOf(text: string, key: number): string {
  for (const [labels, value] of samples(text, 'clustertest_worker_index')) {
    if (value === key) return /cluster_worker="(\d+)"/.exec(labels)![1]!;
  }
  throw new Error(`no worker with index ${key}:\n${text}`);
}

describe.each([{ fastPath: true }, { fastPath: false }])('cluster metrics (fastPath: $fastPath)', ({ fastPath }) => {
  let primary: ClusterPrimary | undefined;
  afterEach(() => {
    primary?.kill();
    primary = undefined;
  });

  async function startWithCounts(workerTimeoutMillis = 1000): Promise<ClusterPrimary> {
    primary = await startClusterPrimary({ fastPath, workerTimeoutMillis });
    for (const [i, count] of COUNTS.entries()) await primary.command({ op: 'record', key: i + 1, count });
    return primary;
  }

  it('one scrape of the shared endpoint returns the exact sum over the four workers', async () => {
    const cluster = await startWithCounts();
    const { text } = await scrape(cluster);

    expect(total(text, EVENTS)).toBe(100);
    expect(samples(text, EVENTS).size).toBe(1);
    expect(total(text, 'clustertest_duration_count')).toBe(100);
    expect(total(text, 'clustertest_duration_sum')).toBe(50);
    expect(samples(text, 'clustertest_duration_bucket').get('{kind="a",le="0.25"}')).toBe(0);
    expect(samples(text, 'clustertest_duration_bucket').get('{kind="a",le="0.5"}')).toBe(100);
    // Two HELP/TYPE blocks for one family would make Prometheus reject the whole scrape.
    expect(text.match(/^# TYPE clustertest_events_total /gm)).toHaveLength(1);

    // A second scrape after more records: the workers are asked again, not served from a cache.
    await cluster.command({ op: 'record', key: 3, count: 5 });
    expect(total((await scrape(cluster)).text, EVENTS)).toBe(105);
  });

  it('shows gauges and up-down counters per worker, one series per cluster.worker slot', async () => {
    const cluster = await startWithCounts();
    const { text } = await scrape(cluster);

    const index = samples(text, 'clustertest_worker_index');
    expect([...index.values()].sort()).toEqual([1, 2, 3, 4]);
    expect([...index.keys()].map((labels) => /cluster_worker="(\d+)"/.exec(labels)![1]).sort()).toEqual(['1', '2', '3', '4']);
    const inflight = samples(text, 'clustertest_inflight');
    for (const key of [1, 2, 3, 4]) {
      const slot = slotOf(text, key);
      expect([...inflight].find(([labels]) => labels.includes(`cluster_worker="${slot}"`))?.[1]).toBe(key * 10);
    }
  });

  it('keeps a killed worker’s last reported totals and adds its replacement’s on top: monotonic, never double-counted', async () => {
    const cluster = await startWithCounts();
    const before = await scrape(cluster);
    expect(total(before.text, EVENTS)).toBe(100);
    const victimSlot = slotOf(before.text, 2);

    // Recorded after the worker's last report: this is what a SIGKILL loses.
    await cluster.command({ op: 'record', key: 2, count: 7 });
    const killed = await cluster.command({ op: 'kill', key: 2 });
    expect(killed['reporting']).toBe(3);

    const afterKill = await scrape(cluster);
    expect(total(afterKill.text, EVENTS)).toBe(100);
    expect(total(afterKill.text, 'clustertest_duration_count')).toBe(100);
    // Its gauge leaves with it.
    expect([...samples(afterKill.text, 'clustertest_worker_index').values()].sort()).toEqual([1, 3, 4]);

    const forked = await cluster.command({ op: 'fork', key: 2 });
    expect(forked['reporting']).toBe(4);
    const restarted = await scrape(cluster);
    expect(total(restarted.text, EVENTS)).toBe(100);
    await cluster.command({ op: 'record', key: 2, count: 3 });
    const afterRestart = await scrape(cluster);
    expect(total(afterRestart.text, EVENTS)).toBe(103);
    expect(total(afterRestart.text, 'clustertest_duration_count')).toBe(103);
    expect(total(afterRestart.text, 'clustertest_duration_sum')).toBe(51.5);
    // The replacement takes the free slot, so the per-worker series continue under the same label.
    expect(slotOf(afterRestart.text, 2)).toBe(victimSlot);
    expect(samples(afterRestart.text, 'clustertest_worker_index').size).toBe(4);

    // Scraped again with nothing new: the same total, not the dead worker's counts added twice.
    expect(total((await scrape(cluster)).text, EVENTS)).toBe(103);
  });

  it('takes the final totals of a worker whose runtime shuts down, and stops asking it', async () => {
    const cluster = await startWithCounts(3000);
    // Not scraped since: only the worker's final report brings these in.
    await cluster.command({ op: 'record', key: 1, count: 6 });
    const shutDown = await cluster.command({ op: 'shutdown', key: 1 });
    expect(shutDown['reporting']).toBe(3);
    const after = await scrape(cluster);
    expect(total(after.text, EVENTS)).toBe(106);
    expect(samples(after.text, 'clustertest_worker_index').size).toBe(3);
    // The stopped worker is not waited for: well under the 3 s bound.
    expect(after.millis).toBeLessThan(2000);
  });

  it('answers within the bound while a worker hangs, counting that worker with its previous report', async () => {
    const cluster = await startWithCounts(400);
    expect(total((await scrape(cluster)).text, EVENTS)).toBe(100);

    await cluster.command({ op: 'record', key: 4, count: 1 });
    await cluster.command({ op: 'hang', key: 4, millis: 5000 });
    const during = await scrape(cluster);
    // The bound plus a loaded machine's slack, far below the 5 s the worker is stuck.
    expect(during.millis).toBeLessThan(2500);
    expect(during.millis).toBeGreaterThanOrEqual(350);
    // The hanging worker's one new event is not in its previous report: 100, not 101, and not less.
    expect(total(during.text, EVENTS)).toBe(100);
    expect(samples(during.text, 'clustertest_worker_index').size).toBe(4);
    // The operator is told (console by default, once per cause with a rate limit).
    // (The line travels through a pipe, which may arrive a moment after the HTTP answer.)
    for (let i = 0; i < 40 && !cluster.output().includes('did not answer'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(cluster.output()).toContain('otel-domain-metrics: cluster metrics: 1 worker did not answer within 400 ms (workerTimeoutMillis)');

    // Once it runs again, its late answer or the next request brings the new event in.
    await cluster.command({ op: 'record', key: 1, count: 0 }, 10_000);
    await cluster.command({ op: 'record', key: 4, count: 0 }, 10_000);
    expect(total((await scrape(cluster)).text, EVENTS)).toBe(101);
  });

  it('workers report to the primary instead of binding a port, each with its own service.instance.id for OTLP', async () => {
    const cluster = await startWithCounts();
    const described = await Promise.all([1, 2, 3, 4].map((key) => cluster.command({ op: 'describe', key })));
    expect(described.map((d) => d['prometheusUrl'])).toEqual([null, null, null, null]);
    const ids = described.map((d) => d['instanceId']);
    expect(new Set(ids).size).toBe(4);
    // The shared endpoint shows the primary's identity once, not the workers'.
    const { text } = await scrape(cluster);
    for (const id of ids) expect(text).not.toContain(String(id));
  });
});

describe('a cluster without cluster metrics in the primary', () => {
  let primary: ClusterPrimary | undefined;
  afterEach(() => {
    primary?.kill();
    primary = undefined;
  });

  it('keeps one endpoint per worker on its own port, each with its own counts (the default role changes nothing)', async () => {
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    primary = await startClusterPrimary({ fastPath: true, ownPorts: ports });
    expect(primary.url).toBeUndefined();
    for (const [i, count] of COUNTS.entries()) await primary.command({ op: 'record', key: i + 1, count });
    for (const [i, port] of ports.entries()) {
      const described = await primary.command({ op: 'describe', key: i + 1 });
      expect(described['prometheusUrl']).toBe(`http://127.0.0.1:${port}/metrics`);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
      expect(total(text, EVENTS)).toBe(COUNTS[i]);
      expect(text).not.toContain('cluster_worker=');
    }
  });
});
