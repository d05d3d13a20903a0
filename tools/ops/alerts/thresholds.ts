// Alert thresholds: the defaults the committed prometheus/alerts.yml is generated with, the CLI
// flags that change them, and the checks that reject thresholds no alert could ever fire on.
import { parseArgs } from 'node:util';
import { BUCKET_SETS, EXECUTION_METRICS, HTTP_SERVER_METRICS } from 'otel-domain-metrics';

export interface AlertThresholds {
  /** Error ratio above which executions, HTTP requests (5xx) and event processing alert. */
  readonly errorRatio: number;
  /** HTTP server request duration p99 SLO, seconds. */
  readonly httpP99Slo: number;
  /** Script execution duration p99 SLO per language, seconds. */
  readonly executionP99Slo: number;
  /** DLQ size above which a growing DLQ alerts, messages. */
  readonly dlqSize: number;
  /** Consumer lag above which growing lag alerts, events. */
  readonly consumerLag: number;
  /** Rate-limit rejection ratio (5m) a spike must exceed. */
  readonly rateLimitRatio: number;
  /** …and how many times the last hour's ratio it must be, to count as a spike. */
  readonly rateLimitSpikeFactor: number;
  /** How long a condition must hold before the alert fires (Prometheus duration). */
  readonly for: string;
  /** How long a dependency must report down before DependencyDown fires. */
  readonly dependencyDownFor: string;
}

/** The defaults: what an operator of a typical service would page or ticket on. */
export const DEFAULT_THRESHOLDS: AlertThresholds = {
  errorRatio: 0.05,
  httpP99Slo: 0.5,
  executionP99Slo: 30,
  dlqSize: 100,
  consumerLag: 1000,
  rateLimitRatio: 0.1,
  rateLimitSpikeFactor: 2,
  for: '5m',
  dependencyDownFor: '2m',
};

const FLAGS = {
  errorRatio: 'error-ratio',
  httpP99Slo: 'http-p99-slo',
  executionP99Slo: 'execution-p99-slo',
  dlqSize: 'dlq-size',
  consumerLag: 'consumer-lag',
  rateLimitRatio: 'rate-limit-ratio',
  rateLimitSpikeFactor: 'rate-limit-spike-factor',
  for: 'for',
  dependencyDownFor: 'dependency-down-for',
} as const satisfies Record<keyof AlertThresholds, string>;

export const USAGE = [
  'usage: npm run gen:alerts -- [flags]',
  ...Object.entries(FLAGS).map(([key, flag]) => `  --${flag.padEnd(24)} default ${String(DEFAULT_THRESHOLDS[key as keyof AlertThresholds])}`),
  `  --${'out-dir'.padEnd(24)} default prometheus/ (writes alerts.yml and alerts.test.yml)`,
].join('\n');

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds in a Prometheus duration made of h, m and s parts ("1h30m", "5m", "90s"). */
export function durationSeconds(duration: string): number {
  const match = DURATION.exec(duration);
  if (!match || duration === '') throw new Error(`"${duration}" is not a duration like 5m, 90s or 1h30m`);
  const [, h, m, s] = match;
  return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
}

export interface ParsedArgs {
  readonly thresholds: AlertThresholds;
  readonly outDir: string | undefined;
  readonly help: boolean;
}

/** Parses CLI flags over the defaults; throws one error listing every invalid value. */
export function parseAlertArgs(argv: readonly string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean' }> = { 'out-dir': { type: 'string' }, help: { type: 'boolean' } };
  for (const flag of Object.values(FLAGS)) options[flag] = { type: 'string' };
  const values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  const errors: string[] = [];
  const read = <K extends keyof AlertThresholds>(key: K): AlertThresholds[K] => {
    const raw = values[FLAGS[key]];
    if (typeof raw !== 'string') return DEFAULT_THRESHOLDS[key];
    if (typeof DEFAULT_THRESHOLDS[key] === 'string') return raw as AlertThresholds[K];
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) {
      errors.push(`--${FLAGS[key]}="${raw}" is not a number`);
      return DEFAULT_THRESHOLDS[key];
    }
    return n as AlertThresholds[K];
  };
  const thresholds: AlertThresholds = {
    errorRatio: read('errorRatio'),
    httpP99Slo: read('httpP99Slo'),
    executionP99Slo: read('executionP99Slo'),
    dlqSize: read('dlqSize'),
    consumerLag: read('consumerLag'),
    rateLimitRatio: read('rateLimitRatio'),
    rateLimitSpikeFactor: read('rateLimitSpikeFactor'),
    for: read('for'),
    dependencyDownFor: read('dependencyDownFor'),
  };
  errors.push(...thresholdErrors(thresholds));
  if (errors.length > 0) throw new Error(`invalid alert thresholds:\n  ${errors.join('\n  ')}\n${USAGE}`);
  const outDir = values['out-dir'];
  return { thresholds, outDir: typeof outDir === 'string' ? outDir : undefined, help: values['help'] === true };
}

/** Minutes the rate-limit spike alert needs: 5m for the short window to fill, plus `for`. */
export function spikeMinutes(t: AlertThresholds): number {
  return 5 + Math.ceil(durationSeconds(t.for) / 60);
}

/** Every reason `t` cannot produce alerts that can fire. */
export function thresholdErrors(t: AlertThresholds): string[] {
  const errors: string[] = [];
  const ratio = (key: keyof typeof FLAGS, v: number) => {
    if (!(v > 0 && v < 1)) errors.push(`--${FLAGS[key]}=${v}: a ratio must be between 0 and 1 (exclusive)`);
  };
  ratio('errorRatio', t.errorRatio);
  ratio('rateLimitRatio', t.rateLimitRatio);
  // A quantile can only be told apart from the SLO inside the histogram's bucket range: beyond the
  // largest boundary histogram_quantile returns that boundary, below the first it cannot be below.
  const slo = (key: 'httpP99Slo' | 'executionP99Slo', v: number, buckets: readonly number[]) => {
    const [first, last] = [buckets[0]!, buckets.at(-1)!];
    if (!(v >= first && v < last)) errors.push(`--${FLAGS[key]}=${v}: must lie within the histogram's buckets, at least ${first} and below ${last} seconds`);
  };
  slo('httpP99Slo', t.httpP99Slo, BUCKET_SETS[HTTP_SERVER_METRICS.requestDuration.buckets]);
  slo('executionP99Slo', t.executionP99Slo, BUCKET_SETS[EXECUTION_METRICS.duration.buckets]);
  for (const key of ['dlqSize', 'consumerLag'] as const) {
    if (!(Number.isInteger(t[key]) && t[key] >= 0)) errors.push(`--${FLAGS[key]}=${t[key]}: must be a whole number ≥ 0`);
  }
  if (!(t.rateLimitSpikeFactor > 1)) errors.push(`--${FLAGS.rateLimitSpikeFactor}=${t.rateLimitSpikeFactor}: must be above 1 (the ratio compared with the last hour's)`);
  let durationsOk = true;
  for (const key of ['for', 'dependencyDownFor'] as const) {
    try {
      durationSeconds(t[key]);
    } catch (error) {
      durationsOk = false;
      errors.push(`--${FLAGS[key]}: ${(error as Error).message}`);
    }
  }
  // A spike held for m minutes raises the one-hour ratio to about m/60 of the spike, so the spike
  // stops counting as one once factor × m ≥ 60: `for` must end well before that.
  if (durationsOk && t.rateLimitSpikeFactor > 1 && (spikeMinutes(t) + 1) * t.rateLimitSpikeFactor >= 60) {
    errors.push(
      `--${FLAGS.for}=${t.for} with --${FLAGS.rateLimitSpikeFactor}=${t.rateLimitSpikeFactor}: a rejection spike would become its own baseline before the alert fires; shorten --for or lower the factor`,
    );
  }
  return errors;
}
