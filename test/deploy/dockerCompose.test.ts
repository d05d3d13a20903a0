// docker-compose.yml, the Dockerfile, .dockerignore and Grafana's provisioning, checked statically
// (there is no Docker engine to run them): pinned images, the demo's replicas and where it pushes,
// health checks and start-up order, mounts of files that exist, published ports, and the values
// that have to agree between the files.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMetricsConfig } from '../../src/config/loadMetricsConfig.js';
import { METRICS_CONFIG_DEFAULTS } from '../../src/config/MetricsConfig.js';
import { METRICS_PATH } from '../../src/runtime/PrometheusEndpoint.js';
import {
  asList,
  asMap,
  dependsOn,
  environment,
  exists,
  headerComment,
  healthcheckTest,
  hostPort,
  isMap,
  mountFor,
  mounts,
  mountSourcePath,
  publishedPorts,
  readRepoText,
  readRepoYaml,
  repoPath,
  urlsIn,
  composeServices,
  type ComposeService,
} from '../support/deployment.js';

const composeText = readRepoText('docker-compose.yml');
const compose = readRepoYaml('docker-compose.yml');
const services = composeServices(compose);
const collector = readRepoYaml('otel-collector.yaml');
const service = (name: string): ComposeService => {
  const found = services.get(name);
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
};

/** The OTLP/HTTP receiver's port in otel-collector.yaml. */
const otlpHttpPort = () => {
  const protocols = asMap(asMap(asMap(collector['receivers'], 'receivers')['otlp'], 'otlp')['protocols'], 'protocols');
  return hostPort(String(asMap(protocols['http'], 'http')['endpoint'])).port;
};

const EXPECTED_SERVICES = ['demo', 'otel-collector', 'otel-collector-health', 'prometheus', 'grafana'];
const EXPECTED_HOST_PORTS = [4317, 4318, 8889, 13133, 9090, 3000];

describe('docker-compose.yml: images', () => {
  it('has the five services of the stack', () => {
    expect([...services.keys()].sort()).toEqual([...EXPECTED_SERVICES].sort());
  });

  it('pins every image to an explicit version tag; only the demo is built, from the repository', () => {
    for (const s of services.values()) {
      if (s.raw['build'] !== undefined) {
        expect(s.name).toBe('demo');
        expect(s.raw['image']).toBeUndefined();
        continue;
      }
      const image = String(s.raw['image']);
      const match = /^(?<repo>[a-z0-9][a-z0-9._/-]*):(?<tag>[A-Za-z0-9_.-]+)(?:@sha256:[0-9a-f]{64})?$/.exec(image);
      expect(match, `${s.name}: "${image}" has no tag`).not.toBeNull();
      const tag = match!.groups!['tag']!;
      expect(tag, `${s.name}: ${image}`).not.toBe('latest');
      // An exact release: major.minor.patch, not a floating "12" or "v3".
      expect(tag, `${s.name}: ${image} is not an exact version`).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  it('uses the contrib collector, Prometheus 3 and Grafana 12', () => {
    expect(service('otel-collector').raw['image']).toMatch(/^otel\/opentelemetry-collector-contrib:0\.\d+\.\d+$/);
    // translation_strategy and resource_constant_labels need a 2026 release (0.160.0 or later).
    const minor = Number(/:0\.(\d+)\./.exec(String(service('otel-collector').raw['image']))![1]);
    expect(minor).toBeGreaterThanOrEqual(160);
    expect(service('prometheus').raw['image']).toMatch(/^prom\/prometheus:v3\.\d+\.\d+$/);
    expect(service('grafana').raw['image']).toMatch(/^grafana\/grafana:12\.\d+\.\d+$/);
  });
});

describe('docker-compose.yml: the demo', () => {
  const demo = service('demo');
  const env = environment(demo);

  it('runs three replicas of the image built from the repository root, with no fixed name or host port', () => {
    const build = demo.raw['build'];
    const context = isMap(build) ? build['context'] : build;
    expect(context).toBe('.');
    if (isMap(build)) expect(build['dockerfile'] ?? 'Dockerfile').toBe('Dockerfile');
    expect(existsSync(repoPath('Dockerfile'))).toBe(true);
    expect(asMap(demo.raw['deploy'], 'demo.deploy')['replicas']).toBe(3);
    expect(demo.raw['container_name']).toBeUndefined();
    expect(publishedPorts(demo)).toEqual([]);
  });

  it("pushes OTLP to the collector service, on the port of the collector's OTLP/HTTP receiver", () => {
    const endpoint = new URL(env['OTEL_EXPORTER_OTLP_ENDPOINT']!);
    expect(endpoint.protocol).toBe('http:');
    expect(services.has(endpoint.hostname)).toBe(true);
    expect(endpoint.hostname).toBe('otel-collector');
    expect(Number(endpoint.port)).toBe(otlpHttpPort());
    expect(env['TRACING_SERVICE_NAME']).toBe('otel-domain-metrics-demo');
    expect(env['OTEL_METRIC_EXPORT_INTERVAL']).toBe('10000');
  });

  it('sets no service.instance.id: each process generates its own', () => {
    expect(env['OTEL_RESOURCE_ATTRIBUTES'] ?? '').not.toContain('service.instance.id');
    expect(composeText).not.toContain('service.instance.id=');
  });

  it('is an environment the library accepts, giving both the OTLP push and the scrape endpoint', () => {
    const config = loadMetricsConfig(env);
    expect(config.enabled).toBe(true);
    expect(config.serviceName).toBe('otel-domain-metrics-demo');
    expect([...config.exporters].sort()).toEqual(['otlp', 'prometheus']);
    expect(config.otlpMetricsUrl).toBe(`http://otel-collector:${otlpHttpPort()}/v1/metrics`);
    expect(config.exportIntervalMillis).toBe(10_000);
    expect(config.prometheusPort).toBe(METRICS_CONFIG_DEFAULTS.prometheusPort);
    expect(config.prometheusHost).toBe('0.0.0.0');
    expect(config.resourceAttributes['service.instance.id']).toBeUndefined();
  });

  it('checks its health on its own scrape endpoint and gives SIGTERM time to flush', () => {
    const test = healthcheckTest(demo)!;
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    const [url, ...others] = urlsIn(test);
    expect(others).toEqual([]);
    expect(url!.hostname).toBe('127.0.0.1');
    expect(Number(url!.port)).toBe(METRICS_CONFIG_DEFAULTS.prometheusPort);
    expect(url!.pathname).toBe(METRICS_PATH);
    // Exits non-zero on a failed request or a non-2xx answer.
    expect(test[3]).toMatch(/process\.exit\(r\.ok \? 0 : 1\)/);
    expect(test[3]).toMatch(/\(\) => process\.exit\(1\)/);
    expect(demo.raw['stop_grace_period']).toBe('20s');
  });
});

describe('docker-compose.yml: health and start-up order', () => {
  it('gives every service a health check, the collector through otel-collector-health', () => {
    for (const s of services.values()) {
      if (s.name === 'otel-collector') {
        // The collector image has no shell or HTTP client; its health_check extension is probed from outside.
        expect(s.raw['healthcheck']).toBeUndefined();
        continue;
      }
      const test = healthcheckTest(s);
      expect(test, `${s.name} has no health check`).toBeDefined();
      expect(['CMD', 'CMD-SHELL']).toContain(test![0]);
      expect(urlsIn(test!), `${s.name}: its check requests one URL`).toHaveLength(1);
    }
    const probe = urlsIn(healthcheckTest(service('otel-collector-health'))!)[0]!;
    const healthCheck = hostPort(String(asMap(asMap(collector['extensions'], 'extensions')['health_check'], 'health_check')['endpoint']));
    expect(`${probe.hostname}:${probe.port}`).toBe(`otel-collector:${healthCheck.port}`);
  });

  it('checks Prometheus on /-/ready and Grafana on /api/health, on the ports they serve', () => {
    const prom = urlsIn(healthcheckTest(service('prometheus'))!)[0]!;
    expect(prom.pathname).toBe('/-/ready');
    expect(Number(prom.port)).toBe(9090);
    const grafana = urlsIn(healthcheckTest(service('grafana'))!)[0]!;
    expect(grafana.pathname).toBe('/api/health');
    expect(Number(grafana.port)).toBe(3000);
    for (const s of [service('prometheus'), service('grafana')]) {
      expect(publishedPorts(s).map((p) => p.container)).toContain(Number(urlsIn(healthcheckTest(s)!)[0]!.port));
    }
  });

  it('waits only for services that exist and have a health check, with condition service_healthy', () => {
    for (const s of services.values()) {
      for (const [name, condition] of dependsOn(s)) {
        expect(services.has(name), `${s.name} depends on unknown service ${name}`).toBe(true);
        if (s.name === 'otel-collector-health' && name === 'otel-collector') {
          // The one exception: the prober of the collector, which cannot check itself, starts
          // after it (and so is stopped before it).
          expect(condition).toBe('service_started');
          continue;
        }
        expect(healthcheckTest(services.get(name)!), `${s.name} waits for ${name}, which has no health check`).toBeDefined();
        expect(condition, `${s.name} → ${name}`).toBe('service_healthy');
      }
    }
  });

  it('starts collector, demo, Prometheus, Grafana in that order, without cycles', () => {
    expect([...dependsOn(service('demo')).keys()]).toEqual(['otel-collector-health']);
    expect([...dependsOn(service('prometheus')).keys()].sort()).toEqual(['demo', 'otel-collector-health']);
    expect([...dependsOn(service('grafana')).keys()]).toEqual(['prometheus']);
    expect([...dependsOn(service('otel-collector-health')).keys()]).toEqual(['otel-collector']);
    expect(dependsOn(service('otel-collector')).size).toBe(0);
    const order: string[] = [];
    const visiting = new Set<string>();
    const visit = (name: string) => {
      if (order.includes(name)) return;
      if (visiting.has(name)) throw new Error(`depends_on cycle through ${name}`);
      visiting.add(name);
      for (const dep of dependsOn(service(name)).keys()) visit(dep);
      visiting.delete(name);
      order.push(name);
    };
    for (const name of services.keys()) visit(name);
    expect(order.indexOf('otel-collector')).toBeLessThan(order.indexOf('otel-collector-health'));
    expect(order.indexOf('otel-collector-health')).toBeLessThan(order.indexOf('demo'));
    expect(order.indexOf('demo')).toBeLessThan(order.indexOf('prometheus'));
    expect(order.indexOf('prometheus')).toBeLessThan(order.indexOf('grafana'));
  });
});

describe('docker-compose.yml: mounts', () => {
  it('mounts only repository paths that exist, read-only', () => {
    const binds = [...services.values()].flatMap((s) => mounts(s).map((m) => ({ service: s.name, mount: m })));
    expect(binds.length).toBeGreaterThan(0);
    for (const { service: name, mount } of binds) {
      expect(mount.bind, `${name}: ${mount.source} is not a bind mount of the repository`).toBe(true);
      expect(mount.source, `${name}: ${mount.source}`).toMatch(/^\.\//);
      expect(existsSync(mountSourcePath(mount)), `${name}: ${mount.source} does not exist`).toBe(true);
      expect(mount.readOnly, `${name}: ${mount.source} is writable`).toBe(true);
    }
  });

  it('mounts the generated alert rules and dashboards (written by npm run gen:alerts / gen:grafana)', () => {
    expect(exists('prometheus/alerts.yml'), 'prometheus/alerts.yml').toBe(true);
    expect(exists('grafana/dashboards') && statSync(repoPath('grafana/dashboards')).isDirectory(), 'grafana/dashboards/').toBe(true);
    expect(readdirSync(repoPath('grafana/dashboards')).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
  });

  it("mounts Grafana's provisioning and dashboards where the provisioning files look for them", () => {
    const grafana = service('grafana');
    expect(mountFor(grafana, '/etc/grafana/provisioning/datasources/prometheus.yml')?.hostPath).toBe(repoPath('grafana/provisioning/datasources/prometheus.yml'));
    expect(mountFor(grafana, '/etc/grafana/provisioning/dashboards/dashboards.yml')?.hostPath).toBe(repoPath('grafana/provisioning/dashboards/dashboards.yml'));
    const provider = asMap(asList(readRepoYaml('grafana/provisioning/dashboards/dashboards.yml')['providers'], 'providers')[0], 'provider');
    const path = String(asMap(provider['options'], 'options')['path']);
    expect(mountFor(grafana, path)?.hostPath).toBe(repoPath('grafana/dashboards'));
  });
});

describe('docker-compose.yml: published ports', () => {
  const all = [...services.values()].flatMap((s) => publishedPorts(s).map((p) => ({ service: s.name, ...p })));

  it('publishes each host port once: exactly the documented set, on loopback, same port inside', () => {
    const hostPorts = all.map((p) => p.host);
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
    expect([...hostPorts].sort((a, b) => a - b)).toEqual([...EXPECTED_HOST_PORTS].sort((a, b) => a - b));
    for (const p of all) {
      expect(p.container, `${p.service}: ${p.host}`).toBe(p.host);
      expect(p.hostIp, `${p.service}: ${p.host}`).toBe('127.0.0.1');
      expect(p.protocol).toBe('tcp');
    }
  });

  it('publishes the collector ports, Prometheus 9090 and Grafana 3000, and not the demo or 8888', () => {
    const by = (name: string) => all.filter((p) => p.service === name).map((p) => p.host).sort((a, b) => a - b);
    expect(by('otel-collector')).toEqual([4317, 4318, 8889, 13133]);
    expect(by('prometheus')).toEqual([9090]);
    expect(by('grafana')).toEqual([3000]);
    expect(by('demo')).toEqual([]);
    expect(by('otel-collector-health')).toEqual([]);
    expect(all.map((p) => p.host)).not.toContain(8888);
    expect(all.map((p) => p.host)).not.toContain(METRICS_CONFIG_DEFAULTS.prometheusPort);
  });

  it('documents every published port in the comment at the top', () => {
    const header = headerComment(composeText);
    for (const p of all) expect(header, `port ${p.host} of ${p.service}`).toMatch(new RegExp(`^#\\s+${p.host}\\s+${p.service}\\s`, 'm'));
    expect(header).toMatch(/docker compose up/);
  });
});

describe('Dockerfile', () => {
  const text = readRepoText('Dockerfile');
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const at = l.search(/\s/);
      return { op: l.slice(0, at).toUpperCase(), args: l.slice(at + 1).trim() };
    });
  const index = (predicate: (i: { op: string; args: string }) => boolean) => instructions.findIndex(predicate);

  it('builds on one exactly pinned Node.js image that satisfies package.json engines', () => {
    const from = instructions.filter((i) => i.op === 'FROM');
    expect(from).toHaveLength(1);
    const match = /^node:(\d+)\.(\d+)\.(\d+)-bookworm-slim$/.exec(from[0]!.args);
    expect(match, from[0]!.args).not.toBeNull();
    const [major, minor] = [Number(match![1]), Number(match![2])];
    const engines = String(asMap(asMap(JSON.parse(readRepoText('package.json')), 'package.json')['engines'], 'engines')['node']);
    expect(engines).toMatch(/^>=\s*\d+\.\d+/);
    const [, emaj, emin] = /(\d+)\.(\d+)/.exec(engines)!;
    expect(major > Number(emaj) || (major === Number(emaj) && minor >= Number(emin)), `${from[0]!.args} vs engines ${engines}`).toBe(true);
  });

  it('installs from the lockfile with devDependencies (tsx runs the demo) before copying the sources', () => {
    const copyManifests = index((i) => i.op === 'COPY' && i.args.includes('package.json') && i.args.includes('package-lock.json'));
    const install = index((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args));
    const copyAll = index((i) => i.op === 'COPY' && /^\.\s+\.$/.test(i.args));
    expect(copyManifests).toBeGreaterThanOrEqual(0);
    expect(install).toBeGreaterThan(copyManifests);
    expect(copyAll).toBeGreaterThan(install);
    expect(instructions[install]!.args).not.toMatch(/--omit[= ]dev|--production|--only[= ]prod/);
    expect(text).not.toMatch(/NODE_ENV[= ]production/);
    expect(Object.keys(JSON.parse(readRepoText('package.json')).devDependencies)).toContain('tsx');
  });

  it('copies the manifest of every workspace package before npm ci, which refuses to run without them', () => {
    const install = index((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args));
    const workspaces = (JSON.parse(readRepoText('package.json')) as { workspaces?: string[] }).workspaces ?? [];
    expect(workspaces.length).toBeGreaterThan(0);
    for (const workspace of workspaces) {
      const copy = index((i) => i.op === 'COPY' && i.args.split(/\s+/)[0] === `${workspace}/package.json`);
      expect(copy, `COPY ${workspace}/package.json`).toBeGreaterThanOrEqual(0);
      expect(copy, `COPY ${workspace}/package.json before npm ci`).toBeLessThan(install);
      expect(existsSync(repoPath(`${workspace}/package.json`))).toBe(true);
    }
  });

  it('runs the demo as the unprivileged node user, in exec form so node receives SIGTERM', () => {
    const users = instructions.filter((i) => i.op === 'USER');
    expect(users.at(-1)?.args).toBe('node');
    expect(index((i) => i.op === 'USER')).toBeGreaterThan(index((i) => i.op === 'RUN'));
    const cmd = instructions.filter((i) => i.op === 'CMD');
    expect(cmd).toHaveLength(1);
    expect(JSON.parse(cmd[0]!.args)).toEqual(['node', '--import', 'tsx', 'examples/demo/main.ts']);
    expect(existsSync(repoPath('examples/demo/main.ts'))).toBe(true);
    expect(instructions.some((i) => i.op === 'ENTRYPOINT')).toBe(false);
    expect(instructions.find((i) => i.op === 'EXPOSE')?.args).toBe(String(METRICS_CONFIG_DEFAULTS.prometheusPort));
  });
});

describe('.dockerignore', () => {
  const patterns = readRepoText('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

  it('leaves out installed and built output, git metadata and CI reports', () => {
    expect(patterns).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.ci/out']));
  });

  it('keeps everything the image needs', () => {
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.json', 'src', 'examples']) {
      expect(existsSync(repoPath(needed)), needed).toBe(true);
      expect(patterns.filter((p) => p === needed || p === `${needed}/` || p === '*' || p === '**'), needed).toEqual([]);
    }
  });
});

describe('Grafana provisioning', () => {
  const datasources = asList(readRepoYaml('grafana/provisioning/datasources/prometheus.yml')['datasources'], 'datasources').map((d) => asMap(d, 'datasource'));
  const providers = asList(readRepoYaml('grafana/provisioning/dashboards/dashboards.yml')['providers'], 'providers').map((p) => asMap(p, 'provider'));

  it('has one default Prometheus datasource, uid "prometheus", at the compose service', () => {
    expect(datasources).toHaveLength(1);
    const ds = datasources[0]!;
    expect(ds['uid']).toBe('prometheus');
    expect(ds['type']).toBe('prometheus');
    expect(ds['isDefault']).toBe(true);
    const url = new URL(String(ds['url']));
    expect(url.hostname).toBe('prometheus');
    expect(services.has(url.hostname)).toBe(true);
    expect(Number(url.port)).toBe(Number(urlsIn(healthcheckTest(service('prometheus'))!)[0]!.port));
    expect(asMap(ds['jsonData'], 'jsonData')['timeInterval']).toBe(asMap(readRepoYaml('prometheus.yml')['global'], 'global')['scrape_interval']);
  });

  it('loads the dashboards from files into the folder "otel-domain-metrics"', () => {
    expect(providers).toHaveLength(1);
    const provider = providers[0]!;
    expect(provider['type']).toBe('file');
    expect(provider['folder']).toBe('otel-domain-metrics');
    expect(asMap(provider['options'], 'options')['path']).toBe('/var/lib/grafana/dashboards');
  });

  it('gives the dashboards only the provisioned Prometheus datasource', () => {
    const dir = repoPath('grafana/dashboards');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    expect(files.length, 'grafana/dashboards/*.json (generated by npm run gen:grafana)').toBeGreaterThan(0);
    for (const file of files) {
      const uids = new Set<string>();
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (isMap(node)) {
          const ds = node['datasource'];
          if (isMap(ds) && (ds['type'] === undefined || ds['type'] === 'prometheus') && typeof ds['uid'] === 'string' && !ds['uid'].startsWith('$')) uids.add(ds['uid']);
          Object.values(node).forEach(walk);
        }
      };
      walk(JSON.parse(readRepoText(join('grafana/dashboards', file))));
      expect([...uids], file).toEqual(uids.size === 0 ? [] : ['prometheus']);
    }
  });
});
