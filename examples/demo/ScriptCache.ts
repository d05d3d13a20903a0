// A small LRU of compiled scripts; its lookups, evictions and size feed CacheMetrics.
import type { CacheMetrics } from '../../src/index.js';

export class ScriptCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly metrics: CacheMetrics, private readonly name: string, private readonly capacity: number) {
    metrics.observeSize((observe) => observe(this.entries.size, { cache: name }));
  }

  /** Returns the compiled form of `source`, compiling and caching it on a miss. */
  compiled(source: string): string {
    const hit = this.entries.get(source);
    if (hit !== undefined) {
      this.metrics.lookedUp({ cache: this.name, result: 'hit' });
      this.entries.delete(source);
      this.entries.set(source, hit);
      return hit;
    }
    this.metrics.lookedUp({ cache: this.name, result: 'miss' });
    const compiled = `compiled:${source}`;
    this.entries.set(source, compiled);
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
      this.metrics.evicted({ cache: this.name });
    }
    return compiled;
  }
}
