// What one collection costs the rest of the process: its wall time, the longest time the event loop
// could not run anything else (what every other request waited), and the bytes it allocated.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { GCProfiler } from 'node:v8';
import { collectGarbage } from './gc.js';

export interface Probed<T> {
  readonly value: T;
  readonly millis: number;
  /**
   * The longest gap between two ticks of a 1 ms event-loop timer while the operation ran
   * (`monitorEventLoopDelay` with resolution 1): the longest stall, plus up to the 1 ms interval.
   */
  readonly stallMillis: number;
  /**
   * Heap bytes allocated while the operation ran: the growth of `heapUsed` plus what every
   * garbage collection in between freed (from `v8.GCProfiler`), so collections do not hide it.
   */
  readonly allocatedBytes: number;
}

interface GcStatistic {
  readonly beforeGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
  readonly afterGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
}

/** How long the forced collection before a probed operation is given to finish its background work, ms. */
export const GC_SETTLE_MILLIS = 50;

/** Runs `operation` once under the probes; a forced GC first, so earlier garbage is not counted. */
export async function probe<T>(operation: () => Promise<T>): Promise<Probed<T>> {
  collectGarbage();
  // V8 finishes a full collection on background threads (sweeping); on a 2-core machine they take
  // the cores from the process for milliseconds at a time. Let them finish, so that the operation
  // is measured, not the forced collection's tail.
  await new Promise((resolve) => setTimeout(resolve, GC_SETTLE_MILLIS));
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  // The timer measures from its first tick: let it tick before the operation starts, or a stall
  // at the very start (a collection made before the first await) would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const profiler = new GCProfiler();
  profiler.start();
  const heapBefore = process.memoryUsage().heapUsed;
  const start = performance.now();
  const value = await operation();
  const millis = performance.now() - start;
  delay.disable();
  const heapAfter = process.memoryUsage().heapUsed;
  const statistics = (profiler.stop()?.statistics ?? []) as GcStatistic[];
  const freed = statistics.reduce((sum, s) => sum + s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize, 0);
  // No tick at all: the timer never got a turn, so the whole operation may have been one stall.
  const stallMillis = delay.count > 0 ? Math.max(delay.max / 1e6, 0) : millis;
  return { value, millis, stallMillis, allocatedBytes: heapAfter - heapBefore + freed };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
