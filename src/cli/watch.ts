// The watch loop: reads the endpoint every interval and redraws the frame in the terminal's
// alternate screen with plain ANSI sequences (works over ssh and in tmux), until q or Ctrl-C,
// then restores the terminal.
import { emitKeypressEvents } from 'node:readline';
import { MetricsSource, type Reading } from './MetricsSource.js';
import { renderFrame, type Frame } from './renderFrame.js';
import type { WatchOptions } from './watchOptions.js';

export interface WatchTerminal {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly env: NodeJS.ProcessEnv;
}

const ENTER_ALTERNATE = '\x1b[?1049h\x1b[?25l';
const LEAVE_ALTERNATE = '\x1b[?25h\x1b[?1049l';
const HOME = '\x1b[H';
const CLEAR_LINE_END = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';

/** Runs the view; resolves with the process exit code. */
export async function watch(options: WatchOptions, terminal: WatchTerminal): Promise<number> {
  const { stdout } = terminal;
  const color = options.color ?? (stdout.isTTY === true && terminal.env['NO_COLOR'] === undefined);
  const source = new MetricsSource(options.url, options.source, Math.min(5000, Math.max(1000, options.intervalSeconds * 1000)));
  const size = () => ({ width: stdout.columns ?? (Number(terminal.env['COLUMNS']) || 100), height: stdout.rows ?? (Number(terminal.env['LINES']) || 30) });
  let last: Omit<Frame, 'width' | 'height' | 'color'> = { url: options.url, source: undefined, windowSeconds: undefined, rows: [], status: 'connecting…', statusIsError: false };
  const frameOf = () => renderFrame({ ...last, ...size(), color });

  const apply = (reading: Reading) => {
    last = reading.ok
      ? { ...last, source: reading.source, rows: reading.rows, windowSeconds: reading.windowSeconds, status: `updated ${new Date().toTimeString().slice(0, 8)}`, statusIsError: false }
      : { ...last, status: reading.error, statusIsError: true };
  };

  if (options.once) {
    let reading = await source.read();
    // The text source has rates only from its second scrape.
    if (reading.ok && reading.source === 'prometheus' && reading.windowSeconds === undefined) {
      await sleep(options.intervalSeconds * 1000);
      reading = await source.read();
    }
    apply(reading);
    stdout.write(frameOf().join('\n') + '\n');
    return reading.ok ? 0 : 1;
  }

  const interactive = stdout.isTTY === true;
  return new Promise<number>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const draw = () => {
      if (stopped) return;
      if (interactive) stdout.write(HOME + frameOf().map((line) => line + CLEAR_LINE_END).join('\r\n') + CLEAR_BELOW);
      else stdout.write(frameOf().join('\n') + '\n\n');
    };
    const tick = async () => {
      apply(await source.read());
      draw();
      if (!stopped) timer = setTimeout(tick, source.needsSecondScrape ? Math.min(1000, options.intervalSeconds * 1000) : options.intervalSeconds * 1000);
    };
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      stdout.off('resize', draw);
      terminal.stdin.off('keypress', onKey);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (terminal.stdin.isTTY === true) terminal.stdin.setRawMode(false);
      terminal.stdin.pause();
      if (interactive) stdout.write(LEAVE_ALTERNATE);
      resolve(0);
    };
    const onKey = (text: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
      if (text === 'q' || text === 'Q' || (key?.ctrl === true && key.name === 'c')) stop();
    };
    if (interactive) stdout.write(ENTER_ALTERNATE);
    if (terminal.stdin.isTTY === true) {
      emitKeypressEvents(terminal.stdin);
      terminal.stdin.setRawMode(true);
      terminal.stdin.on('keypress', onKey);
      terminal.stdin.resume();
    }
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    stdout.on('resize', draw);
    draw();
    void tick();
  });
}

function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}
