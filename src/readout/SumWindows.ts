// The read-out state of every counter and up-down counter series of one read-out, in one
// Float64Array: per series a row, that is its sum in each time slice of the window and what left
// the window before. The array is cut into blocks, one per slice and one for what left, each
// holding every row, so that a record is one add at a fixed place, and moving the window on by a
// slice folds one block into the last for all series at once.

/** Rows the array holds at first; it grows by half when they are all in use. */
const INITIAL_ROWS = 64;

export class SumWindows {
  private cells: Float64Array;
  /** Rows each block holds. */
  private capacity = INITIAL_ROWS;
  /** The slice records go into now, and where its block and the block of what left start. */
  private slot = 0;
  private current = 0;
  private folded: number;
  /** Rows handed out so far, and those given back since, which are handed out again first. */
  private used = 0;
  private readonly free: number[] = [];

  constructor(private readonly slices: number) {
    this.cells = new Float64Array(INITIAL_ROWS * (slices + 1));
    this.folded = slices * INITIAL_ROWS;
  }

  /** Rows in use (handed out and not given back). */
  get rows(): number {
    return this.used - this.free.length;
  }

  /** A row for a new series, at zero. */
  allocate(): number {
    const row = this.free.pop() ?? this.used++;
    if (row >= this.capacity) this.grow();
    this.clear(row);
    return row;
  }

  /** Gives a row back: it is no longer read or recorded into. */
  release(row: number): void {
    this.free.push(row);
  }

  add(row: number, value: number): void {
    this.cells[this.current + row]! += value;
  }

  /** Everything recorded into the row since it was allocated or cleared. */
  total(row: number): number {
    return this.cells[this.folded + row]! + this.window(row);
  }

  /** What was recorded into the row in the slices of the window, the current one included. */
  window(row: number): number {
    let sum = 0;
    for (let s = 0; s < this.slices; s++) sum += this.cells[s * this.capacity + row]!;
    return sum;
  }

  /** Starts the row again from zero. */
  clear(row: number): void {
    for (let b = 0; b <= this.slices; b++) this.cells[b * this.capacity + row] = 0;
  }

  /** Moves every row on by `steps` slices: the oldest slice leaves the window, folded into the totals. */
  advance(steps: number): void {
    const cells = this.cells;
    const folded = this.folded;
    const rows = this.used;
    for (let i = 0; i < Math.min(steps, this.slices); i++) {
      this.slot = (this.slot + 1) % this.slices;
      const leaving = this.slot * this.capacity;
      for (let r = 0; r < rows; r++) {
        cells[folded + r]! += cells[leaving + r]!;
        cells[leaving + r] = 0;
      }
      this.current = leaving;
    }
  }

  private grow(): void {
    const before = this.capacity;
    const capacity = before + (before >> 1);
    const cells = new Float64Array(capacity * (this.slices + 1));
    for (let b = 0; b <= this.slices; b++) cells.set(this.cells.subarray(b * before, (b + 1) * before), b * capacity);
    this.cells = cells;
    this.capacity = capacity;
    this.current = this.slot * capacity;
    this.folded = this.slices * capacity;
  }
}
