// The process and Node.js runtime metrics the OpenTelemetry contrib packages export on the
// runtime's provider: their semantic-convention names, kinds, units and attributes as those
// packages define them (not measured here), for naming checks, docs and the Process dashboard.
import type { ViewOptions } from '@opentelemetry/sdk-metrics';
import { counter, gauge, histogram, upDownCounter, type MetricSpec } from '../core/MetricSpec.js';

export const RUNTIME_NODE_PACKAGE = '@opentelemetry/instrumentation-runtime-node';
/** The successor of the deprecated `@opentelemetry/host-metrics`. */
export const HOST_METRICS_PACKAGE = '@opentelemetry/instrumentation-host-metrics';

/**
 * The host-metrics groups the runtime turns on. `system.network` is left out: the package reads
 * it by spawning a shell per network interface on every collection.
 */
export const HOST_METRIC_GROUPS: readonly string[] = ['process.cpu', 'process.memory', 'system.cpu', 'system.memory'];

export interface RuntimeMetricGroup {
  /** The npm package that defines and records these metrics (its meter has the same name). */
  readonly packageName: string;
  readonly title: string;
  /** The metrics as exported: `spec.name` is the name after the runtime's views (see below). */
  readonly metrics: Readonly<Record<string, MetricSpec>>;
}

/**
 * The packages' own names of their monotonic counters, by exported name. The in-process
 * Prometheus endpoint appends `_total` to a counter while the collector (configured without
 * suffixes) does not, so these are exported with `.total` appended, like every counter of the
 * catalog: one Prometheus name on both paths. Everything else keeps the package's name.
 */
const RENAMED_COUNTERS: Readonly<Record<string, { readonly packageName: string; readonly instrumentName: string }>> = {
  'nodejs.eventloop.time.total': { packageName: RUNTIME_NODE_PACKAGE, instrumentName: 'nodejs.eventloop.time' },
  'process.cpu.time.total': { packageName: HOST_METRICS_PACKAGE, instrumentName: 'process.cpu.time' },
  'system.cpu.time.total': { packageName: HOST_METRICS_PACKAGE, instrumentName: 'system.cpu.time' },
};

export const RUNTIME_METRIC_GROUPS: readonly RuntimeMetricGroup[] = [
  {
    packageName: RUNTIME_NODE_PACKAGE,
    title: 'Node.js runtime',
    metrics: {
      eventLoopUtilization: gauge({ name: 'nodejs.eventloop.utilization', unit: '1', description: 'Event loop utilization', attributes: [] }),
      eventLoopTime: counter({
        name: 'nodejs.eventloop.time.total',
        unit: 's',
        description: 'Cumulative duration of time the event loop has been in each state.',
        attributes: ['nodejs.eventloop.state'],
      }),
      eventLoopDelayMin: gauge({ name: 'nodejs.eventloop.delay.min', unit: 's', description: 'Event loop minimum delay.', attributes: [] }),
      eventLoopDelayMax: gauge({ name: 'nodejs.eventloop.delay.max', unit: 's', description: 'Event loop maximum delay.', attributes: [] }),
      eventLoopDelayMean: gauge({ name: 'nodejs.eventloop.delay.mean', unit: 's', description: 'Event loop mean delay.', attributes: [] }),
      eventLoopDelayStddev: gauge({ name: 'nodejs.eventloop.delay.stddev', unit: 's', description: 'Event loop standard deviation delay.', attributes: [] }),
      eventLoopDelayP50: gauge({ name: 'nodejs.eventloop.delay.p50', unit: 's', description: 'Event loop 50 percentile delay.', attributes: [] }),
      eventLoopDelayP90: gauge({ name: 'nodejs.eventloop.delay.p90', unit: 's', description: 'Event loop 90 percentile delay.', attributes: [] }),
      eventLoopDelayP99: gauge({ name: 'nodejs.eventloop.delay.p99', unit: 's', description: 'Event loop 99 percentile delay.', attributes: [] }),
      gcDuration: histogram({
        name: 'v8js.gc.duration',
        unit: 's',
        description: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
        attributes: ['v8js.gc.type'],
        // The package's own boundaries, given as instrument advice: the same as the request set.
        buckets: 'request',
      }),
      heapSpaceSize: upDownCounter({
        name: 'v8js.memory.heap.space.size',
        unit: 'By',
        description: 'Total heap memory size pre-allocated for a heap space.',
        attributes: ['v8js.heap.space.name'],
      }),
      heapUsed: gauge({ name: 'v8js.memory.heap.used', unit: 'By', description: 'Heap Memory size allocated.', attributes: ['v8js.heap.space.name'] }),
      heapSpaceAvailable: gauge({
        name: 'v8js.memory.heap.space.available_size',
        unit: 'By',
        description: 'Heap space available size.',
        attributes: ['v8js.heap.space.name'],
      }),
      heapSpacePhysical: gauge({
        name: 'v8js.memory.heap.space.physical_size',
        unit: 'By',
        description: 'Committed size of a heap space.',
        attributes: ['v8js.heap.space.name'],
      }),
      activeResources: gauge({
        name: 'v8js.resource.active',
        unit: '{resource}',
        description: 'Count of the active resources that are currently keeping the event loop alive.',
        attributes: ['v8js.resource.type'],
      }),
    },
  },
  {
    packageName: HOST_METRICS_PACKAGE,
    title: 'Process and host',
    // The package gives the utilizations and memory usages no unit.
    metrics: {
      processCpuTime: counter({ name: 'process.cpu.time.total', unit: 's', description: 'Process Cpu time in seconds', attributes: ['cpu.mode'] }),
      processCpuUtilization: gauge({ name: 'process.cpu.utilization', unit: '', description: 'Process Cpu usage time 0-1', attributes: ['cpu.mode'] }),
      processMemoryUsage: gauge({ name: 'process.memory.usage', unit: '', description: 'Process Memory usage in bytes', attributes: [] }),
      systemCpuTime: counter({ name: 'system.cpu.time.total', unit: 's', description: 'Cpu time in seconds', attributes: ['cpu.mode', 'cpu.logical_number'] }),
      systemCpuUtilization: gauge({ name: 'system.cpu.utilization', unit: '', description: 'Cpu usage time 0-1', attributes: ['cpu.mode', 'cpu.logical_number'] }),
      systemMemoryUsage: gauge({ name: 'system.memory.usage', unit: '', description: 'Memory usage in bytes', attributes: ['system.memory.state'] }),
      systemMemoryUtilization: gauge({ name: 'system.memory.utilization', unit: '', description: 'Memory usage 0-1', attributes: ['system.memory.state'] }),
    },
  },
];

/** Every runtime metric as exported, in group order. */
export function runtimeMetricSpecs(): MetricSpec[] {
  return RUNTIME_METRIC_GROUPS.flatMap((group) => Object.values(group.metrics));
}

/** The name the package gives the instrument exported as `spec.name`. */
export function packageInstrumentName(spec: MetricSpec): string {
  return RENAMED_COUNTERS[spec.name]?.instrumentName ?? spec.name;
}

/** Views for the runtime's provider: the counter renames, selected by the packages' meter names. */
export function runtimeMetricViews(): ViewOptions[] {
  return Object.entries(RENAMED_COUNTERS).map(([name, { packageName, instrumentName }]) => ({ name, meterName: packageName, instrumentName }));
}
