// The bucket of a histogram record: the first boundary at or above the value (upper-inclusive, as
// in the SDK), found through a table instead of a search. The value's upper float bits, shifted,
// name a cell of the value's scale (16 cells per doubling); the table holds, per cell, the first
// boundary at or above the cell's start, and compares move past the boundaries inside the cell
// (with the catalog's bucket sets, at most one).
//
// A search compares the value with boundaries in an order that depends on the value, so with
// values that vary from record to record, as latencies do, the processor mispredicts about one
// branch in two: a binary search over the 14 request boundaries took 13 ns a record on random
// latencies, the table 5.5 ns (both took 6.5 ns on values that repeat in a short cycle).
import { fromHighWord, highWord } from '../floatBits.js';

/** Cells per doubling of the value, as mantissa bits: 2^4 = 16, finer than any catalog bucket set. */
const CELL_BITS = 4;
/** The most cells a table holds; wider boundary ranges get coarser cells. */
const MAX_CELLS = 4096;
/** The sign bit, cleared so that −0 falls in the cell of 0. */
const NO_SIGN = 0x7fffffff;

export class BucketLookup {
  /** Per cell from `firstCell` on, the first boundary at or above the cell's start. */
  private readonly table: Uint16Array;
  /** The cell of the smallest positive boundary; cells below it start at boundary 0. */
  private readonly firstCell: number;
  /** How far the upper word is shifted to give a cell. */
  private readonly shift: number;
  private readonly count: number;

  constructor(readonly boundaries: readonly number[]) {
    this.count = boundaries.length;
    const positive = boundaries.filter((b) => b > 0);
    let bits = CELL_BITS;
    const cellOf = (value: number) => (highWord(value) & NO_SIGN) >>> (20 - bits);
    // Without a positive boundary every value starts from boundary 0 and compares its way up:
    // the first cell is past every value's, with or without mantissa bits.
    if (positive.length === 0) {
      bits = 0;
      this.shift = 20;
      this.firstCell = cellOf(Infinity) + 1;
      this.table = new Uint16Array(0);
      return;
    }
    // The boundaries ascend, as the SDK requires of them.
    const smallest = positive[0]!;
    const largest = positive[positive.length - 1]!;
    while (bits > 0 && cellOf(largest) - cellOf(smallest) >= MAX_CELLS) bits--;
    this.shift = 20 - bits;
    this.firstCell = cellOf(smallest);
    const cells = cellOf(largest) - this.firstCell + 1;
    this.table = new Uint16Array(cells);
    let index = 0;
    for (let c = 0; c < cells; c++) {
      const start = fromHighWord((this.firstCell + c) << this.shift);
      while (index < this.count && boundaries[index]! < start) index++;
      // Clamped to what the table can hold: a lower start is still right, only slower.
      this.table[c] = Math.min(index, 0xffff);
    }
  }

  /** The bucket of `value`, a number ≥ 0 (or −0): 0 … boundaries.length, the last for overflow. */
  indexOf(value: number): number {
    const cell = ((highWord(value) & NO_SIGN) >>> this.shift) - this.firstCell;
    const table = this.table;
    let index = cell < 0 ? 0 : cell < table.length ? table[cell]! : this.count;
    // Past the boundaries that lie inside the cell below the value (with the catalog's sets, at most one).
    const boundaries = this.boundaries;
    while (index < this.count && boundaries[index]! < value) index++;
    return index;
  }
}
