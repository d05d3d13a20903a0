// A real Prometheus server on loopback for e2e tests: scrapes the given targets every second and
// answers PromQL through its HTTP API.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { until } from './testKit.js';

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusServer {
  readonly url: string;
  query(expr: string): Promise<PromSample[]>;
  /** Polls `expr` until `accept` holds for the result (bounded by `timeoutMs`); returns that result. */
  waitFor(expr: string, accept: (samples: PromSample[]) => boolean, timeoutMs?: number): Promise<PromSample[]>;
  stop(): Promise<void>;
}

/** How a job scrapes its targets, as Prometheus's own scrape_config settings. */
export interface ScrapeSettings {
  /** @default "http" */
  readonly scheme?: 'http' | 'https';
  /** Keep the target's own job and instance labels (as a Pushgateway's scrape must). */
  readonly honorLabels?: boolean;
  /** Sent as `Authorization: <type> <credentials>` (type defaults to Bearer). */
  readonly authorization?: { readonly type?: string; readonly credentials: string };
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /** tls_config: the CA that signed the target's certificate, and the name to check it for. */
  readonly tls?: { readonly caFile?: string; readonly serverName?: string; readonly insecureSkipVerify?: boolean };
}

export interface ScrapeJob extends ScrapeSettings {
  readonly name: string;
  readonly targets: readonly string[];
}

export interface PrometheusOptions {
  readonly targets: readonly string[];
  readonly ruleFiles?: readonly string[];
  readonly scrapeIntervalSeconds?: number;
  /** Scrape settings of the job "app" that scrapes `targets`. */
  readonly scrape?: ScrapeSettings;
  /** Further jobs, each with its own targets and settings. */
  readonly jobs?: readonly ScrapeJob[];
}

export async function startPrometheus(binary: string, options: PrometheusOptions): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'odm-prometheus-'));
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    ...(options.ruleFiles?.length ? ['rule_files:', ...options.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)] : []),
    'scrape_configs:',
    ...scrapeJob({ name: 'app', targets: options.targets, ...options.scrape }),
    ...(options.jobs ?? []).flatMap(scrapeJob),
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), config + '\n');
  const port = await freePort();
  const child = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopProcess(child).finally(() => rmSync(dir, { recursive: true, force: true }));

  try {
    await until(async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true, {
      timeoutMs: 30_000,
      intervalMs: 250,
      describe: () => `Prometheus did not become ready: ${stderr}`,
    });
  } catch (error) {
    await stop();
    throw error;
  }

  const query = async (expr: string): Promise<PromSample[]> => {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await response.json()) as { status: string; error?: string; data: { resultType: string; result: PromSample[] } };
    if (body.status !== 'success') throw new Error(`PromQL ${expr} failed: ${body.error}`);
    return body.data.result;
  };

  return {
    url,
    query,
    async waitFor(expr, accept, timeoutMs = 30_000) {
      let last: PromSample[] = [];
      await until(async () => accept((last = await query(expr))), {
        timeoutMs,
        intervalMs: 250,
        describe: () => `${expr} never satisfied the condition; last result ${JSON.stringify(last)}`,
      });
      return last;
    },
    stop,
  };
}

function scrapeJob(job: ScrapeJob): string[] {
  const q = (text: string) => JSON.stringify(text);
  return [
    `  - job_name: ${q(job.name)}`,
    ...(job.scheme ? [`    scheme: ${job.scheme}`] : []),
    ...(job.honorLabels ? ['    honor_labels: true'] : []),
    ...(job.authorization
      ? ['    authorization:', `      type: ${q(job.authorization.type ?? 'Bearer')}`, `      credentials: ${q(job.authorization.credentials)}`]
      : []),
    ...(job.basicAuth ? ['    basic_auth:', `      username: ${q(job.basicAuth.username)}`, `      password: ${q(job.basicAuth.password)}`] : []),
    ...(job.tls
      ? [
          '    tls_config:',
          ...(job.tls.caFile ? [`      ca_file: ${q(job.tls.caFile)}`] : []),
          ...(job.tls.serverName ? [`      server_name: ${q(job.tls.serverName)}`] : []),
          ...(job.tls.insecureSkipVerify !== undefined ? [`      insecure_skip_verify: ${job.tls.insecureSkipVerify}`] : []),
        ]
      : []),
    '    static_configs:',
    `      - targets: [${job.targets.map((t) => q(t)).join(', ')}]`,
  ];
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
