// The values histogram cases record: latencies that change from record to record, as a service's
// do. A short repeating cycle of values is learned by the processor's branch predictor, which then
// hides what finding a value's bucket costs (for every library measured): a binary search over
// the 14 request boundaries took 6.5 ns a record on a cycle of 97 values and 13 ns on these.

import { prng } from '../test/support/prng.js';

const COUNT = 4096;

/** Log-normal seconds: median 100 ms, two in three between 37 ms and 270 ms, a tail to seconds. */
const LATENCIES = (() => {
  // Seeded: the same values on every run.
  const random = prng(20261207);
  const values = new Float64Array(COUNT);
  for (let i = 0; i < COUNT; i++) {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    values[i] = 0.1 * Math.exp(normal);
  }
  return values;
})();

/** The latency of record i, one of 4096 in turn. */
export function latencyOf(i: number): number {
  return LATENCIES[i & (COUNT - 1)]!;
}
