// Rate limiting: every check, its outcome by limit group, how long it took and how much quota is left.
import { isArgumentObject, readableCopy, reportArgument } from '../core/argumentGuard.js';
import { BaseMetrics } from '../core/BaseMetrics.js';
import { cachedRouteTemplate } from '../core/routeTemplate.js';
import { RATE_LIMIT_METRICS as M } from './rateLimitCatalog.js';

export type RateLimitAlgorithm = 'token_bucket' | 'sliding_window' | 'fixed_window' | 'leaky_bucket';

export interface RateLimitCheck {
  /** The endpoint checked: a route template, or a raw path (templated here: ids become placeholders). */
  readonly endpoint: string;
  readonly authenticated: boolean;
  readonly algorithm: RateLimitAlgorithm;
  readonly allowed: boolean;
  /** The limit group (plan, tier) whose limit applied. */
  readonly group?: string;
  readonly priority?: string;
  /** The limit multiplier applied to the group (1 = base limit). */
  readonly multiplier?: number;
  readonly durationSeconds: number;
  /** Requests left in the window after this one. */
  readonly remaining?: number;
  /** The window's limit; with `remaining` it gives the quota usage in percent. */
  readonly limit?: number;
  /** Tokens left in the bucket (token bucket algorithm). */
  readonly tokens?: number;
}

export interface RateLimitBypass {
  /** The endpoint: a route template, or a raw path (templated here). */
  readonly endpoint: string;
}

export interface RedisOperation {
  /** The Redis command (`evalsha`, `get`). */
  readonly operation: string;
  readonly durationSeconds: number;
}

export class RateLimitMetrics extends BaseMetrics {
  private readonly requests = this.counter(M.requests);
  private readonly allowed = this.counter(M.allowed);
  private readonly rejected = this.counter(M.rejected);
  private readonly bypass = this.counter(M.bypass);
  private readonly checkDuration = this.histogram(M.checkDuration);
  private readonly redisDuration = this.histogram(M.redisDuration);
  private readonly remaining = this.histogram(M.remaining);
  private readonly quotaUsage = this.histogram(M.quotaUsage);
  private readonly tokens = this.histogram(M.tokens);

  /**
   * A rate-limit check: `rate_limit.requests.total` {authenticated, endpoint, algorithm};
   * `rate_limit.allowed.total` or `rate_limit.rejected.total` {group, priority, multiplier};
   * `rate_limit.check.duration`; and, when given, `rate_limit.remaining`, `rate_limit.quota.usage`
   * (100 × (limit − remaining) / limit) and `rate_limit.token_bucket.tokens`.
   */
  recordCheck(check: RateLimitCheck): void {
    if (!isArgumentObject(check, RECORD_CHECK)) return;
    let c = check;
    let rawEndpoint, isAuthenticated, algorithm, allowed, group, priority, multiplier, seconds, remaining, limit, tokens;
    try {
      ({ endpoint: rawEndpoint, authenticated: isAuthenticated, algorithm, allowed, group, priority, multiplier, durationSeconds: seconds, remaining, limit, tokens } = c);
    } catch {
      c = readableCopy(c, CHECK_FIELDS, RECORD_CHECK);
      ({ endpoint: rawEndpoint, authenticated: isAuthenticated, algorithm, allowed, group, priority, multiplier, durationSeconds: seconds, remaining, limit, tokens } = c);
    }
    const endpoint = cachedRouteTemplate(rawEndpoint);
    const authenticated = isAuthenticated ? 'true' : 'false';
    this.requests.add(1, { authenticated, endpoint, algorithm });
    const outcome = allowed ? this.allowed : this.rejected;
    outcome.add(1, { group, priority, multiplier });
    this.checkDuration.record(seconds, { endpoint, authenticated });
    if (remaining !== undefined) {
      this.remaining.record(remaining);
      // Arithmetic only on numbers: a BigInt limit would throw when mixed with a number.
      if (typeof limit === 'number' && typeof remaining === 'number') {
        if (limit > 0) this.quotaUsage.record((100 * (limit - remaining)) / limit);
      } else if (limit !== undefined) {
        reportArgument(RECORD_CHECK, 'wrong-type', `limit and remaining must be numbers for the quota usage (${typeof limit}, ${typeof remaining})`);
      }
    }
    if (tokens !== undefined) this.tokens.record(tokens, { endpoint });
  }

  /** A request that skipped the limiter (allow-listed client, health probe): `rate_limit.bypass.total`. */
  bypassed(bypass: RateLimitBypass): void {
    if (!isArgumentObject(bypass, BYPASSED)) return;
    let endpoint;
    try {
      ({ endpoint } = bypass);
    } catch {
      ({ endpoint } = readableCopy(bypass, BYPASS_FIELDS, BYPASSED));
    }
    this.bypass.add(1, { endpoint: cachedRouteTemplate(endpoint) });
  }

  /** A Redis call made by the limiter: `rate_limit.redis.duration` {operation}. */
  recordRedisOperation(redis: RedisOperation): void {
    if (!isArgumentObject(redis, RECORD_REDIS_OPERATION)) return;
    let r = redis;
    let operation, seconds;
    try {
      ({ operation, durationSeconds: seconds } = r);
    } catch {
      r = readableCopy(r, REDIS_FIELDS, RECORD_REDIS_OPERATION);
      ({ operation, durationSeconds: seconds } = r);
    }
    this.redisDuration.record(seconds, { operation });
  }
}

const RECORD_CHECK = 'RateLimitMetrics.recordCheck';
const BYPASSED = 'RateLimitMetrics.bypassed';
const RECORD_REDIS_OPERATION = 'RateLimitMetrics.recordRedisOperation';
const BYPASS_FIELDS = ['endpoint'] as const;
const REDIS_FIELDS = ['operation', 'durationSeconds'] as const;
const CHECK_FIELDS = [
  'endpoint',
  'authenticated',
  'algorithm',
  'allowed',
  'group',
  'priority',
  'multiplier',
  'durationSeconds',
  'remaining',
  'limit',
  'tokens',
] as const;
