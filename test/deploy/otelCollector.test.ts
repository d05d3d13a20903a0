// otel-collector.yaml, checked statically (no collector binary or Docker engine here): every
// component wired and used, processors in a safe order, the Prometheus exporter configured so its
// names match the in-process endpoint, and every listen port agreeing with docker-compose.yml and
// prometheus.yml.
import { describe, expect, it } from 'vitest';
import {
  asList,
  asMap,
  asString,
  commandArgs,
  componentType,
  composeServices,
  flagValue,
  healthcheckTest,
  hostPort,
  isMap,
  keyPaths,
  mountFor,
  pipelines,
  publishedPorts,
  readRepoText,
  readRepoYaml,
  repoPath,
  urlsIn,
  wildcardMatches,
  type ComponentKind,
} from '../support/deployment.js';

const collector = readRepoYaml('otel-collector.yaml');
const compose = readRepoYaml('docker-compose.yml');
const prometheus = readRepoYaml('prometheus.yml');
const services = composeServices(compose);
const COLLECTOR_SERVICE = 'otel-collector';

const section = (kind: ComponentKind) => (collector[kind] === undefined ? {} : asMap(collector[kind], kind));
const exporter = (id: string) => asMap(section('exporters')[id], `exporters.${id}`);
const processor = (id: string) => asMap(section('processors')[id] ?? {}, `processors.${id}`);
const receiverEndpoint = (protocol: 'http' | 'grpc') =>
  hostPort(asString(asMap(asMap(asMap(section('receivers')['otlp'], 'otlp').protocols, 'otlp.protocols')[protocol], protocol)['endpoint'], `otlp ${protocol} endpoint`));
const selfTelemetryReader = () => {
  const telemetry = asMap(asMap(collector['service'], 'service')['telemetry'], 'service.telemetry');
  const metrics = asMap(telemetry['metrics'], 'service.telemetry.metrics');
  return { metrics, readers: asList(metrics['readers'], 'service.telemetry.metrics.readers').map((r) => asMap(r, 'reader')) };
};
/** host:port targets of the Prometheus scrape jobs, by job name. */
const scrapeTargets = (): Map<string, string[]> =>
  new Map(
    asList(prometheus['scrape_configs'], 'scrape_configs').map((raw) => {
      const job = asMap(raw, 'scrape config');
      const statics = job['static_configs'] === undefined ? [] : asList(job['static_configs'], 'static_configs');
      return [String(job['job_name']), statics.flatMap((s) => asList(asMap(s, 'static config')['targets'], 'targets').map(String))];
    }),
  );

describe('otel-collector.yaml: components', () => {
  const all = pipelines(collector);

  it('has one metrics pipeline, OTLP in and the Prometheus exporter out', () => {
    expect([...all.keys()]).toEqual(['metrics']);
    const metrics = all.get('metrics')!;
    expect(metrics.receivers).toEqual(['otlp']);
    expect(metrics.exporters).toEqual(['prometheus']);
  });

  it('defines every component a pipeline references', () => {
    for (const [id, pipeline] of all) {
      for (const kind of ['receivers', 'processors', 'exporters'] as const) {
        for (const name of pipeline[kind]) {
          expect(Object.keys(section(kind)), `pipeline ${id} uses ${kind.slice(0, -1)} "${name}"`).toContain(name);
        }
      }
    }
    const enabled = asList(asMap(collector['service'], 'service')['extensions'] ?? [], 'service.extensions').map(String);
    expect(Object.keys(section('extensions')).sort()).toEqual([...enabled].sort());
  });

  it('uses every component it defines', () => {
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      const used = new Set([...all.values()].flatMap((p) => p[kind]));
      for (const name of Object.keys(section(kind))) expect(used, `${kind.slice(0, -1)} "${name}" is defined but in no pipeline`).toContain(name);
    }
  });

  it('runs memory_limiter first and batch last in every pipeline', () => {
    for (const [id, pipeline] of all) {
      expect(pipeline.processors[0], `first processor of ${id}`).toBe('memory_limiter');
      expect(pipeline.processors.at(-1), `last processor of ${id}`).toBe('batch');
      expect(new Set(pipeline.processors).size).toBe(pipeline.processors.length);
    }
  });

  it('sizes memory_limiter below the container memory limit set in docker-compose.yml', () => {
    const limiter = processor('memory_limiter');
    expect(limiter['check_interval']).toBe('1s');
    const limitMiB = Number(limiter['limit_mib']);
    const spikeMiB = Number(limiter['spike_limit_mib']);
    expect(spikeMiB).toBeGreaterThan(0);
    expect(spikeMiB).toBeLessThan(limitMiB);
    const deploy = asMap(services.get(COLLECTOR_SERVICE)!.raw['deploy'], 'otel-collector.deploy');
    const memory = String(asMap(asMap(deploy['resources'], 'resources')['limits'], 'limits')['memory']);
    const match = /^(\d+)([MG])$/i.exec(memory);
    expect(match, `memory limit "${memory}"`).not.toBeNull();
    const containerMiB = Number(match![1]) * (match![2]!.toUpperCase() === 'G' ? 1024 : 1);
    expect(limitMiB).toBeLessThan(containerMiB);
  });

  it('uses no removed or deprecated component name', () => {
    // `logging` was removed (use `debug`); in 2026 the OTLP exporters became otlp_grpc/otlp_http,
    // loadbalancing became load_balancing and prometheusremotewrite prometheus_remote_write, the
    // old names staying as deprecated aliases.
    const deprecatedExporters = ['logging', 'otlp', 'otlphttp', 'loadbalancing', 'prometheusremotewrite'];
    for (const id of Object.keys(section('exporters'))) expect(deprecatedExporters).not.toContain(componentType(id));
    for (const kind of ['receivers', 'processors', 'extensions', 'connectors'] as const) {
      for (const id of Object.keys(section(kind))) expect(['logging', 'prometheusremotewrite', 'filelog']).not.toContain(componentType(id));
    }
  });
});

describe('otel-collector.yaml: one name on both paths', () => {
  it('exports without type or unit suffixes, through translation_strategy', () => {
    expect(exporter('prometheus')['translation_strategy']).toBe('UnderscoreEscapingWithoutSuffixes');
  });

  it('sets none of the deprecated Prometheus exporter settings anywhere', () => {
    const paths = keyPaths(collector);
    for (const deprecated of ['add_metric_suffixes', 'resource_to_telemetry_conversion']) {
      expect(paths.filter((p) => p.split('.').includes(deprecated)), deprecated).toEqual([]);
    }
    expect(readRepoText('otel-collector.yaml')).not.toMatch(/^\s*add_metric_suffixes:|^\s*resource_to_telemetry_conversion:/m);
  });

  it('keeps service.name and service.instance.id as resource attributes and does not copy them into labels', () => {
    // The exporter turns them into job and instance itself.
    const promoted = asList(asMap(exporter('prometheus')['resource_constant_labels'], 'resource_constant_labels')['included'], 'included').map(String);
    expect(promoted.length).toBeGreaterThan(0);
    for (const key of ['service.name', 'service.instance.id', 'service.namespace']) {
      expect(promoted.filter((pattern) => wildcardMatches(pattern, key)), `${key} promoted to a label`).toEqual([]);
    }
    expect(Object.keys(exporter('prometheus'))).not.toContain('const_labels');

    // The resource processor only inserts (never overwrites what a service set), never touches
    // service.*, and what it adds is one of the promoted labels.
    for (const action of asList(processor('resource')['attributes'], 'resource.attributes').map((a) => asMap(a, 'action'))) {
      expect(action['action']).toBe('insert');
      expect(String(action['key'])).not.toMatch(/^service\./);
      expect(promoted).toContain(action['key']);
    }
    for (const id of Object.keys(asMap(collector['processors'], 'processors'))) {
      expect(['transform', 'attributes', 'groupbyattrs', 'metricstransform'], `processor ${id} could rewrite resource attributes`).not.toContain(componentType(id));
    }
  });
});

describe('otel-collector.yaml: ports agree with docker-compose.yml and prometheus.yml', () => {
  const collectorService = services.get(COLLECTOR_SERVICE)!;
  const published = publishedPorts(collectorService);
  const publishedContainerPorts = published.map((p) => p.container);

  it('receives OTLP/HTTP where the demo pushes and OTLP/gRPC on 4317, both published', () => {
    const http = receiverEndpoint('http');
    const grpc = receiverEndpoint('grpc');
    expect(http).toEqual({ host: '0.0.0.0', port: 4318 });
    expect(grpc).toEqual({ host: '0.0.0.0', port: 4317 });
    const demoEndpoint = new URL(String(asMap(services.get('demo')!.raw['environment'], 'demo.environment')['OTEL_EXPORTER_OTLP_ENDPOINT']));
    expect(demoEndpoint.protocol).toBe('http:');
    expect(demoEndpoint.hostname).toBe(COLLECTOR_SERVICE);
    expect(Number(demoEndpoint.port)).toBe(http.port);
    expect(publishedContainerPorts).toEqual(expect.arrayContaining([http.port, grpc.port]));
  });

  it('serves the Prometheus exporter where Prometheus scrapes it (otel-collector:8889)', () => {
    const endpoint = hostPort(asString(exporter('prometheus')['endpoint'], 'prometheus endpoint'));
    expect(endpoint).toEqual({ host: '0.0.0.0', port: 8889 });
    const targets = [...scrapeTargets().values()].flat();
    expect(targets).toContain(`${COLLECTOR_SERVICE}:${endpoint.port}`);
    expect(publishedContainerPorts).toContain(endpoint.port);
  });

  it('serves its own metrics through a pull reader on 0.0.0.0:8888, scraped as job otel-collector', () => {
    const { metrics, readers } = selfTelemetryReader();
    expect(Object.keys(metrics)).not.toContain('address'); // the deprecated form
    expect(readers).toHaveLength(1);
    const exporterConfig = asMap(asMap(asMap(readers[0]!['pull'], 'pull')['exporter'], 'pull.exporter')['prometheus'], 'pull.exporter.prometheus');
    expect(exporterConfig['host']).toBe('0.0.0.0');
    expect(exporterConfig['port']).toBe(8888);
    expect(scrapeTargets().get('otel-collector')).toEqual([`${COLLECTOR_SERVICE}:8888`]);
  });

  it('answers health checks on 0.0.0.0:13133, published and probed by otel-collector-health', () => {
    const health = hostPort(asString(asMap(section('extensions')['health_check'], 'health_check')['endpoint'], 'health_check endpoint'));
    expect(health).toEqual({ host: '0.0.0.0', port: 13133 });
    expect(publishedContainerPorts).toContain(health.port);
    const probe = urlsIn(healthcheckTest(services.get('otel-collector-health')!) ?? []);
    expect(probe.map((u) => `${u.hostname}:${u.port}${u.pathname}`)).toEqual([`${COLLECTOR_SERVICE}:${health.port}/`]);
  });

  it('is the file the collector container loads', () => {
    const configPath = flagValue(commandArgs(collectorService), '--config');
    expect(configPath).toBeDefined();
    const mount = mountFor(collectorService, configPath!);
    expect(mount?.hostPath).toBe(repoPath('otel-collector.yaml'));
    expect(mount?.mount.readOnly).toBe(true);
  });

  it('listens on nothing that compose does not know about', () => {
    // Every endpoint in the file is one of the ports above.
    const endpoints = keyPaths(collector)
      .filter((p) => p.endsWith('.endpoint'))
      .map((p) => p.split('.').reduce<unknown>((node, key) => (isMap(node) ? node[key] : undefined), collector))
      .map((e) => hostPort(String(e)).port);
    expect(endpoints.sort((a, b) => a - b)).toEqual([4317, 4318, 8889, 13133]);
  });
});
