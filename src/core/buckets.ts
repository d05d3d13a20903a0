// The catalog's bucket sets (listed under "Bucket sets" in docs/metrics.md). Seconds histograms never use the
// SDK default boundaries (0, 5, 10 … 10000), which put every latency in the first bucket.

const KiB = 1024;
const MiB = 1024 * KiB;

export const BUCKET_SETS = {
  /** In-process checks, cache and Redis calls (seconds). */
  fast: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  /** HTTP/API requests and event processing (seconds; OTel HTTP semconv advice). */
  request: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  /** Database operations (seconds; OTel DB semconv advice). */
  db: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
  /** Script executions, queue waits, connection lifetimes, delivery times (seconds). */
  long: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
  /** Payload sizes (bytes). */
  bytes: [64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB, 16 * MiB, 64 * MiB],
  /** Memory per execution (MiB). */
  mebibytes: [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192],
  /** Utilisation and quota usage (percent). */
  percent: [1, 5, 10, 25, 50, 75, 90, 95, 99, 100],
  /** Remaining requests, tokens (counts). */
  count: [0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 10000],
} as const satisfies Record<string, readonly number[]>;

export type BucketSetName = keyof typeof BUCKET_SETS;
