// The table that holds a metric's series over its lifetime: room up to its capacity, and expiry
// over many sweeps with keys coming and going, as a month of id churn would bring them.
import { describe, expect, it } from 'vitest';
import { EMPTY_SERIES_KEY, SeriesTable } from '../../src/core/SeriesTable.js';

const entry = (key: string, lastActive = 0) => ({ key, lastActive });

describe('SeriesTable', () => {
  it('is full at its capacity and refuses entries past it', () => {
    const table = new SeriesTable(2, 0);
    expect([table.full, table.add(entry('a')), table.full, table.add(entry('b')), table.full, table.add(entry('c'))]).toEqual([false, true, false, true, true, false]);
    expect([table.size, table.get('c'), table.get('a')?.key]).toEqual([2, undefined, 'a']);
    table.delete('a');
    expect([table.full, table.add(entry('c')), [...table.values()].map((e) => e.key)]).toEqual([false, true, ['b', 'c']]);
  });

  it('drops what was not active for the expiry time, at most every quarter of it, and never the series without attributes', () => {
    const table = new SeriesTable(4, 1000);
    const evicted: string[] = [];
    table.add(entry(EMPTY_SERIES_KEY, 0));
    table.add(entry('old', 0));
    table.add(entry('recent', 900));
    table.sweep(1500, (e) => evicted.push(e.key));
    expect(evicted).toEqual(['old']);
    // Each sweep makes the next due a quarter of the expiry time later: at 1760 (due from 1750)
    // nothing has expired yet; at 1950 'recent' has, but the next sweep is due only from 2010.
    table.sweep(1760, (e) => evicted.push(e.key));
    table.sweep(1950, (e) => evicted.push(e.key));
    expect([evicted, table.size]).toEqual([['old'], 2]);
    table.sweep(2010, (e) => evicted.push(e.key));
    expect([evicted, table.get(EMPTY_SERIES_KEY)?.key]).toEqual([['old', 'recent'], EMPTY_SERIES_KEY]);
  });

  it('sweeps in slices, pausing after every slice, and looks at entries added during a pause too', () => {
    const table = new SeriesTable<{ key: string; lastActive: number }>(100, 1000);
    for (let i = 0; i < 10; i++) table.add(entry(`k${i}`, i < 5 ? 0 : 2000));
    const evicted: string[] = [];
    const steps = table.sweeping(1500, (e) => evicted.push(e.key), 4);
    // A pause after 4 and after 8 entries looked at; the first pause has taken k0..k3.
    expect(steps.next().done).toBe(false);
    expect(evicted).toEqual(['k0', 'k1', 'k2', 'k3']);
    // Added during a pause: one already expired (taken when reached), one active (kept).
    table.add(entry('late-old', 0));
    table.add(entry('late-new', 1500));
    // 12 entries in all: pauses after the 8th and the 12th.
    expect([...steps]).toHaveLength(2);
    expect(evicted).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'late-old']);
    expect([...table.values()].map((e) => e.key)).toEqual(['k5', 'k6', 'k7', 'k8', 'k9', 'late-new']);
    // The walk counted as the sweep: the next is due a quarter of the expiry time later.
    expect([...table.sweeping(1600, (e) => evicted.push(e.key), 4)]).toEqual([]);
  });

  it('keeps exactly the keys active within the expiry time over 10 000 sweeps of churn', () => {
    // Every second three new keys arrive and one steady key stays active; expiry 5 s, room for 40.
    const table = new SeriesTable<{ key: string; lastActive: number }>(40, 5000);
    const steady = entry('steady');
    table.add(steady);
    let refused = 0;
    for (let second = 1; second <= 10_000; second++) {
      const now = second * 1000;
      steady.lastActive = now;
      for (let k = 0; k < 3; k++) if (!table.add(entry(`id-${second}-${k}`, now))) refused++;
      table.sweep(now, () => undefined);
      // Sweeps run every 1.25 s: what stays is at most the keys of the last 6.25 s, and never fewer than the last 5 s.
      const ids = [...table.values()].filter((e) => e !== steady).map((e) => e.lastActive);
      expect(ids.every((t) => t >= now - 6250) && ids.filter((t) => t > now - 5000).length === Math.min(3 * 5, 3 * second)).toBe(true);
    }
    expect([refused, table.size <= 1 + 3 * 7, table.get('steady')]).toEqual([0, true, steady]);
  });
});
