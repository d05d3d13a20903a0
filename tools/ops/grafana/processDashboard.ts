// The "Process" dashboard: CPU, memory, event loop, GC and heap of each instance, from the
// metrics the contrib runtime and host-metrics packages export (src/runtime/runtimeMetricNames.ts).
// Per instance rather than summed: a runtime problem is one process's problem.
import { type MetricSpec, RUNTIME_METRIC_GROUPS } from 'otel-domain-metrics';
import { JOB_FILTER, aggregate, quantileExpr, rate, selector, seriesName } from '../promql/build.js';
import { dashboard } from './dashboard.js';
import { RATE_INTERVAL } from './metricPanels.js';
import type { Dashboard, LayoutItem } from './model.js';
import { row, stat, timeseries } from './panels.js';
import { RATIO_UNIT } from './units.js';

function spec(name: string): MetricSpec {
  for (const group of RUNTIME_METRIC_GROUPS) {
    for (const s of Object.values(group.metrics)) if (s.name === name) return s;
  }
  throw new Error(`${name} is not a runtime metric`);
}

/** The series of a non-histogram runtime metric, filtered by the job variable. */
const series = (name: string) => selector(seriesName(spec(name)), [JOB_FILTER]);

const about = (names: readonly string[]) => `OpenTelemetry ${names.join(', ')}, recorded by the contrib packages the runtime starts (runtimeMetrics).`;

export function processDashboard(): Dashboard {
  const gc = spec('v8js.gc.duration');
  const items: LayoutItem[] = [
    row('CPU and memory'),
    stat({
      title: 'CPU (cores, now)',
      description: `CPU seconds per second, user + system, summed over instances. ${about(['process.cpu.time'])}`,
      unit: 'none',
      queries: [{ expr: `${aggregate('sum', [], rate(series('process.cpu.time.total'), RATE_INTERVAL))} or vector(0)`, legend: 'cores' }],
    }),
    timeseries({
      title: 'CPU per instance',
      description: `CPU seconds per second by instance and mode (1 = one core busy). ${about(['process.cpu.time'])}`,
      unit: 'none',
      width: 18,
      queries: [{ expr: aggregate('sum', ['instance', 'cpu_mode'], rate(series('process.cpu.time.total'), RATE_INTERVAL)), legend: '{{instance}} {{cpu_mode}}' }],
    }),
    stat({
      title: 'Resident memory (now)',
      description: `Process resident set size, summed over instances. ${about(['process.memory.usage'])}`,
      unit: 'bytes',
      queries: [{ expr: aggregate('sum', [], series('process.memory.usage')), legend: 'total' }],
    }),
    timeseries({
      title: 'Resident memory and V8 heap per instance',
      description: `Resident set size, and the V8 heap in use (all spaces). ${about(['process.memory.usage', 'v8js.memory.heap.used'])}`,
      unit: 'bytes',
      width: 18,
      queries: [
        { expr: aggregate('sum', ['instance'], series('process.memory.usage')), legend: '{{instance}} resident' },
        { expr: aggregate('sum', ['instance'], series('v8js.memory.heap.used')), legend: '{{instance}} heap used' },
      ],
    }),
    row('Event loop'),
    stat({
      title: 'Event loop utilization (now, busiest instance)',
      description: `Share of time the event loop was busy since the previous collection. ${about(['nodejs.eventloop.utilization'])}`,
      unit: RATIO_UNIT,
      ratio: true,
      queries: [{ expr: aggregate('max', [], series('nodejs.eventloop.utilization')), legend: 'max' }],
    }),
    timeseries({
      title: 'Event loop utilization per instance',
      description: `Busy share of the event loop, from the time spent active and idle. ${about(['nodejs.eventloop.time'])}`,
      unit: RATIO_UNIT,
      ratio: true,
      width: 18,
      queries: [
        {
          expr: `${aggregate('sum', ['instance'], rate(selector(seriesName(spec('nodejs.eventloop.time.total')), [['nodejs_eventloop_state', '=', 'active'], JOB_FILTER]), RATE_INTERVAL))} / ${aggregate('sum', ['instance'], rate(series('nodejs.eventloop.time.total'), RATE_INTERVAL))}`,
          legend: '{{instance}}',
        },
      ],
    }),
    timeseries({
      title: 'Event loop delay p50 / p99 / max per instance',
      description: `Delay of timers behind schedule since the previous collection. ${about(['nodejs.eventloop.delay.p50', 'nodejs.eventloop.delay.p99', 'nodejs.eventloop.delay.max'])}`,
      unit: 's',
      width: 24,
      queries: [
        { expr: aggregate('max', ['instance'], series('nodejs.eventloop.delay.p50')), legend: '{{instance}} p50' },
        { expr: aggregate('max', ['instance'], series('nodejs.eventloop.delay.p99')), legend: '{{instance}} p99' },
        { expr: aggregate('max', ['instance'], series('nodejs.eventloop.delay.max')), legend: '{{instance}} max' },
      ],
    }),
    row('Garbage collection and heap'),
    timeseries({
      title: 'GC time per second by kind',
      description: `Seconds spent in garbage collection per second. ${about(['v8js.gc.duration'])}`,
      unit: 'none',
      width: 12,
      queries: [{ expr: aggregate('sum', ['instance', 'v8js_gc_type'], rate(selector(seriesName(gc, '_sum'), [JOB_FILTER]), RATE_INTERVAL)), legend: '{{instance}} {{v8js_gc_type}}' }],
    }),
    timeseries({
      title: 'GC pause p99 by kind',
      description: `${about(['v8js.gc.duration'])} Interpolated within the package's bucket boundaries.`,
      unit: 's',
      width: 12,
      queries: [{ expr: quantileExpr(gc, 0.99, ['v8js_gc_type'], RATE_INTERVAL, [JOB_FILTER]), legend: '{{v8js_gc_type}}' }],
    }),
    timeseries({
      title: 'Heap used by space',
      description: `Bytes in use per V8 heap space, summed over instances. ${about(['v8js.memory.heap.used'])}`,
      unit: 'bytes',
      width: 12,
      queries: [{ expr: aggregate('sum', ['v8js_heap_space_name'], series('v8js.memory.heap.used')), legend: '{{v8js_heap_space_name}}' }],
    }),
    timeseries({
      title: 'Heap size, committed and available',
      description: `V8 heap, all spaces, summed over instances. ${about(['v8js.memory.heap.space.size', 'v8js.memory.heap.space.physical_size', 'v8js.memory.heap.space.available_size'])}`,
      unit: 'bytes',
      width: 12,
      queries: [
        { expr: aggregate('sum', [], series('v8js.memory.heap.space.size')), legend: 'size' },
        { expr: aggregate('sum', [], series('v8js.memory.heap.space.physical_size')), legend: 'committed' },
        { expr: aggregate('sum', [], series('v8js.memory.heap.space.available_size')), legend: 'available' },
      ],
    }),
    timeseries({
      title: 'Active resources by type',
      description: `Handles and requests keeping the event loop alive (sockets, timers, file handles), summed over instances. ${about(['v8js.resource.active'])}`,
      unit: 'short',
      width: 24,
      queries: [{ expr: aggregate('sum', ['v8js_resource_type'], series('v8js.resource.active')), legend: '{{v8js_resource_type}}' }],
    }),
    row('Host'),
    timeseries({
      title: 'Host CPU utilization by mode',
      description: `Share of host CPU time by mode, averaged over logical CPUs, per instance's host. ${about(['system.cpu.utilization', 'process.cpu.utilization'])}`,
      unit: RATIO_UNIT,
      ratio: true,
      width: 12,
      queries: [
        { expr: aggregate('avg', ['instance', 'cpu_mode'], selector(seriesName(spec('system.cpu.utilization')), [['cpu_mode', '!=', 'idle'], JOB_FILTER])), legend: '{{instance}} host {{cpu_mode}}' },
        { expr: aggregate('sum', ['instance'], series('process.cpu.utilization')), legend: '{{instance}} this process' },
      ],
    }),
    timeseries({
      title: 'Host memory used',
      description: `Share of host memory in use, per instance's host. ${about(['system.memory.utilization'])}`,
      unit: RATIO_UNIT,
      ratio: true,
      width: 12,
      queries: [{ expr: aggregate('max', ['instance'], selector(seriesName(spec('system.memory.utilization')), [['system_memory_state', '=', 'used'], JOB_FILTER])), legend: '{{instance}}' }],
    }),
    timeseries({
      title: 'Host memory by state',
      description: `Host memory in bytes, used and free. ${about(['system.memory.usage'])}`,
      unit: 'bytes',
      width: 12,
      queries: [{ expr: aggregate('max', ['instance', 'system_memory_state'], series('system.memory.usage')), legend: '{{instance}} {{system_memory_state}}' }],
    }),
    timeseries({
      title: 'Host CPU seconds per second by mode',
      description: `Host CPU time by mode, summed over logical CPUs (cores in use). ${about(['system.cpu.time'])}`,
      unit: 'none',
      width: 12,
      queries: [{ expr: aggregate('sum', ['instance', 'cpu_mode'], rate(series('system.cpu.time.total'), RATE_INTERVAL)), legend: '{{instance}} {{cpu_mode}}' }],
    }),
  ];
  return dashboard({
    slug: 'process',
    title: 'otel-domain-metrics / Process',
    description: 'CPU, memory, event loop, GC and heap of each instance, from the OpenTelemetry contrib runtime and host-metrics packages the runtime starts; generated by npm run gen:grafana.',
    items,
  });
}
