// Runs a configuration step and returns the MetricsConfigError it throws; fails the test otherwise.
import { MetricsConfigError } from '../../src/config/MetricsConfigError.js';

export function configError(run: () => unknown): MetricsConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof MetricsConfigError) return error;
    throw error;
  }
  throw new Error('expected a MetricsConfigError');
}
