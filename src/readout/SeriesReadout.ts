// What the read-out keeps per series, beside the exported aggregate and fed by the same record
// call: the recent window in time slices, and the lifetime. A sum's are a row of the read-out's
// SumWindows; a histogram's are quantile sketches, one per slice recorded into and one for the
// lifetime that each slice is folded into when it leaves the window, made by the first record.
import { QuantileSketch } from '../core/distribution/QuantileSketch.js';
import type { ReadoutClock } from './ReadoutClock.js';
import type { SumWindows } from './SumWindows.js';

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
  /** The series left: what it held may be reused (a series recorded again gets a new read-out). */
  release(): void;
}

/** For aggregations built without a read-out: records nothing. */
export const NO_READOUT: RecordingReadout = Object.freeze({ record: () => undefined, release: () => undefined });

/**
 * A counter or up-down counter: its row of the read-out's sum windows. The SDK path keeps one per
 * series; the fast path keeps only the row on its series and makes one when the read-out reads.
 */
export class SumReadout implements RecordingReadout {
  constructor(
    private readonly windows: SumWindows,
    private readonly row: number,
  ) {}

  record(value: number): void {
    this.windows.add(this.row, value);
  }

  /** The lifetime total and the window's increase, as of the clock's current slice. */
  read(): { value: number; window: number } {
    return { value: this.windows.total(this.row), window: this.windows.window(this.row) };
  }

  /** Starts the read-out view of this series again from zero (exports are not affected). */
  reset(): void {
    this.windows.clear(this.row);
  }

  release(): void {
    this.windows.release(this.row);
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

  release(): void {
    // Its sketches are garbage once the series is.
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
