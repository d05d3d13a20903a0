// Runs test/support/workers/clusterPrimary.ts as a child process with an IPC channel, sends it
// commands and reads the shared endpoint; `kill()` ends it and every worker it reported.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PrimaryCommand } from './workers/clusterPrimary.js';

const SCRIPT = fileURLToPath(new URL('./workers/clusterPrimary.ts', import.meta.url));

export interface ClusterPrimary {
  /** The shared endpoint; undefined with `ownPorts`. */
  readonly url: string | undefined;
  /** Sends a command and resolves with the primary's answer (rejects after `timeoutMs`). */
  command(command: Omit<PrimaryCommand, 'seq'>, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGKILLs the primary and every worker pid it reported; safe to call twice. */
  kill(): void;
  output(): string;
}

export interface ClusterPrimaryOptions {
  readonly fastPath: boolean;
  readonly workerTimeoutMillis?: number;
  readonly workers?: number;
  /** No cluster metrics in the primary: worker i serves its own endpoint on ownPorts[i - 1]. */
  readonly ownPorts?: readonly number[];
}

export async function startClusterPrimary(options: ClusterPrimaryOptions): Promise<ClusterPrimary> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      PATH: process.env['PATH'] ?? '',
      CLUSTER_TEST_FAST_PATH: String(options.fastPath),
      CLUSTER_TEST_WORKER_TIMEOUT: String(options.workerTimeoutMillis ?? 1000),
      ...(options.ownPorts ? { CLUSTER_TEST_OWN_PORTS: options.ownPorts.join(',') } : {}),
      CLUSTER_TEST_WORKERS: String(options.workers ?? 4),
      CLUSTER_TEST_PORT: '0',
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const pids = new Set<number>();
  const waiting = new Map<number, (answer: Record<string, unknown>) => void>();
  let seq = 0;
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster primary was not ready within 20 s:\n${output}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`the cluster primary exited (${code}):\n${output}`)));
    child.on('message', (message: Record<string, unknown>) => {
      if (typeof message['pid'] === 'number') pids.add(message['pid']);
      if (message['op'] === 'ready') {
        clearTimeout(timer);
        for (const pid of message['pids'] as number[]) pids.add(pid);
        resolve(message);
      } else if (typeof message['seq'] === 'number') waiting.get(message['seq'])?.(message);
    });
  });
  const kill = () => {
    for (const pid of [...pids, child.pid]) {
      try {
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  let started: Record<string, unknown>;
  try {
    started = await ready;
  } catch (error) {
    kill();
    throw error;
  }
  return {
    url: started['url'] as string | undefined,
    output: () => output,
    kill,
    command(command, timeoutMs = 15_000) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to ${JSON.stringify(command)} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
        waiting.set(id, (answer) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(answer);
        });
        child.send({ ...command, seq: id });
      });
    },
  };
}

