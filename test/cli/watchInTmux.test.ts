// The watch view in a real terminal: tmux panes of a given size run the CLI against a loopback
// summary server, a runtime recording in this process, and a closed port; the screen is read with
// `capture-pane -p` and compared with the checked-in fixtures (changing numbers masked).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsSummary } from '../../src/cli/MetricsSummary.js';
import { ExecutionMetrics } from '../../src/domains/ExecutionMetrics.js';
import { OperationMetrics } from '../../src/domains/OperationMetrics.js';
import type { MetricsRuntime } from '../../src/runtime/MetricsRuntime.js';
import { startMetrics } from '../../src/runtime/startMetrics.js';
import { startDemo } from '../support/demoProcess.js';
import { freePort } from '../support/ports.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = new URL('./fixtures/', import.meta.url);
const socket = `odm-watch-${process.pid}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// Under CI the terminal test must run: a missing tmux fails it there instead of skipping.
const enabled = hasTmux || process.env['CI'] === 'true';
const reason = 'tmux is not installed';
if (!enabled) console.warn(`SKIPPED "watch in a real terminal": ${reason}`);

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

const exitFile = (session: string) => join(tmpdir(), `${socket}-${session}.exit`);

/** Starts `watch` with `args` in a detached session of the given size; its exit status goes to a file. */
function startWatch(session: string, width: number, height: number, args: string): void {
  rmSync(exitFile(session), { force: true });
  const command = `cd ${JSON.stringify(root)} && ${JSON.stringify(process.execPath)} --import tsx src/cli/main.ts watch ${args}; echo $? > ${exitFile(session)}`;
  tmux('new-session', '-d', '-s', session, '-x', String(width), '-y', String(height), `sleep 0.3; ${command}`);
  tmux('set-option', '-t', session, 'remain-on-exit', 'on');
}

const screen = (session: string) => tmux('capture-pane', '-p', '-t', session).replace(/\s+$/, '');

async function waitForScreen(session: string, accept: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = screen(session);
    if (accept(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the screen never matched; last screen:\n${text}`);
}

/** Sends q and resolves with the exit status of the pane's process. */
async function quit(session: string): Promise<number> {
  tmux('send-keys', '-t', session, 'q');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (existsSync(exitFile(session))) {
      const status = readFileSync(exitFile(session), 'utf8').trim();
      if (status !== '') return Number(status);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`watch did not exit on q; screen:\n${screen(session)}`);
}

/** The loopback port and the time of the last update, masked in place (alignment kept). */
function withoutClock(text: string): string {
  return text.replace(/127\.0\.0\.1:(\d+)/, (_, port: string) => `127.0.0.1:${'P'.repeat(port.length)}`).replace(/updated \d\d:\d\d:\d\d/, 'updated HH:MM:SS');
}

/** Also every number in the table, each masked in place. */
function masked(text: string): string {
  return withoutClock(text)
    .replace(/last [\d.]+ s between/, 'last N s between')
    .split('\n')
    .map((line) => line.replace(/\s+(?:[\d.]+(?:µs|ms|s|min|%|k|M|B|KiB|MiB|GiB)?|-)(?=\s|$)/g, (cell) => '#'.padStart(cell.length)))
    .join('\n');
}

/** Compares with the fixture; UPDATE_FIXTURES=1 writes it instead (then review the diff). */
function expectFixture(name: string, text: string, { rowsInAnyOrder = false } = {}): void {
  const file = new URL(name, fixtures);
  if (process.env['UPDATE_FIXTURES'] === '1') writeFileSync(file, text + '\n');
  const expected = readFileSync(file, 'utf8').replace(/\n$/, '');
  // The header is 4 lines; the table rows follow.
  const ordered = (t: string) => (rowsInAnyOrder ? [...t.split('\n').slice(0, 4), ...t.split('\n').slice(4).sort()].join('\n') : t);
  expect(ordered(text)).toBe(ordered(expected));
}

const SUMMARY: MetricsSummary = {
  takenAt: '2025-01-01T00:00:00.000Z',
  windowSeconds: 60,
  top: [
    { name: 'http.server.request.duration', attributes: { 'http.request.method': 'GET', 'http.route': '/orders/:id' }, ratePerSecond: 212.4, errorRatio: 0.062, p50: 0.0123, p95: 0.245, p99: 1.5, unit: 's' },
    { name: 'script.executions.total', attributes: { lang_and_version: 'python-3.11' }, ratePerSecond: 18.25, errorRatio: 0.02, p50: null, p95: null, p99: null, unit: '{execution}' },
    { name: 'task.result.size', attributes: { task_type: 'resize' }, ratePerSecond: 3, errorRatio: null, p50: 2048, p95: 1.5 * 1024 * 1024, p99: 3e9, unit: 'By' },
    { name: 'cache.requests.total', attributes: { cache: 'scripts' }, ratePerSecond: 0.004, errorRatio: 0, p50: null, p95: null, p99: null, unit: '{request}' },
  ],
};

(enabled ? describe : describe.skip)(enabled ? 'watch in a real terminal (tmux)' : `watch in a real terminal [skipped: ${reason}]`, () => {
  let server: Server;
  let summaryUrl: string;
  let runtime: MetricsRuntime;
  let recording: NodeJS.Timeout;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/metrics/summary') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(SUMMARY));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    summaryUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    runtime = await startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, runtimeMetrics: false, diagnostics: 'silent' });
    const executions = new ExecutionMetrics(runtime);
    const operations = new OperationMetrics(runtime);
    let n = 0;
    // 200 executions/s (every tenth failed) and 50 operations/s, bounded by the afterAll.
    recording = setInterval(() => {
      for (let i = 0; i < 20; i++) {
        n++;
        executions.recordExecution({ status: n % 10 === 0 ? 'failed' : 'completed', langAndVersion: 'python-3.11', durationSeconds: 0.05 + (n % 20) / 10 });
      }
      for (let i = 0; i < 5; i++) operations.succeeded({ operation: 'plan' });
    }, 100);
  });

  afterAll(async () => {
    clearInterval(recording);
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    await new Promise((resolve) => server?.close(resolve));
    await runtime?.shutdown();
  });

  it('shows the summary as the fixture on a 100×30 terminal, and q exits with 0 and restores the screen', async () => {
    startWatch('wide', 100, 30, `${summaryUrl} --interval 1`);
    const text = await waitForScreen('wide', (t) => t.includes('cache.requests.total'));
    expectFixture('watch-summary-100x30.txt', withoutClock(text));
    expect(await quit('wide')).toBe(0);
    // The alternate screen is gone: the table is no longer on the pane.
    expect(screen('wide')).not.toContain('RATE/S');
  });

  it('drops columns and cuts names on a 50-column terminal', async () => {
    startWatch('narrow', 50, 30, `${summaryUrl} --interval 1`);
    const text = await waitForScreen('narrow', (t) => t.includes('cache.requests'));
    expectFixture('watch-summary-50x30.txt', withoutClock(text));
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    expect(await quit('narrow')).toBe(0);
  });

  it('reads a runtime\'s Prometheus text endpoint: rates between scrapes, the failed share, bucket estimates', async () => {
    startWatch('text', 100, 30, `${runtime.prometheusUrl!} --source prometheus --interval 1`);
    await waitForScreen('text', (t) => t.includes('operation_total') && t.includes('script_execution_duration'));
    // The first window shows new counter series from 0 (as Prometheus sees them): two refreshes
    // later the execution counter and histogram move alike and sort by name.
    await new Promise((r) => setTimeout(r, 2500));
    const text = screen('text');
    // Rows of equal rate may come in either order on a loaded machine: compared as a set.
    expectFixture('watch-prometheus-100x30.txt', masked(text), { rowsInAnyOrder: true });
    const executions = text.split('\n').find((line) => line.startsWith('script_executions_total'))!;
    // Every tenth execution failed: 10 %, whatever the exact rate.
    expect(executions).toMatch(/\s10%\s/);
    expect(await quit('text')).toBe(0);
  });

  it("shows the demo service's own summary endpoint, found by itself from the base URL", async () => {
    const port = await freePort();
    const demo = startDemo({ METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1', DEMO_TIME_SCALE: '0.05', DEMO_REQUESTS_PER_SECOND: '60' });
    try {
      startWatch('demo', 120, 40, `http://127.0.0.1:${port} --interval 1`);
      // A row with a rate and three percentiles in time units: a duration, read from the summary.
      const durationRow = /\s[\d.]+\s+(?:-|[\d.]+%)\s+[\d.]+(?:µs|ms|s)\s+[\d.]+(?:µs|ms|s)\s+[\d.]+(?:µs|ms|s)$/m;
      const text = await waitForScreen('demo', (t) => t.includes('summary endpoint') && durationRow.test(t), 40_000);
      const lines = text.split('\n');
      expect(lines[1]).toMatch(/^summary endpoint, last 60 s; busiest first/);
      // Rows name the demo's metrics by their OpenTelemetry names, as the summary gives them.
      // (dotted: the Prometheus text fallback would show underscored names).
      expect(lines.slice(4).filter((line) => /^[a-z][a-z0-9_]*\.[a-z0-9_.]+[{ …]/.test(line)).length, text).toBeGreaterThan(0);
      expect(await quit('demo')).toBe(0);
    } finally {
      await demo.terminate();
    }
  }, 60_000);

  it('keeps going against a dead endpoint, saying so, and still quits cleanly', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    startWatch('dead', 80, 20, `http://127.0.0.1:${closed} --interval 0.3`);
    await waitForScreen('dead', (t) => t.includes('unreachable: ECONNREFUSED, retrying'));
    await new Promise((r) => setTimeout(r, 1000));
    expect(existsSync(exitFile('dead'))).toBe(false);
    expect(screen('dead')).toContain('unreachable: ECONNREFUSED, retrying');
    expect(await quit('dead')).toBe(0);
  });
});
