// The start-up error for invalid settings: every bad setting named at once.
import { OtelDomainMetricsError } from '../errors.js';

/** One invalid setting: where it came from, what it held and what was expected. */
export interface ConfigProblem {
  /** The environment variable, or `options.<field>` for an explicit option. */
  readonly setting: string;
  readonly value: string;
  readonly expected: string;
}

/**
 * Thrown at start-up when any setting is invalid. It lists every bad setting at once, so that a
 * deploy fails with one message rather than one retry per typo.
 */
export class MetricsConfigError extends OtelDomainMetricsError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => `  - ${p.setting}=${JSON.stringify(p.value)}: expected ${p.expected}`);
    super(`Invalid metrics configuration (${problems.length} setting${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.problems = problems;
  }

  /** The names of the invalid settings, in the order they were found. */
  get settings(): string[] {
    return this.problems.map((p) => p.setting);
  }
}
