// UCUM units of the catalog as Grafana display units.
import type { MetricSpec } from 'otel-domain-metrics';

/** The annotation of a UCUM `{…}` unit ("{execution}" → "execution"), or undefined. */
function annotation(unit: string): string | undefined {
  return /^\{(.+)\}$/.exec(unit)?.[1];
}

/** Grafana unit for the values of `spec` (a histogram's observations, a gauge's value). */
export function valueUnit(spec: MetricSpec): string {
  switch (spec.unit) {
    case 's':
      return 's';
    case 'By':
      return 'bytes';
    case 'MiBy':
      return 'mbytes';
    case '%':
      return 'percent';
    case '1':
      return 'none';
    default: {
      const what = annotation(spec.unit);
      return what === undefined ? 'short' : `suffix: ${what}`;
    }
  }
}

/** Grafana unit for a per-second rate of a counter ("{execution}" → " execution/s"). */
export function rateUnit(spec: MetricSpec): string {
  const what = annotation(spec.unit);
  return what === undefined ? 'ops' : `suffix: ${what}/s`;
}

/** Observations per second of a histogram. */
export const OBSERVATION_RATE_UNIT = 'ops';

/** A ratio between 0 and 1, shown as a percentage. */
export const RATIO_UNIT = 'percentunit';
