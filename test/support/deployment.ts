// Reads the distributed deployment files (docker-compose.yml, otel-collector.yaml, prometheus.yml,
// grafana/provisioning) for the static checks in test/deploy: no Docker engine is needed, so the
// tests parse the files and compare the values that have to agree across them.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type YamlMap = Record<string, unknown>;

export function repoPath(relative: string): string {
  return join(REPO_ROOT, relative);
}

export function readRepoText(relative: string): string {
  return readFileSync(repoPath(relative), 'utf8');
}

/** Parses a YAML file of the repository; a file that is not a mapping at the top fails here. */
export function readRepoYaml(relative: string): YamlMap {
  const doc: unknown = parse(readRepoText(relative));
  return asMap(doc, relative);
}

export function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asMap(value: unknown, what: string): YamlMap {
  if (!isMap(value)) throw new Error(`${what}: expected a mapping, got ${JSON.stringify(value)}`);
  return value;
}

export function asList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what}: expected a list, got ${JSON.stringify(value)}`);
  return value;
}

export function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** "host:port" as the collector writes listen addresses. */
export function hostPort(endpoint: string): { host: string; port: number } {
  const match = /^(.*):(\d+)$/.exec(endpoint);
  if (!match) throw new Error(`not host:port: ${endpoint}`);
  return { host: match[1]!, port: Number(match[2]) };
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

export interface ComposeService {
  readonly name: string;
  readonly raw: YamlMap;
}

export function composeServices(compose: YamlMap): Map<string, ComposeService> {
  const services = asMap(compose['services'], 'services');
  return new Map(Object.entries(services).map(([name, raw]) => [name, { name, raw: asMap(raw, `services.${name}`) }]));
}

export interface PublishedPort {
  readonly hostIp: string | undefined;
  readonly host: number;
  readonly container: number;
  readonly protocol: string;
}

/** The service's `ports`, short ("[ip:]host:container[/proto]") or long syntax; others throw. */
export function publishedPorts(service: ComposeService): PublishedPort[] {
  const ports = service.raw['ports'];
  if (ports === undefined) return [];
  return asList(ports, `${service.name}.ports`).map((entry) => {
    if (isMap(entry)) {
      return {
        hostIp: entry['host_ip'] as string | undefined,
        host: Number(entry['published']),
        container: Number(entry['target']),
        protocol: (entry['protocol'] as string | undefined) ?? 'tcp',
      };
    }
    const spec = String(entry);
    const match = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d+):(\d+)(?:\/(tcp|udp))?$/.exec(spec);
    if (!match) throw new Error(`${service.name}: unsupported port spec "${spec}" (give host and container port)`);
    return { hostIp: match[1], host: Number(match[2]), container: Number(match[3]), protocol: match[4] ?? 'tcp' };
  });
}

export interface Mount {
  /** Host path relative to the repository for bind mounts; the volume name otherwise. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  readonly bind: boolean;
}

export function mounts(service: ComposeService): Mount[] {
  const volumes = service.raw['volumes'];
  if (volumes === undefined) return [];
  return asList(volumes, `${service.name}.volumes`).map((entry) => {
    if (isMap(entry)) {
      const source = asString(entry['source'], `${service.name}.volumes.source`);
      return { source, target: asString(entry['target'], `${service.name}.volumes.target`), readOnly: entry['read_only'] === true, bind: entry['type'] === 'bind' };
    }
    const [source, target, mode] = String(entry).split(':');
    if (source === undefined || target === undefined) throw new Error(`${service.name}: unsupported volume "${String(entry)}"`);
    const bind = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
    return { source, target, readOnly: (mode ?? '').split(',').includes('ro'), bind };
  });
}

/** The absolute host path of a bind mount's source. */
export function mountSourcePath(mount: Mount): string {
  return isAbsolute(mount.source) ? mount.source : normalize(join(REPO_ROOT, mount.source));
}

/** The bind mount whose target is `containerPath` or a directory above it, with the rest of the path. */
export function mountFor(service: ComposeService, containerPath: string): { mount: Mount; hostPath: string } | undefined {
  const candidates = mounts(service)
    .filter((m) => m.bind && (containerPath === m.target || containerPath.startsWith(`${m.target.replace(/\/$/, '')}/`)))
    .sort((a, b) => b.target.length - a.target.length);
  const mount = candidates[0];
  if (mount === undefined) return undefined;
  const rest = containerPath.slice(mount.target.length).replace(/^\//, '');
  return { mount, hostPath: rest === '' ? mountSourcePath(mount) : join(mountSourcePath(mount), rest) };
}

/** The service's environment as a map, whether written as a mapping or a KEY=VALUE list. */
export function environment(service: ComposeService): Record<string, string> {
  const env = service.raw['environment'];
  if (env === undefined) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((line) => {
        const text = String(line);
        const at = text.indexOf('=');
        return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(asMap(env, `${service.name}.environment`)).map(([k, v]) => [k, String(v)]));
}

/** `command` as a list of arguments (compose accepts a string or a list). */
export function commandArgs(service: ComposeService): string[] {
  const command = service.raw['command'];
  if (command === undefined) return [];
  return Array.isArray(command) ? command.map(String) : String(command).split(/\s+/);
}

/** The value of a `--flag=value` argument. */
export function flagValue(args: readonly string[], flag: string): string | undefined {
  const prefix = `${flag}=`;
  return args.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

/** The healthcheck's test command, or undefined when the service has none (or disables it). */
export function healthcheckTest(service: ComposeService): string[] | undefined {
  const healthcheck = service.raw['healthcheck'];
  if (!isMap(healthcheck) || healthcheck['disable'] === true) return undefined;
  const test = healthcheck['test'];
  if (test === undefined) return undefined;
  return Array.isArray(test) ? test.map(String) : ['CMD-SHELL', String(test)];
}

/** The URLs a healthcheck command mentions. */
export function urlsIn(args: readonly string[]): URL[] {
  return args.flatMap((a) => [...a.matchAll(/https?:\/\/[^\s'"`)]+/g)].map((m) => new URL(m[0])));
}

/** depends_on in long form: service name → condition. Short (list) form has no condition and throws. */
export function dependsOn(service: ComposeService): Map<string, string> {
  const deps = service.raw['depends_on'];
  if (deps === undefined) return new Map();
  if (Array.isArray(deps)) throw new Error(`${service.name}: depends_on as a list gives no condition; use the long form`);
  return new Map(Object.entries(asMap(deps, `${service.name}.depends_on`)).map(([name, spec]) => [name, String(asMap(spec, `${service.name}.depends_on.${name}`)['condition'])]));
}

/** The comment lines at the top of a file, before its first non-comment line. */
export function headerComment(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) lines.push(line);
    else if (line.trim() !== '' || lines.length > 0) break;
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// otel-collector.yaml

export type ComponentKind = 'receivers' | 'processors' | 'exporters' | 'extensions' | 'connectors';

/** The component type of an id such as "otlp" or "prometheus/internal". */
export function componentType(id: string): string {
  return id.split('/')[0]!;
}

/** Pipelines as id → { receivers, processors, exporters }. */
export function pipelines(collector: YamlMap): Map<string, { receivers: string[]; processors: string[]; exporters: string[] }> {
  const service = asMap(collector['service'], 'service');
  const entries = Object.entries(asMap(service['pipelines'], 'service.pipelines'));
  return new Map(
    entries.map(([id, raw]) => {
      const p = asMap(raw, `pipeline ${id}`);
      const list = (key: string) => (p[key] === undefined ? [] : asList(p[key], `${id}.${key}`).map(String));
      return [id, { receivers: list('receivers'), processors: list('processors'), exporters: list('exporters') }];
    }),
  );
}

/** Every key path in a parsed YAML document, dotted ("exporters.prometheus.endpoint"). */
export function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, `${prefix}[${i}]`));
  if (!isMap(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix === '' ? k : `${prefix}.${k}`;
    return [path, ...keyPaths(v, path)];
  });
}

/** Matches a key against the collector's wildcard patterns ("service*", "k8s.pod.*"). */
export function wildcardMatches(pattern: string, key: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(key);
}

export function exists(relative: string): boolean {
  return existsSync(repoPath(relative));
}
