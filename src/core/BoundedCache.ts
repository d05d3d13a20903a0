// A memo for a pure function over unbounded input (raw paths, error texts), bounded by entries and
// by bytes, and evicting old entries so that the inputs seen lately stay cheap after any churn.
import { MAX_ATTRIBUTE_VALUE_LENGTH } from './attributePolicy.js';

export interface BoundedCacheLimits {
  /**
   * Keys longer than this (in UTF-16 code units) are never kept: their result is computed on
   * each call. An attribute value is cut at this length anyway, so a longer key is a payload,
   * not a category worth remembering.
   * @default MAX_ATTRIBUTE_VALUE_LENGTH (128)
   */
  readonly maxKeyLength?: number;
  /**
   * The most key and string-value bytes (two per UTF-16 code unit) held at once.
   * @default 256 KiB
   */
  readonly maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 256 * 1024;

/**
 * Two generations: hits in the young one cost one lookup; the first hit on an entry of the old one
 * moves it to the young one. When the young generation is full it becomes the old one and the
 * previous old one is dropped. A flood of distinct keys thus only ever replaces entries, and once
 * it stops, the keys still in use are back in the young generation after one use each: the
 * steady-state cost after churn is the cost before it. At most `capacity` entries (rounded up to
 * an even number) and `maxBytes` bytes are held.
 */
export class BoundedCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private youngBytes = 0;
  private oldBytes = 0;
  private readonly generationEntries: number;
  private readonly generationBytes: number;
  private readonly maxKeyLength: number;

  constructor(capacity: number, private readonly compute: (key: string) => V, limits: BoundedCacheLimits = {}) {
    this.generationEntries = capacity >= 1 ? Math.ceil(capacity / 2) : 0;
    this.generationBytes = (limits.maxBytes ?? DEFAULT_MAX_BYTES) / 2;
    this.maxKeyLength = limits.maxKeyLength ?? MAX_ATTRIBUTE_VALUE_LENGTH;
  }

  get(key: string): V {
    // Plain JavaScript callers may pass anything; only short strings are worth remembering.
    if (typeof key !== 'string' || key.length > this.maxKeyLength) return this.compute(key);
    const hit = this.young.get(key);
    if (hit !== undefined || this.young.has(key)) return hit as V;
    const aged = this.old.get(key);
    if (aged !== undefined || this.old.has(key)) {
      this.old.delete(key);
      this.oldBytes -= bytesOf(key, aged);
      this.admit(key, aged as V);
      return aged as V;
    }
    const value = this.compute(key);
    this.admit(key, value);
    return value;
  }

  /** Entries held. */
  get size(): number {
    return this.young.size + this.old.size;
  }

  /** Bytes of the keys and string values held (two per UTF-16 code unit; Map overhead not counted). */
  get bytes(): number {
    return this.youngBytes + this.oldBytes;
  }

  private admit(key: string, value: V): void {
    const cost = bytesOf(key, value);
    if (this.generationEntries === 0 || cost > this.generationBytes) return;
    if (this.young.size >= this.generationEntries || this.youngBytes + cost > this.generationBytes) {
      this.old = this.young;
      this.oldBytes = this.youngBytes;
      this.young = new Map();
      this.youngBytes = 0;
    }
    this.young.set(key, value);
    this.youngBytes += cost;
  }
}

function bytesOf(key: string, value: unknown): number {
  return 2 * (key.length + (typeof value === 'string' ? value.length : 0));
}
