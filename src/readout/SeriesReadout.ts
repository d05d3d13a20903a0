// What the read-out keeps per series, beside the exported aggregate and fed by the same record
// call: a ring of time slices (the recent window) and a lifetime total that each slice is folded
// into when it leaves the window. A record touches only the current slice; nothing is allocated
// until the series is first recorded.
import { QuantileSketch } from '../core/distribution/QuantileSketch.js';
import type { ReadoutClock } from './ReadoutClock.js';

/** How a window is cut: `slices` slices of the clock's slice length. */
export interface WindowShape {
  readonly clock: ReadoutClock;
  readonly slices: number;
  /** Keep quantile buckets (percentiles) or only count, sum, min and max. */
  readonly percentiles: boolean;
}

/** What the recording paths call: one method, so that a series holds either kind, or none. */
export interface RecordingReadout {
  record(value: number): void;
}

/** For aggregations built without a read-out: records nothing. */
export const NO_READOUT: RecordingReadout = Object.freeze({ record: () => undefined });

/** A counter or up-down counter: the lifetime total and the sum of each slice. */
export class SumReadout implements RecordingReadout {
  /** Slices that left the window, folded. */
  private folded = 0;
  /** A plain array: a Float64Array of six costs about 130 bytes more per series, for no speed. */
  private slices: number[] | undefined;
  private tick = -1;
  private slot = 0;

  /** Read on every record: one load fewer than through the shape. */
  private readonly clock: ReadoutClock;

  constructor(private readonly shape: WindowShape) {
    this.clock = shape.clock;
  }

  record(value: number): void {
    if (this.clock.tick !== this.tick) this.rotate(this.clock.tick);
    this.slices![this.slot]! += value;
  }

  /** The lifetime total and the window's increase, as of the clock's current slice. */
  read(): { value: number; window: number } {
    if (this.slices === undefined) return { value: this.folded, window: 0 };
    this.rotate(this.shape.clock.tick);
    let window = 0;
    for (const s of this.slices) window += s;
    return { value: this.folded + window, window };
  }

  /** Starts the read-out view of this series again from zero (exports are not affected). */
  reset(): void {
    this.folded = 0;
    this.slices?.fill(0);
  }

  private rotate(tick: number): void {
    const slices = (this.slices ??= new Array<number>(this.shape.slices).fill(0));
    const steps = this.tick < 0 ? 0 : Math.min(tick - this.tick, slices.length);
    for (let i = 0; i < steps; i++) {
      this.slot = (this.slot + 1) % slices.length;
      this.folded += slices[this.slot]!;
      slices[this.slot] = 0;
    }
    this.tick = tick;
  }
}

/**
 * A histogram: a quantile sketch per slice and one for the lifetime. A slice's sketch is made by
 * the first record in it and dropped when the slice leaves the window (folded into the lifetime),
 * so a series that is not recorded holds only its lifetime sketch.
 */
export class DistributionReadout implements RecordingReadout {
  /** The sketch of the slice records go into now, slices[slot], once a record made it. */
  private current: QuantileSketch | undefined;
  private lifetime: QuantileSketch | undefined;
  private slices: (QuantileSketch | undefined)[] | undefined;
  private tick = -1;
  private slot = 0;

  /** Read on every record: one load fewer than through the shape. */
  private readonly clock: ReadoutClock;

  constructor(private readonly shape: WindowShape) {
    this.clock = shape.clock;
  }

  record(value: number): void {
    if (this.clock.tick !== this.tick) this.rotate(this.clock.tick);
    (this.current ?? this.openSlice()).add(value);
  }

  /**
   * The lifetime sketch and the window's slices that were recorded into (an empty sketch when
   * none were), as of the clock's current slice; undefined before the first record.
   */
  read(): { lifetime: QuantileSketch; window: readonly QuantileSketch[] } | undefined {
    if (this.slices === undefined) return undefined;
    this.rotate(this.shape.clock.tick);
    const window = this.slices.filter((s): s is QuantileSketch => s !== undefined);
    return { lifetime: this.lifetime!, window: window.length > 0 ? window : [new QuantileSketch(false, this.shape.percentiles)] };
  }

  reset(): void {
    this.lifetime?.clear();
    this.slices?.fill(undefined);
    this.current = undefined;
  }

  /** Bytes of bucket arrays this series holds. */
  get bucketBytes(): number {
    let bytes = this.lifetime?.bucketBytes ?? 0;
    if (this.slices !== undefined) for (const s of this.slices) bytes += s?.bucketBytes ?? 0;
    return bytes;
  }

  private openSlice(): QuantileSketch {
    const sketch = new QuantileSketch(false, this.shape.percentiles);
    this.slices![this.slot] = sketch;
    this.current = sketch;
    return sketch;
  }

  private rotate(tick: number): void {
    if (this.slices === undefined) {
      this.lifetime = new QuantileSketch(true, this.shape.percentiles);
      this.slices = new Array<QuantileSketch | undefined>(this.shape.slices).fill(undefined);
      this.tick = tick;
      return;
    }
    const slices = this.slices;
    const steps = Math.min(tick - this.tick, slices.length);
    for (let i = 0; i < steps; i++) {
      this.slot = (this.slot + 1) % slices.length;
      const leaving = slices[this.slot];
      if (leaving !== undefined) {
        this.lifetime!.merge(leaving);
        slices[this.slot] = undefined;
      }
    }
    this.current = slices[this.slot];
    this.tick = tick;
  }
}
