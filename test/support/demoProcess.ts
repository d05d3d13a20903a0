// Runs the demo service (examples/demo/main.ts) as a child process, as `npm start` does.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../examples/demo/main.ts', import.meta.url));

export interface DemoProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process ends by itself (bounded). */
  exited(timeoutMs?: number): Promise<number | null>;
  /** Sends SIGTERM and resolves with the exit code and how long the exit took. */
  terminate(): Promise<{ code: number | null; millis: number }>;
}

export function startDemo(env: Record<string, string>): DemoProcess {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  const deadline = Date.now() + timeoutMs;
  let body = '';
  while (Date.now() < deadline) {
    body = await fetch(url).then((r) => r.text(), () => '');
    if (accept(body)) return body;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`scrape of ${url} never matched; last body:\n${body.slice(0, 2000)}`);
}
