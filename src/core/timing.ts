/** Starts a monotonic stopwatch; the returned function gives the seconds elapsed so far. */
export function startTimer(): () => number {
  const start = performance.now();
  return () => (performance.now() - start) / 1000;
}
