import { API_KEY_RATE_LIMIT } from '#catalog/rate-limits.ts';

export interface RateLimit {
  /** Steady rate a key may sustain. */
  readonly requestsPerSecond: number;
  /** Requests a key may make at once after being idle (the bucket's size). */
  readonly burst: number;
}

export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one token from the key's bucket, or says how long until one is available. */
  take(key: string): RateDecision;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** The catalog's per-key limit, the same the WAF enforces in AWS (infra/catalog/rate-limits.ts). */
export const DEFAULT_RATE_LIMIT: RateLimit = API_KEY_RATE_LIMIT;

/**
 * A token bucket per key, like a usage plan's throttle: `burst` tokens to start with, refilled at
 * `requestsPerSecond`. Buckets that have refilled completely carry no information and are dropped once
 * there are many keys, so memory stays bounded.
 */
export function createRateLimiter(
  limit: RateLimit,
  now: () => number = () => Date.now(),
  maxKeys = 10_000,
): RateLimiter {
  if (!(limit.requestsPerSecond > 0) || !(limit.burst >= 1)) {
    throw new Error('A rate limit needs requestsPerSecond > 0 and burst >= 1');
  }
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, at: number) => {
    const elapsedSeconds = Math.max(0, at - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(limit.burst, bucket.tokens + elapsedSeconds * limit.requestsPerSecond);
    bucket.updatedAt = at;
  };

  const forgetFullBuckets = (at: number) => {
    for (const [key, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= limit.burst) buckets.delete(key);
    }
  };

  return {
    take(key) {
      const at = now();
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= maxKeys) forgetFullBuckets(at);
        bucket = { tokens: limit.burst, updatedAt: at };
        buckets.set(key, bucket);
      }
      refill(bucket, at);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      const secondsUntilToken = (1 - bucket.tokens) / limit.requestsPerSecond;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(secondsUntilToken)) };
    },
  };
}
