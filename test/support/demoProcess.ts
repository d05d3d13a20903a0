// Runs the demo service (examples/demo/main.ts) as a child process: as `npm start` runs it, or
// through `npm start` itself, in a process group of its own (as a terminal's Ctrl-C sees it).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { until } from './testKit.js';

const MAIN = fileURLToPath(new URL('../../examples/demo/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface DemoProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process ends by itself (bounded). */
  exited(timeoutMs?: number): Promise<number | null>;
  /** Sends SIGTERM and resolves with the exit code and how long the exit took. */
  terminate(): Promise<{ code: number | null; millis: number }>;
}

export interface NpmStartProcess extends DemoProcess {
  /** The demo's own pid (npm's child), once it has printed it. */
  demoPid(timeoutMs?: number): Promise<number>;
  /** Signals the whole process group, as Ctrl-C in a terminal does. */
  signalGroup(signal: NodeJS.Signals): void;
  /** SIGKILLs whatever is left of the group (npm, the demo); safe to call when all is gone. */
  killAll(): void;
}

export function startDemo(env: Record<string, string>): DemoProcess {
  return track(
    spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Runs `npm start` in the repository, leader of a new process group. */
export function startNpmStart(env: Record<string, string>): NpmStartProcess {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', npm_config_update_notifier: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const demo = track(child);
  const ignoreGone = (send: () => void) => {
    try {
      send();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  return {
    ...demo,
    async demoPid(timeoutMs = 15_000) {
      let printed: RegExpExecArray | null = null;
      await until(() => (printed = /\bpid (\d+)\)/.exec(demo.output())) !== null, {
        timeoutMs,
        intervalMs: 100,
        describe: () => `the demo printed no pid within ${timeoutMs} ms:\n${demo.output()}`,
      });
      return Number(printed![1]);
    },
    signalGroup: (signal) => ignoreGone(() => process.kill(-child.pid!, signal)),
    // An orphaned demo stays in npm's process group, so this reaches it too.
    killAll: () => ignoreGone(() => process.kill(-child.pid!, 'SIGKILL')),
  };
}

/** Whether a process with this pid still runs; an exited one its parent has not reaped yet does not. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Linux: the state follows the parenthesised command name; Z is a zombie.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function track(child: ChildProcess): DemoProcess {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited: (timeoutMs = 15_000) =>
      Promise.race([
        exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`demo still running after ${timeoutMs} ms:\n${output}`)), timeoutMs).unref()),
      ]),
    async terminate() {
      const began = Date.now();
      if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, millis: 0 };
      if (child.exitCode === null) child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(kill);
      return { code, millis: Date.now() - began };
    },
  };
}

/** Polls the scrape URL until `accept` holds for its body (bounded), returning the body. */
export async function waitForScrape(url: string, accept: (body: string) => boolean, timeoutMs = 30_000): Promise<string> {
  let body = '';
  await until(async () => accept((body = await fetch(url).then((r) => r.text(), () => ''))), {
    timeoutMs,
    intervalMs: 200,
    describe: () => `scrape of ${url} never matched; last body:\n${body.slice(0, 2000)}`,
  });
  return body;
}
