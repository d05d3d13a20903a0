// The coarse clock of the read-out windows: the number of the current time slice, advanced by an
// unref'd timer and at every read, so that recording reads a field instead of the clock.

/** What the clock reads the time from; tests pass a controllable one. */
export type TimeSource = () => number;

export class ReadoutClock {
  /** The current slice: ⌊now / sliceMillis⌋ as of the last advance. */
  tick: number;
  /** When the clock started (ms since the epoch): windows never claim to cover time before it. */
  readonly startedAt: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly sliceMillis: number,
    private readonly now: TimeSource = Date.now,
    /** Told how many slices the clock moved on, whenever it does. */
    private readonly moved?: (steps: number) => void,
  ) {
    this.startedAt = now();
    this.tick = Math.floor(this.startedAt / sliceMillis);
  }

  /** Reads the time now and moves `tick` on; returns the time read. */
  advance(): number {
    const now = this.now();
    const tick = Math.floor(now / this.sliceMillis);
    if (tick > this.tick) {
      const steps = tick - this.tick;
      this.tick = tick;
      this.moved?.(steps);
    }
    return now;
  }

  /**
   * Advances every second (or every slice, if shorter) so that a record lands in the slice it
   * happened in, give or take that interval and the event loop's delay. Unref'd: it never keeps
   * the process alive.
   */
  start(): this {
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.advance(), Math.min(1000, this.sliceMillis));
      this.timer.unref();
    }
    return this;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
