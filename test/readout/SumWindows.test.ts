// The sum windows against a plain model of each row (its slices and what left the window), over
// thousands of random steps: rows allocated and given back (reused from zero), the array growing
// while rows hold values, and the window moved on by 0 to 8 slices at a time.
import { describe, expect, it } from 'vitest';
import { SumWindows } from '../../src/readout/SumWindows.js';

const SLICES = 6;

/** What one row should hold: the sums of its slices (index 0 the current one) and what left. */
class ModelRow {
  slices = new Array<number>(SLICES).fill(0);
  left = 0;
  add(value: number): void {
    this.slices[0]! += value;
  }
  advance(steps: number): void {
    for (let i = 0; i < Math.min(steps, SLICES); i++) this.left += this.slices.pop()!, this.slices.unshift(0);
  }
  get window(): number {
    return this.slices.reduce((a, b) => a + b, 0);
  }
  get total(): number {
    return this.left + this.window;
  }
}

/** A small deterministic generator (mulberry32), so that a failure shows the same steps again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('SumWindows', () => {
  it.each([1, 2, 3])('matches a model of every row over 20 000 random steps (seed %i)', (seed) => {
    const next = random(seed);
    const windows = new SumWindows(SLICES);
    const live = new Map<number, ModelRow>();
    let peak = 0;
    for (let step = 0; step < 20_000; step++) {
      // Rows come and go; early on more come than go, so the array grows past its first size
      // while earlier rows hold values in every slice and in what left the window.
      const comes = step < 5000 ? 0.06 : 0.03;
      const roll = next() - comes;
      if (roll < 0) {
        const row = windows.allocate();
        expect(live.has(row), `row ${row} handed out twice`).toBe(false);
        live.set(row, new ModelRow());
      } else if (roll < 0.03 && live.size > 0) {
        const rows = [...live.keys()];
        const row = rows[Math.floor(next() * rows.length)]!;
        windows.release(row);
        live.delete(row);
      } else if (roll < 0.04) {
        const steps = Math.floor(next() * 9);
        windows.advance(steps);
        for (const model of live.values()) model.advance(steps);
      } else if (roll < 0.042 && live.size > 0) {
        const row = [...live.keys()][0]!;
        windows.clear(row);
        live.set(row, new ModelRow());
      } else if (live.size > 0) {
        const rows = [...live.keys()];
        const row = rows[Math.floor(next() * rows.length)]!;
        // Whole numbers and negative ones (an up-down counter), exact in both.
        const value = Math.floor(next() * 20) - 5;
        windows.add(row, value);
        live.get(row)!.add(value);
      }
      peak = Math.max(peak, live.size);
      if (step % 97 === 0) {
        for (const [row, model] of live) {
          expect([windows.total(row), windows.window(row)], `row ${row} at step ${step}`).toEqual([model.total, model.window]);
        }
      }
    }
    expect(peak).toBeGreaterThan(64); // it grew while rows held values
    expect(windows.rows).toBe(live.size);
  });

  it('hands back released rows before new ones, at zero', () => {
    const windows = new SumWindows(SLICES);
    const rows = Array.from({ length: 200 }, () => windows.allocate());
    for (const row of rows) windows.add(row, row + 1);
    // What the rows held leaves the window first: released rows hold it among the folded totals.
    windows.advance(SLICES);
    for (const row of rows) windows.add(row, 1);
    windows.advance(2);
    expect([windows.total(rows[7]!), windows.window(rows[7]!)]).toEqual([9, 1]);
    windows.release(rows[7]!);
    windows.release(rows[150]!);
    const reused = [windows.allocate(), windows.allocate()];
    expect(reused.sort((a, b) => a - b)).toEqual([rows[7], rows[150]]);
    for (const row of reused) expect([windows.total(row), windows.window(row)]).toEqual([0, 0]);
    expect(windows.allocate()).toBe(200);
    expect([windows.total(rows[199]!), windows.window(rows[199]!)]).toEqual([201, 1]);
    windows.advance(SLICES);
    expect([windows.total(rows[199]!), windows.window(rows[199]!)]).toEqual([201, 0]);
  });
});
