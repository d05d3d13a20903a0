// The package as a user gets it: `npm pack`, then `npm install <tarball>` into an empty project with
// no lockfile, so that npm resolves every range afresh from the registry (the repository's own
// lockfile would hide a second copy of the SDK). Needs the npm registry and about a minute: runs
// under CI=true or PACKAGING_TEST=1, and says plainly that it is skipped otherwise.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quietNpm = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

const enabled = process.env['CI'] === 'true' || process.env['PACKAGING_TEST'] === '1';
const title = 'a fresh consumer install of the packed package';
const reason = 'needs the npm registry and about a minute; runs under CI=true or PACKAGING_TEST=1';

interface NpmTree {
  readonly version?: string;
  readonly dependencies?: Record<string, NpmTree>;
}

/** Every version of every package in an `npm ls --all --json` tree, by name. */
function versionsByName(tree: NpmTree): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const stack: [string, NpmTree][] = Object.entries(tree.dependencies ?? {});
  // Bounded by the tree npm printed: each entry is visited once.
  while (stack.length > 0) {
    const [name, node] = stack.pop()!;
    if (node.version !== undefined) {
      let versions = found.get(name);
      if (versions === undefined) found.set(name, (versions = new Set()));
      versions.add(node.version);
    }
    stack.push(...Object.entries(node.dependencies ?? {}));
  }
  return found;
}

/** The @opentelemetry packages installed in `dir`, each with the versions found. */
async function openTelemetryVersions(dir: string): Promise<[string, Set<string>][]> {
  // npm ls exits non-zero on problems such as a missing peer; the tree it prints is still read.
  const listing = await run(npm, ['ls', '--all', '--json'], { cwd: dir, env: quietNpm, maxBuffer: 64e6 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '{}' }),
  );
  return [...versionsByName(JSON.parse(listing.stdout) as NpmTree)].filter(([name]) => name.startsWith('@opentelemetry/'));
}

/** Those with more than one version, as name → sorted versions. */
function duplicatedIn(packages: [string, Set<string>][]): Record<string, string[]> {
  return Object.fromEntries(packages.filter(([, v]) => v.size > 1).map(([name, v]) => [name, [...v].sort()]));
}

function mapFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.map'))
    .map((file) => join(dir, file));
}

if (!enabled) console.warn(`SKIPPED "${title}": ${reason}`);

(enabled ? describe : describe.skip)(enabled ? title : `${title} [skipped: ${reason}]`, () => {
  let work: string;
  let tarball: string;
  let consumer: string;
  let installed: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'otel-domain-metrics-consumer-'));
    // Built and packed from a copy: the repository's own dist/ is rebuilt by other tests running
    // at the same time, and a pack must not catch it half-written.
    const source = join(work, 'package');
    for (const entry of ['package.json', 'README.md', 'src', 'scripts/build.mjs', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.build.cjs.json']) {
      cpSync(join(root, entry), join(source, entry), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'), 'dir');
    await run(process.execPath, ['scripts/build.mjs'], { cwd: source });
    const { stdout } = await run(npm, ['pack', '--json', '--pack-destination', work], { cwd: source, env: quietNpm });
    tarball = join(work, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }) + '\n');
    // No lockfile in, none written: every range is resolved as a new user's install resolves it.
    await run(npm, ['install', '--no-package-lock', tarball], { cwd: consumer, env: quietNpm, maxBuffer: 16e6 });
    installed = join(consumer, 'node_modules', 'otel-domain-metrics');
  }, 150_000);

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('has exactly one version of each @opentelemetry package', async () => {
    const otel = await openTelemetryVersions(consumer);
    expect(duplicatedIn(otel)).toEqual({});
    expect(otel.map(([name]) => name)).toEqual(expect.arrayContaining(['@opentelemetry/api', '@opentelemetry/sdk-metrics', '@opentelemetry/resources', '@opentelemetry/core']));
  });

  it('installs beside the newest @opentelemetry/sdk-node: no peer conflict, one copy of each SDK package', async () => {
    // A team with NodeSDK installs the package next to it. When OpenTelemetry publishes a release
    // our aligned versions do not list yet, npm refuses the install (ERESOLVE on the gRPC exporter
    // peer) or installs a second SDK: add the release's versions to each "a || b" range.
    const team = join(work, 'with-sdk-node');
    mkdirSync(team);
    writeFileSync(join(team, 'package.json'), JSON.stringify({ name: 'team', version: '1.0.0', private: true }) + '\n');
    await run(npm, ['install', '--no-package-lock', tarball, '@opentelemetry/sdk-node'], { cwd: team, env: quietNpm, maxBuffer: 16e6 });
    const otel = await openTelemetryVersions(team);
    // The instrumentation base is the one exception: the runtime and host metrics packages (ours,
    // optional) take only its 0.300 line while NodeSDK moved on; they share no state through it.
    const { '@opentelemetry/instrumentation': _base, ...duplicated } = duplicatedIn(otel);
    expect(duplicated).toEqual({});
    expect(otel.map(([name]) => name)).toEqual(expect.arrayContaining(['@opentelemetry/sdk-node', '@opentelemetry/sdk-metrics']));
  }, 150_000);

  const scrapeScript = (load: string) => `
    ${load}
    const runtime = await m.startMetrics({ env: {}, prometheusHost: '127.0.0.1', prometheusPort: 0, runtimeMetrics: false });
    new m.EventMetrics(runtime).eventProduced({ eventType: 'order.created', topic: 'orders', count: 3 });
    const body = await (await fetch(runtime.prometheusUrl)).text();
    await runtime.shutdown();
    console.log(body.split('\\n').find((line) => line.startsWith('events_produced_total{')));
  `;

  it('imports from ESM and records through the installed SDK', async () => {
    const script = scrapeScript("const m = await import('otel-domain-metrics');");
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer });
    expect(stdout.trim()).toMatch(/^events_produced_total\{.*event_type="order\.created".*topic="orders".*\} 3$/);
  });

  it('requires from CommonJS and records through the installed SDK', async () => {
    const script = `(async () => { ${scrapeScript("const m = require('otel-domain-metrics');")} })();`;
    const { stdout } = await run(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: consumer });
    expect(stdout.trim()).toMatch(/^events_produced_total\{.*event_type="order\.created".*topic="orders".*\} 3$/);
  });

  it('ships every file its source maps point at', () => {
    const maps = mapFiles(join(installed, 'dist'));
    expect(maps.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
      for (const source of sources) {
        const target = resolve(dirname(map), source);
        if (!existsSync(target)) missing.push(`${map.slice(installed.length + 1)} -> ${source}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
