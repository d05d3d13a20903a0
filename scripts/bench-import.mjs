// Measures what each OTLP protocol costs a service: the bytes its exporter packages add to an install
// beyond what the library always needs, and the time to import them in a fresh Node process.
// Usage: npm run bench:import [-- --runs 9]. Prints a Markdown table for the README.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;

// What every service loads anyway; an exporter's import is timed after these, so that its own
// cost is what is measured.
const ALWAYS_LOADED = ['@opentelemetry/api', '@opentelemetry/sdk-metrics', '@opentelemetry/resources'];
// What every install has: the library's required runtime packages other than the OTLP exporters.
const ALWAYS_INSTALLED = [...ALWAYS_LOADED, '@opentelemetry/exporter-prometheus'];

const CHOICES = [
  { protocol: 'none (Prometheus only)', packages: [], imports: [] },
  { protocol: 'http/protobuf', packages: ['@opentelemetry/exporter-metrics-otlp-proto'], imports: ['@opentelemetry/exporter-metrics-otlp-proto'] },
  { protocol: 'http/json', packages: ['@opentelemetry/exporter-metrics-otlp-http'], imports: ['@opentelemetry/exporter-metrics-otlp-http'] },
  // The gRPC exporter loads grpc-js on its first export; a running service pays for both.
  {
    protocol: 'grpc',
    packages: ['@opentelemetry/exporter-metrics-otlp-grpc', '@grpc/grpc-js'],
    imports: ['@opentelemetry/exporter-metrics-otlp-grpc', '@grpc/grpc-js'],
  },
];

/** The directory of `name` as Node would find it from `fromDir`, or undefined. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Every package directory `names` need at run time (dependencies and optional ones), themselves included. */
function closure(names) {
  const seen = new Set();
  const queue = names.map((name) => packageDir(name, ROOT)).filter(Boolean);
  while (queue.length > 0) {
    const dir = queue.pop();
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const found = packageDir(dep, dir);
      if (found) queue.push(found);
    }
  }
  return seen;
}

/** Bytes of the files under `dir`, nested node_modules excluded (those are packages of their own). */
function bytesOf(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesOf(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Milliseconds to import `specifiers` in a fresh process after the always-loaded packages. */
function importMillis(specifiers) {
  const script = `
    for (const name of ${JSON.stringify(ALWAYS_LOADED)}) await import(name);
    const start = performance.now();
    for (const name of ${JSON.stringify(specifiers)}) await import(name);
    process.stdout.write(String(performance.now() - start));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const base = closure(ALWAYS_INSTALLED);
const version = (name) => JSON.parse(readFileSync(join(packageDir(name, ROOT), 'package.json'), 'utf8')).version;
console.log(`Node ${process.version}, @opentelemetry/sdk-metrics ${version('@opentelemetry/sdk-metrics')}; median of ${RUNS} fresh processes\n`);
console.log('| protocol | packages | added install size | packages added | import time (median) |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const choice of CHOICES) {
  const added = [...closure(choice.packages)].filter((dir) => !base.has(dir));
  const bytes = added.reduce((sum, dir) => sum + bytesOf(dir), 0);
  const times = choice.imports.length === 0 ? [0] : Array.from({ length: RUNS }, () => importMillis(choice.imports));
  const names = choice.packages.length === 0 ? '—' : choice.packages.map((p) => `\`${p}\``).join(' + ');
  console.log(`| ${choice.protocol} | ${names} | ${(bytes / 1e6).toFixed(1)} MB | ${added.length} | ${median(times).toFixed(0)} ms |`);
}
