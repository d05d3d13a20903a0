#!/usr/bin/env node
// The package's command line: `otel-domain-metrics watch [url]`.
import { watch } from './watch.js';
import { parseWatchArgs, WATCH_USAGE } from './watchOptions.js';

const USAGE = `Usage: otel-domain-metrics <command>

Commands:
  watch [url]   a live table of a service's busiest metrics (see: watch --help)`;

async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '-h' || command === '--help') {
    process.stdout.write(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command !== 'watch') {
    process.stderr.write(`unknown command ${command}\n\n${USAGE}\n`);
    return 2;
  }
  const parsed = parseWatchArgs(rest);
  if (!parsed.ok) {
    if (parsed.help) {
      process.stdout.write(WATCH_USAGE + '\n');
      return 0;
    }
    process.stderr.write(`${parsed.error}\n\n${WATCH_USAGE}\n`);
    return 2;
  }
  return watch(parsed.options, { stdout: process.stdout, stdin: process.stdin, env: process.env });
}

main(process.argv.slice(2)).then(
  (code) => {
    // Idle keep-alive sockets of fetch would hold the process a few seconds after q.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`otel-domain-metrics: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
