/**
 * A memo for a pure function over unbounded input (raw paths, error texts): it remembers up to
 * `capacity` results and then stops adding, so a flood of distinct inputs costs the function's
 * time, never memory.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number, private readonly compute: (key: string) => V) {}

  get(key: string): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = this.compute(key);
    if (this.entries.size < this.capacity) this.entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
