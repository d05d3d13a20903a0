// Small random helpers for the synthetic workload.

export function pick<T>(weighted: readonly (readonly [T, number])[]): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let roll = Math.random() * total;
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll <= 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

/** Log-normally distributed value with the given median; `spread` > 0 widens the tail. */
export function logNormal(median: number, spread: number): number {
  const u = 1 - Math.random();
  const v = Math.random();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(spread * normal);
}

export function chance(probability: number): boolean {
  return Math.random() < probability;
}

const shown = new Set<string>();

/**
 * A rare outcome (an error, a full queue, a pause): certain the first time `outcome` is asked
 * about, then as likely as `probability`. At realistic rates some outcomes first happen minutes
 * into a run; shown once up front, every metric has a series within the demo's first seconds and
 * a newcomer's dashboards are full on first look.
 */
export function rare(outcome: string, probability: number): boolean {
  if (!shown.has(outcome)) {
    shown.add(outcome);
    return true;
  }
  return chance(probability);
}

export function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
